"""Kela's absence report (TT3) over real HTTP on both databases: the two-week periods, who is in a
period's report, the absence days with their codes, the exports, the due list and marking a
report sent (webapp/reports/kela.py, routes.py).

Wednesday 18.11.2026 at 10.00 (ISO week 47). The latest ended period is 2.11.–15.11.2026 (weeks
45–46). Anna (Kela since 2020, Mon–Thu at Kierrätyspaja from 1.9.2026): came 2.11., remote 5.11.,
came 9.11.; ill 3.11. (S), child ill 4.11. (L), other reason 10.11. (M); the service was not held
11.11.; nothing recorded on 12.11.
"""
import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from tests import factories
from tests.http import login, post, text
from tests.moments import HEL
from tests.money.test_compensation import day_record, payers
from tests.reports.test_pdf import pdf_download_text
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.lib.fi_ids import parse_hetu
from webapp.clients import hetu
from webapp.audit.models import AccessRead
from webapp.reference.models import Organisation
from webapp.money.models import KelaReport
from webapp.reports import kela
from webapp.reports.kela import latest_ended, period_of

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=HEL)
PERIOD = "2026-11-02"


def absence(client, unit, on: date, reason: str):
    record = day_record(client, unit, on, kind="absent")
    record.absence_reason = reason
    return record


@pytest.fixture
def november(people):
    anna = people.client.client
    day_record(anna, people.unit, date(2026, 11, 2))
    absence(anna, people.unit, date(2026, 11, 3), "own_illness")
    absence(anna, people.unit, date(2026, 11, 4), "child_illness")
    day_record(anna, people.unit, date(2026, 11, 5), kind="remote")
    day_record(anna, people.unit, date(2026, 11, 9))
    absence(anna, people.unit, date(2026, 11, 10), "other")
    absence(anna, people.unit, date(2026, 11, 11), "not_held")
    payers(people.other_client.client, ("municipality", date(2020, 1, 1)))
    db.session.commit()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_client(people, first_name, *rows):
    person = factories.make_client(people.unit, coach=people.coach, first_name=first_name, last_name="Kela")
    payers(person.client, *rows)
    db.session.commit()
    return person


def url(period=PERIOD, **query) -> str:
    query = {"period": period, **query}
    return "/reports/kela?" + "&".join(f"{k}={v}" for k, v in query.items() if v is not None)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";"))


# --- The periods -----------------------------------------------------------------------------

@pytest.mark.parametrize("day, start, end", [
    (date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 15)),  # Monday of week 45
    (date(2026, 11, 15), date(2026, 11, 2), date(2026, 11, 15)),  # Sunday of week 46
    (date(2026, 11, 18), date(2026, 11, 16), date(2026, 11, 29)),
    (date(2026, 12, 27), date(2026, 12, 14), date(2026, 12, 27)),  # weeks 51–52
    (date(2026, 12, 31), date(2026, 12, 28), date(2027, 1, 3)),  # week 53 alone: week 1 is odd too
    (date(2027, 1, 4), date(2027, 1, 4), date(2027, 1, 17)),  # weeks 1–2 of 2027
    (date(2026, 1, 1), date(2025, 12, 29), date(2026, 1, 11)),  # week 1 of 2026 begins in 2025
])
def test_a_period_is_two_iso_weeks_from_an_odd_weeks_monday(day, start, end):
    assert period_of(day) == (start, end)


def test_periods_follow_each_other_without_gaps_or_overlaps():
    day, previous_end = date(2020, 1, 1), None
    while day < date(2033, 1, 1):
        start, end = period_of(day)
        assert start.weekday() == 0 and end.weekday() == 6 and start.isocalendar()[1] % 2 == 1
        assert (end - start).days in (6, 13)
        if previous_end is not None:
            assert (start - previous_end).days == 1
        previous_end, day = end, end.toordinal() + 1
        day = date.fromordinal(day)


def test_the_latest_ended_period_is_the_one_before_today():
    assert latest_ended(date(2026, 11, 18)) == date(2026, 11, 2)
    assert latest_ended(date(2026, 11, 16)) == date(2026, 11, 2)
    assert latest_ended(date(2026, 11, 15)) == date(2026, 10, 19)  # the period ends tonight


# --- The report on screen --------------------------------------------------------------------

def test_the_report_lists_absence_days_with_codes_and_words_and_the_planned_days(http, people, november):
    login(http, people.manager)
    response = http.get(url())
    html = text(response)
    assert response.status_code == 200
    assert "2.11.–15.11.2026" in html
    section = html[html.index('data-testid="kela-client"'):]
    assert "Asiakas, Anna" in section
    assert "7 suunniteltua päivää" in section  # Mon–Thu twice, less the day not held
    table = section[section.index("<table"):section.index("</table>")]
    assert table.count("<tr>") == 4  # the header and three absences
    assert "<td>S</td><td>Oma sairaus</td>" in table
    assert "<td>L</td><td>Lapsen sairaus</td>" in table
    assert "<td>M</td><td>Muu syy</td>" in table
    assert "Palvelua ei järjestetty" not in table and "11.11." not in table
    assert "Palvelua ei järjestetty: 11.11." in section
    assert 'data-testid="missing"' in section and "12.11." in section[section.index('data-testid="missing"'):]
    assert "Toinen, Pekka" not in html  # paid by the municipality
    assert "Ei vielä tulostettu" in section
    assert "Kirjaimet ovat Läsnän lyhenteitä, eivät Kelan koodeja." in html  # the legend says what they are


def test_the_default_period_is_the_latest_ended_one(http, people, november):
    login(http, people.manager)
    assert "2.11.–15.11.2026" in text(http.get("/reports/kela"))


def test_only_clients_paid_by_kela_on_some_day_of_the_period_are_in_it(http, people, november):
    make_client(people, "Veera", ("kela", date(2020, 1, 1)), ("municipality", date(2026, 11, 5)))
    make_client(people, "Ville", ("municipality", date(2020, 1, 1)), ("kela", date(2026, 11, 15)))
    make_client(people, "Olavi", ("kela", date(2020, 1, 1)), ("municipality", date(2026, 11, 2)))
    make_client(people, "Niina", ("none", date(2020, 1, 1)))
    login(http, people.manager)
    html = text(http.get(url()))
    assert "Kela, Veera" in html and "Kela, Ville" in html
    assert "Kela, Olavi" not in html and "Kela, Niina" not in html


def test_a_client_without_a_period_or_days_in_it_is_not_listed(http, people, november):
    person = factories.make_client(people.unit, first_name="Pirjo", last_name="Jaksoton", period=False)
    assert person.client.payer_on(date(2026, 11, 2)) == "kela"
    login(http, people.manager)
    assert "Jaksoton" not in text(http.get(url()))


def test_the_csv_has_a_row_per_absence_and_leaves_out_the_days_not_held(http, people, november):
    login(http, people.manager)
    response = http.get(url(format="csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "kela-tt3-2026-11-02.csv" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(response)
    assert rows[0] == ["Jakso alkaa", "Jakso päättyy", "Asiakas", "Asiakasnumero", "Toimipiste",
                       "Suunniteltuja päiviä", "Merkitsemättä", "Poissaolopäivä", "Koodi", "Poissaolon syy",
                       "Lähetetty Kelaan", "Kela maksajana", "Henkilötunnus"]
    anna = str(people.client.id)
    assert [r[:-1] for r in rows[1:]] == [
        ["2.11.2026", "15.11.2026", "Asiakas, Anna", anna, "Kierrätyspaja", "7", "1", "3.11.2026", "S", "Oma sairaus", "",
         "Koko jakso"],
        ["2.11.2026", "15.11.2026", "Asiakas, Anna", anna, "Kierrätyspaja", "7", "1", "4.11.2026", "L",
         "Lapsen sairaus", "", "Koko jakso"],
        ["2.11.2026", "15.11.2026", "Asiakas, Anna", anna, "Kierrätyspaja", "7", "1", "10.11.2026", "M", "Muu syy", "",
         "Koko jakso"],
    ]


def test_a_client_without_absences_has_one_row_saying_so(http, people, november):
    login(http, people.manager)
    rows = csv_rows(http.get(url(period="2026-10-19", format="csv")))
    assert [r[2:-1] for r in rows[1:]] == [["Asiakas, Anna", str(people.client.id), "Kierrätyspaja", "8", "8", "", "",
                                          "Ei poissaoloja", "", "Koko jakso"]]


def test_the_xlsx_opens_with_dates_and_numbers(http, people, november):
    login(http, people.manager)
    response = http.get(url(format="xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.title == "Poissaolot"
    assert sheet["A1"].value == "Jakso alkaa" and sheet["A1"].font.bold
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[7], r[8], r[9]) for r in rows] == [(datetime(2026, 11, 3), "S", "Oma sairaus"),
                                                  (datetime(2026, 11, 4), "L", "Lapsen sairaus"),
                                                  (datetime(2026, 11, 10), "M", "Muu syy")]
    assert rows[0][3] == people.client.id and rows[0][5] == 7


def test_the_print_page_says_who_produced_it_and_the_button_records_the_report(http, people, november):
    db.session.add(Organisation(name="Työpajasäätiö sr", business_id="0112038-9", street_address="Pajakatu 3",
                                postal_code="00510", city="Helsinki", phone="09 123 4567"))
    db.session.commit()
    login(http, people.manager)
    response = http.get(url(format="print", client=people.client.id))
    html = text(response)
    assert response.status_code == 200
    assert "Tuottanut Marja Johtaja, 18.11.2026 10.00" in html
    assert "Ilmoitus poissaolosta (TT3)" in html and 'data-testid="tt3"' in html
    assert "<td>3.11.2026</td><td>S</td><td>Oma sairaus</td>" in html
    assert "Kirjaimet ovat Läsnän lyhenteitä, eivät Kelan koodeja." in html
    assert "Työpajasäätiö sr<br>Y-tunnus 0112038-9<br>Pajakatu 3, 00510 Helsinki<br>09 123 4567" in html
    assert "Ilmoituksen laati Marja Johtaja" in html
    assert 'data-testid="organisation-missing"' not in html
    assert db.session.scalar(db.select(db.func.count()).select_from(KelaReport)) == 0  # opening records nothing

    response = post(http, "/reports/kela/produced", {"period": "2026-11-02", "client": str(people.client.id)})
    assert response.status_code == 303
    assert response.headers["Location"] == url(format="print", client=people.client.id)
    report = db.session.scalar(db.select(KelaReport))
    assert (report.client_id, report.period_start, report.period_end) == (
        people.client.id, date(2026, 11, 2), date(2026, 11, 15))
    assert report.produced_by_id == people.manager.id and report.sent_at is None
    november.shift(3600)
    post(http, "/logout")
    login(http, people.coach)
    assert http.get(url(format="print")).status_code == 200
    assert "Ilmoituksen laati Kaisa Ohjaaja" in text(http.get(url(format="print")))
    assert post(http, "/reports/kela/produced", {"period": "2026-11-02"}).status_code == 303
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(KelaReport)) == 1
    report = db.session.scalar(db.select(KelaReport))
    assert report.produced_by_id == people.coach.id
    assert "Tulostettu 18.11.2026 11.00" in text(http.get(url()))


def test_the_print_page_says_when_the_providers_details_are_missing(http, people, november):
    login(http, people.manager)
    html = text(http.get(url(format="print", client=people.client.id)))
    assert 'data-testid="organisation-missing"' in html and "/settings/organisation" in html


@pytest.mark.parametrize("form, status", [({"period": "2026-11-03"}, 404), ({"period": "x"}, 404), ({}, 400),
                                          ({"period": "2026-11-02", "client": "999999"}, 404)])
def test_marking_printed_with_a_bad_period_or_client_is_refused_and_records_nothing(http, people, november, form,
                                                                                   status):
    login(http, people.manager)
    assert post(http, "/reports/kela/produced", form).status_code == status
    assert db.session.scalar(db.select(db.func.count()).select_from(KelaReport)) == 0


def test_a_coach_sees_her_clients_and_another_units_coach_sees_none(http, people, november):
    login(http, people.coach)
    assert "Asiakas, Anna" in text(http.get(url()))
    post(http, "/logout")
    login(http, people.other_coach)
    response = http.get(url())
    assert response.status_code == 200
    assert "Asiakas, Anna" not in text(response) and 'data-testid="no-clients"' in text(response)
    assert csv_rows(http.get(url(format="csv")))[1:] == []
    for fmt in (None, "csv", "xlsx", "print", "pdf"):
        assert http.get(url(client=people.client.id, format=fmt)).status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(KelaReport)) == 0


def names_on(response) -> list[str]:
    return re.findall(r'<h2 id="kela-\d+"><a [^>]*>([^<]+)</a>', text(response))


def test_the_unit_filter_shows_one_units_clients_on_screen_and_in_the_exports(http, people, november):
    payers(people.other_client.client, ("kela", date(2020, 1, 1)))
    db.session.commit()
    login(http, people.manager)
    assert names_on(http.get(url())) == ["Asiakas, Anna", "Toinen, Pekka"]
    assert names_on(http.get(url(unit=people.unit.id))) == ["Asiakas, Anna"]
    assert names_on(http.get(url(unit=people.other_unit.id))) == ["Toinen, Pekka"]
    page = text(http.get(url(unit=people.other_unit.id)))
    assert f'<option value="{people.other_unit.id}" selected>Puutyöpaja</option>' in page
    assert f"format=csv&amp;unit={people.other_unit.id}" in page or f"unit={people.other_unit.id}&amp;format=csv" in page
    response = http.get(url(unit=people.other_unit.id, format="csv"))
    assert [row[2] for row in csv_rows(response)[1:]] == ["Toinen, Pekka"]
    assert "Puuty" in response.headers["Content-Disposition"]
    printed = text(http.get(url(unit=people.unit.id, format="print")))
    assert "Asiakas, Anna" in printed and "Toinen, Pekka" not in printed and "Kierrätyspaja" in printed
    assert post(http, "/reports/kela/produced", {"period": "2026-11-02", "unit": str(people.unit.id)}
                ).status_code == 303
    assert db.session.scalar(db.select(db.func.count()).select_from(KelaReport)) == 1  # Anna's only


def test_a_client_who_came_to_another_unit_is_in_that_units_report_too(http, people, november):
    day_record(people.client.client, people.other_unit, date(2026, 11, 12))
    db.session.commit()
    login(http, people.manager)
    assert names_on(http.get(url(unit=people.other_unit.id))) == ["Asiakas, Anna"]
    assert names_on(http.get(url(unit=people.other_unit.id, period="2026-10-19"))) == []


def test_a_coach_may_filter_by_her_own_unit_only(http, people, november):
    login(http, people.coach)
    page = text(http.get(url(unit=people.unit.id)))
    assert "Asiakas, Anna" in page and "Puutyöpaja" not in page
    for fmt in (None, "csv", "xlsx", "print", "pdf"):
        assert http.get(url(unit=people.other_unit.id, format=fmt)).status_code == 404


def test_the_screen_shows_a_page_of_clients_and_the_exports_hold_them_all(http, people, november, monkeypatch):
    monkeypatch.setattr(kela, "PAGE_SIZE", 2)
    for name in ("Bertta", "Cecilia", "Daniel"):
        make_client(people, name, ("kela", date(2020, 1, 1)))
    login(http, people.manager)
    first = http.get(url())
    assert names_on(first) == ["Asiakas, Anna", "Kela, Bertta"]
    assert "4 asiakasta, sivu 1 / 2." in text(first)
    assert 'rel="next" href="/reports/kela?page=2&amp;period=2026-11-02"' in text(first)
    assert 'aria-current="page"' in text(first)
    second = http.get(url(page=2))
    assert names_on(second) == ["Kela, Cecilia", "Kela, Daniel"]
    assert 'rel="prev"' in text(second) and "sivu 2 / 2" in text(second)
    assert names_on(http.get(url(page=1, unit=people.unit.id))) == ["Asiakas, Anna", "Kela, Bertta"]
    links = re.findall(r'<a class="button" rel="next" href="([^"]+page=[^"]+)"', text(http.get(url(unit=people.unit.id))))
    assert len(links) == 1 and f"unit={people.unit.id}" in links[0] and "page=2" in links[0]
    assert sorted({row[2] for row in csv_rows(http.get(url(page=2, format="csv")))[1:]}) == [
        "Asiakas, Anna", "Kela, Bertta", "Kela, Cecilia", "Kela, Daniel"]


def test_marking_sent_returns_to_the_unit_and_page_it_was_marked_on(http, people, november, monkeypatch):
    monkeypatch.setattr(kela, "PAGE_SIZE", 1)
    bertta = make_client(people, "Bertta", ("kela", date(2020, 1, 1)))
    login(http, people.manager)
    page = text(http.get(url(unit=people.unit.id, page=2)))
    form = page[page.index(f'action="/reports/kela/{bertta.id}/{PERIOD}/sent"'):]
    form = form[:form.index("</form>")]
    assert f'name="unit" value="{people.unit.id}"' in form and 'name="page" value="2"' in form
    answer = post(http, f"/reports/kela/{bertta.id}/{PERIOD}/sent",
                  {"back": "report", "unit": str(people.unit.id), "page": "2"})
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/reports/kela?period={PERIOD}&unit={people.unit.id}&page=2"
    assert "Merkitty lähetetyksi Kelaan: Bertta Kela" in text(http.get(answer.headers["Location"]))


def test_one_clients_report_is_the_same_whatever_unit_was_chosen(http, people, november):
    login(http, people.manager)
    rows = csv_rows(http.get(url(client=people.client.id, unit=people.other_unit.id, format="csv")))
    assert {row[2] for row in rows[1:]} == {"Asiakas, Anna"}
    assert names_on(http.get(url(client=people.client.id, unit=people.other_unit.id))) == ["Asiakas, Anna"]


def test_one_page_of_clients_has_no_page_links(http, people, november):
    login(http, people.manager)
    page = text(http.get(url()))
    assert "1 asiakas." in page and 'data-testid="pager"' not in page


@pytest.mark.parametrize("query", [{"page": "3"}, {"page": "0"}, {"page": "-1"}, {"page": "x"}, {"page": "99999999999999999999"},
                                   {"unit": "abc"}, {"unit": "0"}, {"unit": "99999999999"}, {"unit": "-1"}])
def test_a_bad_page_or_unit_is_404(http, people, november, monkeypatch, query):
    monkeypatch.setattr(kela, "PAGE_SIZE", 1)
    make_client(people, "Bertta", ("kela", date(2020, 1, 1)))
    login(http, people.manager)
    assert http.get(url(page="2")).status_code == 200
    assert http.get(url(**query)).status_code == 404


@pytest.mark.parametrize("persona, status", [("client", 403), ("kitchen", 403), (None, 302)])
def test_clients_the_kitchen_and_strangers_get_nothing(http, people, november, persona, status):
    if persona:
        login(http, getattr(people, persona))
    for path in (url(), url(format="csv"), "/reports/kela/due", "/reports"):
        assert http.get(path).status_code == status


@pytest.mark.parametrize("query", [{"period": "2026-11-03"}, {"period": "2026-11-09"}, {"period": "x"},
                                   {"period": "2026-13-01"}, {"period": "2026-11-30"}, {"period": "1999-12-27"},
                                   {"period": "20261102"}, {"period": "2026-W45-1"}, {"client": "abc"}, {"client": "99999999999"},
                                   {"client": "0"}, {"format": "odt"}, {"format": "CSV"}])
def test_a_bad_period_client_or_format_is_404(http, people, november, query):
    login(http, people.manager)
    assert http.get(url(**query)).status_code == 404


# --- Due and sent ----------------------------------------------------------------------------

def due_rows(http) -> list[str]:
    html = text(http.get("/reports/kela/due"))
    return [chunk.split("</tr>")[0] for chunk in html.split('data-testid="due-row"')[1:]]


def test_the_due_list_has_every_ended_unsent_period_oldest_first(http, people, november):
    login(http, people.manager)
    rows = due_rows(http)
    # Anna's period began 1.9.2026, in the period 24.8.–6.9.; the running period is not due yet.
    assert [r.split("–")[0].rsplit(">", 1)[1] for r in rows] == ["24.8.", "7.9.", "21.9.", "5.10.", "19.10.", "2.11."]
    assert all("Asiakas, Anna" in r for r in rows)
    assert "Toinen, Pekka" not in text(http.get("/reports/kela/due"))


def test_marking_a_report_sent_takes_it_off_the_due_list_and_is_audited(http, people, november):
    login(http, people.manager)
    http.get(url(format="print", client=people.client.id))
    response = post(http, f"/reports/kela/{people.client.id}/{PERIOD}/sent")
    assert response.status_code == 303 and response.headers["Location"].endswith("/reports/kela/due")
    report = db.session.scalar(db.select(KelaReport))
    assert report.sent_at == NOW and report.sent_by_id == people.manager.id
    assert "Merkitty lähetetyksi Kelaan: Anna Asiakas, 2.11.–15.11.2026." in text(http.get("/reports/kela/due"))
    assert len(due_rows(http)) == 5
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "kela_report_sent"))
    assert event.actor_id == people.manager.id and event.entity_id == report.id
    assert "Lähetetty 18.11.2026 10.00" in text(http.get(url()))
    again = post(http, f"/reports/kela/{people.client.id}/{PERIOD}/sent", {"back": "report"})
    assert again.status_code == 303 and "/reports/kela?period=2026-11-02" in again.headers["Location"]
    assert "oli jo merkitty" in text(http.get(again.headers["Location"]))


def test_a_report_never_printed_here_can_be_marked_sent(http, people, november):
    login(http, people.coach)
    assert post(http, f"/reports/kela/{people.client.id}/2026-10-19/sent").status_code == 303
    report = db.session.scalar(db.select(KelaReport))
    assert report.produced_by_id == people.coach.id and report.sent_by_id == people.coach.id


def test_a_period_not_ended_cannot_be_marked_sent(http, people, november):
    login(http, people.manager)
    response = post(http, f"/reports/kela/{people.client.id}/2026-11-16/sent")
    assert response.status_code == 409
    assert "vasta, kun jakso on päättynyt" in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(KelaReport)) == 0


@pytest.mark.parametrize("path", ["{anna}/2026-11-03/sent", "{anna}/2026-11-30/sent", "{anna}/x/sent",
                                  "{pekka}/2026-11-02/sent", "99999/2026-11-02/sent", "99999999999/2026-11-02/sent"])
def test_marking_a_bad_period_or_a_client_not_paid_by_kela_is_404(http, people, november, path):
    login(http, people.manager)
    path = path.format(anna=people.client.id, pekka=people.other_client.id)
    assert post(http, f"/reports/kela/{path}").status_code == 404


@pytest.mark.parametrize("persona, status", [("other_coach", 404), ("client", 403), ("kitchen", 403), (None, 302)])
def test_only_staff_who_see_the_client_may_mark_it_sent(http, people, november, persona, status):
    if persona:
        login(http, getattr(people, persona))
    assert post(http, f"/reports/kela/{people.client.id}/{PERIOD}/sent").status_code == status
    assert db.session.scalar(db.select(db.func.count()).select_from(KelaReport)) == 0


def test_marking_sent_needs_the_csrf_token_and_a_post(http, people, november):
    login(http, people.manager)
    assert http.post(f"/reports/kela/{people.client.id}/{PERIOD}/sent").status_code == 400
    assert http.get(f"/reports/kela/{people.client.id}/{PERIOD}/sent").status_code == 405
    assert db.session.scalar(db.select(db.func.count()).select_from(KelaReport)) == 0


def test_a_set_of_days_is_one_integer_and_reads_back_in_order():
    from webapp.reports.kela import MAX_FLAG_DAYS, day_flags, days_of, flag_of
    start = date(2026, 11, 2)
    assert days_of(0b1000000000101, start) == [date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 14)]
    assert days_of(0, start) == []
    cache = {}
    assert days_of(5, start, cache) is not days_of(5, start, cache)  # a copy each time: callers may append
    for too_long in (start + timedelta(days=MAX_FLAG_DAYS), start - timedelta(days=1)):
        with pytest.raises(ValueError):
            day_flags(start, too_long)
        with pytest.raises(ValueError):
            flag_of(None, start, too_long)


# --- Only the days Kela pays ------------------------------------------------------------------

@pytest.fixture
def december(people):
    """Wednesday 16.12.2026: the period 30.11.–13.12.2026 has ended. Anna (Mon–Thu) is paid by
    Kela until 1.12. and by the municipality from 2.12.: ill on 1.12. and on 7.12."""
    anna = people.client.client
    payers(anna, ("kela", date(2020, 1, 1)), ("municipality", date(2026, 12, 2)))
    day_record(anna, people.unit, date(2026, 11, 30))
    absence(anna, people.unit, date(2026, 12, 1), "own_illness")
    absence(anna, people.unit, date(2026, 12, 7), "own_illness")
    absence(anna, people.unit, date(2026, 12, 9), "not_held")
    db.session.commit()
    with time_machine.travel(datetime(2026, 12, 16, 10, 0, tzinfo=HEL), tick=False) as traveller:
        yield traveller


def test_the_report_holds_only_the_days_kela_pays(http, people, december):
    """The TT3 for 30.11.–13.12. listed her 7.12. absence although the municipality pays her from 2.12."""
    login(http, people.manager)
    html = text(http.get(url(period="2026-11-30")))
    section = html[html.index('data-testid="kela-client"'):]
    section = section[:section.index("</section>")]
    assert "Asiakas, Anna" in section
    assert "2 suunniteltua päivää" in section  # Mon 30.11. and Tue 1.12., not 2.–3.12. or 7.–10.12.
    assert "ti 1.12.2026" in section and "7.12." not in section and "9.12." not in section
    assert 'data-testid="kela-days"' in section and "Kela maksajana 30.11.–1.12.2026" in section
    rows = csv_rows(http.get(url(period="2026-11-30", format="csv", client=people.client.id)))
    assert rows[0][-2] == "Kela maksajana"
    assert [(r[5], r[6], r[7], r[-2]) for r in rows[1:]] == [("2", "0", "1.12.2026", "30.11.–1.12.2026")]
    printed = text(http.get(url(period="2026-11-30", format="print", client=people.client.id)))
    assert "<td>1.12.2026</td>" in printed and "7.12.2026" not in printed
    assert "Kela maksajana 30.11.–1.12.2026" in printed


def test_a_client_kela_pays_from_mid_period_is_reported_from_that_day(http, people, december):
    veera = make_client(people, "Veera", ("municipality", date(2020, 1, 1)), ("kela", date(2026, 12, 8)))
    absence(veera.client, people.unit, date(2026, 12, 3), "other")
    absence(veera.client, people.unit, date(2026, 12, 10), "child_illness")
    db.session.commit()
    login(http, people.manager)
    rows = csv_rows(http.get(url(period="2026-11-30", format="csv", client=veera.id)))
    assert [(r[7], r[8]) for r in rows[1:]] == [("10.12.2026", "L")]  # not the municipality's 3.12.
    assert rows[1][5] == "3" and rows[1][6] == "2"  # Tue 8.–Thu 10.12. planned; 8. and 9.12. without a record
    assert rows[1][-2] == "8.12.–13.12.2026"


def test_a_client_paid_by_kela_the_whole_period_says_so(http, people, december):
    make_client(people, "Kalle", ("kela", date(2020, 1, 1)))
    login(http, people.manager)
    rows = csv_rows(http.get(url(period="2026-11-30", format="csv")))
    kalle = [r for r in rows[1:] if r[2] == "Kela, Kalle"]
    assert kalle and kalle[0][-2] == "Koko jakso"
    html = text(http.get(url(period="2026-11-30")))
    kalle_section = html[html.index("Kela, Kalle"):]
    kalle_section = kalle_section[:kalle_section.index("</section>")]
    assert 'data-testid="kela-days"' not in kalle_section


def test_the_pdf_holds_the_clients_form(http, people, november):
    db.session.add(Organisation(name="Työpajasäätiö sr", business_id="0112038-9"))
    db.session.commit()
    login(http, people.manager)
    words = pdf_download_text(http.get(url(format="pdf", client=people.client.id)),
                              f"kela-tt3-2026-11-02-{people.client.id}.pdf")
    assert "Ilmoitus poissaolosta (TT3)" in words and "Asiakas, Anna" in words and "Oma sairaus" in words
    assert "Tuottanut Marja Johtaja, 18.11.2026 10.00" in words and "sivu 1/1" in words
    assert "Työpajasäätiö sr" in words and "0112038-9" in words and "Ilmoituksen laati Marja Johtaja" in words
    assert "Merkitse tulostetuksi" not in words
    assert db.session.scalar(db.select(db.func.count()).select_from(KelaReport)) == 0


def test_the_henkilotunnus_is_on_the_files_and_the_paper_and_each_view_is_logged(http, people, november):
    hetu.seal(people.client.client, parse_hetu("131052-308T"))
    db.session.commit()
    login(http, people.manager)
    screen = text(http.get(url()))
    assert "308T" not in screen  # the screen does not need it
    assert db.session.scalar(db.select(db.func.count()).select_from(AccessRead).where(
        AccessRead.what == "henkilotunnus")) == 0
    rows = csv_rows(http.get(url(format="csv")))
    anna = [r for r in rows[1:] if r[2] == "Asiakas, Anna"]
    assert anna and all(r[-1] == "131052-308T" for r in anna)
    assert all(r[-1] == "" for r in rows[1:] if r[2] != "Asiakas, Anna")  # no code stored: empty
    printed = text(http.get(url(format="print", client=people.client.id)))
    assert '<dd data-testid="tt3-hetu">131052-308T</dd>' in printed
    logged = db.session.scalars(db.select(AccessRead).where(AccessRead.what == "henkilotunnus")).all()
    assert [(r.client_id, r.reader_id, r.purpose) for r in logged] == [(people.client.id, people.manager.id,
                                                                        "kela_report")] * 2
