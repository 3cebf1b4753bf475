"""The closure calendar on a tablet (1024×768, real Chromium): a closure over a confirmed day is
saved only after the manager has seen whose day it is, the day then waits on the coach's board;
deleting a closure asks for a reason first. No page reloads (htmx), axe on the warning.

Time is frozen on Wednesday 18.11.2026 after closing and ticks from there.
"""
import pytest
import time_machine
from playwright.sync_api import expect

from tests.a11y import assert_accessible, axe, watch_console
from tests.checkin.test_flags import attend
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import AFTER_CLOSING
from webapp.approvals import decisions
from webapp.audit.models import AuditEvent
from webapp.checkin.models import ActivityDay, Status
from webapp.extensions import db
from webapp.units.models import Closure

pytestmark = pytest.mark.browser


@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=True):
        yield


def confirmed_monday(people):
    attend(people, AFTER_CLOSING.date().replace(day=16), end=(14, 0))
    decisions.confirm(db.session.scalar(db.select(ActivityDay)), people.coach)
    db.session.commit()


def test_a_closure_over_a_confirmed_day_warns_first_then_the_coach_sees_it(tablet, people, evening):
    confirmed_monday(people)
    page = tablet
    problems = watch_console(page)
    browser_login(page, people.manager, home=False)
    page.goto(f"/units/{people.unit.id}")
    page.evaluate("window.stillHere = true")
    closures = page.locator("#closures")

    closures.get_by_label("Alkaa").fill("2026-11-16")
    closures.get_by_label("Syy", exact=True).fill("Vesivahinko")
    closures.get_by_role("button", name="Lisää sulkupäivä", exact=True).click()
    warning = page.get_by_test_id("closure-conflicts")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Anna Asiakas")
    expect(warning).to_contain_text("16.11.2026")
    assert db.session.scalars(db.select(Closure)).all() == []
    assert_no_sideways_scroll(page)
    axe(page, problems, "closure warning")

    page.get_by_role("button", name="Lisää sulkupäivä silti").click()
    expect(closures).to_contain_text("Sulkupäivä lisätty: Vesivahinko.")
    expect(closures).to_contain_text("1 käsitelty päivä odottaa ohjaajan tarkistusta päivän näkymässä.")
    expect(page.get_by_test_id("closure-conflicts")).to_have_count(0)
    assert page.evaluate("window.stillHere") is True
    day = db.session.scalar(db.select(ActivityDay))
    db.session.refresh(day)
    assert day.status == Status.CONFIRMED and day.review == "closure"

    # The coach finds the day from today's board and keeps it as it was, with a reason.
    page.context.clear_cookies()
    browser_login(page, people.coach, home=False)
    page.goto(f"/units/{people.unit.id}/board")
    page.get_by_test_id("reviews").get_by_role("link").first.click()
    row = page.get_by_test_id("board-row").filter(has_text="Anna Asiakas")
    expect(row.get_by_test_id("review")).to_contain_text("Vesivahinko")
    row.get_by_role("link", name="Pidä ennallaan Anna Asiakas").click()
    page.get_by_test_id("panel").get_by_label("Miksi päivä pidetään ennallaan?").fill("Anna oli varapaikassa")
    page.get_by_test_id("panel").get_by_role("button", name="Pidä ennallaan").click()
    expect(page.get_by_test_id("board-message")).to_have_text("Päivä pidetään ennallaan: Anna Asiakas.")
    expect(row.get_by_test_id("review")).to_have_count(0)
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def test_deleting_a_closure_asks_for_a_reason_first(tablet, people, evening):
    db.session.add(Closure(unit=people.unit, starts_on=AFTER_CLOSING.date().replace(day=27),
                           ends_on=AFTER_CLOSING.date().replace(day=27), reason="Koulutuspäivä"))
    db.session.commit()
    page = tablet
    browser_login(page, people.manager, home=False)
    page.goto(f"/units/{people.unit.id}")
    page.evaluate("window.stillHere = true")
    item = page.locator(".closure").filter(has_text="Koulutuspäivä")

    item.get_by_text("Poista", exact=True).click()  # opens the confirmation, deletes nothing
    reason = item.get_by_label("Miksi sulkupäivä poistetaan?")
    expect(reason).to_be_visible()
    assert db.session.scalars(db.select(Closure)).all() != []
    assert_accessible(page, "closure delete confirmation")

    item.get_by_role("button", name="Poista sulkupäivä Koulutuspäivä").click()
    expect(page.locator("#closures")).to_contain_text("Kerro, miksi sulkupäivä poistetaan.")
    assert db.session.scalars(db.select(Closure)).all() != []

    item = page.locator(".closure").filter(has_text="Koulutuspäivä")
    item.get_by_label("Miksi sulkupäivä poistetaan?").fill("Koulutus siirtyi joulukuulle")
    item.get_by_role("button", name="Poista sulkupäivä Koulutuspäivä").click()
    expect(page.locator("#closures")).to_contain_text("Sulkupäivä poistettu: Koulutuspäivä.")
    assert page.evaluate("window.stillHere") is True
    assert db.session.scalars(db.select(Closure)).all() == []
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "closure",
                                                          AuditEvent.action == "delete"))
    assert event.reason == "Koulutus siirtyi joulukuulle"
    assert_no_sideways_scroll(page)
