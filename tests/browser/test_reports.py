"""Reports on a tablet (1024×768): the manager opens Raportit, finds a Kela report due, prints it,
marks it sent; the Kela and travel downloads open (CSV parsed, XLSX loaded, PDF read with
pdftotext); axe on every page; a 360 px phone without sideways scroll.

Wednesday 18.11.2026 at 10.00. Anna (Kela, travel compensation) was ill on 3.11. and came on 2.11.
"""
import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.a11y import axe, watch_console
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import HEL
from tests.money.test_compensation import day_record
from tests.reports.test_pdf import pdf_text
from webapp.extensions import db
from webapp.money.models import KelaReport

pytestmark = pytest.mark.browser

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=HEL)


@pytest.fixture
def november(people):
    anna = people.client.client
    anna.travel_compensation = True
    day_record(anna, people.unit, date(2026, 11, 2))
    absent = day_record(anna, people.unit, date(2026, 11, 3), kind="absent")
    absent.absence_reason = "own_illness"
    db.session.commit()
    with time_machine.travel(NOW, tick=True):
        yield


def csv_of(download) -> list[list[str]]:
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_manager_prints_a_due_kela_report_and_marks_it_sent(tablet, people, november):
    page = tablet
    problems = watch_console(page)
    browser_login(page, people.manager)
    page.get_by_role("link", name="Raportit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raportit")
    axe(page, problems, "reports")
    page.get_by_role("link", name="Kelan poissaoloilmoitukset: lähettämättä").click()
    expect(page.get_by_test_id("due-row")).to_have_count(12)  # Anna's and Pekka's
    rows = page.get_by_test_id("due-row").filter(has_text="Asiakas, Anna")
    expect(rows).to_have_count(6)  # from the period of 1.9. to the one that ended on Sunday
    expect(rows.last).to_contain_text("2.11.–15.11.2026")
    expect(rows.last).to_contain_text("Ei tulostettu")
    axe(page, problems, "reports due")

    rows.last.get_by_role("link", name="Tulosta").click()
    expect(page.get_by_test_id("produced")).to_contain_text("Tuottanut Marja Johtaja, 18.11.2026")
    expect(page.get_by_test_id("tt3")).to_have_count(1)
    expect(page.get_by_test_id("tt3")).to_contain_text("Oma sairaus")
    axe(page, problems, "TT3 print page")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Tulosta")).to_be_hidden()
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.get_by_test_id("produced")).to_be_visible()
    page.emulate_media(media="screen")
    assert db.session.scalar(db.select(KelaReport.produced_by_id)) is None  # opening it records nothing
    page.get_by_role("button", name="Merkitse tulostetuksi").click()
    expect(page.get_by_role("status").first).to_contain_text("1 ilmoitus merkitty tulostetuksi.")
    assert db.session.scalar(db.select(KelaReport.produced_by_id)) == people.manager.id

    page.goto("/reports/kela/due")
    expect(rows.last).to_contain_text("Tulostettu 18.11.2026")
    rows.last.get_by_role("button", name="Merkitse lähetetyksi").click()
    expect(page.get_by_role("status").first).to_contain_text("Merkitty lähetetyksi Kelaan: Anna Asiakas, "
                                                            "2.11.–15.11.2026.")
    expect(rows).to_have_count(5)
    db.session.expire_all()
    assert db.session.scalar(db.select(KelaReport.sent_by_id)) == people.manager.id
    axe(page, problems, "reports due after sending")
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def test_the_kela_and_travel_downloads_open(tablet, people, november):
    page = tablet
    problems = watch_console(page)
    browser_login(page, people.coach, home=False)
    page.goto("/reports/kela?period=2026-11-02")
    expect(page.get_by_test_id("kela-client")).to_contain_text("Oma sairaus")
    axe(page, problems, "Kela period")
    assert_no_sideways_scroll(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa CSV").click()
    assert info.value.suggested_filename == "kela-tt3-2026-11-02.csv"
    rows = csv_of(info.value)
    assert rows[0][7:10] == ["Poissaolopäivä", "Koodi", "Poissaolon syy"]
    assert rows[1][7:10] == ["3.11.2026", "S", "Oma sairaus"]
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa Excel (XLSX)").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert [c.value for c in sheet[2]][7:10] == [datetime(2026, 11, 3), "S", "Oma sairaus"]
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa PDF").click()
    assert info.value.suggested_filename == "kela-tt3-2026-11-02.pdf"
    words = pdf_text(Path(info.value.path()).read_bytes())
    assert "Ilmoitus poissaolosta (TT3)" in words and "Oma sairaus" in words
    assert "Tuottanut Kaisa Ohjaaja, 18.11.2026" in words and "Tulosta" not in words

    page.goto("/reports/travel?month=2026-11")
    expect(page.get_by_test_id("municipality")).to_contain_text("Asiakas, Anna")
    expect(page.get_by_test_id("travel-note")).to_contain_text("Etäpäivinä ei matkusteta")
    axe(page, problems, "travel")
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa CSV").click()
    assert csv_of(info.value)[1] == ["Helsinki", "Asiakas, Anna", str(people.client.id), "1", "2.11.", "0", ""]
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa Excel (XLSX)").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert [c.value for c in sheet[2]][3] == 1
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa PDF").click()
    assert info.value.suggested_filename == "matkakorvaukset-2026-11.pdf"
    words = pdf_text(Path(info.value.path()).read_bytes())
    assert "Matkakorvaukset marraskuu 2026" in words and "Asiakas, Anna" in words and "sivu 1/1" in words
    page.get_by_role("link", name="Tulostettava sivu").click()
    expect(page.get_by_test_id("produced")).to_contain_text("Tuottanut Kaisa Ohjaaja, 18.11.2026")
    axe(page, problems, "travel print")
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def test_a_phone_shows_the_reports_without_sideways_scroll(phone, people, november):
    page = phone
    browser_login(page, people.manager, home=False)
    for path in ("/reports", "/reports/kela/due", "/reports/kela?period=2026-11-02", "/reports/travel?month=2026-11",
                 f"/reports/kela?period=2026-11-02&client={people.client.id}&format=print"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_sideways_scroll(page)


def test_the_office_narrows_the_kela_period_to_a_unit_and_pages_through_it(phone, people, november, monkeypatch):
    """Many Kela clients: one unit's at a time, a page at a time, on a phone."""
    from tests.money.test_compensation import payers
    from tests.reports.test_kela import make_client
    from webapp.reports import kela

    monkeypatch.setattr(kela, "PAGE_SIZE", 2)
    for name in ("Bertta", "Cecilia"):
        make_client(people, name, ("kela", date(2020, 1, 1)))
    payers(people.other_client.client, ("kela", date(2020, 1, 1)))
    db.session.commit()
    page = phone
    problems = watch_console(page)
    browser_login(page, people.manager, home=False)
    page.goto("/reports/kela?period=2026-11-02")
    expect(page.get_by_test_id("client-count")).to_have_text(
        "4 asiakasta, sivu 1 / 2. Lataukset ja tulostettava sivu sisältävät kaikki.")
    pager = page.get_by_test_id("pager")
    expect(pager.get_by_role("link")).to_have_count(2)  # page 2 and "next"
    axe(page, problems, "Kela period, page 1")
    assert_no_sideways_scroll(page)
    pager.get_by_role("link", name="Seuraava sivu").click()
    expect(page.get_by_test_id("kela-client")).to_have_count(2)
    expect(page.get_by_test_id("kela-client").first).to_contain_text("Kela, Cecilia")
    expect(page.get_by_test_id("kela-client").last).to_contain_text("Toinen, Pekka")
    expect(pager.locator("[aria-current=page]")).to_have_text("Sivu 2")

    page.get_by_label("Toimipiste").select_option(label="Puutyöpaja")
    page.get_by_role("button", name="Näytä").click()
    expect(page.get_by_test_id("kela-client")).to_have_count(1)
    expect(page.get_by_test_id("kela-client")).to_contain_text("Toinen, Pekka")
    expect(page.get_by_test_id("client-count")).to_have_text("1 asiakas.")
    expect(page.get_by_test_id("pager")).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa CSV").click()
    assert [row[2] for row in csv_of(info.value)[1:]] == ["Toinen, Pekka"]
    page.get_by_role("link", name="Edellinen jakso").click()
    expect(page.get_by_label("Toimipiste")).to_have_value(str(people.other_unit.id))
    axe(page, problems, "Kela period, one unit")
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems
