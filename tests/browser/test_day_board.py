"""The coach's day board on a tablet (1024×768): check-ins arrive without a reload, confirm all
leaves the flagged rows, one tap confirms, undo takes it back, and each row shows who changed
what, when and why. Axe on the board; a 360 px phone without sideways scroll.

Time is frozen on Wednesday 18.11.2026 and ticks from there; the board polls every second at first.
"""

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.a11y import assert_accessible, axe, watch_console
from tests.checkin.test_flags import attend
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import AFTER_CLOSING, MORNING
from webapp.accounts.models import Person
from webapp.approvals import decisions
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Method
from webapp.extensions import db

pytestmark = pytest.mark.browser
WEDNESDAY = MORNING.date()


@pytest.fixture
def fast_polls(app, monkeypatch):
    monkeypatch.setitem(app.config, "BOARD_POLL_SECONDS", 1)


@pytest.fixture
def morning(fast_polls):
    with time_machine.travel(MORNING, tick=True):
        yield


@pytest.fixture
def evening(fast_polls):
    with time_machine.travel(AFTER_CLOSING, tick=True):
        yield


def open_board(page, person):
    browser_login(page, person)
    page.get_by_role("link", name="Päivä", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kierrätyspaja")
    page.evaluate("window.boardMarker = 'no reload'")


def row(page, name):
    return page.get_by_test_id("board-row").filter(has=page.get_by_role("heading", name=name))


def scan(people, person, key, method=Method.BADGE):
    scans.record_scan(key=key, unit=people.unit, method=method, client=person.client)


def test_a_morning_of_check_ins_arrives_on_the_board_without_a_reload(tablet, people, morning):
    page = tablet
    bertta = factories.make_client(people.unit, coach=people.coach, first_name="Bertta", last_name="Bee")
    cecilia = factories.make_client(people.unit, coach=people.coach, first_name="Cecilia", last_name="Cee")
    problems = watch_console(page)
    open_board(page, people.coach)
    arrived, waiting = page.get_by_test_id("section-arrived"), page.get_by_test_id("section-not-arrived")
    expect(waiting.get_by_role("heading", level=2)).to_have_text("Ei saapunut (3)")
    expect(arrived).to_contain_text("Kukaan ei ole vielä saapunut.")

    scan(people, people.client, "anna-in")
    expect(arrived.get_by_role("heading", name="Anna Asiakas")).to_be_visible()
    expect(row(page, "Anna Asiakas")).to_contain_text("kortilla")
    expect(waiting.get_by_role("heading", level=2)).to_have_text("Ei saapunut (2)")

    page.locator(f"#name-{bertta.id}").focus()  # a coach on the keyboard keeps her place
    scan(people, cecilia, "cecilia-in", Method.PIN)
    expect(arrived.get_by_role("heading", name="Cecilia Cee")).to_be_visible()
    expect(row(page, "Cecilia Cee")).to_contain_text("PIN-koodilla")
    assert page.evaluate("document.activeElement.id") == f"name-{bertta.id}"

    scan(people, bertta, "bertta-in", Method.PHONE)
    expect(arrived.get_by_role("heading", level=2)).to_have_text("Saapuneet (3)", timeout=15_000)
    expect(page.get_by_test_id("board-counts")).to_contain_text("3")
    assert page.evaluate("window.boardMarker") == "no reload"
    assert_no_sideways_scroll(page)
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def test_a_poll_answer_computed_before_an_action_never_overwrites_its_answer(app, tablet, people, evening):
    """A poll on its way while the coach taps: its older rows arrive after the tap's answer and
    are dropped (board.js), so the row never flips back, not even for a moment."""
    page = tablet
    bertta = factories.make_client(people.unit, coach=people.coach, first_name="Bertta", last_name="Bee")
    attend(people, WEDNESDAY, end=(14, 0))
    attend(people, WEDNESDAY, end=(14, 0), client=bertta.client)
    open_board(page, people.coach)
    held = []

    def hold_poll(route):
        if held:
            route.continue_()
            return
        # Meanwhile another coach confirms Bertta: this poll's answer carries rows with Anna open.
        with app.app_context():
            decisions.confirm(db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == bertta.id)),
                              db.session.get(Person, people.coach.id))
            db.session.commit()
        held.append((route, route.fetch()))

    page.route("**/board/poll*", hold_poll)
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the board never polled"

    anna = row(page, "Anna Asiakas")
    anna.get_by_role("button", name="Vahvista Anna Asiakas").click()
    expect(anna.get_by_test_id("row-status")).to_have_text("Vahvistettu")
    page.evaluate("""() => {
        window.flippedBack = false;
        new MutationObserver(() => {
            const row = [...document.querySelectorAll('[data-testid=board-row]')]
                .find(r => r.textContent.includes('Anna Asiakas'));
            if (row && row.querySelector('[data-testid=row-status]').textContent.trim() === 'Käsittelemättä') {
                window.flippedBack = true;
            }
        }).observe(document.getElementById('board'), {childList: true, subtree: true, characterData: true});
    }""")
    route, stale = held[0]
    with page.expect_event("requestfinished", lambda request: "/board/poll" in request.url):
        route.fulfill(response=stale)
    page.wait_for_timeout(300)  # the answer's handlers have run
    assert page.evaluate("window.flippedBack") is False
    expect(anna.get_by_test_id("row-status")).to_have_text("Vahvistettu")
    expect(row(page, "Bertta Bee").get_by_test_id("row-status")).to_have_text("Vahvistettu")  # the next poll


def test_a_hidden_tab_does_not_poll_until_it_is_seen_again(tablet, people, morning):
    page = tablet
    open_board(page, people.coach)
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/board/poll" in request.url else None)
    page.evaluate("""() => {
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    scan(people, people.client, "anna-in")
    page.wait_for_timeout(2500)  # the first poll (after 1 s) would have gone out by now
    assert polls == []
    expect(page.get_by_test_id("section-arrived")).to_contain_text("Kukaan ei ole vielä saapunut.")
    page.evaluate("""() => {
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    expect(page.get_by_test_id("section-arrived").get_by_role("heading", name="Anna Asiakas")).to_be_visible()
    assert len(polls) >= 1
    assert page.evaluate("window.boardMarker") == "no reload"


def test_confirm_all_one_tap_undo_and_the_row_history(tablet, people, evening):
    page = tablet
    bertta = factories.make_client(people.unit, coach=people.coach, first_name="Bertta", last_name="Bee")
    cecilia = factories.make_client(people.unit, coach=people.coach, first_name="Cecilia", last_name="Cee")
    attend(people, WEDNESDAY, end=(14, 0))
    attend(people, WEDNESDAY, end=(13, 30), client=bertta.client)
    attend(people, WEDNESDAY, end=(10, 0), client=cecilia.client)  # under 4 hours
    problems = watch_console(page)
    open_board(page, people.coach)
    expect(row(page, "Cecilia Cee").get_by_test_id("flags")).to_contain_text("Alle 4 tuntia")

    page.get_by_role("button", name="Vahvista kaikki (2)").click()
    expect(page.get_by_test_id("board-message")).to_have_text("Vahvistettiin 2 päivää.")
    for name in ("Anna Asiakas", "Bertta Bee"):
        expect(row(page, name).get_by_test_id("row-status")).to_have_text("Vahvistettu")
        expect(row(page, name).get_by_test_id("decision")).to_contain_text("Kaisa Ohjaaja")
    expect(row(page, "Cecilia Cee").get_by_test_id("row-status")).to_have_text("Käsittelemättä")
    expect(row(page, "Cecilia Cee").get_by_test_id("flags")).to_contain_text("Alle 4 tuntia")
    expect(page.get_by_role("button", name="Vahvista kaikki")).to_have_count(0)

    anna = row(page, "Anna Asiakas")
    anna.get_by_role("link", name="Peru käsittely Anna Asiakas").click()
    panel = page.get_by_test_id("panel")
    expect(panel.get_by_role("heading", name="Peru käsittely: Anna Asiakas")).to_be_visible()
    expect(panel.get_by_label("Syy (ei pakollinen)")).to_be_focused()
    axe(page, problems, "the day board with the undo panel")
    panel.get_by_label("Syy (ei pakollinen)").fill("Lähti kesken päivän, tarkistan")
    panel.get_by_role("button", name="Peru käsittely").click()
    expect(page.get_by_test_id("board-message")).to_have_text(
        "Käsittely peruttu: Anna Asiakas. Päivä on taas käsittelemättä.")
    expect(panel).to_be_empty()
    expect(anna.get_by_test_id("row-status")).to_have_text("Käsittelemättä")

    anna.get_by_role("button", name="Vahvista Anna Asiakas").click()  # one tap
    expect(anna.get_by_test_id("row-status")).to_have_text("Vahvistettu")
    expect(page.get_by_test_id("board-message")).to_have_text("Päivä vahvistettu: Anna Asiakas.")

    history = anna.get_by_test_id("history")
    history.locator("summary").click()
    expect(history.locator("summary")).to_contain_text("Muutokset (3)")
    events = history.locator("ol > li")
    expect(events).to_have_count(3)
    expect(events.nth(0)).to_contain_text("Vahvistettu")
    expect(events.nth(1)).to_contain_text("Käsittely peruttu")
    expect(events.nth(1)).to_contain_text("Kaisa Ohjaaja")
    expect(events.nth(1)).to_contain_text("Syy: Lähti kesken päivän, tarkistan")
    expect(events.nth(1)).to_contain_text("Tila: Vahvistettu → Käsittelemättä")
    expect(events.nth(1)).to_contain_text("18.11.2026 16.3")  # when, in Helsinki time

    # The open history stays open when the rows refresh on their own.
    scans.record_scan(key="late", unit=people.unit, method=Method.BADGE, client=people.other_client.client)
    factories.make_entry(bertta, WEDNESDAY, mood=4, shared=True)
    expect(row(page, "Bertta Bee").get_by_test_id("diary")).to_have_text("kirjoitettu, jaettu", timeout=15_000)
    expect(history).to_have_attribute("open", "")
    assert page.evaluate("window.boardMarker") == "no reload"
    axe(page, problems, "the day board")
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def test_the_board_fits_a_360_px_phone(phone, people, evening):
    page = phone
    for i in range(3):
        person = factories.make_client(people.unit, coach=people.coach, first_name=f"Pitkänimi{i}",
                                       last_name="Virtanen-Korhonen-Mäkinen")
        attend(people, WEDNESDAY, end=(10, 0) if i else (14, 0), client=person.client)
    other = factories.make_client(people.unit, coach=people.coach, first_name="Tuomas", last_name="Tulematon")
    open_board(page, people.coach)
    expect(page.get_by_test_id("board-row")).to_have_count(5)
    assert_no_sideways_scroll(page)
    row(page, "Pitkänimi0 Virtanen-Korhonen-Mäkinen").get_by_role("button", name="Vahvista").click()
    expect(page.get_by_test_id("board-message")).to_contain_text("Päivä vahvistettu")
    row(page, "Pitkänimi0 Virtanen-Korhonen-Mäkinen").get_by_role("link", name="Peru käsittely").click()
    expect(page.get_by_test_id("panel").get_by_role("button", name="Peru käsittely")).to_be_visible()
    assert_no_sideways_scroll(page)
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("panel")).to_be_empty()
    assert other.id
    assert_accessible(page, "the day board on a phone")
