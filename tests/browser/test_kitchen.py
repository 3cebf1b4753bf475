"""The kitchen's view on a tablet (1024×768): the live count grows as clients check in, without
a reload; the printed view holds only the numbers, the diets, the unit, the date and who printed
it; the month's CSV and XLSX download and open; axe on every page; a 360 px phone without
sideways scroll.

Time is frozen on Wednesday 18.11.2026 at 11.00 and ticks from there; the view polls every second.
"""
import csv
import io
from datetime import datetime

import pytest
import time_machine
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests import factories
from tests.a11y import axe, watch_console
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY
from webapp.checkin import scans
from webapp.checkin.models import Method
from webapp.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def midday(app, monkeypatch):
    monkeypatch.setitem(app.config, "LUNCH_POLL_SECONDS", 1)
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


@pytest.fixture
def veera(people):
    person = factories.make_client(people.unit, coach=people.coach, first_name="Veera", last_name="Vihreäinen",
                                   diets=("gluten",))
    person.client.diet_note = "Ei kauraa"
    db.session.commit()
    return person


def check_in(people, person, key, lunch=True):
    result = scans.record_scan(key=key, unit=people.unit, method=Method.BADGE, client=person.client)
    scans.set_lunch(result.day, lunch)


def test_the_kitchen_view_counts_check_ins_as_they_happen(tablet, people, veera, midday):
    page = tablet
    problems = watch_console(page)
    browser_login(page, people.kitchen)
    expect(page).to_have_url("/kitchen")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kierrätyspaja")
    page.evaluate("window.kitchenMarker = 'no reload'")
    live = page.get_by_test_id("live-number")
    expect(page.get_by_test_id("forecast-number")).to_have_text("2")
    expect(live).to_have_text("0")

    check_in(people, people.client, "anna-in")
    expect(live).to_have_text("1", timeout=15_000)
    expect(page.get_by_test_id("diets-live")).to_have_count(0)  # Anna has no special diet: no names
    check_in(people, veera, "veera-in")
    expect(live).to_have_text("2", timeout=15_000)
    expect(page.get_by_test_id("diets-live")).to_contain_text("Veera V.")
    expect(page.get_by_test_id("diets-live")).to_contain_text("Ei kauraa")
    expect(page.get_by_test_id("lunch-counts")).not_to_contain_text("Anna")
    assert page.evaluate("window.kitchenMarker") == "no reload"
    axe(page, problems, "kitchen view")
    assert_no_sideways_scroll(page)
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def set_hidden(page, hidden: bool) -> None:
    page.evaluate("""(hidden) => {
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
        document.dispatchEvent(new Event('visibilitychange'));
    }""", hidden)


def test_a_hidden_tab_does_not_ask_for_the_counts_until_it_is_seen_again(tablet, people, midday):
    page = tablet
    browser_login(page, people.kitchen)
    page.evaluate("window.kitchenMarker = 'no reload'")
    expect(page.get_by_test_id("live-number")).to_have_text("0")
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/kitchen?" in request.url else None)
    set_hidden(page, True)
    check_in(people, people.client, "anna-in")
    page.wait_for_timeout(3000)  # three polls would have gone out by now
    assert polls == []
    expect(page.get_by_test_id("live-number")).to_have_text("0")
    set_hidden(page, False)
    expect(page.get_by_test_id("live-number")).to_have_text("1")
    assert len(polls) >= 1
    assert page.evaluate("window.kitchenMarker") == "no reload"


def test_when_the_session_ends_the_refresh_goes_to_the_sign_in_page_not_inside_the_counts(tablet, people, midday):
    page = tablet
    browser_login(page, people.kitchen)
    expect(page.get_by_test_id("live-number")).to_have_text("0")
    page.context.clear_cookies()  # the session has ended
    expect(page).to_have_url("/login?next=%2Fkitchen", timeout=10_000)
    expect(page.get_by_test_id("lunch-counts")).to_have_count(0)
    expect(page.get_by_text("Kirjaudu sisään nähdäksesi tämän sivun.")).to_be_visible()


def test_the_served_count_is_saved_and_the_warning_shows(tablet, people, veera, midday):
    page = tablet
    check_in(people, veera, "veera-in")
    browser_login(page, people.kitchen)
    page.get_by_role("spinbutton", name="Tarjoillut lounaat").fill("4")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("status").first).to_contain_text("Tallennettu: 4 lounasta.")
    expect(page.get_by_test_id("too-many")).to_contain_text("Lounaita tarjoiltiin 4")
    page.get_by_role("spinbutton", name="Tarjoillut lounaat").fill("")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator("#served-error")).to_have_text("Kirjoita, montako lounasta tarjoiltiin.")
    problems = watch_console(page)
    axe(page, problems, "kitchen view with a form error")


def test_the_printed_view_has_only_numbers_diets_unit_date_and_who_printed(tablet, people, veera, midday):
    page = tablet
    check_in(people, veera, "veera-in")
    browser_login(page, people.kitchen)
    page.emulate_media(media="print")
    expect(page.get_by_test_id("printed")).to_be_visible()
    expect(page.get_by_test_id("printed")).to_contain_text("Tulostanut Kaija Keittiö, 18.11.2026")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kierrätyspaja")
    expect(page.get_by_role("heading", level=1)).to_contain_text("18. marraskuuta 2026")
    expect(page.get_by_test_id("diets-live")).to_be_visible()
    expect(page.get_by_test_id("live-number")).to_be_visible()
    for hidden in (page.locator("header.top"), page.locator(".lunch-served"), page.locator(".lunch-head")):
        expect(hidden).to_be_hidden()
    page.emulate_media(media="screen")
    expect(page.get_by_test_id("printed")).to_be_hidden()


def test_the_month_downloads_open_and_the_print_page_renders(tablet, people, veera, midday):
    page = tablet
    problems = watch_console(page)
    check_in(people, veera, "veera-in")
    browser_login(page, people.kitchen)
    page.get_by_role("link", name="Kuukauden lounaat").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lounaat marraskuu 2026")
    axe(page, problems, "month of lunches")

    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa CSV").click()
    download = info.value
    assert download.suggested_filename == "lounaat-2026-11-Kierrätyspaja.csv"
    data = open(download.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Päivä", "Ennuste", "Ilmoittautuneet lounaalle"]
    assert next(r for r in rows if r[0] == "18.11.2026")[1:3] == ["2", "1"]

    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa Excel (XLSX)").click()
    sheet = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    wednesday = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == datetime(2026, 11, 18))
    assert [c.value for c in wednesday[1:3]] == [2, 1]

    page.get_by_role("link", name="Tulostettava sivu").click()
    expect(page.get_by_test_id("produced")).to_contain_text("Tuottanut Kaija Keittiö, 18.11.2026")
    expect(page.get_by_role("button", name="Tulosta")).to_be_visible()
    axe(page, problems, "printable month")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Tulosta")).to_be_hidden()
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.get_by_test_id("produced")).to_be_visible()
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def test_a_phone_shows_the_kitchen_view_and_the_month_without_sideways_scroll(phone, people, veera, midday):
    page = phone
    problems = watch_console(page)
    check_in(people, veera, "veera-in")
    browser_login(page, people.kitchen)
    expect(page.get_by_test_id("live-number")).to_have_text("1")
    assert_no_sideways_scroll(page)
    axe(page, problems, "kitchen view on a phone")
    page.goto(f"/units/{people.unit.id}/lunch")
    expect(page.get_by_test_id("month-table")).to_be_visible()
    assert_no_sideways_scroll(page)
    axe(page, problems, "month on a phone")
    page.goto(f"/units/{people.unit.id}/lunch?format=print")
    assert_no_sideways_scroll(page)
