"""The access log in a browser: on a tablet (1024×768) the manager opens a client's page, follows
"Kuka on katsonut tietoja", reads who has looked at what and why, and downloads the CSV; she opens
the unusual-reading report. On a 360 px phone the client opens her own log from "Omat tietoni".
Wednesday 18.11.2026 at 11.00 Helsinki."""
import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from tests.a11y import axe, watch_console
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY
from webapp.audit import access

pytestmark = pytest.mark.browser


@pytest.fixture
def morning(people):
    """Kaisa opened Anna's goals at 9.00 and a Kela list naming her at 9.30; Anna has no reads else."""
    with time_machine.travel(DURING_THE_DAY - timedelta(hours=2), tick=False):
        access.log_read(people.coach, people.client.id, "goals")
    with time_machine.travel(DURING_THE_DAY - timedelta(minutes=90), tick=False):
        access.log_list(people.coach, [people.client.id, people.other_client.id], "kela_report")
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


def test_the_manager_reads_a_clients_access_log_and_downloads_it(tablet, people, morning):
    page = tablet
    problems = watch_console(page)
    browser_login(page, people.manager, home=False)
    page.goto(f"/clients/{people.client.id}")
    page.get_by_role("link", name="Kuka on katsonut tietoja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuka on katsonut tietoja")
    lines = page.get_by_test_id("access-line")
    expect(lines).to_have_count(4)  # her page and this log (the manager), the list and the goals (Kaisa)
    expect(lines.nth(0)).to_contain_text("lokitiedot")
    expect(lines.nth(1)).to_contain_text("asiakassivu")
    expect(lines.nth(2)).to_contain_text("Kaisa Ohjaaja")
    expect(lines.nth(2)).to_contain_text("Kelan poissaoloilmoitus (TT3)")
    expect(lines.nth(2)).to_contain_text("Kelan ilmoitus")
    expect(lines.nth(3)).to_contain_text("tavoitteet ja arvioinnit (GAS)")
    expect(lines.nth(3)).to_contain_text("18.11.2026 9.00")
    axe(page, problems, "client access log")
    assert_no_sideways_scroll(page)
    page.screenshot(path="/tmp/access-log-tablet.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("access-log-csv").click()
    assert info.value.suggested_filename == "lokitiedot-asiakas-2026-11-18.csv"
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Aika", "Lukija", "Rooli", "Mitä", "Tarkoitus", "Sivu"]
    assert [row[3] for row in rows[1:]] == ["lokitiedot", "lokitiedot", "asiakassivu",
                                            "Kelan poissaoloilmoitus (TT3) (luettelo)", "tavoitteet ja arvioinnit (GAS)"]
    assert rows[-1][:3] == ["18.11.2026 9.00", "Kaisa Ohjaaja", "ohjaaja"]


def test_the_manager_opens_the_unusual_reading_report(tablet, people, morning):
    page = tablet
    problems = watch_console(page)
    browser_login(page, people.manager, home=False)
    page.goto("/reports")
    page.get_by_role("link", name="Epätavallinen lukeminen").click()
    expect(page.get_by_test_id("bursts")).to_contain_text("Kukaan ei avannut 20 eri asiakkaan tietoja")
    page.get_by_label("Vähintään näin monta eri asiakasta").fill("2")
    page.get_by_label("Näin monen minuutin aikana").fill("600")
    page.get_by_role("button", name="Näytä").click()
    expect(page.get_by_test_id("bursts")).to_contain_text("Kukaan ei avannut 2 eri asiakkaan tietoja 600 minuutin")
    page.goto("/reports/reading?clients=1")  # past the browser's own check: the server's message
    expect(page.locator("#reading-clients-error")).to_contain_text("Anna luku väliltä 2–1000.")
    axe(page, problems, "unusual reading with an error")
    assert_no_sideways_scroll(page)


def test_the_client_reads_her_own_log_on_a_phone(phone, people, morning):
    page = phone
    problems = watch_console(page)
    browser_login(page, people.client, home=False)
    page.goto("/me/data")
    page.get_by_role("link", name="Kuka on katsonut tietojani").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuka on katsonut tietojani")
    lines = page.get_by_test_id("seen-line")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Klo 9.30 katsoi: Kelan poissaoloilmoitus (TT3) (luettelo, jossa olit mukana)")
    expect(lines.nth(1)).to_contain_text("Klo 9.00 katsoi: tavoitteet ja arvioinnit (GAS)")
    expect(lines.nth(1)).to_contain_text("Syy: arviointi ja suunnitelmat")
    axe(page, problems, "my access log")
    assert_no_sideways_scroll(page)
    page.screenshot(path="/tmp/access-log-phone.png", full_page=True)
