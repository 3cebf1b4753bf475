"""Browser, tablet: the manager adds a day price, sees the month's invoice basis with it, opens a
drill-down, and downloads the CSV (parsed here); a closed month keeps its invoice after a later
correction, which the next closed month carries; axe on each page, no CSP errors."""
import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.a11y import axe, watch_console
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY, HEL
from tests.money.test_close import anna, fill_november  # noqa: F401  (anna is a fixture)
from tests.money.test_compensation import day_record
from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.money.models import DayPrice

pytestmark = pytest.mark.browser


def test_the_manager_adds_a_price_sees_the_invoice_basis_and_downloads_the_csv(tablet, people):
    page = tablet
    problems = watch_console(page)
    helsinki, work = factories.make_municipality(), factories.service_type()
    for on in (date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 9)):
        day_record(people.client.client, people.unit, on)
    db.session.commit()
    with time_machine.travel(DURING_THE_DAY, tick=True):
        browser_login(page, people.manager, home=False)
        page.goto("/invoicing/prices")
        expect(page.get_by_role("heading", level=1)).to_have_text("Päivähinnat")
        axe(page, problems, "day prices")
        page.get_by_label("Tilaaja").select_option(label="Helsinki")
        page.get_by_label("Palvelun tyyppi").select_option(str(work.id))
        page.get_by_label("Voimassa alkaen").fill("2026-11-01")
        page.get_by_label("Päivähinta (€)").fill("12,5")
        page.get_by_role("button", name="Tallenna hinta").click()
        expect(page.get_by_text("Päivähinta tallennettu: 12,50 € 1.11.2026 alkaen.")).to_be_visible()
        expect(page.get_by_test_id(f"prices-{helsinki.id}-{work.id}")).to_contain_text("12,50")
        assert_no_sideways_scroll(page)

        page.get_by_role("link", name="Laskutusperuste").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Laskutusperuste marraskuu 2026")
        group = page.get_by_test_id(f"group-{helsinki.id}-{work.id}")
        expect(group).to_contain_text("12,50")
        expect(group).to_contain_text("37,50")
        expect(page.get_by_test_id("total-days")).to_have_text("3")
        axe(page, problems, "invoice basis")
        assert_no_sideways_scroll(page)

        with page.expect_download() as info:
            page.get_by_role("link", name="Lataa CSV").click()
        download = info.value
        assert download.suggested_filename == "laskutusperuste-2026-11.csv"
        data = open(download.path(), "rb").read()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
        assert rows[0][:4] == ["Tilaaja", "Palvelun tyyppi", "Päivähinta (€)", "Päiviä"]
        assert rows[1][0] == "Helsinki" and rows[1][2:4] == ["12,50", "3"] and rows[1][5] == "37,50"

        group.get_by_role("link", name="Asiakkaat").click()
        expect(page.get_by_test_id("clients")).to_contain_text("Asiakas, Anna")
        axe(page, problems, "invoice drill-down")
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def test_a_closed_month_keeps_its_invoice_and_a_later_correction_comes_back_in_the_next_one(tablet, people, anna):  # noqa: F811
    """Helsinki buys "work" at 50 €. The manager closes Anna's November (17 days), corrects 5.11
    afterwards, and sees November unchanged with the correction noted; December, closed in
    January, carries it as an adjustment line referring to 5.11 (both CSVs parsed)."""
    page = tablet
    problems = watch_console(page)
    helsinki, work = factories.make_municipality(), factories.service_type()
    db.session.add(DayPrice(orderer_id=helsinki.id, service_type_id=work.id, valid_from=date(2026, 1, 1),
                            price_cents=5000))
    fill_november(people, anna)
    day_id = db.session.scalar(db.select(ActivityDay.id).where(ActivityDay.day == date(2026, 11, 5)))
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=True):
        browser_login(page, people.manager, home=False)
        page.goto(f"/money/close?unit={people.unit.id}&month=2026-11")
        expect(page.get_by_test_id("unpriced")).to_have_count(0)
        page.get_by_role("button", name="Sulje kuukausi").click()
        expect(page.get_by_test_id("closed")).to_contain_text("Suljettu kuukausi ei enää muutu.")

        page.goto(f"/days/{day_id}/correct")
        page.get_by_label("Ei, päivää ei lasketa").check()
        page.get_by_label("Syy").fill("Ei osallistunut, selvisi jälkikäteen")
        page.get_by_role("button", name="Tallenna korjaus").click()
        expect(page.get_by_text("Korjaus tallennettu.")).to_be_visible()

        page.goto("/invoicing?month=2026-11")
        expect(page.get_by_test_id("close-state")).to_contain_text("Suljettu 1/2 toimipisteessä")
        group = page.get_by_test_id(f"group-{helsinki.id}-{work.id}")
        expect(group).to_contain_text("850,00")
        expect(group.get_by_test_id("later-note")).to_have_text(
            "Korjaus odottaa seuraavaa sulkemista: 1 päivä, −50,00 €")
        expect(page.get_by_test_id("total-days")).to_have_text("17")
        axe(page, problems, "a closed invoice month with a later correction")
        assert_no_sideways_scroll(page)
        rows = downloaded_csv(page, "laskutusperuste-2026-11.csv")
        assert [(r[0], r[2], r[3], r[5]) for r in rows[1:-1]] == [("Helsinki", "50,00", "17", "850,00")]
        assert rows[1][6] == "Korjaus odottaa seuraavaa sulkemista: 1 päivä, −50,00\xa0€"

    december = [date(2026, 12, d) for d in range(1, 32) if date(2026, 12, d).weekday() < 4]
    for on in december:
        day_record(anna, people.unit, on, kind="onsite" if on.day <= 3 else "absent")
    db.session.commit()
    with time_machine.travel(datetime(2027, 1, 5, 12, tzinfo=HEL), tick=True):
        page.goto(f"/money/close?unit={people.unit.id}&month=2026-12")
        expect(page.get_by_test_id("invoice-adjustments")).to_contain_text("5.11.2026")
        page.get_by_role("button", name="Sulje kuukausi").click()
        expect(page.get_by_test_id("closed")).to_be_visible()

        page.goto("/invoicing?month=2026-12")
        adjustment = page.get_by_test_id(f"group-{helsinki.id}-{work.id}").get_by_test_id("adjustment")
        expect(adjustment).to_contain_text("Oikaisu: alkuperäinen päivä 5.11.2026")
        expect(adjustment).to_contain_text("-1")
        expect(page.get_by_test_id("total-days")).to_have_text("2")
        expect(page.get_by_test_id("total-amount")).to_contain_text("100,00")
        axe(page, problems, "an invoice month carrying an adjustment")
        assert_no_sideways_scroll(page)
        rows = downloaded_csv(page, "laskutusperuste-2026-12.csv")
        assert [(r[3], r[5], r[6]) for r in rows[1:-1]] == [("3", "150,00", ""),
                                                            ("-1", "-50,00", "Oikaisu: alkuperäinen päivä 5.11.2026")]
        assert rows[-1][3] == "2" and rows[-1][5] == "100,00"

        page.goto("/invoicing?month=2026-11")
        expect(page.get_by_test_id("later-note")).to_have_text(
            "Korjattu myöhemmin: 1 päivä, −50,00 €, oikaisu: joulukuu 2026")
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def downloaded_csv(page, filename):
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa CSV").click()
    download = info.value
    assert download.suggested_filename == filename
    data = open(download.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
