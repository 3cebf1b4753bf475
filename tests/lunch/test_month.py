"""A unit's month of lunches over real HTTP, on screen and as CSV, XLSX and a printable page
(webapp/lunch/routes.py month, webapp/lib/export.py), both databases.

Friday 20.11.2026 at 9.00: Anna and Veera (gluten-free) are expected Monday–Thursday; on
Wednesday 18.11. both came and ate, Anna's day is confirmed, and the kitchen served 3.
"""
import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from openpyxl import load_workbook

from tests import factories
from tests.checkin.test_flags import attend
from tests.http import login, post, text
from tests.moments import HEL
from tests.reports.test_pdf import pdf_download_text
from webapp.approvals import decisions
from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.lunch.models import LunchServed
from webapp.units.models import Closure

FRIDAY_MORNING = datetime(2026, 11, 20, 9, 0, tzinfo=HEL)
WEDNESDAY = date(2026, 11, 18)


@pytest.fixture
def november(people):
    veera = factories.make_client(people.unit, coach=people.coach, first_name="Veera", last_name="Vihreäinen",
                                  diets=("gluten",))
    people.unit.closures.append(Closure(starts_on=date(2026, 11, 2), ends_on=date(2026, 11, 2), reason="Suljettu"))
    db.session.commit()
    attend(people, WEDNESDAY, end=(14, 0))
    attend(people, WEDNESDAY, end=(14, 0), client=veera.client)
    db.session.execute(db.update(ActivityDay).values(lunch=True))
    db.session.add(LunchServed(unit_id=people.unit.id, day=WEDNESDAY, served=3))
    db.session.commit()
    with time_machine.travel(FRIDAY_MORNING, tick=False) as traveller:
        anna = db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == people.client.id))
        decisions.confirm(anna, people.coach)
        db.session.commit()
        yield traveller


def url(people, unit=None, **query) -> str:
    base = f"/units/{(unit or people.unit).id}/lunch"
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_month_page_has_a_row_per_open_day_the_totals_and_the_warning(http, people, november):
    login(http, people.kitchen)
    response = http.get(url(people, month="2026-11"))
    html = text(response)
    assert response.status_code == 200
    assert "Lounaat marraskuu 2026" in html
    table = html[html.index('data-testid="month-table"'):]
    assert table.count("<tr") == 1 + 21 - 1 + 1  # header, November's weekdays minus the closure, totals
    assert "ke 18.11." in table
    assert "Tarjoiltu enemmän kuin läsnä" in table
    assert 'data-testid="month-warning"' in html
    assert "Veera" not in html and "Anna" not in html  # a month of numbers, no names
    for fmt in ("csv", "xlsx", "print", "pdf"):
        assert f'href="/units/{people.unit.id}/lunch?month=2026-11&amp;format={fmt}"' in html


def test_the_month_is_this_month_by_default(http, people, november):
    login(http, people.manager)
    assert "Lounaat marraskuu 2026" in text(http.get(url(people)))


def test_the_csv_opens_in_finnish_excel(http, people, november):
    login(http, people.kitchen)
    response = http.get(url(people, month="2026-11", format="csv"))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "lounaat-2026-11-Kierr%C3%A4tyspaja.csv" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = response.data
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Päivä", "Ennuste", "Ilmoittautuneet lounaalle", "Vahvistetut", "Tarjoiltu", "Huomio"]
    by_day = {r[0]: r for r in rows[1:-1]}
    assert len(by_day) == 20
    assert "2.11.2026" not in by_day  # closed
    assert by_day["18.11.2026"] == ["18.11.2026", "2", "2", "1", "3", "Tarjoiltu enemmän kuin läsnä"]
    assert by_day["3.11.2026"] == ["3.11.2026", "2", "0", "0", "", ""]
    assert rows[-1] == ["Yhteensä", "32", "2", "1", "3", "Varoituksia 1"]
    assert b"\r\n" in data


def test_the_xlsx_has_real_numbers_and_dates(http, people, november):
    login(http, people.kitchen)
    response = http.get(url(people, month="2026-11", format="xlsx"))
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.active
    assert sheet.title == "Lounaat"
    assert [c.value for c in sheet[1]] == ["Päivä", "Ennuste", "Ilmoittautuneet lounaalle", "Vahvistetut",
                                           "Tarjoiltu", "Huomio"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    wednesday = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == datetime(2026, 11, 18))
    assert [c.value for c in wednesday[1:5]] == [2, 2, 1, 3]
    assert wednesday[0].number_format == "d.m.yyyy"
    last = sheet[sheet.max_row]
    assert [c.value for c in last] == ["Yhteensä", 32, 2, 1, 3, "Varoituksia 1"]
    assert last[0].font.bold
    assert book.properties.creator == "Kaija Keittiö"


def test_the_printable_page_says_who_produced_it_and_when(http, people, november):
    login(http, people.kitchen)
    response = http.get(url(people, month="2026-11", format="print"))
    html = text(response)
    assert response.status_code == 200
    assert "Tuottanut Kaija Keittiö, 20.11.2026 9.00" in html
    assert "<h1>Lounaat marraskuu 2026</h1>" in html and "Kierrätyspaja" in html
    assert "<td>18.11.2026</td>" in html
    assert '<th scope="row">Yhteensä</th>' in html


def test_a_coach_sees_her_units_month_and_not_anothers(http, people, november):
    login(http, people.coach)
    assert http.get(url(people, month="2026-11")).status_code == 200
    assert http.get(url(people, month="2026-11", format="csv")).status_code == 200
    post(http, "/logout")
    login(http, people.other_coach)
    for fmt in ("", "csv", "xlsx", "print", "pdf"):
        assert http.get(url(people, month="2026-11", format=fmt)).status_code == 404
    assert http.get(url(people, unit=people.other_unit, month="2026-11")).status_code == 200


def test_others_get_nothing(http, people, november):
    assert http.get(url(people, format="csv")).status_code == 302  # anonymous: sign in first
    login(http, people.client)
    assert http.get(url(people, format="csv")).status_code == 403


@pytest.mark.parametrize("query", [{"month": "2026-13"}, {"month": "2026-1"}, {"month": "marraskuu"},
                                   {"month": "1999-12"}, {"month": "2099-01"}, {"month": "2026-11-01"},
                                   {"format": "odt"}, {"format": "CSV"}, {"month": "2026-11", "format": "json"}])
def test_a_bad_month_or_format_is_404(http, people, november, query):
    login(http, people.kitchen)
    assert http.get(url(people, **query)).status_code == 404


def test_an_unknown_or_inactive_unit_is_404(http, people, november):
    login(http, people.kitchen)
    assert http.get("/units/99999/lunch").status_code == 404
    assert http.get("/units/99999999999999/lunch").status_code == 404
    people.other_unit.active = False
    db.session.commit()
    assert http.get(url(people, unit=people.other_unit)).status_code == 404
    post(http, "/logout")
    login(http, people.manager)  # a manager may still look back at a closed-down unit
    assert http.get(url(people, unit=people.other_unit)).status_code == 200


def test_the_pdf_is_the_printed_page(http, people, november):
    login(http, people.kitchen)
    words = pdf_download_text(http.get(url(people, month="2026-11", format="pdf")),
                              "lounaat-2026-11-Kierr%C3%A4tyspaja.pdf")
    assert "Lounaat marraskuu 2026" in words and "Kierrätyspaja" in words and "18.11.2026" in words
    assert "Tuottanut Kaija Keittiö, 20.11.2026 9.00" in words and "Yhteensä" in words
