"""The month's invoice basis (/invoicing) and its drill-down (/invoicing/clients) over HTTP, on
both databases: figures, problems, CSV (parsed), XLSX (opened), print, access, bad input; a
closed month's frozen figures, the adjustments the next close carries and the later-correction
notes on the original month."""
import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from tests import factories
from tests.http import login, post, text
from tests.moments import HEL
from tests.money.test_close import DECEMBER, NOVEMBER, anna, close_december, fill_november  # noqa: F401
from tests.money.test_compensation import day_record
from tests.reports.test_pdf import pdf_download_text
from webapp.approvals import decisions
from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.money import close
from webapp.money.models import DayPrice
from webapp.clients.models import ServicePeriod


@pytest.fixture
def november(people):
    """Helsinki buys "work": 50 € a day, 52,50 € from 16.11. Anna: 2 days before, 1 after.
    Pekka's period names no orderer: 1 problem day. Espoo buys "coach" with no price: 1 day."""
    helsinki, espoo = factories.make_municipality(), factories.make_municipality("Espoo")
    work, coaching = factories.service_type(), factories.service_type("coach")
    db.session.add_all([DayPrice(orderer_id=helsinki.id, service_type_id=work.id, valid_from=date(2026, 1, 1),
                                 price_cents=5000),
                        DayPrice(orderer_id=helsinki.id, service_type_id=work.id, valid_from=date(2026, 11, 16),
                                 price_cents=5250)])
    asiakas, pekka = people.client.client, people.other_client.client
    for on in (date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 16)):
        day_record(asiakas, people.unit, on)
    day_record(asiakas, people.unit, date(2026, 11, 4), kind="absent")
    pekka_period = db.session.scalar(db.select(ServicePeriod).where(ServicePeriod.client_id == pekka.person_id))
    pekka_period.orderer_id = None
    day_record(pekka, people.other_unit, date(2026, 11, 5))
    third = factories.make_client(people.unit, first_name="Veera", last_name="Kolmas")
    third_period = db.session.scalar(db.select(ServicePeriod).where(ServicePeriod.client_id == third.id))
    third_period.orderer, third_period.service_type = espoo, coaching
    day_record(third.client, people.unit, date(2026, 11, 6), kind="remote")
    db.session.commit()
    return helsinki, espoo, work, coaching


def test_the_manager_sees_days_times_the_price_of_each_day_and_the_problems(http, people, november):
    helsinki, espoo, work, coaching = november
    login(http, people.manager)
    response = http.get("/invoicing?month=2026-11")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = text(response)
    group = page[page.index(f'data-testid="group-{helsinki.id}-{work.id}"'):]
    group = group[:group.index("</tbody>")]
    assert "50,00\xa0€" in group and "52,50\xa0€" in group and "152,50\xa0€" in group
    espoo_group = page[page.index(f'data-testid="group-{espoo.id}-{coaching.id}"'):]
    assert "Ei päivähintaa" in espoo_group[:espoo_group.index("</tbody>")]
    assert f"/invoicing/prices?orderer={espoo.id}&amp;type={coaching.id}" in page
    assert 'data-testid="group-none-' in page and "Ei tilaajaa" in page
    assert "2 vahvistettua päivää puuttuu laskulta" in page
    assert '<td class="num" data-testid="total-days">5</td>' in page
    assert "152,50\xa0€" in page[page.index('data-testid="total-amount"'):]


def test_the_csv_is_for_finnish_excel_and_adds_up(http, people, november):
    login(http, people.manager)
    response = http.get("/invoicing?month=2026-11&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "laskutusperuste-2026-11.csv" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tilaaja", "Palvelun tyyppi", "Päivähinta (€)", "Päiviä", "Asiakkaita", "Summa (€)", "Huomio"]
    helsinki = [r for r in rows[1:-1] if r[0] == "Helsinki"]
    assert [(r[2], r[3], r[5]) for r in helsinki] == [("50,00", "2", "100,00"), ("52,50", "1", "52,50")]
    assert [r for r in rows if r[0] == "Espoo"][0][6] == "Ei päivähintaa"
    assert rows[-1][0] == "Yhteensä" and rows[-1][3] == "5" and rows[-1][5] == "152,50"
    assert rows[-1][6] == "Ongelmapäiviä 2"


def test_the_xlsx_opens_with_real_numbers(http, people, november):
    login(http, people.manager)
    response = http.get("/invoicing?month=2026-11&format=xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tilaaja"
    helsinki = [r for r in rows[1:] if r[0] == "Helsinki"]
    assert [(Decimal(str(r[2])), r[3], Decimal(str(r[5]))) for r in helsinki] == [
        (Decimal("50"), 2, Decimal("100")), (Decimal("52.5"), 1, Decimal("52.5"))]
    assert rows[-1][0] == "Yhteensä" and rows[-1][3] == 5 and Decimal(str(rows[-1][5])) == Decimal("152.5")


def test_the_printable_page_says_who_produced_it(http, people, november):
    login(http, people.manager)
    page = text(http.get("/invoicing?month=2026-11&format=print"))
    assert 'data-testid="produced"' in page and "Marja Johtaja" in page
    assert "Laskutusperuste marraskuu 2026" in page and "152,50" in page


def test_the_drill_down_lists_the_clients_with_their_days(http, people, november):
    helsinki, _espoo, work, _coaching = november
    login(http, people.manager)
    page = text(http.get(f"/invoicing/clients?month=2026-11&orderer={helsinki.id}&type={work.id}"))
    assert "Asiakas, Anna" in page and "Toinen, Pekka" not in page and "152,50\xa0€" in page
    assert f'/invoicing/clients?month=2026-11&amp;orderer={helsinki.id}&amp;type={work.id}' in \
        text(http.get("/invoicing?month=2026-11"))
    none = text(http.get(f"/invoicing/clients?month=2026-11&orderer=none&type={work.id}"))
    assert "Toinen, Pekka" in none and "Asiakas, Anna" not in none
    rows = list(csv.reader(io.StringIO(http.get(
        f"/invoicing/clients?month=2026-11&orderer={helsinki.id}&type={work.id}&format=csv").get_data().decode(
        "utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Asiakas, Anna", "3", "0", "152,50", "", ""]
    sheet = load_workbook(io.BytesIO(http.get(
        f"/invoicing/clients?month=2026-11&orderer={helsinki.id}&type={work.id}&format=xlsx").get_data())).active
    assert sheet["A2"].value == "Asiakas, Anna" and sheet["B2"].value == 3


def test_an_empty_month_says_so(http, people):
    login(http, people.manager)
    response = http.get("/invoicing?month=2026-05")
    assert response.status_code == 200 and "Tässä kuussa ei ole vahvistettuja päiviä." in text(response)
    rows = list(csv.reader(io.StringIO(http.get("/invoicing?month=2026-05&format=csv").get_data().decode(
        "utf-8-sig")), delimiter=";"))
    assert rows[-1][:4] == ["Yhteensä", "", "", "0"]


@pytest.mark.parametrize("query", ["month=2026-13", "month=x", "month=1999-12", "month=2026-11&format=odt",
                                   "month=2026-11&format=json"])
def test_bad_parameters_are_404(http, people, query):
    login(http, people.manager)
    assert http.get(f"/invoicing?{query}").status_code == 404


@pytest.mark.parametrize("query", ["orderer=abc&type=1", "orderer=999999&type=999999", "orderer=&type=",
                                   "type=1", "orderer=none&type=x", "orderer=none&type=999999999999999"])
def test_a_drill_down_of_nothing_real_is_404(http, people, november, query):
    login(http, people.manager)
    assert http.get(f"/invoicing/clients?month=2026-11&{query}").status_code == 404


def test_an_orderer_without_a_type_is_404(http, people, november):
    helsinki, _espoo, _work, _coaching = november
    login(http, people.manager)
    assert http.get(f"/invoicing/clients?month=2026-11&orderer={helsinki.id}&type=none").status_code == 404


@pytest.mark.parametrize("persona", ["coach", "other_coach", "client", "kitchen"])
@pytest.mark.parametrize("url", ["/invoicing?month=2026-11", "/invoicing?month=2026-11&format=csv",
                                 "/invoicing?month=2026-11&format=xlsx", "/invoicing?month=2026-11&format=pdf",
                                 "/invoicing/clients?month=2026-11&orderer=none&type=none"])
def test_only_a_manager_sees_the_invoice_basis(http, people, persona, url):
    login(http, getattr(people, persona))
    assert http.get(url).status_code == 403


def test_anonymous_is_sent_to_log_in(http, people):
    assert http.get("/invoicing").status_code == 302
    assert http.get("/invoicing/clients?orderer=none&type=none").status_code == 302


def test_the_basis_is_read_only(http, people):
    login(http, people.manager)
    assert post(http, "/invoicing", {}).status_code == 405
    assert post(http, "/invoicing/clients", {}).status_code == 405


# --- A closed month: frozen lines, adjustments, later corrections ---------------------------------

@pytest.fixture
def closed_november(people, anna):  # noqa: F811
    """Helsinki buys "work" at 50 €. Anna's November (17 days at unit A) is closed on 10.12.; then
    her 5.11 is corrected as not counted. Pekka's 3.11 at unit B (not closed) stays live."""
    helsinki, work = factories.make_municipality(), factories.service_type()
    db.session.add(DayPrice(orderer_id=helsinki.id, service_type_id=work.id, valid_from=date(2026, 1, 1),
                            price_cents=5000))
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=False):
        fill_november(people, anna)
        day_record(people.other_client.client, people.other_unit, date(2026, 11, 3))
        db.session.commit()
        close.close_month(people.unit, NOVEMBER, people.manager)
        db.session.commit()
        day = db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == anna.person_id,
                                                             ActivityDay.day == date(2026, 11, 5)))
        decisions.correct_closed_day(day, people.manager, counted=False, reason="Ei paikalla")
        db.session.commit()
    return helsinki, work


def csv_rows(http, url):
    return list(csv.reader(io.StringIO(http.get(url).get_data().decode("utf-8-sig")), delimiter=";"))


def test_a_closed_month_keeps_its_frozen_figures_and_notes_the_pending_correction(http, people, closed_november):
    helsinki, work = closed_november
    login(http, people.manager)
    page = text(http.get("/invoicing?month=2026-11"))
    assert "Suljettu 1/2 toimipisteessä" in page
    assert '<td class="num" data-testid="total-days">18</td>' in page  # 17 frozen + Pekka's live day
    assert "900,00\xa0€" in page[page.index('data-testid="total-amount"'):]
    assert "Korjaus odottaa seuraavaa sulkemista: 1 päivä, −50,00\xa0€" in page
    rows = csv_rows(http, "/invoicing?month=2026-11&format=csv")
    assert [(r[2], r[3], r[5]) for r in rows[1:-1]] == [("50,00", "18", "900,00")]
    assert "Korjaus odottaa seuraavaa sulkemista" in rows[1][6]
    assert rows[-1][3] == "18" and rows[-1][5] == "900,00"


def test_a_retro_price_change_does_not_change_a_closed_month(http, people, closed_november):
    helsinki, work = closed_november
    db.session.add(DayPrice(orderer_id=helsinki.id, service_type_id=work.id, valid_from=date(2026, 11, 2),
                            price_cents=6000))
    db.session.commit()
    login(http, people.manager)
    rows = csv_rows(http, "/invoicing?month=2026-11&format=csv")
    assert [(r[2], r[3], r[5]) for r in rows[1:-1]] == [("50,00", "17", "850,00"), ("60,00", "1", "60,00")]
    assert "Korjaus odottaa seuraavaa sulkemista: 17 päivää, +110,00\xa0€" in rows[1][6]  # 16 × 10 € − 50 €
    assert rows[-1][3] == "18" and rows[-1][5] == "910,00"


def test_the_next_closed_month_carries_the_adjustment_with_its_original_day(http, people, anna, closed_november):  # noqa: F811
    close_december(people, anna)
    with time_machine.travel(datetime(2027, 1, 5, 12, tzinfo=HEL), tick=False):
        login(http, people.manager)
        page = text(http.get("/invoicing?month=2026-12"))
        november = text(http.get("/invoicing?month=2026-11"))
        rows = csv_rows(http, "/invoicing?month=2026-12&format=csv")
        sheet = load_workbook(io.BytesIO(http.get("/invoicing?month=2026-12&format=xlsx").get_data())).active
        printed = text(http.get("/invoicing?month=2026-12&format=print"))
        drill = text(http.get(f"/invoicing/clients?month=2026-11&orderer={closed_november[0].id}"
                              f"&type={closed_november[1].id}"))
    adjustment = page[page.index('data-testid="adjustment"'):]
    assert "Oikaisu: alkuperäinen päivä 5.11.2026" in adjustment[:adjustment.index("</tr>")]
    assert '<td class="num" data-testid="total-days">2</td>' in page  # 3 days − 1
    assert "100,00\xa0€" in page[page.index('data-testid="total-amount"'):]
    assert "Korjattu myöhemmin: 1 päivä, −50,00\xa0€, oikaisu: joulukuu 2026" in november
    assert "Korjaus odottaa" not in november
    assert [(r[3], r[5], r[6]) for r in rows[1:-1]] == [("3", "150,00", ""),
                                                        ("-1", "-50,00", "Oikaisu: alkuperäinen päivä 5.11.2026")]
    assert rows[-1][3] == "2" and rows[-1][5] == "100,00"
    cells = list(sheet.iter_rows(values_only=True))
    assert [(r[3], Decimal(str(r[5]))) for r in cells[1:-1]] == [(3, Decimal("150")), (-1, Decimal("-50"))]
    assert cells[-1][3] == 2 and Decimal(str(cells[-1][5])) == Decimal("100")
    assert "Oikaisu: alkuperäinen päivä 5.11.2026" in printed and "Suljettu 1/2 toimipisteessä" in printed
    assert "Korjattu myöhemmin: 5.11.2026 −50,00\xa0€, oikaisu: joulukuu 2026" in drill


def test_a_closed_months_drill_down_notes_the_pending_correction_per_client(http, people, closed_november):
    helsinki, work = closed_november
    login(http, people.manager)
    rows = csv_rows(http, f"/invoicing/clients?month=2026-11&orderer={helsinki.id}&type={work.id}&format=csv")
    assert rows[1][:4] == ["Asiakas, Anna", "17", "0", "850,00"]
    assert rows[1][4] == "Korjattu myöhemmin: 5.11.2026 −50,00\xa0€, odottaa seuraavaa sulkemista"
    assert rows[2] == ["Toinen, Pekka", "1", "0", "50,00", "", ""]


def test_the_pdfs_are_the_printed_pages(http, people, november):
    helsinki, _espoo, work, _coaching = november
    login(http, people.manager)
    words = pdf_download_text(http.get("/invoicing?month=2026-11&format=pdf"), "laskutusperuste-2026-11.pdf")
    assert "Laskutusperuste marraskuu 2026" in words and "152,50" in words and "Tuottanut Marja Johtaja" in words
    words = pdf_download_text(http.get(f"/invoicing/clients?month=2026-11&orderer={helsinki.id}&type={work.id}"
                                       "&format=pdf"), "laskutusperuste-2026-11-Helsinki-")
    assert "Asiakas, Anna" in words and "152,50" in words and "Tuottanut Marja Johtaja" in words
