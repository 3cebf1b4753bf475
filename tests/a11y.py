"""Accessibility checks with axe-core (vendored in tests/vendor, pinned): WCAG 2.0 and 2.1,
levels A and AA, as EN 301 549 asks."""
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def inject(page):
    """Put axe into the page. add_script_tag inserts an inline <script>, which the app's strict
    CSP (script-src 'self') rightly refuses; then the same source runs through the DevTools
    protocol instead, which a page's CSP does not govern. The page keeps its CSP either way."""
    try:
        page.add_script_tag(path=str(AXE))
    except Exception as error:  # playwright Error: "...violates the following Content Security Policy..."
        if "Content Security Policy" not in str(error):
            raise
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    assert page.evaluate("() => typeof window.axe === 'object'"), "axe-core did not load"


def axe_violations(page) -> list[dict]:
    """Run axe on the page as it is now; its violations (rule id, impact, help, targets)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        inject(page)
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
                summary: v.nodes.length ? v.nodes[0].failureSummary : ''})))""",
        TAGS,
    )
    return result


def assert_accessible(page, context: str = ""):
    """Fail listing every violation axe finds on the page (rule, impact, where)."""
    violations = axe_violations(page)
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {context or page.url}:"]
        for v in violations:
            lines.append(f"  - {v['id']} ({v['impact']}): {v['help']}")
            for target in v["targets"][:8]:
                lines.append(f"      at {target}")
            if v["summary"]:
                lines.append("      " + v["summary"].replace("\n", "\n      "))
        raise AssertionError("\n".join(lines))


def watch_console(page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions (a test asserts the list empty)."""
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def axe(page, problems: list[str], context: str = ""):
    """assert_accessible on a watched page: axe's own injection, refused by the page's CSP, is not
    the page's problem, so its console error is taken back off the list."""
    before = len(problems)
    assert_accessible(page, context)
    del problems[before:]
