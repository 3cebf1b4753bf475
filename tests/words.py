"""Whole words: no word on a page may break inside itself ("Mycke/t dåligt"). A browser measures
each word of each text node with a Range: a word whose boxes sit on two lines is broken.
Hyphenation, overflow-wrap: anywhere and word-break are what usually break them.

A word here runs up to whitespace, or up to and including a hyphen, dash or slash (a line may
end after those: "PIN-/koodilla" is two words)."""

WIDTHS = (320, 360, 412, 768, 1024)

BROKEN_WORDS = r"""root => {
  const skip = 'script, style, template, noscript, textarea, svg, .visually-hidden, [hidden]';
  const walker = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const parent = node.parentElement;
      if (!parent || parent.closest(skip) || !/\S/.test(node.data)) return NodeFilter.FILTER_REJECT;
      const shut = parent.closest('details:not([open])');  // not drawn until opened (then laid out anew)
      if (shut && !parent.closest('summary')) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  const range = document.createRange();
  const words = /[^\s\-\u2010\u2011\u2013\u2014\/]+[\-\u2010\u2013\u2014\/]?/g;
  const broken = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(words)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const boxes = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0);
      if (boxes.length < 2) continue;
      const tops = boxes.map(r => r.top);
      const line = Math.min(...boxes.map(r => r.height));
      if (Math.max(...tops) - Math.min(...tops) > line / 2) {
        const el = node.parentElement;
        const where = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
        broken.push(`"${match[0]}" in ${where} (${boxes.map(b => b.width.toFixed(0) + 'px').join(' + ')})`);
      }
    }
  }
  return broken;
}"""


def broken_words(page, root: str | None = None) -> list[str]:
    """The words broken across two lines on the page as it is drawn now (or inside root)."""
    if root is None:
        return page.evaluate(BROKEN_WORDS, None)
    return page.locator(root).first.evaluate(BROKEN_WORDS)


def broken_at_widths(page, where: str, widths=WIDTHS) -> list[str]:
    """Resize the page to each width (no reload) and collect what breaks, named by width."""
    height = page.viewport_size["height"]
    found = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        found += [f"{where} at {width}px: {word}" for word in broken_words(page)]
    return found


# Every choice of the diary's scales chosen in turn: a bold word is wider (Finnish "Huono" broke
# only when chosen). Setting .checked sends no change event, so nothing is saved.
CHOICES = """() => Array.from(document.querySelectorAll('.diary-choice input')).map(input => input.id)"""
CHECKED = """() => Array.from(document.querySelectorAll('.diary-choice input')).filter(i => i.checked).map(i => i.id)"""
# A word may also stay whole by sticking out of its box: each choice's words stay inside it.
OVERFLOWING = """() => Array.from(document.querySelectorAll('.diary-choice'))
    .filter(label => label.scrollWidth > label.clientWidth)
    .map(label => `"${label.textContent.trim()}" sticks out of its box by ${label.scrollWidth - label.clientWidth}px`)"""
# At one width: from the page's own choices, each choice chosen in turn (the others as that order
# leaves them), the broken words of the form and the overflowing choices. One round trip per
# width, not two per choice and width: reading the boxes lays the page out anew after each choice.
IN_TURN = f"""([choices, initial]) => {{
  const brokenWords = {BROKEN_WORDS};
  const overflowing = {OVERFLOWING};
  document.querySelectorAll('.diary-choice input').forEach(input => {{ input.checked = initial.includes(input.id); }});
  return choices.map(id => {{
    document.getElementById(id).checked = true;
    return [id, brokenWords(document.querySelector('.diary-form')).concat(overflowing())];
  }});
}}"""


def broken_in_choices(page, where: str, widths=WIDTHS) -> list[str]:
    height = page.viewport_size["height"]
    choices, initial = page.evaluate(CHOICES), page.evaluate(CHECKED)
    seen = {}
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        for choice, words in page.evaluate(IN_TURN, [choices, initial]):
            seen[choice, width] = words
    return [f"{where} with {choice} chosen at {width}px: {word}"
            for choice in choices for width in widths for word in seen[choice, width]]
