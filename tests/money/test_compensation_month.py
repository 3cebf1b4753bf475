"""The office's month view of compensation per payer (/money/compensation), both databases."""

import csv
import io
from datetime import date, datetime

import pytest
import time_machine

from tests.http import login, text
from tests.moments import HEL
from tests.money.test_close import DECEMBER, NOVEMBER, anna, close_december, december, fill_november  # noqa: F401 (fixtures)
from tests.money.test_compensation import a_november, day_record, payers, rates
from webapp.approvals import decisions
from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.money import close
from webapp.money.month import month_view


@pytest.fixture
def november(people):
    a_november(people)


def test_the_manager_sees_each_payer_with_days_rates_amounts_and_totals(http, people, november):
    login(http, people.manager)
    page = text(http.get("/money/compensation?month=2026-11"))
    kela = page[page.index('data-testid="payer-kela"'):page.index('data-testid="payer-municipality"')]
    municipality = page[page.index('data-testid="payer-municipality"'):]
    assert "Asiakas, Anna" in kela and "9,00\xa0€ – 10,00\xa0€" in kela and "19,00\xa0€" in kela
    assert "Toinen, Pekka" in municipality and "9,00\xa0€" in municipality
    assert "Asiakas, Anna" not in municipality


def test_a_unit_filter_keeps_the_other_units_clients_out(http, people, november):
    login(http, people.manager)
    page = text(http.get(f"/money/compensation?month=2026-11&unit={people.other_unit.id}"))
    assert "Toinen, Pekka" in page and "Asiakas, Anna" not in page


@pytest.mark.parametrize("query", ["month=2026-13", "month=0000-01", "month=x", "unit=999999999999", "unit=abc"])
def test_bad_parameters_are_404(http, people, query):
    login(http, people.manager)
    assert http.get(f"/money/compensation?{query}").status_code == 404


@pytest.mark.parametrize("persona", ["coach", "client", "kitchen"])
def test_only_the_office_sees_everyones_money(http, people, persona):
    login(http, getattr(people, persona))
    assert http.get("/money/compensation").status_code == 403


# --- A closed month shows its frozen lines; a later correction shows in both months -------------

def test_a_closed_month_keeps_its_frozen_figures_and_notes_a_later_correction(
        http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    payers(people.other_client.client, ("municipality", date(2020, 1, 1)))
    day_record(people.other_client.client, people.other_unit, date(2026, 11, 3))  # the other unit stays open
    db.session.commit()
    day = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == date(2026, 11, 5)))
    decisions.correct_closed_day(day, people.manager, counted=False, reason="Ei osallistunut")
    rates(("kela", date(2026, 11, 16), 1000))  # a rate raised back in time changes nothing frozen
    db.session.commit()

    view = month_view(NOVEMBER)
    kela = {t.client_id: t for t in view.rows("kela")}
    assert (kela[anna.person_id].days, kela[anna.person_id].amount_cents) == (17, 17 * 900)
    assert [(t.client_id, t.days) for t in view.rows("municipality")] == [(people.other_client.id, 1)]  # live
    assert view.sums() == (18, 18 * 900)
    assert {(a.day, a.amount_cents, a.month) for a in view.later[(anna.person_id, "kela")]} == {
        (date(2026, 11, 5), -900, None)} | {(date(2026, 11, d), 100, None) for d in (16, 17, 18, 19, 23, 24, 25, 26,
                                                                                     30)}

    login(http, people.manager)
    page = text(http.get(f"/money/compensation?month=2026-11&unit={people.unit.id}"))
    assert "Kuukausi on suljettu 10.12.2026 (Marja Johtaja)" in page
    assert "Korjattu myöhemmin: 5.11.2026 −9,00\xa0€, odottaa seuraavaa sulkemista" in page
    assert "153,00\xa0€" in page
    assert "Suljettu 1/2 toimipisteessä" in text(http.get("/money/compensation?month=2026-11"))


def test_a_payer_changed_back_in_time_shows_the_new_payers_days_on_the_closed_month_too(  # noqa: F811
        http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    payers(anna, ("kela", date(2020, 1, 1)), ("municipality", date(2026, 11, 30)))  # Anna has no municipality row
    db.session.commit()
    view = month_view(NOVEMBER)
    assert [(a.payer, a.day, a.days) for a in view.later_elsewhere] == [("municipality", date(2026, 11, 30), 1)]
    assert view.sums() == (17, 17 * 900)  # the closed month itself is unchanged
    login(http, people.manager)
    page = text(http.get("/money/compensation?month=2026-11"))
    section = page[page.index('data-testid="later-elsewhere"'):]
    assert "Asiakas, Anna, Kunta (toimintaraha): Korjattu myöhemmin: 30.11.2026 +9,00\xa0€, odottaa seuraavaa " \
           "sulkemista" in section
    assert "Korjattu myöhemmin: 30.11.2026 −9,00\xa0€" in page[:page.index('data-testid="later-elsewhere"')]  # Kela
    rows = list(csv.reader(io.StringIO(http.get("/money/compensation?month=2026-11&format=csv").data
                                       .decode("utf-8-sig"), newline=""), delimiter=";"))
    assert ["Kunta (toimintaraha)", "Asiakas, Anna", str(anna.person_id), "", "", "", "",
            "Korjattu myöhemmin: 30.11.2026 +9,00\xa0€, odottaa seuraavaa sulkemista"] in rows


def test_the_adjustment_shows_in_the_month_that_carries_it_and_on_the_original_month(
        http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    day = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == date(2026, 11, 5)))
    decisions.correct_closed_day(day, people.manager, counted=False, reason="Ei osallistunut")
    db.session.commit()
    close_december(people, anna)

    view = month_view(DECEMBER, people.unit)
    assert [(a.client_id, a.day, a.days, a.amount_cents) for a in view.adjustments] == [
        (anna.person_id, date(2026, 11, 5), -1, -900)]
    assert view.sums("kela") == (3 - 1, 3 * 900 - 900)  # the month's lines add up: days plus adjustments
    assert [(a.day, a.month) for a in month_view(NOVEMBER).later[(anna.person_id, "kela")]] == [
        (date(2026, 11, 5), DECEMBER)]

    login(http, people.manager)
    with time_machine.travel(datetime(2027, 1, 5, 12, tzinfo=HEL), tick=False):
        page = text(http.get(f"/money/compensation?month=2026-12&unit={people.unit.id}"))
        assert "Alkuperäinen päivä 5.11.2026" in page and "18,00\xa0€" in page
        assert "oikaisu: joulukuu 2026" in text(http.get("/money/compensation?month=2026-11"))
        response = http.get(f"/money/compensation?month=2026-12&unit={people.unit.id}&format=csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert ["Kela (kulukorvaus)", "Asiakas, Anna", str(anna.person_id), "-1", "", "-9,00", "0",
            "Oikaisu: alkuperäinen päivä 5.11.2026"] in rows
    assert rows[-1][:6] == ["Kaikki yhteensä", "", "", "2", "", "18,00"]


# --- Days without a payer ------------------------------------------------------------------------

def test_days_without_a_payer_are_a_problem_with_a_link_to_fix_the_client(http, people, anna, december):  # noqa: F811
    """Imported on 16.11. with Kela from then: her confirmed 2.–12.11. had no payer and fell out of
    the money with no warning. They are a problem now, on the page and in the exports."""
    fill_november(people, anna)
    payers(anna, ("kela", date(2026, 11, 16)))
    payers(people.other_client.client, ("none", date(2020, 1, 1)))  # "none" is a payer: no problem
    day_record(people.other_client.client, people.other_unit, date(2026, 11, 3))
    db.session.commit()
    login(http, people.manager)
    page = text(http.get("/money/compensation?month=2026-11"))
    problem = page[page.index('data-testid="no-payer"'):]
    problem = problem[:problem.index("</section>")]
    assert "Maksaja puuttuu" in problem and "Asiakas, Anna" in problem and "Toinen, Pekka" not in problem
    assert "8 päivää" in problem and "2.11.2026–12.11.2026" in problem
    assert f'href="/clients/{anna.person_id}/edit?payer_from=2026-11-02"' in problem
    kela = page[page.index('data-testid="payer-kela"'):page.index('data-testid="payer-municipality"')]
    assert "Asiakas, Anna" in kela and ">9<" in kela  # 16.–30.11.: 9 days paid by Kela
    assert 'data-testid="no-payer"' not in text(http.get(f"/money/compensation?month=2026-11&unit={people.other_unit.id}"))
    rows = list(csv.reader(io.StringIO(http.get("/money/compensation?month=2026-11&format=csv").data
                                       .decode("utf-8-sig"), newline=""), delimiter=";"))
    assert ["Maksaja puuttuu", "Asiakas, Anna", str(anna.person_id), "8", "", "", "",
            "Maksaja puuttuu päiviltä 2.11.2026–12.11.2026: korjaa asiakkaan maksaja. Ei summissa."] in rows
    assert rows[-1][:6] == ["Kaikki yhteensä", "", "", "9", "", "81,00"]
    printed = text(http.get("/money/compensation?month=2026-11&format=print"))
    assert "8 päivää, joilta maksaja puuttuu" in printed


def test_the_link_opens_the_clients_payer_from_the_first_day_without_one(http, people, anna, december):  # noqa: F811
    payers(anna, ("kela", date(2026, 11, 16)))
    db.session.commit()
    login(http, people.manager)
    page = text(http.get(f"/clients/{anna.person_id}/edit?payer_from=2026-11-02"))
    assert 'value="2026-11-02"' in page
    assert '<option selected value="kela">' in page or '<option value="kela" selected>' in page
    assert http.get(f"/clients/{anna.person_id}/edit?payer_from=9999-99-99").status_code == 200  # ignored
