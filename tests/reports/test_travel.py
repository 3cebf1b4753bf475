"""The travel compensation list (/reports/travel) over real HTTP on both databases: per home
municipality, the entitled clients with a confirmed day in the month and those days, on screen,
as CSV, XLSX and a printable page (webapp/reports/travel.py). Remote days are no travel: they
are shown apart and not counted.

20.11.2026. Anna (Helsinki, entitled): confirmed 2.11. on site and 3.11. remote; an open day 4.11.,
an absence 5.11. and a confirmed day in October do not count. Pekka (Vantaa, entitled, the other
unit): confirmed 9.11. Veera (Helsinki, not entitled): confirmed 2.11. Niko (entitled, no home
municipality): confirmed 10.11. Aino (Espoo, entitled): no confirmed day.
"""
import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from openpyxl import load_workbook

from tests import factories
from tests.http import login, post, text
from tests.moments import HEL
from tests.money.test_compensation import day_record
from tests.reports.test_pdf import pdf_download_text
from webapp.extensions import db

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=HEL)


@pytest.fixture
def november(people):
    anna, pekka = people.client.client, people.other_client.client
    anna.travel_compensation = pekka.travel_compensation = True
    pekka.home_municipality = factories.make_municipality("Vantaa")
    veera = factories.make_client(people.unit, coach=people.coach, first_name="Veera", last_name="Ei").client
    niko = factories.make_client(people.unit, coach=people.coach, first_name="Niko", last_name="Kunnaton").client
    niko.travel_compensation, niko.home_municipality = True, None
    aino = factories.make_client(people.unit, coach=people.coach, first_name="Aino", last_name="Poissa").client
    aino.travel_compensation, aino.home_municipality = True, factories.make_municipality("Espoo")
    day_record(anna, people.unit, date(2026, 11, 2))
    day_record(anna, people.unit, date(2026, 11, 3), kind="remote")
    day_record(anna, people.unit, date(2026, 11, 4), status="open")
    day_record(anna, people.unit, date(2026, 11, 5), kind="absent")
    day_record(anna, people.unit, date(2026, 11, 9), status="not_counted")
    day_record(anna, people.unit, date(2026, 10, 29))
    day_record(pekka, people.other_unit, date(2026, 11, 9))
    day_record(veera, people.unit, date(2026, 11, 2))
    day_record(niko, people.unit, date(2026, 11, 10))
    day_record(aino, people.unit, date(2026, 11, 6), kind="absent")
    db.session.commit()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def url(**query) -> str:
    query = {"month": "2026-11", **query}
    return "/reports/travel?" + "&".join(f"{k}={v}" for k, v in query.items() if v is not None)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_list_groups_entitled_clients_by_home_municipality_with_their_confirmed_days(http, people, november):
    login(http, people.manager)
    response = http.get(url())
    html = text(response)
    assert response.status_code == 200
    assert "Matkakorvaukset marraskuu 2026" in html
    sections = html.split('data-testid="municipality"')[1:]
    assert [s.split("</h2>")[0].rsplit(">", 1)[1] for s in sections] == ["Helsinki", "Vantaa", "Kotikunta puuttuu"]
    assert "Asiakas, Anna" in sections[0] and "2.11." in sections[0] and '<td class="num">1</td>' in sections[0]
    assert "4.11." not in sections[0] and "5.11." not in sections[0] and "9.11." not in sections[0]
    assert "Toinen, Pekka" in sections[1] and "9.11." in sections[1]
    assert "Kunnaton, Niko" in sections[2]
    assert "Ei, Veera" not in html and "Poissa, Aino" not in html and "Espoo" not in html


def test_the_month_is_this_month_by_default(http, people, november):
    login(http, people.manager)
    assert "Matkakorvaukset marraskuu 2026" in text(http.get("/reports/travel"))


def test_the_csv_has_a_row_per_client_and_the_totals(http, people, november):
    login(http, people.manager)
    response = http.get(url(format="csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "matkakorvaukset-2026-11.csv" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(response)
    assert rows == [
        ["Kotikunta", "Asiakas", "Asiakasnumero", "Matkapäiviä", "Matkapäivät", "Etäpäiviä (ei matkaa)",
         "Etäpäivät"],
        ["Helsinki", "Asiakas, Anna", str(people.client.id), "1", "2.11.", "1", "3.11."],
        ["Vantaa", "Toinen, Pekka", str(people.other_client.id), "1", "9.11.", "0", ""],
        ["Kotikunta puuttuu", "Kunnaton, Niko", rows[3][2], "1", "10.11.", "0", ""],
        ["Yhteensä", "3 asiakasta", "", "3", "", "1", ""],
    ]


def test_the_xlsx_opens_with_numbers(http, people, november):
    login(http, people.manager)
    response = http.get(url(format="xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.title == "Matkakorvaukset" and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == ["Helsinki", "Asiakas, Anna", people.client.id, 1, "2.11.", 1, "3.11."]
    assert [c.value for c in sheet[sheet.max_row]][3] == 3


def test_the_print_page_says_who_produced_it_and_when(http, people, november):
    login(http, people.manager)
    html = text(http.get(url(format="print")))
    assert "Tuottanut Marja Johtaja, 20.11.2026 9.00" in html
    assert "<h1>Matkakorvaukset marraskuu 2026</h1>" in html
    assert "<td>Asiakas, Anna</td>" in html and '<th scope="row">Yhteensä</th>' in html


def test_a_coach_sees_only_the_clients_she_may_see(http, people, november):
    login(http, people.coach)
    html = text(http.get(url()))
    assert "Asiakas, Anna" in html and "Toinen, Pekka" not in html
    post(http, "/logout")
    login(http, people.other_coach)
    html = text(http.get(url()))
    assert "Toinen, Pekka" in html and "Asiakas, Anna" not in html and "Kunnaton" not in html
    assert [r[1] for r in csv_rows(http.get(url(format="csv")))[1:-1]] == ["Toinen, Pekka"]


def test_an_empty_month_says_so(http, people, november):
    login(http, people.manager)
    html = text(http.get(url(month="2026-09")))
    assert 'data-testid="no-clients"' in html
    assert csv_rows(http.get(url(month="2026-09", format="csv")))[1:] == [["Yhteensä", "0 asiakasta", "", "0", "", "0", ""]]


@pytest.mark.parametrize("persona, status", [("client", 403), ("kitchen", 403), (None, 302)])
def test_clients_the_kitchen_and_strangers_get_nothing(http, people, november, persona, status):
    if persona:
        login(http, getattr(people, persona))
    assert http.get(url()).status_code == status
    assert http.get(url(format="csv")).status_code == status
    assert http.get(url(format="pdf")).status_code == status


@pytest.mark.parametrize("query", [{"month": "2026-13"}, {"month": "x"}, {"month": "1999-12"}, {"month": "2099-01"},
                                   {"month": "2026-11-01"}, {"format": "odt"}, {"format": "json"}])
def test_a_bad_month_or_format_is_404(http, people, november, query):
    login(http, people.manager)
    assert http.get(url(**query)).status_code == 404


def test_a_span_longer_than_a_month_keeps_every_day_in_order(people, november):
    from webapp.reports.travel import month_list
    day_record(people.client.client, people.unit, date(2026, 9, 30))
    db.session.commit()
    groups = month_list(people.manager, date(2026, 9, 1), date(2026, 11, 30))  # read 31 days at a time
    anna = next(c for g in groups for c in g.clients if c.client_id == people.client.id)
    assert anna.days == [date(2026, 9, 30), date(2026, 10, 29), date(2026, 11, 2)]
    assert anna.remote == [date(2026, 11, 3)]
    assert [(c.days, c.remote) for c in month_list(people.manager, date(2026, 11, 3), date(2026, 11, 3))[0].clients] == [
        ([], [date(2026, 11, 3)])]


def test_remote_days_are_no_travel_they_are_shown_apart_and_not_counted(http, people, november):
    """Nobody travels on a remote day: the list counts the days on site, and shows the remote ones
    apart, on the page and in every export, saying so."""
    only_remote = factories.make_client(people.unit, coach=people.coach, first_name="Riikka", last_name="Etä").client
    only_remote.travel_compensation = True
    day_record(only_remote, people.unit, date(2026, 11, 12), kind="remote")
    db.session.commit()
    login(http, people.manager)
    html = text(http.get(url()))
    assert "Etäpäivinä ei matkusteta" in html
    helsinki = html.split('data-testid="municipality"')[1]
    anna = helsinki[helsinki.index("Asiakas, Anna"):helsinki.index("</tr>", helsinki.index("Asiakas, Anna"))]
    assert '<td class="num">1</td><td>2.11.</td><td class="num">1</td><td>3.11.</td>' in anna
    riikka = helsinki[helsinki.index("Etä, Riikka"):helsinki.index("</tr>", helsinki.index("Etä, Riikka"))]
    assert '<td class="num">0</td><td></td><td class="num">1</td><td>12.11.</td>' in riikka
    rows = csv_rows(http.get(url(format="csv")))
    assert rows[-1] == ["Yhteensä", "4 asiakasta", "", "3", "", "2", ""]
    printed = text(http.get(url(format="print")))
    assert "Etäpäivinä ei matkusteta" in printed and "Etäpäiviä (ei matkaa)" in printed


def test_the_pdf_is_the_printed_page(http, people, november):
    login(http, people.manager)
    words = pdf_download_text(http.get(url(format="pdf")), "matkakorvaukset-2026-11.pdf")
    assert "Matkakorvaukset marraskuu 2026" in words and "Asiakas, Anna" in words
    assert "Tuottanut Marja Johtaja, 20.11.2026 9.00" in words and "sivu 1/1" in words
