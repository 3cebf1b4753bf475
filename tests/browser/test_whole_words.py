"""No word breaks inside itself, on the client's pages and the main staff pages, in Finnish,
Swedish and English, at every width from a 320 px phone to a 1024 px tablet (tests/words.py).

The diary's scales are checked with each of their choices chosen in turn: a chosen word is bold,
so wider ("Huono" and "Jonkin verran" broke only when chosen; Swedish "Mycket dåligt" always)."""
import pytest
import time_machine

from tests.browser.test_client_a11y import PAGES as CLIENT_PAGES
from tests.browser.test_client_a11y import anna_with_a_diary
from tests.browser.test_staff_a11y import sign_in, staff_world
from tests.conftest import DB_KIND, PHONE, browser_login, new_context
from tests.moments import DURING_THE_DAY
from tests.words import broken_at_widths, broken_in_choices, broken_words
from webapp.extensions import db

# Layout is the same whichever database holds the rows: checked once, on SQLite.
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(DB_KIND != "sqlite", reason="layout is checked once, on SQLite")]

LANGUAGES = ("fi", "sv", "en")
STAFF_PAGES = {
    "coach": ["/units/{unit}/board", "/units/{unit}/week", "/clients/mine", "/clients/{anna}",
              "/clients/{anna}/days", "/clients/{anna}/diary", "/clients/{anna}/guidance", "/guidance/behind",
              "/units/{unit}/activities"],
    "manager": ["/clients", "/clients/{anna}", "/units", "/units/{unit}", "/staff", "/kiosks", "/reports",
                "/reports/kela", "/reports/kela/due", "/reports/travel", "/money/compensation", "/money/close",
                "/invoicing", "/invoicing/prices", "/kitchen", "/units/{unit}/lunch"],
}


@pytest.fixture
def frozen():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


def test_the_check_finds_a_broken_word(phone, people, frozen):
    """The negative control: a word forced to break anywhere is found, a whole one is not."""
    browser_login(phone, people.client, home=False)
    phone.goto("/offline")
    phone.evaluate("""() => {
        const p = document.createElement('p');
        p.id = 'narrow';
        p.textContent = 'Mycket dåligt';
        p.style.cssText = 'width: 3rem; overflow-wrap: anywhere; font-weight: 700';
        document.getElementById('main').appendChild(p);
    }""")
    assert any('"Mycket"' in word and "p#narrow" in word for word in broken_words(phone))
    phone.evaluate("() => { document.getElementById('narrow').style.overflowWrap = 'normal'; }")
    assert broken_words(phone) == []


def test_no_word_breaks_on_the_clients_pages(browser, live_server, people, frozen):
    anna, ids = anna_with_a_diary(people, "fi")
    context = new_context(browser, live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    found = []
    try:
        page = context.new_page()
        browser_login(page, anna, home=False)
        for language in LANGUAGES:
            anna.language = language
            db.session.commit()
            for path in (p.format(**ids) for p in CLIENT_PAGES):
                page.set_viewport_size(PHONE["viewport"])
                response = page.goto(path)
                assert response.status == 200, f"{path} answered {response.status}"
                found += broken_at_widths(page, f"{path} ({language})")
                if page.locator(".diary-choice").count():
                    found += broken_in_choices(page, f"{path} ({language})")
    finally:
        context.close()
    assert found == [], "words broken inside themselves:\n" + "\n".join(found)


@pytest.mark.parametrize("who", sorted(STAFF_PAGES))
def test_no_word_breaks_on_the_main_staff_pages(browser, live_server, people, frozen, who):
    data = staff_world(people)
    person = getattr(people, who)
    context = new_context(browser, live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    found = []
    try:
        page = context.new_page()
        sign_in(context, person)
        for language in LANGUAGES:
            person.language = language
            db.session.commit()
            for path in STAFF_PAGES[who]:
                path = path.format(**data)
                page.set_viewport_size(PHONE["viewport"])
                response = page.goto(path)
                assert response.status == 200, f"{path} answered {response.status}"
                found += broken_at_widths(page, f"{path} ({language}, {who})")
    finally:
        context.close()
    assert found == [], "words broken inside themselves:\n" + "\n".join(found)
