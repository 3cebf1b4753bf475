"""The lunch rules (webapp/lunch/counts.py), both databases, frozen time.

The unit is open Monday–Friday 8–15 with the cut-off at 09:30; Anna's period plans
Monday–Thursday. Wednesday 18.11.2026 (winter time: 09:30 in Helsinki is 07:30 UTC).
"""
from datetime import date, datetime, time, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import event

from tests import factories
from tests.checkin.test_flags import attend
from tests.moments import HEL
from webapp.approvals import decisions
from webapp.checkin import scans
from webapp.checkin.models import AbsenceReason, ActivityDay, Method
from webapp.extensions import db
from webapp.lunch import counts
from webapp.lunch.models import LunchServed
from webapp.clients.models import Mode
from webapp.units.models import Closure

WEDNESDAY = date(2026, 11, 18)


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=HEL)


def absent(people, person, when: datetime, on: date = WEDNESDAY, unit=None):
    with time_machine.travel(when, tick=False):
        decisions.record_absence(person.client, unit or people.unit, on, AbsenceReason.OWN_ILLNESS.value,
                                 people.coach)
        db.session.commit()


def remote(people, person, when: datetime, on: date = WEDNESDAY):
    with time_machine.travel(when, tick=False):
        decisions.record_remote(person.client, people.unit, on, 240, people.coach)
        db.session.commit()


def check_in(people, person, lunch: bool | None = True, when: datetime | None = None, unit=None):
    with time_machine.travel(when or at(WEDNESDAY, 8, 10), tick=False):
        result = scans.record_scan(key=f"in-{person.id}-{(when or 0) and when.isoformat()}",
                                   unit=unit or people.unit, method=Method.BADGE, client=person.client)
        if lunch is not None:
            scans.set_lunch(result.day, lunch)
    return result.day


def confirm(people, person, on: date = WEDNESDAY):
    record = db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == person.id,
                                                            ActivityDay.day == on))
    decisions.confirm(record, people.coach)
    db.session.commit()


def forecast_at(people, moment: datetime, on: date = WEDNESDAY, unit=None) -> counts.Forecast:
    with time_machine.travel(moment, tick=False):
        return counts.forecast(unit or people.unit, on)


@pytest.fixture
def bertta(people):
    return factories.make_client(people.unit, coach=people.coach, first_name="Bertta", last_name="Bee")


# --- Forecast ---------------------------------------------------------------------------------

def test_it_forecasts_the_clients_whose_period_plans_the_day(people, bertta):
    factories.make_client(people.unit, first_name="Ei", last_name="Jaksoa", period=False)
    fridays = factories.make_client(people.unit, first_name="Vain", last_name="Perjantai", period=False)
    factories.make_period(fridays.client, people.unit, weekdays=(4,))
    ended = factories.make_client(people.unit, first_name="Jakso", last_name="Loppui", period=False)
    factories.make_period(ended.client, people.unit, starts_on=date(2026, 5, 1), ends_on=date(2026, 11, 17))
    gone = factories.make_client(people.unit, first_name="Ei", last_name="Aktiivinen")
    gone.active = False
    at_home = factories.make_client(people.unit, first_name="Etä", last_name="Jakso", period=False)
    factories.make_period(at_home.client, people.unit, mode=Mode.REMOTE.value)
    factories.make_client(people.other_unit, first_name="Toinen", last_name="Paja")
    db.session.commit()

    forecast = forecast_at(people, at(WEDNESDAY, 7, 0))
    assert forecast.total == 2  # Anna and Bertta
    assert forecast.ready is False
    assert forecast.cutoff_at == datetime(2026, 11, 18, 7, 30, tzinfo=timezone.utc)
    assert forecast_at(people, at(WEDNESDAY, 9, 30)).ready is True


def test_a_client_with_two_periods_here_is_one_lunch(people):
    factories.make_period(people.client.client, people.unit, starts_on=date(2026, 11, 1), weekdays=(2,))
    assert forecast_at(people, at(WEDNESDAY, 7, 0)).total == 1


def test_an_absence_recorded_before_the_cut_off_is_not_in_the_forecast(people, bertta):
    absent(people, bertta, at(WEDNESDAY, 9, 29, 59))
    forecast = forecast_at(people, at(WEDNESDAY, 12, 0))
    assert forecast.total == 1
    assert forecast.cancelled_later.total == 0


def test_an_absence_recorded_at_the_cut_off_is_cancelled_later_and_the_forecast_stays(people, bertta):
    absent(people, bertta, at(WEDNESDAY, 9, 30, 0))
    forecast = forecast_at(people, at(WEDNESDAY, 12, 0))
    assert forecast.total == 2
    assert forecast.cancelled_later.total == 1


def test_an_absence_recorded_days_before_counts_before_the_cut_off(people, bertta):
    absent(people, bertta, at(WEDNESDAY - timedelta(days=5), 14, 0))
    forecast = forecast_at(people, at(WEDNESDAY, 7, 0))
    assert (forecast.total, forecast.ready) == (1, False)


def test_the_forecast_before_the_cut_off_counts_what_is_known_so_far(people, bertta):
    assert forecast_at(people, at(WEDNESDAY, 8, 0)).total == 2
    absent(people, bertta, at(WEDNESDAY, 8, 30))
    assert forecast_at(people, at(WEDNESDAY, 9, 0)).total == 1
    assert forecast_at(people, at(WEDNESDAY, 9, 0)).ready is False


def test_a_later_cut_off_of_the_unit_moves_the_edge(people, bertta):
    people.unit.lunch_cutoff = time(10, 0)
    db.session.commit()
    absent(people, bertta, at(WEDNESDAY, 9, 45))
    forecast = forecast_at(people, at(WEDNESDAY, 12, 0))
    assert forecast.total == 1
    assert forecast_at(people, at(WEDNESDAY, 9, 50)).ready is False


def test_an_absence_at_another_unit_of_the_same_client_still_takes_the_lunch_away(people):
    factories.make_period(people.client.client, people.other_unit, starts_on=date(2026, 11, 1), weekdays=(2,))
    absent(people, people.client, at(WEDNESDAY, 8, 0), unit=people.other_unit)
    assert forecast_at(people, at(WEDNESDAY, 12, 0)).total == 0


def test_a_remote_day_recorded_before_the_cut_off_does_not_eat_here(people, bertta):
    remote(people, bertta, at(WEDNESDAY, 8, 45))
    assert forecast_at(people, at(WEDNESDAY, 12, 0)).total == 1


def test_a_remote_day_recorded_after_the_cut_off_is_cancelled_later(people, bertta):
    remote(people, bertta, at(WEDNESDAY, 10, 15))
    forecast = forecast_at(people, at(WEDNESDAY, 12, 0))
    assert (forecast.total, forecast.cancelled_later.total) == (2, 1)


def test_a_closure_day_has_no_forecast(people, bertta):
    people.unit.closures.append(Closure(starts_on=WEDNESDAY, ends_on=WEDNESDAY, reason="Koulutuspäivä"))
    db.session.commit()
    forecast = forecast_at(people, at(WEDNESDAY, 12, 0))
    assert (forecast.total, forecast.cancelled_later.total) == (0, 0)
    # The day after the closure is an ordinary day again.
    assert forecast_at(people, at(WEDNESDAY, 12, 0), on=WEDNESDAY + timedelta(days=1)).total == 2


def test_a_day_without_opening_hours_has_no_forecast(people):
    factories.make_period(people.client.client, people.unit, weekdays=(5,))  # Saturdays, but closed
    saturday = date(2026, 11, 21)
    assert forecast_at(people, at(saturday, 12, 0), on=saturday).total == 0


def test_the_cut_off_follows_summer_time_on_the_day_the_clocks_change(people):
    """Sunday 29.3.2026 the clocks go forward at 03:00: 09:30 is 06:30 UTC (07:30 the day before)."""
    sunday = date(2026, 3, 29)
    weekend_unit = factories.make_unit("Viikonloppupaja", weekdays=range(7))
    early = factories.make_client(weekend_unit, first_name="Aamu", last_name="Ajoissa", period=False)
    late = factories.make_client(weekend_unit, first_name="Myö", last_name="Hään", period=False)
    for person in (early, late):
        factories.make_period(person.client, weekend_unit, starts_on=date(2026, 1, 1), weekdays=(6,))
    with time_machine.travel(datetime(2026, 3, 29, 6, 15, tzinfo=timezone.utc), tick=False):  # 09:15 EEST
        decisions.record_absence(early.client, weekend_unit, sunday, AbsenceReason.OTHER.value, people.coach)
        db.session.commit()
    with time_machine.travel(datetime(2026, 3, 29, 6, 45, tzinfo=timezone.utc), tick=False):  # 09:45 EEST
        decisions.record_absence(late.client, weekend_unit, sunday, AbsenceReason.OTHER.value, people.coach)
        db.session.commit()
    forecast = forecast_at(people, datetime(2026, 3, 29, 12, 0, tzinfo=timezone.utc), on=sunday, unit=weekend_unit)
    assert forecast.cutoff_at == datetime(2026, 3, 29, 6, 30, tzinfo=timezone.utc)
    assert (forecast.total, forecast.cancelled_later.total) == (1, 1)
    assert counts.cutoff_at(weekend_unit, date(2026, 3, 28)) == datetime(2026, 3, 28, 7, 30, tzinfo=timezone.utc)


def test_a_client_who_came_after_an_early_absence_is_expected_again(people, bertta):
    absent(people, bertta, at(WEDNESDAY, 8, 0))
    check_in(people, bertta, when=at(WEDNESDAY, 10, 0))
    assert forecast_at(people, at(WEDNESDAY, 12, 0)).total == 2


# --- Live and final ---------------------------------------------------------------------------

def test_live_counts_the_checked_in_clients_who_said_yes(people, bertta):
    cecilia = factories.make_client(people.unit, first_name="Cecilia", last_name="Cee")
    unplanned = factories.make_client(people.unit, first_name="Ei", last_name="Odotettu", period=False)
    check_in(people, people.client, lunch=True)
    check_in(people, bertta, lunch=False)
    check_in(people, cecilia, lunch=None)  # not answered
    check_in(people, unplanned, lunch=True)
    check_in(people, people.other_client, lunch=True, unit=people.other_unit)
    remote(people, factories.make_client(people.unit, first_name="Etä", last_name="Päivä"), at(WEDNESDAY, 9, 0))
    with time_machine.travel(at(WEDNESDAY, 11, 0), tick=False):
        assert counts.live(people.unit, WEDNESDAY).total == 2
        assert counts.live(people.other_unit, WEDNESDAY).total == 1
        assert counts.final(people.unit, WEDNESDAY).total == 0


def test_final_counts_only_confirmed_days(people, bertta):
    attend(people, WEDNESDAY, end=(14, 0))
    attend(people, WEDNESDAY, end=(14, 0), client=bertta.client)
    for person in (people.client, bertta):
        record = db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == person.id))
        record.lunch = True
    db.session.commit()
    with time_machine.travel(at(WEDNESDAY, 17, 0), tick=False):
        confirm(people, people.client)
        assert counts.live(people.unit, WEDNESDAY).total == 2
        assert counts.final(people.unit, WEDNESDAY).total == 1
        record = db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == bertta.id))
        decisions.mark_not_counted(record, people.coach, "Lähti heti")
        db.session.commit()
        assert counts.final(people.unit, WEDNESDAY).total == 1


# --- Diets ------------------------------------------------------------------------------------

def test_diets_are_counted_and_only_their_clients_are_named(people, app):
    vege = factories.make_client(people.unit, first_name="Veera", last_name="Vihreä", diets=("vegan", "gluten"))
    gluten = factories.make_client(people.unit, first_name="Gunnar", last_name="Gluteeniton", diets=("gluten",))
    noted = factories.make_client(people.unit, first_name="Noora", last_name="Nootti")
    noted.client.diet_note = "Ei sipulia"
    vege.client.diet_note = "  Soijaton myös "
    db.session.commit()
    for person in (people.client, vege, gluten, noted):
        check_in(people, person, lunch=True)

    with time_machine.travel(at(WEDNESDAY, 11, 0), tick=False):
        live = counts.live(people.unit, WEDNESDAY)
        forecast = counts.forecast(people.unit, WEDNESDAY)
    assert (live.total, live.special, live.ordinary) == (4, 3, 1)
    lines = {line.code: line for line in live.diets}
    assert set(lines) == {"gluten", "vegan", None}
    assert lines["gluten"].count == 2
    assert [p.short_name for p in lines["gluten"].plates] == ["Gunnar G.", "Veera V."]
    assert lines["vegan"].count == 1
    assert lines["vegan"].plates[0].note == "Soijaton myös"
    assert lines[None].count == 1
    with app.test_request_context():
        assert lines[None].name == "Muu erityisruokavalio"
        assert lines["vegan"].name == "vegan"
    assert [(p.short_name, p.note) for p in lines[None].plates] == [("Noora N.", "Ei sipulia")]
    named = {p.client_id for line in live.diets for p in line.plates}
    assert people.client.id not in named
    assert (forecast.total, forecast.special) == (4, 3)


def test_a_count_without_special_diets_names_nobody(people):
    check_in(people, people.client)
    with time_machine.travel(at(WEDNESDAY, 11, 0), tick=False):
        live = counts.live(people.unit, WEDNESDAY)
    assert (live.total, live.special, live.diets) == (1, 0, [])


def test_the_counts_take_the_same_number_of_queries_for_5_or_25_clients(people, app):
    def queries_for(n):
        for i in range(n):
            person = factories.make_client(people.unit, first_name=f"Asiakas{i}", diets=("gluten",) if i % 2 else ())
            check_in(people, person)
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            with time_machine.travel(at(WEDNESDAY, 11, 0), tick=False):
                db.session.expire_all()
                counts.day_counts(db.session.get(type(people.unit), people.unit.id), WEDNESDAY)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    few = queries_for(5)
    assert queries_for(20) == few


# --- Served and the warning -------------------------------------------------------------------

def test_more_served_than_checked_in_lunches_warns(people, bertta):
    check_in(people, people.client)
    check_in(people, bertta)
    db.session.add(LunchServed(unit_id=people.unit.id, day=WEDNESDAY, served=2))
    db.session.commit()
    with time_machine.travel(at(WEDNESDAY, 13, 0), tick=False):
        assert counts.day_counts(people.unit, WEDNESDAY).too_many_served is False
        served = counts.served_on(people.unit, WEDNESDAY)
        served.served = 3
        db.session.commit()
        day = counts.day_counts(people.unit, WEDNESDAY)
        assert (day.attendance, day.too_many_served) == (2, True)


def test_a_settled_past_day_compares_served_with_the_confirmed_lunches(people, bertta):
    attend(people, WEDNESDAY, end=(14, 0))
    attend(people, WEDNESDAY, end=(14, 0), client=bertta.client)
    db.session.execute(db.update(ActivityDay).values(lunch=True))
    db.session.add(LunchServed(unit_id=people.unit.id, day=WEDNESDAY, served=2))
    db.session.commit()
    with time_machine.travel(at(WEDNESDAY + timedelta(days=1), 9, 0), tick=False):
        day = counts.day_counts(people.unit, WEDNESDAY)
        assert (day.settled, day.attendance, day.too_many_served) == (False, 2, False)  # still open: live
        confirm(people, people.client)
        record = db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == bertta.id))
        decisions.mark_not_counted(record, people.coach, "Ei ollut paikalla")
        db.session.commit()
        day = counts.day_counts(people.unit, WEDNESDAY)
        assert (day.settled, day.attendance, day.too_many_served) == (True, 1, True)


# --- Two units, a month -----------------------------------------------------------------------

def test_two_units_are_counted_apart(people):
    check_in(people, people.client)
    check_in(people, people.other_client, unit=people.other_unit)
    absent(people, people.other_client, at(WEDNESDAY - timedelta(days=1), 12, 0), on=WEDNESDAY + timedelta(days=1),
           unit=people.other_unit)
    with time_machine.travel(at(WEDNESDAY, 11, 0), tick=False):
        here, there = counts.day_counts(people.unit, WEDNESDAY), counts.day_counts(people.other_unit, WEDNESDAY)
        assert (here.forecast.total, here.live.total) == (1, 1)
        assert (there.forecast.total, there.live.total) == (1, 1)
        assert counts.forecast(people.other_unit, WEDNESDAY + timedelta(days=1)).total == 0
        assert counts.forecast(people.unit, WEDNESDAY + timedelta(days=1)).total == 1


def test_the_month_has_a_row_per_open_day_and_totals(people, bertta):
    people.unit.closures.append(Closure(starts_on=date(2026, 11, 2), ends_on=date(2026, 11, 2), reason="Suljettu"))
    db.session.commit()
    attend(people, WEDNESDAY, end=(14, 0))
    attend(people, WEDNESDAY, end=(14, 0), client=bertta.client)
    db.session.execute(db.update(ActivityDay).values(lunch=True))
    db.session.commit()
    absent(people, bertta, at(date(2026, 11, 19), 8, 0), on=date(2026, 11, 19))
    with time_machine.travel(at(date(2026, 11, 20), 9, 0), tick=False):
        confirm(people, people.client)
        db.session.add_all([LunchServed(unit_id=people.unit.id, day=WEDNESDAY, served=3),
                            LunchServed(unit_id=people.unit.id, day=date(2026, 11, 17), served=0)])
        db.session.commit()
        month = counts.month_totals(people.unit, date(2026, 11, 1))
    by_day = {d.day: d for d in month.days}
    # November 2026: 21 weekdays, one closed (Monday 2.11.); weekends have nothing recorded.
    assert len(month.days) == 20
    assert date(2026, 11, 2) not in by_day and date(2026, 11, 7) not in by_day
    wednesday = by_day[WEDNESDAY]
    assert (wednesday.forecast, wednesday.live, wednesday.final, wednesday.served) == (2, 2, 1, 3)
    assert wednesday.too_many_served is True  # 3 served, 2 lunches (one day still open: live)
    assert by_day[date(2026, 11, 19)].forecast == 1  # Bertta's absence was known before the cut-off
    assert by_day[date(2026, 11, 20)].forecast == 0  # Friday: nobody's period plans it
    assert by_day[date(2026, 11, 17)].served == 0 and not by_day[date(2026, 11, 17)].too_many_served
    # Anna and Bertta are expected Monday–Thursday: 17 such days, minus the closure, minus one absence.
    assert month.forecast == 2 * 16 - 1
    assert (month.live, month.final, month.served, month.warnings) == (2, 1, 3, 1)
    for d in month.days:  # the month agrees with the day's own forecast
        with time_machine.travel(at(date(2026, 11, 20), 9, 0), tick=False):
            assert d.forecast == counts.forecast(people.unit, d.day).total, d.day


def test_a_month_without_open_days_is_empty(people):
    unit = factories.make_unit("Suljettu paja", weekdays=())
    with time_machine.travel(at(WEDNESDAY, 9, 0), tick=False):
        month = counts.month_totals(unit, date(2026, 11, 1))
    assert (month.days, month.forecast, month.too_many_served) == ([], 0, False)
