"""GET /: the client's "today at a glance" (check-in, today's diary, the month's days, the next
planned days, links to the badge and own data); other roles as before."""
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from tests import factories
from tests.http import login, text
from tests.moments import HEL, MONTH_END
from webapp.checkin.models import ActivityDay
from webapp.approvals import decisions
from webapp.diary import overview
from webapp.extensions import db
from webapp.units.models import Closure

WEDNESDAY = datetime(2026, 11, 18, 11, 0, tzinfo=HEL)


@pytest.fixture
def wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def add_day(person, unit, day: date, hour=8):
    db.session.add(ActivityDay(client_id=person.id, unit_id=unit.id, day=day, check_in_method="badge",
                               check_in_at=datetime.combine(day, time(hour), HEL).astimezone(UTC)))
    db.session.commit()


def section(page: str, testid: str) -> str:
    match = re.search(rf'<section[^>]*data-testid="{testid}".*?</section>', page, re.DOTALL)
    assert match, testid
    return match.group(0)


def test_it_invites_to_write_when_the_diary_is_empty(http, people, wednesday):
    login(http, people.client)
    card = section(text(http.get("/")), "diary-card")
    assert "Kirjoita päiväkirjaan" in card and 'href="/diary"' in card


def test_it_shows_todays_entry_mood_energy_and_sharing(http, people, wednesday):
    factories.make_entry(people.client, date(2026, 11, 18), mood=4, energy=1, shared=True)
    login(http, people.client)
    card = section(text(http.get("/")), "diary-card")
    assert "Hyvä" in card and "Ei yhtään" in card and "Jaettu ohjaajalle" in card
    assert 'data-pictogram="mood-4"' in card and 'href="/diary/2026-11-18"' in card
    assert "Kirjoita päiväkirjaan" not in card


def test_a_private_entry_says_only_for_you(http, people, wednesday):
    factories.make_entry(people.client, date(2026, 11, 18), went_well="Kahvi")
    login(http, people.client)
    card = section(text(http.get("/")), "diary-card")
    assert "Vain sinulle" in card and "Jaettu ohjaajalle" not in card


def test_yesterdays_entry_is_not_todays(http, people, wednesday):
    factories.make_entry(people.client, date(2026, 11, 17), mood=5)
    login(http, people.client)
    assert "Kirjoita päiväkirjaan" in section(text(http.get("/")), "diary-card")


def test_it_shows_the_checkin_and_the_badge_link(http, people, wednesday):
    add_day(people.client, people.unit, date(2026, 11, 18), hour=8)
    login(http, people.client)
    page = text(http.get("/"))
    assert "Kirjauduit sisään klo 8.00." in section(page, "today-card")
    assert 'href="/me/badge"' in page and "Skannaa kioskin koodi" in page


def test_it_counts_this_months_days_in_helsinki_time(http, people):
    for day in (date(2026, 10, 31), date(2026, 11, 2), date(2026, 11, 30)):
        add_day(people.client, people.unit, day)
    add_day(people.other_client, people.other_unit, date(2026, 11, 3))
    with time_machine.travel(MONTH_END, tick=False):
        login(http, people.client)
        card = section(text(http.get("/")), "month-card")
        assert "Läsnäolopäiviä tässä kuussa: 2" in card
        assert "Kulukorvaus tähän mennessä: 0,00\xa0€" in card and "vahvistaa" in card  # none confirmed yet
    # 00:30 on 1 December in Helsinki is still 30 November in UTC: a new month already.
    with time_machine.travel(datetime(2026, 12, 1, 0, 30, tzinfo=HEL), tick=False):
        login(http, people.client)
        assert "Läsnäolopäiviä tässä kuussa: 0" in section(text(http.get("/")), "month-card")


def test_month_days_counts_the_first_and_last_day(app, people):
    for day in (date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 1)):
        add_day(people.client, people.unit, day)
    assert overview.month_days(people.client.client, date(2026, 11, 15)) == (2, 0)
    assert overview.month_days(people.client.client, date(2026, 12, 31)) == (1, 0)
    assert overview.month_days(people.client.client, date(2027, 1, 1)) == (0, 0)


def test_month_days_count_remote_days_not_absences_and_say_how_many_are_confirmed(app, people):
    with time_machine.travel(MONTH_END, tick=False):
        add_day(people.client, people.unit, date(2026, 11, 2))
        decisions.record_remote(people.client.client, people.unit, date(2026, 11, 3), 300, people.coach)
        decisions.record_absence(people.client.client, people.unit, date(2026, 11, 4), "own_illness", people.coach)
        db.session.commit()
        assert overview.month_days(people.client.client, date(2026, 11, 15)) == (2, 1)


def test_next_days_skip_closures_and_unplanned_weekdays(http, people, wednesday):
    # Anna's period plans Monday to Thursday; the unit is closed on Thursday 19.11.
    db.session.add(Closure(unit_id=people.unit.id, starts_on=date(2026, 11, 19), ends_on=date(2026, 11, 19),
                           reason="Koulutuspäivä"))
    db.session.commit()
    login(http, people.client)
    card = section(text(http.get("/")), "next-days")
    found = re.findall(r"<li>([^<]+)</li>", card)
    assert found == ["Keskiviikko 18.11.2026", "Maanantai 23.11.2026", "Tiistai 24.11.2026",
                     "Keskiviikko 25.11.2026", "Torstai 26.11.2026"]


def test_next_days_show_a_recorded_absence_as_an_absence(http, people, wednesday):
    # Anna told her coach about a job interview on Monday 23.11; the unit did not hold Tuesday's.
    decisions.record_absence(people.client.client, people.unit, date(2026, 11, 23), "job_interview", people.coach)
    db.session.add(ActivityDay(client_id=people.client.id, unit_id=people.unit.id, day=date(2026, 11, 24),
                               kind="absent", absence_reason="not_held", status="confirmed",
                               decided_at=datetime(2026, 11, 18, 9, 0, tzinfo=HEL), decided_by_id=people.coach.id))
    db.session.commit()
    login(http, people.client)
    card = section(text(http.get("/")), "next-days")
    items = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip()
             for li in re.findall(r"<li[^>]*>(.*?)</li>", card, re.DOTALL)]
    assert items == ["Keskiviikko 18.11.2026", "Torstai 19.11.2026",
                     "Maanantai 23.11.2026 Poissa: työhaastattelu tai vastaava",
                     "Tiistai 24.11.2026 Palvelua ei järjestetä", "Keskiviikko 25.11.2026"]
    assert [d.day for d in overview.next_planned_days(people.client.client, date(2026, 11, 18))
            if d.absence] == [date(2026, 11, 23), date(2026, 11, 24)]


def test_next_days_skip_weekdays_the_unit_is_closed(app, people):
    unit = factories.make_unit("Pieni paja", weekdays=(0, 2))  # open Mondays and Wednesdays
    client = factories.make_client(unit, first_name="Ville", period=False)
    factories.make_period(client.client, unit, starts_on=date(2026, 11, 1), weekdays=(0, 1, 2, 3))
    assert [d.day for d in overview.next_planned_days(client.client, date(2026, 11, 18))] == [
        date(2026, 11, 18), date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 30), date(2026, 12, 2)]


def test_next_days_stop_when_the_period_ends(app, people):
    client = factories.make_client(people.unit, first_name="Ville", period=False)
    factories.make_period(client.client, people.unit, starts_on=date(2026, 9, 1), weekdays=(0,))
    period = client.client.periods[0]
    period.ends_on = date(2026, 11, 30)
    db.session.commit()
    assert [d.day for d in overview.next_planned_days(client.client, date(2026, 11, 18))] == [
        date(2026, 11, 23), date(2026, 11, 30)]


def test_next_days_start_with_a_future_period(app, people):
    client = factories.make_client(people.unit, first_name="Ville", period=False)
    factories.make_period(client.client, people.unit, starts_on=date(2027, 1, 4), weekdays=(4,))  # Fridays
    assert [d.day for d in overview.next_planned_days(client.client, date(2026, 11, 18), count=2)] == [
        date(2027, 1, 8), date(2027, 1, 15)]


def test_without_a_period_it_says_no_planned_days(http, people, wednesday):
    client = factories.make_client(people.unit, first_name="Ville", email="ville@example.fi",
                                   password=factories.PASSWORD, period=False)
    login(http, client)
    assert "Ei suunniteltuja päiviä" in section(text(http.get("/")), "next-days")


def test_it_links_to_own_data_and_the_access_log(http, people, wednesday):
    login(http, people.client)
    page = text(http.get("/"))
    for href in ('href="/me/data"', 'href="/me/data.json"', 'href="/diary/access"'):
        assert href in page


def test_the_kitchen_goes_to_its_lunch_view(http, people, wednesday):
    login(http, people.kitchen)
    response = http.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/kitchen")


@pytest.mark.parametrize("who, target", [("coach", "/clients/mine"), ("manager", "/clients")])
def test_staff_go_to_their_lists(http, people, who, target):
    login(http, getattr(people, who))
    response = http.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith(target)


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_month_card_shows_the_compensation_of_confirmed_days_from_the_one_money_function(http, people):
    from webapp.money.models import CompensationRate

    db.session.add(CompensationRate(payer="kela", valid_from=date(2001, 9, 1), amount_cents=900))
    db.session.commit()
    with time_machine.travel(MONTH_END, tick=False):
        add_day(people.client, people.unit, date(2026, 11, 2))
        add_day(people.client, people.unit, date(2026, 11, 3))
        first, second = db.session.scalars(db.select(ActivityDay).order_by(ActivityDay.day)).all()
        first.check_out_at, first.check_out_method = first.check_in_at + timedelta(hours=5), "badge"
        decisions.confirm(first, people.coach)  # the second stays open: not paid yet
        decisions.record_absence(people.client.client, people.unit, date(2026, 11, 4), "own_illness", people.coach)
        db.session.commit()
        login(http, people.client)
        card = section(text(http.get("/")), "month-card")
    assert "Kulukorvaus tähän mennessä: 9,00\xa0€" in card
    assert "Kulukorvaus maksetaan 1 vahvistetusta päivästä." in card
