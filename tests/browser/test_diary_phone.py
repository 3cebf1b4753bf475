"""The client's diary on a phone: one tap on a face is an entry, text is saved with the button,
the trend draws its chart and table, and nothing scrolls sideways at 320 px."""
from datetime import date, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY
from webapp.diary.models import DiaryEntry
from webapp.extensions import db

pytestmark = pytest.mark.browser

WEDNESDAY = date(2026, 11, 18)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


def todays_entry(person) -> DiaryEntry | None:
    db.session.expire_all()
    return db.session.scalar(db.select(DiaryEntry).where(DiaryEntry.client_id == person.id,
                                                         DiaryEntry.day == WEDNESDAY))


def test_one_tap_on_a_face_saves_an_entry(phone, people):
    browser_login(phone, people.client, home=False)
    phone.goto("/diary")
    phone.get_by_role("radio", name="Hyvä", exact=True).click()
    expect(phone.locator("#diary-saved")).to_contain_text("Tallennettu klo")
    entry = todays_entry(people.client)
    assert entry is not None and entry.mood == 4
    first_key = phone.locator('input[name="key"]').input_value()
    phone.get_by_role("radio", name="Vähän", exact=True).click()  # energy, the second tap: a fresh key
    expect(phone.locator('input[name="key"]')).not_to_have_value(first_key)
    phone.wait_for_function("document.querySelector('#energy-2').checked")
    for _ in range(50):
        entry = todays_entry(people.client)
        if entry.energy == 2:
            break
        phone.wait_for_timeout(100)
    assert (entry.mood, entry.energy) == (4, 2)


def test_writing_text_and_saving(phone, people):
    factories.make_unit_activity(people.unit, "Puutyöt")
    browser_login(phone, people.client, home=False)
    phone.goto("/diary")
    phone.get_by_label("Mikä meni hyvin?").fill("Sain hyllyn valmiiksi.")
    phone.get_by_label("Mitä haluan kertoa ohjaajalle?").fill("Haluan jatkaa puutöissä.")
    phone.get_by_role("checkbox", name="Puutyöt").click()
    phone.get_by_role("button", name="Tallenna").click()
    expect(phone.locator("#diary-saved")).to_contain_text("Tallennettu klo")
    phone.wait_for_load_state("networkidle")
    entry = todays_entry(people.client)
    assert entry.went_well == "Sain hyllyn valmiiksi." and entry.to_coach == "Haluan jatkaa puutöissä."
    assert entry.labels == ["Puutyöt"] and entry.mood is None
    phone.reload()
    expect(phone.get_by_label("Mikä meni hyvin?")).to_have_value("Sain hyllyn valmiiksi.")


def test_the_trend_draws_the_chart_and_its_table(phone, people):
    for days_ago, mood, energy in ((1, 3, 4), (2, 5, 2), (8, 1, 1)):
        factories.make_entry(people.client, WEDNESDAY - timedelta(days=days_ago), mood=mood, energy=energy)
    browser_login(phone, people.client, home=False)
    phone.goto("/diary/trend")
    chart = phone.get_by_role("img", name="Mieliala ja jaksaminen, 4 viikkoa")
    expect(chart).to_be_visible()
    assert phone.locator("svg.trend-chart circle.chart-mark.chart-mood").count() == 4  # three days and the legend
    table = phone.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="Viikko 47")).to_contain_text("4,0")
    assert_no_sideways_scroll(phone)


@pytest.mark.parametrize("path", ["/diary", "/diary/history", "/diary/trend?weeks=12", "/diary/settings",
                                  "/diary/2026-11-10"])
def test_the_diary_fits_320_px(phone, people, path):
    factories.make_entry(people.client, date(2026, 11, 10), mood=1, energy=3, went_well="Pitkä " * 40,
                         activities=["Kierrätyspajan lajittelu ja hinnoittelu"], shared=True)
    factories.make_entry(people.client, date(2026, 11, 11), mood=3)
    browser_login(phone, people.client, home=False)
    phone.set_viewport_size({"width": 320, "height": 640})
    phone.goto(path)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Päiväkirja")
    assert_no_sideways_scroll(phone)


def test_an_own_chip_is_added_and_then_a_chip(phone, people):
    browser_login(phone, people.client, home=False)
    phone.goto("/diary")
    phone.get_by_label("Lisää oma toiminto").fill("Lenkki")
    phone.get_by_role("button", name="Tallenna").click()
    expect(phone.get_by_role("checkbox", name="Lenkki")).to_be_checked()
    expect(phone.get_by_label("Lisää oma toiminto")).to_have_value("")
    phone.get_by_role("checkbox", name="Lenkki").click()  # one tap takes it off again
    expect(phone.get_by_role("checkbox", name="Lenkki")).not_to_be_checked()
    phone.wait_for_load_state("networkidle")
    for _ in range(50):
        if todays_entry(people.client).labels == []:
            break
        phone.wait_for_timeout(100)
    assert todays_entry(people.client).labels == []
