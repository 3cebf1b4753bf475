"""The flags on a day record, computed for the client's ISO week (frozen time, both databases).

The test client's period plans Monday–Thursday; the unit is open Monday–Friday 8–15.
"""
from datetime import date, datetime, timedelta

import time_machine

from tests import factories
from tests.moments import HEL
from webapp.checkin import scans
from webapp.checkin.flags import compute_flags, iso_week, recompute_week
from webapp.checkin.models import ActivityDay, Flag, Method
from webapp.extensions import db
from webapp.units.models import Closure

MONDAY = date(2026, 11, 16)


def attend(people, on: date, start=(8, 0), end=(16, 30), client=None, unit=None):
    """A whole day, sent as queued scans a little after it (times as in Helsinki)."""
    check_in = datetime(on.year, on.month, on.day, *start, tzinfo=HEL)
    check_out = datetime(on.year, on.month, on.day, *end, tzinfo=HEL)
    client = client or people.client.client
    with time_machine.travel(check_out + timedelta(hours=1), tick=False):
        for moment in (check_in, check_out):
            scans.record_scan(key=f"{client.person_id}-{moment.isoformat()}", unit=unit or people.unit,
                              method=Method.BADGE, client=client, scanned_at=moment, queued=True)


def flags_by_day(client=None) -> dict[date, Flag]:
    query = db.select(ActivityDay)
    if client is not None:
        query = query.where(ActivityDay.client_id == client.person_id)
    return {d.day: Flag(d.flags) for d in db.session.scalars(query)}


def test_an_ordinary_planned_day_has_no_flags(people):
    attend(people, MONDAY, end=(14, 0))
    assert flags_by_day() == {MONDAY: Flag(0)}


def test_it_flags_the_fifth_day_of_the_iso_week(people):
    factories.make_period(people.client.client, people.unit, starts_on=date(2026, 11, 20),
                          ends_on=date(2027, 3, 1), weekdays=(4,))  # Fridays too, in a second period
    for offset in range(5):
        attend(people, MONDAY + timedelta(days=offset), end=(12, 0))
    flags = flags_by_day()
    assert [Flag.FIFTH_DAY in flags[MONDAY + timedelta(days=i)] for i in range(5)] == [False] * 4 + [True]


def test_the_week_starts_on_monday(people):
    for on in (date(2026, 11, 12), date(2026, 11, 13), MONDAY, MONDAY + timedelta(days=1),
               MONDAY + timedelta(days=2)):  # Thu, Fri of the week before; Mon–Wed
        attend(people, on, end=(12, 0))
    assert not any(Flag.FIFTH_DAY in f for f in flags_by_day().values())
    assert iso_week(date(2026, 11, 22)) == (MONDAY, date(2026, 11, 22))


def test_it_flags_the_day_the_week_passes_32_hours(people):
    for offset in range(4):  # 8.5 h a day: 34 h by Thursday
        attend(people, MONDAY + timedelta(days=offset), end=(16, 30))
    flags = flags_by_day()
    assert [Flag.OVER_32H in flags[MONDAY + timedelta(days=i)] for i in range(4)] == [False, False, False, True]


def test_a_late_check_out_earlier_in_the_week_moves_the_32_hour_flag(people):
    for offset in range(4):
        attend(people, MONDAY + timedelta(days=offset), end=(15, 30))  # 7.5 h: 30 h in all
    assert not any(Flag.OVER_32H in f for f in flags_by_day().values())
    # The coach's later correction (simulated): Monday was 3 hours longer. Thursday passes 32.
    monday = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == MONDAY))
    monday.check_out_at += timedelta(hours=3)
    recompute_week(monday.client_id, MONDAY)
    db.session.commit()
    assert Flag.OVER_32H in flags_by_day()[MONDAY + timedelta(days=3)]


def test_it_flags_an_unplanned_weekday(people):
    friday = MONDAY + timedelta(days=4)
    attend(people, friday, end=(13, 0))
    assert flags_by_day()[friday] == Flag.UNPLANNED_DAY


def test_it_flags_a_day_outside_any_period(people):
    lone = factories.make_client(people.unit, period=False)
    attend(people, MONDAY, client=lone.client, end=(13, 0))
    assert flags_by_day(lone.client)[MONDAY] == Flag.OUTSIDE_PERIOD


def test_a_period_at_another_unit_does_not_count_here(people):
    visitor = people.other_client.client  # period at the other unit, home unit there too
    people.other_client.client.home_unit = people.unit  # now at home here, period elsewhere
    db.session.commit()
    attend(people, MONDAY, client=visitor, end=(13, 0))
    assert flags_by_day(visitor)[MONDAY] == Flag.OUTSIDE_PERIOD


def test_it_flags_a_closure_day(people):
    db.session.add(Closure(unit=people.unit, starts_on=MONDAY, ends_on=MONDAY, reason="Tyky-päivä"))
    db.session.commit()
    attend(people, MONDAY, end=(13, 0))
    assert flags_by_day()[MONDAY] == Flag.CLOSURE_DAY


def test_a_weekend_day_is_a_closure_day_and_unplanned(people):
    saturday = MONDAY + timedelta(days=5)
    attend(people, saturday, end=(13, 0))
    assert flags_by_day()[saturday] == Flag.CLOSURE_DAY | Flag.UNPLANNED_DAY


def test_it_flags_a_day_under_four_hours_but_not_four_exactly(people):
    attend(people, MONDAY, start=(9, 0), end=(12, 59))
    attend(people, MONDAY + timedelta(days=1), start=(9, 0), end=(13, 0))
    flags = flags_by_day()
    assert flags[MONDAY] == Flag.SHORT_DAY
    assert flags[MONDAY + timedelta(days=1)] == Flag(0)


def test_hours_are_real_hours_in_the_week_the_clocks_turn_back(people):
    # Sunday 25 October 2026 at 04:00 clocks go back to 03:00. Monday 26th is ordinary.
    dst_monday = date(2026, 10, 26)
    attend(people, dst_monday, start=(8, 0), end=(12, 0))
    day = db.session.scalar(db.select(ActivityDay))
    assert day.hours == 4.0 and Flag(day.flags) == Flag(0)


def test_a_day_over_the_night_the_clocks_turn_counts_real_hours(people):
    sunday = date(2026, 10, 25)  # a night shift, as the arithmetic goes: 00:30–05:30 is 6 h
    attend(people, sunday, start=(0, 30), end=(5, 30))
    assert db.session.scalar(db.select(ActivityDay)).hours == 6.0


def test_compute_flags_is_a_pure_function_of_the_week():
    class Day:
        def __init__(self, id, day, hours):
            self.id, self.day, self.unit_id, self.kind = id, day, 1, "onsite"
            self.hours = hours

    days = [Day(i, MONDAY + timedelta(days=i), 9.0) for i in reversed(range(5))]
    flags = {record.id: value for record, value in
             compute_flags(days, periods=[], is_closed=lambda unit_id, on: on.weekday() == 4).items()}
    assert flags[3] == Flag.OUTSIDE_PERIOD | Flag.OVER_32H
    assert flags[4] == Flag.OUTSIDE_PERIOD | Flag.FIFTH_DAY | Flag.OVER_32H | Flag.CLOSURE_DAY


def test_the_last_day_of_a_period_counts_and_the_day_after_is_outside_it(people):
    lone = factories.make_client(people.unit, period=False).client
    factories.make_period(lone, people.unit, starts_on=date(2026, 8, 18), ends_on=MONDAY + timedelta(days=1))
    attend(people, MONDAY + timedelta(days=1), client=lone, end=(13, 0))  # Tuesday, the last day
    attend(people, MONDAY + timedelta(days=2), client=lone, end=(13, 0))  # Wednesday, the day after
    flags = flags_by_day(lone)
    assert flags[MONDAY + timedelta(days=1)] == Flag(0)
    assert flags[MONDAY + timedelta(days=2)] == Flag.OUTSIDE_PERIOD


def test_a_period_starting_midweek_leaves_the_days_before_outside_and_the_week_counts_whole(people):
    lone = factories.make_client(people.unit, period=False).client
    factories.make_period(lone, people.unit, starts_on=MONDAY + timedelta(days=2), ends_on=date(2027, 3, 1),
                          weekdays=(0, 1, 2, 3, 4))
    for offset in range(5):
        attend(people, MONDAY + timedelta(days=offset), client=lone, end=(12, 0))
    flags = flags_by_day(lone)
    assert [flags[MONDAY + timedelta(days=i)] for i in range(5)] == [
        Flag.OUTSIDE_PERIOD, Flag.OUTSIDE_PERIOD, Flag(0), Flag(0), Flag.FIFTH_DAY]


def test_an_absence_is_not_a_day_of_the_week_and_a_remote_day_is(people):
    from webapp.approvals import decisions

    factories.make_period(people.client.client, people.unit, starts_on=date(2026, 11, 20),
                          ends_on=date(2027, 3, 1), weekdays=(4,))  # Fridays too
    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=HEL), tick=False):
        decisions.record_absence(people.client.client, people.unit, MONDAY, "own_illness", people.coach)
        decisions.record_remote(people.client.client, people.unit, MONDAY + timedelta(days=1), 240, people.coach)
        db.session.commit()
    for offset in (2, 3, 4):
        attend(people, MONDAY + timedelta(days=offset), end=(12, 0))
    flags = flags_by_day()
    assert not any(Flag.FIFTH_DAY in f for f in flags.values())
    attend(people, MONDAY + timedelta(days=5), end=(12, 0))  # Saturday: the 5th attended day
    assert Flag.FIFTH_DAY in flags_by_day()[MONDAY + timedelta(days=5)]
