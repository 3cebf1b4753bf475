"""The month's compensation as CSV, XLSX and a printable page (webapp/money/exports.py), both
databases: the table is built from `month.month_view`, so it agrees with the screen.

November 2026: Kela 9 € until 15.11., 10 € from 16.11.; the municipality 9 €. Anna (Kela):
confirmed 2.11. and remote 17.11. (19 €), an open day 18.11. Pekka (municipality, the other
unit): 3.11. (9 €).
"""
import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from tests.http import login, text
from tests.moments import HEL
from tests.money.test_compensation import a_november, day_record
from tests.reports.test_pdf import pdf_download_text
from webapp.extensions import db
from webapp.money import exports
from webapp.money.month import month_view
from webapp.lib.export import csv_bytes, xlsx_bytes

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=HEL)
NOVEMBER = date(2026, 11, 1)
HEADER = ["Maksaja", "Asiakas", "Asiakasnumero", "Päiviä", "Päivän summa (€)", "Yhteensä (€)",
          "Päiviä ilman summaa", "Huomautus"]


@pytest.fixture
def november(people):
    a_november(people)
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def names(people) -> dict[int, str]:
    return {people.client.id: "Asiakas, Anna", people.other_client.id: "Toinen, Pekka"}


def month_totals(unit=None):
    return month_view(NOVEMBER, unit)


def test_the_table_has_a_row_per_client_and_payer_and_totals_per_payer(app, people, november):
    with app.test_request_context():
        header, rows, footer = exports.compensation_table(month_totals(), names(people))
    assert header == HEADER
    assert rows == [
        ["Kela (kulukorvaus)", "Asiakas, Anna", people.client.id, 2, "9,00–10,00", Decimal("19.00"), 0, None],
        ["Kunta (toimintaraha)", "Toinen, Pekka", people.other_client.id, 1, Decimal("9.00"), Decimal("9.00"), 0, None],
    ]
    assert [r[0] for r in footer] == ["Yhteensä: Kela (kulukorvaus)", "Yhteensä: Kunta (toimintaraha)",
                                      "Kaikki yhteensä"]
    assert [(r[3], r[5]) for r in footer] == [(2, Decimal("19.00")), (1, Decimal("9.00")), (3, Decimal("28.00"))]


def test_days_without_a_rate_are_counted_and_add_nothing(app, people):
    day_record(people.client.client, people.unit, date(2026, 11, 2))
    db.session.commit()
    with app.test_request_context():
        header, rows, footer = exports.compensation_table(month_totals(), names(people))
        data = csv_bytes(header, rows, footer).decode("utf-8-sig")
    assert rows == [["Kela (kulukorvaus)", "Asiakas, Anna", people.client.id, 1, None, Decimal("0.00"), 1, None]]
    assert footer[-1][3:] == [1, None, Decimal("0.00"), 1, None]
    assert "Asiakas, Anna;" in data and ";1;;0,00;1;\r\n" in data


def test_the_csv_and_xlsx_of_the_table_open(app, people, november):
    with app.test_request_context():
        header, rows, footer = exports.compensation_table(month_totals(), names(people))
        data = csv_bytes(header, rows, footer)
        book = load_workbook(io.BytesIO(xlsx_bytes("Kulukorvaukset", header, rows, footer)))
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert parsed[0] == HEADER
    assert parsed[1][1:] == ["Asiakas, Anna", str(people.client.id), "2", "9,00–10,00", "19,00", "0", ""]
    assert parsed[-1] == ["Kaikki yhteensä", "", "", "3", "", "28,00", "0", ""]
    sheet = book.active
    assert [c.value for c in sheet[3]][1:6] == ["Toinen, Pekka", people.other_client.id, 1, 9, 9]
    assert [c.value for c in sheet[sheet.max_row]][3:6] == [3, None, 28]


def test_a_unit_filter_keeps_the_other_units_clients_out(app, people, november):
    with app.test_request_context():
        _, rows, footer = exports.compensation_table(month_totals(people.other_unit), names(people))
    assert [r[1] for r in rows] == ["Toinen, Pekka"] and footer[-1][5] == Decimal("9.00")


# --- Over HTTP ----------------------------------------------------------------------------------

def test_the_manager_downloads_the_month_as_csv(http, people, november):
    login(http, people.manager)
    response = http.get("/money/compensation?month=2026-11&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "kulukorvaukset-2026-11.csv" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == HEADER and rows[-1] == ["Kaikki yhteensä", "", "", "3", "", "28,00", "0", ""]


def test_the_manager_downloads_the_month_as_xlsx_and_prints_it(http, people, november):
    login(http, people.manager)
    response = http.get(f"/money/compensation?month=2026-11&unit={people.other_unit.id}&format=xlsx")
    assert response.status_code == 200
    assert "kulukorvaukset-2026-11-Puuty%C3%B6paja.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[2]][1:6] == ["Toinen, Pekka", people.other_client.id, 1, 9, 9]
    html = text(http.get("/money/compensation?month=2026-11&format=print"))
    assert "Tuottanut Marja Johtaja, 2.12.2026 9.00" in html
    assert "<h1>Kulukorvaukset marraskuu 2026</h1>" in html and "Kaikki toimipisteet" in html


@pytest.mark.parametrize("persona, status", [("coach", 403), ("other_coach", 403), ("client", 403),
                                             ("kitchen", 403), (None, 302)])
def test_only_the_office_downloads_everyones_money(http, people, november, persona, status):
    if persona:
        login(http, getattr(people, persona))
    for fmt in ("csv", "xlsx", "print", "pdf"):
        assert http.get(f"/money/compensation?month=2026-11&format={fmt}").status_code == status


@pytest.mark.parametrize("query", ["format=odt", "format=CSV", "month=2026-13&format=csv", "unit=abc&format=csv",
                                   "unit=999999999999&format=xlsx"])
def test_a_bad_format_month_or_unit_is_404(http, people, november, query):
    login(http, people.manager)
    assert http.get(f"/money/compensation?{query}").status_code == 404



def test_the_pdf_is_the_printed_page(http, people, november):
    login(http, people.manager)
    words = pdf_download_text(http.get(f"/money/compensation?month=2026-11&unit={people.other_unit.id}&format=pdf"),
                              "kulukorvaukset-2026-11-Puuty%C3%B6paja.pdf")
    assert "Kulukorvaukset marraskuu 2026" in words and "Toinen, Pekka" in words and "Puutyöpaja" in words
    assert "Tuottanut Marja Johtaja, 2.12.2026 9.00" in words
