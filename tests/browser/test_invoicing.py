"""Browser, tablet: the manager adds a day price, sees the month's invoice basis with it, opens a
drill-down, and downloads the CSV (parsed here); axe on each page, no CSP errors."""
import csv
import io
from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.a11y import axe, watch_console
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY
from tests.money.test_compensation import day_record
from webapp.extensions import db

pytestmark = pytest.mark.browser


def test_the_manager_adds_a_price_sees_the_invoice_basis_and_downloads_the_csv(tablet, people):
    page = tablet
    problems = watch_console(page)
    helsinki, work = factories.make_municipality(), factories.service_type()
    for on in (date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 9)):
        day_record(people.client.client, people.unit, on)
    db.session.commit()
    with time_machine.travel(DURING_THE_DAY, tick=True):
        browser_login(page, people.manager)
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
