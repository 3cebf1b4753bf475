"""Browser, tablet (1024×768): the office's money problems of issue 14.

- The rate screen: the manager sees the 9 € rates and who added them, adds Kela's new rate,
  then a rate back in closed November, which asks first and leaves November as it was closed.
- Days without a payer: an imported client's first November days had no payer; the compensation
  page shows them as a problem, its link opens the client's payer from the first such day, and
  after the fix the days are paid and the month closes.

Time is Thursday 10.12.2026 (November has ended) and ticks from there. axe on every page, no
CSP errors, no sideways scroll.
"""
from datetime import date, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests.a11y import axe, watch_console
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import HEL
from tests.money.test_close import NOVEMBER, anna, fill_november  # noqa: F401  (anna is a fixture)
from tests.money.test_compensation import payers
from webapp.extensions import db
from webapp.money import close
from webapp.money.models import CompensationRate, MoneyLine

pytestmark = pytest.mark.browser


@pytest.fixture
def december():
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=True):
        yield


def test_the_manager_adds_a_rate_and_one_back_in_a_closed_month_asks_first(december, tablet, people, anna):  # noqa: F811
    page = tablet
    problems = watch_console(page)
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    browser_login(page, people.manager, home=False)

    page.goto("/reports")
    page.get_by_role("link", name="Päivän summat (kulukorvaus)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Päivän summat")
    kela = page.get_by_test_id("rates-kela")
    expect(kela.get_by_role("row", name="1.9.2001")).to_contain_text("9,00")
    expect(kela.get_by_role("row", name="1.9.2001")).to_contain_text("voimassa nyt")
    axe(page, problems, "the rate screen")
    assert_no_sideways_scroll(page)

    page.get_by_label("Maksaja").select_option("kela")
    page.get_by_label("Voimassa alkaen").fill("2027-01-01")
    page.get_by_label("Päivän summa (€)").fill("9,50")
    page.get_by_label("Peruste").fill("Kelan päätös 1/2027")
    page.get_by_role("button", name="Tallenna summa").click()
    expect(page.get_by_text("Päivän summa tallennettu: Kela (kulukorvaus) 9,50 € 1.1.2027 alkaen.")).to_be_visible()
    row = kela.get_by_role("row", name="1.1.2027")
    expect(row).to_contain_text("9,50")
    expect(row).to_contain_text("Marja Johtaja, 10.12.2026")
    expect(row).to_contain_text("Kelan päätös 1/2027")
    expect(kela.get_by_role("row", name="1.9.2001")).to_contain_text("31.12.2026")

    # Back into closed November: told first, nothing saved until confirmed.
    page.get_by_label("Voimassa alkaen").fill("2026-11-16")
    page.get_by_label("Päivän summa (€)").fill("10")
    page.get_by_label("Peruste").fill("Korotus takautuvasti")
    page.get_by_role("button", name="Tallenna summa").click()
    warning = page.get_by_test_id("reaches-closed")
    expect(warning).to_contain_text("Päivä osuu suljettuun kuukauteen")
    expect(warning).to_contain_text("marraskuu 2026 (Kierrätyspaja)")
    assert db.session.scalar(db.select(db.func.count()).select_from(CompensationRate)) == 3
    axe(page, problems, "the rate screen asking to confirm")
    assert_no_sideways_scroll(page)
    page.get_by_label("Ymmärrän: suljetut kuukaudet eivät muutu").check()
    page.get_by_role("button", name="Tallenna summa").click()
    expect(page.get_by_text("Päivän summa tallennettu: Kela (kulukorvaus) 10,00 € 16.11.2026 alkaen.")).to_be_visible()

    # November stays as closed; the difference waits for December's close.
    page.goto(f"/money/compensation?month=2026-11&unit={people.unit.id}")
    kela_month = page.get_by_test_id("payer-kela")
    expect(kela_month.get_by_role("row", name="Asiakas, Anna")).to_contain_text("153,00")
    expect(kela_month.get_by_test_id("later-note")).to_contain_text("16.11.2026 +1,00")
    assert db.session.scalar(db.select(db.func.sum(MoneyLine.amount_cents))) == 17 * 900
    page.goto(f"/money/close?unit={people.unit.id}&month=2026-12")
    expect(page.get_by_test_id("adjustments")).to_contain_text("16.11.2026")
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def test_days_without_a_payer_are_shown_and_fixed_from_the_compensation_page(december, tablet, people, anna):  # noqa: F811
    page = tablet
    problems = watch_console(page)
    fill_november(people, anna)
    payers(anna, ("kela", date(2026, 11, 16)))  # imported with the payer from the import day
    db.session.commit()
    browser_login(page, people.manager, home=False)

    page.goto("/money/compensation?month=2026-11")
    problem = page.get_by_test_id("no-payer")
    expect(problem.get_by_role("heading")).to_have_text("Maksaja puuttuu")
    expect(problem.get_by_test_id("no-payer-client")).to_contain_text("Asiakas, Anna: 8 päivää (2.11.2026–12.11.2026)")
    expect(page.get_by_test_id("payer-kela").get_by_role("row", name="Asiakas, Anna")).to_contain_text("81,00")
    axe(page, problems, "the compensation page with days without a payer")
    assert_no_sideways_scroll(page)

    page.goto(f"/money/close?unit={people.unit.id}&month=2026-11")
    expect(page.get_by_test_id("missing")).to_contain_text("Asiakas, Anna, 2.11.2026: vahvistettu päivä, jolta maksaja puuttuu.")
    expect(page.get_by_role("button", name="Sulje kuukausi")).to_have_count(0)

    page.goto("/money/compensation?month=2026-11")
    page.get_by_test_id("no-payer").get_by_role("link", name="Korjaa maksaja").click()
    expect(page.get_by_label("Maksaja voimassa alkaen")).to_have_value("2026-11-02")
    expect(page.get_by_label("Maksaja", exact=True)).to_have_value("kela")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Asiakkaan tiedot on tallennettu.")).to_be_visible()

    page.goto("/money/compensation?month=2026-11")
    expect(page.get_by_test_id("no-payer")).to_have_count(0)
    expect(page.get_by_test_id("payer-kela").get_by_role("row", name="Asiakas, Anna")).to_contain_text("153,00")
    page.goto(f"/money/close?unit={people.unit.id}&month=2026-11")
    page.get_by_role("button", name="Sulje kuukausi").click()
    expect(page.get_by_test_id("closed")).to_contain_text("Suljettu kuukausi ei enää muutu.")
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems
