"""Money in the browser: the office's month of compensation, closing the month on a tablet, and a
coach's later correction on a 360 px phone that comes back as an adjustment of the next month.

Time is frozen on Thursday 10.12.2026 (November has ended) and ticks from there.
"""
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests.a11y import axe, watch_console
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.money.test_close import anna, fill_november  # noqa: F401  (anna is a fixture)
from tests.moments import HEL

pytestmark = pytest.mark.browser


@pytest.fixture
def december():
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=True):
        yield


def test_the_manager_closes_november_and_a_coachs_correction_becomes_an_adjustment(
        tablet, phone, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    problems = watch_console(tablet)
    browser_login(tablet, people.manager, home=False)

    tablet.goto("/money/compensation?month=2026-11")
    kela = tablet.get_by_test_id("payer-kela")
    expect(kela.get_by_role("row", name="Asiakas, Anna")).to_contain_text("17")
    expect(kela.get_by_role("row", name="Asiakas, Anna")).to_contain_text("153,00")
    axe(tablet, problems, "the compensation month")

    tablet.goto(f"/money/close?unit={people.unit.id}&month=2026-11")
    expect(tablet.get_by_text("Kaikki päivät on käsitelty. Kuukauden voi sulkea.")).to_be_visible()
    axe(tablet, problems, "the close screen before closing")
    tablet.get_by_role("button", name="Sulje kuukausi").click()
    expect(tablet.get_by_test_id("closed")).to_contain_text("Suljettu kuukausi ei enää muutu.")

    # A coach, on a phone, finds out Anna was not there on Thursday 5.11 after all.
    browser_login(phone, people.coach, home=False)
    phone.goto(f"/units/{people.unit.id}/board?day=2026-11-05")
    expect(phone.get_by_role("link", name="Peru käsittely Anna Asiakas")).to_have_count(0)
    phone.get_by_role("link", name="Korjaa suljetun kuukauden päivä Anna Asiakas").click()
    expect(phone.get_by_role("heading", name="Suljetun kuukauden päivän korjaus")).to_be_visible()
    assert_no_sideways_scroll(phone)
    phone.get_by_role("button", name="Tallenna korjaus").click()  # nothing chosen: told so, nothing saved
    expect(phone.get_by_text("Valitse, lasketaanko päivä.")).to_be_visible()
    phone.get_by_label("Ei, päivää ei lasketa").check()
    phone.get_by_label("Syy").fill("Ei osallistunut, selvisi jälkikäteen")
    phone.get_by_role("button", name="Tallenna korjaus").click()
    expect(phone.get_by_text("Korjaus tallennettu.")).to_be_visible()

    # November's figures stay as they were, with the correction noted; December's close screen
    # carries the adjustment.
    tablet.goto(f"/money/compensation?month=2026-11&unit={people.unit.id}")
    row = tablet.get_by_test_id("payer-kela").get_by_role("row", name="Asiakas, Anna")
    expect(row).to_contain_text("153,00")
    expect(row.get_by_test_id("later-note")).to_have_text(
        "Korjattu myöhemmin: 5.11.2026 −9,00 €, odottaa seuraavaa sulkemista")
    expect(tablet.get_by_test_id("close-state")).to_contain_text("Kuukausi on suljettu 10.12.2026")
    axe(tablet, problems, "a closed compensation month with a later correction")
    tablet.goto(f"/money/close?unit={people.unit.id}&month=2026-11")
    expect(tablet.get_by_test_id("adjustments")).to_contain_text("Ei oikaisuja.")
    tablet.goto(f"/money/close?unit={people.unit.id}&month=2026-12")
    adjustments = tablet.get_by_test_id("adjustments")
    expect(adjustments).to_contain_text("5.11.2026")
    expect(adjustments).to_contain_text("-1")
    expect(adjustments).to_contain_text("-9,00")
    expect(tablet.get_by_test_id("missing")).to_contain_text("Kuukausi ei ole vielä päättynyt.")
    axe(tablet, problems, "the close screen with an adjustment")
    assert problems == []

    tablet.set_viewport_size({"width": 360, "height": 740})  # the office's pages on a phone too
    for page_url in ("/money/compensation?month=2026-11", f"/money/close?unit={people.unit.id}&month=2026-12"):
        tablet.goto(page_url)
        assert_no_sideways_scroll(tablet)
