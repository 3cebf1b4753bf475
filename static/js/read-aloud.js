/* Read aloud: a "Listen" button beside each prompt, its choices and the coach's reply reads them
 * with the browser's own speech synthesis, in the page's language (html lang: fi → fi-FI,
 * sv → sv-FI or sv-SE, en → en-*). Nothing leaves the phone.
 *
 * Progressive: the buttons come from the server hidden ([data-read-aloud][hidden]). They show
 * only once the browser has a voice for the page's language (getVoices(), again after
 * "voiceschanged", which is when Chromium has loaded them). No voice, no speech synthesis: the
 * buttons stay hidden and nothing else changes.
 *
 * The words are the page's own (so they are the translated ones): the button's area
 * ([data-read-area] around it, or the element its data-read-target names) is read in order, its [data-read] parts if it marks any, else its legend,
 * labels, hints, headings and texts. A second tap on the speaking button stops it. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;

  var PREFERRED = { fi: ["fi-fi"], sv: ["sv-fi", "sv-se"], en: ["en-gb", "en-ie", "en-us"] };
  var PARTS = "legend, label, p, h2, h3, dt, dd";
  var voice = null;
  var speaking = null; // the button whose text is being read

  function norm(lang) { return String(lang || "").replace("_", "-").toLowerCase(); }

  function pickVoice() {
    var pageLang = norm(document.documentElement.lang || "fi");
    var base = pageLang.split("-")[0];
    var wanted = (pageLang.indexOf("-") > 0 ? [pageLang] : []).concat(PREFERRED[base] || []);
    var voices = [];
    try { voices = synth.getVoices() || []; } catch (e) { voices = []; }
    for (var i = 0; i < wanted.length; i++) {
      for (var j = 0; j < voices.length; j++) {
        if (norm(voices[j].lang) === wanted[i]) return voices[j];
      }
    }
    for (var k = 0; k < voices.length; k++) {
      if (norm(voices[k].lang).split("-")[0] === base) return voices[k];
    }
    return null;
  }

  function buttons() { return document.querySelectorAll("[data-read-aloud]"); }

  function show() {
    voice = pickVoice();
    var all = buttons();
    for (var i = 0; i < all.length; i++) all[i].hidden = !voice;
  }

  function clean(text) { return String(text || "").replace(/\s+/g, " ").trim(); }

  function textOf(button) {
    var target = button.getAttribute("data-read-target");
    var area = (target && document.getElementById(target)) || button.closest("[data-read-area]") || button.parentElement;
    var marked = area.querySelectorAll("[data-read]");
    var nodes = marked.length ? marked : area.querySelectorAll(PARTS);
    var parts = [];
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.closest("[data-read-aloud]") || node.closest("[hidden]")) continue;
      if (!marked.length && node.parentElement && node.parentElement.closest(PARTS) &&
          area.contains(node.parentElement.closest(PARTS))) continue; // read once, as part of its parent
      var words = clean(node.innerText !== undefined ? node.innerText : node.textContent);
      if (words) parts.push(/[.!?:]$/.test(words) ? words : words + ".");
    }
    return parts.join(" ");
  }

  function setSpeaking(button) {
    if (speaking && speaking !== button) speaking.setAttribute("aria-pressed", "false");
    speaking = button;
    if (button) button.setAttribute("aria-pressed", "true");
  }

  function read(button) {
    if (!voice) return;
    if (speaking === button) { // a second tap stops
      synth.cancel();
      button.setAttribute("aria-pressed", "false");
      speaking = null;
      return;
    }
    synth.cancel();
    var text = textOf(button);
    if (!text) return;
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9; // a little slower than the default: easier to follow
    utterance.onend = utterance.onerror = function () {
      if (speaking === button) { button.setAttribute("aria-pressed", "false"); speaking = null; }
    };
    setSpeaking(button);
    synth.speak(utterance);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-read-aloud]");
    if (!button) return;
    event.preventDefault();
    read(button);
  });
  // htmx puts new areas on the page (a save, the chips): their buttons show like the first ones
  document.addEventListener("htmx:afterSettle", show);
  if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", show);
  else synth.onvoiceschanged = show;
  window.addEventListener("pagehide", function () { synth.cancel(); });
  show();
})();
