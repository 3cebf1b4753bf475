"""The unit's week and a client's month in Chromium: on the coach's tablet the grids carry the right
marks (in words, with the status symbol and the closure shading), the day headers lead to the day
board, the client's name to her month; on a 360 px phone both pages are lists without sideways
scrolling; axe finds nothing on either, light or dark. Frozen on Wednesday 18.11.2026 after closing."""
from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.a11y import assert_accessible
from tests.checkin.test_flags import attend
from tests.conftest import TABLET, assert_no_sideways_scroll, browser_login, new_context
from tests.moments import AFTER_CLOSING
from webapp.approvals import decisions
from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.units.models import Closure

pytestmark = pytest.mark.browser

MONDAY, TUESDAY, WEDNESDAY, THURSDAY = (date(2026, 11, d) for d in (16, 17, 18, 19))


@pytest.fixture
def week(people):
    """Anna: Monday on site (confirmed), Tuesday remote, Wednesday ill; Thursday the unit is closed.
    Eero: a short Monday still open, nothing on Tuesday."""
    with time_machine.travel(AFTER_CLOSING, tick=True):
        anna = people.client.client
        attend(people, MONDAY, end=(14, 0))
        decisions.confirm(db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == anna.person_id)),
                          people.coach)
        decisions.record_remote(anna, people.unit, TUESDAY, 240, people.coach)
        decisions.record_absence(anna, people.unit, WEDNESDAY, "own_illness", people.coach)
        db.session.add(Closure(unit_id=people.unit.id, starts_on=THURSDAY, ends_on=THURSDAY, reason="Koulutuspäivä"))
        db.session.commit()
        eero = factories.make_client(people.unit, coach=people.coach, first_name="Eero", last_name="Esimerkki")
        attend(people, MONDAY, end=(10, 0), client=eero.client)
        yield people


def cell(page, name, day):
    return page.get_by_test_id("week-row").filter(has_text=name).locator(f'[data-day="{day.isoformat()}"]')


def test_the_week_and_the_month_on_the_coach_tablet(tablet, week):
    people = week
    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/units/{people.unit.id}/week")
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("Kierrätyspaja: viikko 47")

    monday = cell(tablet, "Anna Asiakas", MONDAY)
    expect(monday).to_contain_text("Paikalla 6 h")
    expect(monday.get_by_test_id("day-status")).to_have_text("✓ Vahvistettu")
    expect(cell(tablet, "Anna Asiakas", TUESDAY)).to_contain_text("Etänä 4 h")
    expect(cell(tablet, "Anna Asiakas", WEDNESDAY)).to_contain_text("Poissa: Oma sairaus")
    thursday = cell(tablet, "Anna Asiakas", THURSDAY)
    expect(thursday).to_have_text("Suljettu", use_inner_text=True)  # the date label is for phones only
    expect(thursday).to_have_css("background-image", "repeating-linear-gradient(135deg, rgb(247, 245, 240) 0px, "
                                 "rgb(247, 245, 240) 6px, rgb(255, 255, 255) 6px, rgb(255, 255, 255) 12px)")
    expect(monday).to_have_css("background-color", "rgb(228, 242, 234)")  # confirmed: --ok-bg, and the word
    eero_monday = cell(tablet, "Eero Esimerkki", MONDAY)
    expect(eero_monday.get_by_test_id("day-status")).to_have_text("○ Käsittelemättä")
    expect(eero_monday).to_contain_text("Alle 4 tuntia")
    expect(cell(tablet, "Eero Esimerkki", TUESDAY)).to_have_text("Suunniteltu Ei tullut", use_inner_text=True)
    expect(tablet.get_by_test_id("week-row").filter(has_text="Anna Asiakas").get_by_test_id("week-total")
           ).to_have_text("2 päivää, 10 h", use_inner_text=True)
    expect(tablet.get_by_role("columnheader", name="to 19.11. Suljettu: Koulutuspäivä")).to_be_visible()
    expect(tablet.get_by_role("link", name="ma 16.11.")).to_have_attribute(
        "href", f"/units/{people.unit.id}/board?day=2026-11-16")
    assert_no_sideways_scroll(tablet)
    assert_accessible(tablet, "week view, tablet")

    tablet.get_by_role("link", name="Anna Asiakas").click()
    expect(tablet.get_by_role("heading", level=2, name="Marraskuu 2026")).to_be_visible()
    days = tablet.get_by_test_id("month-day")
    expect(days).to_have_count(30)
    expect(tablet.locator('[data-day="2026-11-16"]')).to_contain_text("Paikalla 6 h")
    expect(tablet.locator('[data-day="2026-11-16"]')).to_contain_text("✓ Vahvistettu")
    expect(tablet.locator('[data-day="2026-11-19"]')).to_contain_text("Suljettu: Koulutuspäivä")
    expect(tablet.locator('[data-day="2026-11-10"]')).to_contain_text("Ei tullut")
    expect(tablet.locator('[aria-current="date"]')).to_have_attribute("data-day", "2026-11-18")
    expect(tablet.get_by_role("columnheader", name="ma")).to_be_visible()
    expect(tablet.get_by_test_id("period-rate")).to_contain_text("suunniteltua päivää")
    expect(tablet.get_by_test_id("week-hours-row").filter(has_text="Viikko 47")).to_contain_text("10 h")
    assert_no_sideways_scroll(tablet)
    assert_accessible(tablet, "client month, tablet")

    tablet.get_by_role("link", name="Edellinen kuukausi").click()
    expect(tablet.get_by_role("heading", level=2, name="Lokakuu 2026")).to_be_visible()


def test_both_pages_are_lists_on_a_phone_without_sideways_scroll(phone, week):
    people = week
    browser_login(phone, people.coach, home=False)
    phone.goto(f"/units/{people.unit.id}/week")
    monday = cell(phone, "Anna Asiakas", MONDAY)
    expect(monday).to_contain_text("ma 16.11.")  # each day names itself where the header row is gone
    expect(monday).to_be_visible()
    expect(phone.get_by_role("link", name="to 19.11.")).to_be_visible()  # the day links stay, as buttons
    assert_no_sideways_scroll(phone)
    assert_accessible(phone, "week view, phone")

    phone.goto(f"/clients/{people.client.id}/days")
    expect(phone.locator('[data-day="2026-11-16"]')).to_contain_text("ma 16.11.")
    expect(phone.locator('[data-day="2026-11-07"]')).to_be_hidden()  # a Saturday with nothing on it
    assert_no_sideways_scroll(phone)
    assert_accessible(phone, "client month, phone")

    phone.goto(f"/clients/{people.client.id}")
    expect(phone.get_by_test_id("client-summary")).to_be_visible()
    assert_no_sideways_scroll(phone)


@pytest.mark.parametrize("path", ["week", "month"])
def test_the_pages_pass_axe_in_dark_mode(browser, live_server, week, path):
    people = week
    context = new_context(browser, live_server.url, color_scheme="dark", **TABLET)
    try:
        page = context.new_page()
        browser_login(page, people.coach, home=False)
        page.goto(f"/units/{people.unit.id}/week" if path == "week" else f"/clients/{people.client.id}/days")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page, f"{path}, dark")
    finally:
        context.close()
