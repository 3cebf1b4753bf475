"""A coach logs guidance on the client's page on the tablet; the behind list updates and Anna
leaves it once 6 h are logged."""
import pytest
import time_machine
from playwright.sync_api import expect

from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY

pytestmark = pytest.mark.browser


@pytest.fixture
def wednesday():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


def log(page, minutes, kind="Yksilöohjaus"):
    page.get_by_label("Kesto minuutteina").fill(str(minutes))
    page.get_by_label(kind).check()
    page.get_by_role("button", name="Tallenna ohjaus").click()


def test_a_coach_logs_guidance_and_the_behind_list_follows(tablet, people, wednesday):
    browser_login(tablet, people.coach, home=False)
    tablet.goto("/guidance/behind")
    behind = tablet.get_by_test_id("guidance-behind")
    expect(behind.get_by_role("link", name="Anna Asiakas")).to_be_visible()
    expect(behind).to_contain_text("5 h 15 min")
    assert_no_sideways_scroll(tablet)

    behind.get_by_role("link", name="Anna Asiakas").click()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("Anna")
    expect(tablet.get_by_label("Päivä")).to_have_value("2026-11-18")
    log(tablet, 240)
    total = tablet.get_by_test_id("guidance-total")
    expect(total).to_contain_text("Viimeisen 3 kuukauden aikana 4 h / 5 h 15 min.")
    expect(total).to_contain_text("Puuttuu 1 h 15 min.")
    expect(tablet.get_by_test_id("guidance-session")).to_have_count(1)

    log(tablet, 5)  # a slip: removed with a reason, kept struck through
    expect(tablet.get_by_test_id("guidance-session")).to_have_count(2)
    first = tablet.get_by_test_id("guidance-session").first
    first.get_by_text("Poista merkintä").click()
    first.get_by_label("Miksi merkintä poistetaan?").fill("Väärä kesto")
    first.get_by_role("button", name="Poista", exact=True).click()
    expect(tablet.get_by_text("Väärä kesto")).to_be_visible()
    expect(tablet.get_by_test_id("guidance-total")).to_contain_text("4 h / 5 h 15 min.")

    tablet.goto("/guidance/behind")
    expect(tablet.get_by_test_id("guidance-behind")).to_contain_text("1 h 15 min")

    tablet.get_by_role("link", name="Anna Asiakas").click()
    log(tablet, 75, kind="Sosiaalinen ohjaus")
    expect(tablet.get_by_test_id("guidance-total")).to_contain_text("Ohjausta on tarpeeksi.")
    assert_no_sideways_scroll(tablet)

    tablet.get_by_role("link", name="Ohjaukset").click()
    expect(tablet.get_by_text("Kaikilla asiakkailla on ohjausta tarpeeksi.")).to_be_visible()
    expect(tablet.get_by_role("link", name="Anna Asiakas")).to_have_count(0)
