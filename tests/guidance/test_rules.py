"""The guidance rule: the rolling 3-month window, pro-rating, totals and who is behind."""
from datetime import date, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from tests import factories
from webapp.extensions import db
from webapp.guidance import rules
from webapp.guidance.models import GuidanceSession
from webapp.lib import clock as app_clock

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize("today, first", [
    (date(2026, 11, 18), date(2026, 8, 19)),
    (date(2026, 11, 30), date(2026, 8, 31)),
    (date(2026, 5, 31), date(2026, 3, 1)),   # 31 Feb → 28 Feb, + 1 day
    (date(2024, 5, 31), date(2024, 3, 1)),   # leap year: 29 Feb + 1 day
    (date(2026, 2, 28), date(2025, 11, 29)),
    (date(2026, 1, 15), date(2025, 10, 16)),  # across the new year
    (date(2026, 12, 31), date(2026, 10, 1)),  # 30 Sep + 1 day
])
def test_it_windows_three_calendar_months_clamped_at_month_ends(today, first):
    assert rules.window(today) == (first, today)


def test_it_needs_the_full_six_hours_when_the_period_started_before_the_window():
    assert rules.required_minutes(date(2026, 1, 1), TODAY) == 360
    assert rules.required_minutes(rules.window(TODAY)[0], TODAY) == 360
    assert rules.required_minutes(None, TODAY) == 360


def test_it_needs_nothing_from_a_period_that_starts_today():
    assert rules.required_minutes(TODAY, TODAY) == 0


def test_it_pro_rates_a_period_that_started_inside_the_window_rounding_up_to_15_minutes():
    first, _ = rules.window(TODAY)  # 19.8.: 91 days to today
    assert (TODAY - first).days == 91
    assert rules.required_minutes(TODAY - timedelta(days=1), TODAY) == 15   # 3.96 min → 15
    assert rules.required_minutes(date(2026, 10, 3), TODAY) == 195  # 46 days: 181.98 → 195
    assert rules.required_minutes(date(2026, 10, 4), TODAY) == 180  # 45 days: 178.02 → 180


def test_it_pro_rates_at_a_month_end_with_frozen_time(app, people):
    import time_machine

    from tests.moments import MONTH_END
    anna = people.client.client
    anna.periods[0].starts_on = date(2026, 10, 15)
    db.session.commit()
    factories.make_guidance(people.client, people.coach, date(2026, 10, 20), 60)
    with time_machine.travel(MONTH_END, tick=False):
        today = app_clock.today()
        assert today == date(2026, 11, 30)
        assert rules.window(today) == (date(2026, 8, 31), today)  # 91 days back to 31.8.
        assert rules.status(anna, today) == (60, 195)  # 46 of 91 days: 181.98 min → 195
        [row] = [r for r in rules.behind(people.manager, today) if r.client is anna]
        assert (row.done, row.required, row.missing) == (60, 195, 135)


def test_it_counts_only_sessions_in_the_window_and_not_removed(app, people):
    for day, minutes in [(TODAY, 60), (date(2026, 8, 19), 30), (date(2026, 8, 18), 120), (TODAY + timedelta(days=1), 45)]:
        factories.make_guidance(people.client, people.coach, day, minutes)
    removed = factories.make_guidance(people.client, people.coach, TODAY, 90, kind="social")
    removed.removed_at = app_clock.now()
    removed.removed_by_id = people.coach.id
    removed.removed_reason = "Väärä asiakas"
    factories.make_guidance(people.other_client, people.other_coach, TODAY, 15, kind="social")
    db.session.commit()
    assert rules.totals([people.client.id, people.other_client.id, people.coach.id], TODAY) == {
        people.client.id: 90, people.other_client.id: 15, people.coach.id: 0}
    assert rules.totals([], TODAY) == {}


def test_the_database_refuses_impossible_minutes_and_kinds(app, people):
    for minutes, kind in [(4, "individual"), (481, "individual"), (60, "group")]:
        with pytest.raises(IntegrityError):
            factories.make_guidance(people.client, people.coach, TODAY, minutes, kind=kind)
        db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(GuidanceSession)) == 0


def test_it_lists_who_is_behind_most_missing_first_for_whom_the_person_may_see(app, people):
    busy = factories.make_client(people.unit, coach=people.coach, first_name="Bertta", last_name="Valmis")
    new = factories.make_client(people.unit, coach=people.coach, first_name="Cecilia", last_name="Uusi", period=False)
    factories.make_period(new.client, people.unit, starts_on=TODAY)  # needs 0 today
    ended = factories.make_client(people.unit, coach=people.coach, first_name="Daniel", last_name="Loppunut",
                                  period=False)
    factories.make_period(ended.client, people.unit, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30))
    factories.make_guidance(busy, people.coach, TODAY, 360)
    factories.make_guidance(people.client, people.coach, TODAY, 90)
    rows = rules.behind(people.coach, TODAY)
    assert [(r.client.person_id, r.done, r.required, r.missing) for r in rows] == [
        (people.client.id, 90, 315, 225)]  # period from 1.9.: 315 min
    assert rows[0].unit.id == people.unit.id
    everyone = rules.behind(people.manager, TODAY)
    assert [r.client.person_id for r in everyone] == [people.other_client.id, people.client.id]  # 315, 225
    assert [r.client.person_id for r in rules.behind(people.manager, TODAY, people.other_unit.id)] == [
        people.other_client.id]
    assert rules.behind(people.kitchen, TODAY) == []


def queries_for_behind(person, today) -> int:
    count = [0]

    def counter(*args):
        count[0] += 1
    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        rows = rules.behind(person, today)
        for row in rows:  # what the page shows
            row.client.display_name, row.unit.name
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return count[0], len(rows)


def test_it_lists_who_is_behind_in_a_fixed_number_of_queries(app, people):
    def add(n):
        for i in range(n):
            person = factories.make_client(people.unit, coach=people.coach, first_name=f"Asiakas{i}")
            factories.make_guidance(person, people.coach, TODAY, 30 + i % 5 * 15)
    add(30)
    few, rows_few = queries_for_behind(people.coach, TODAY)
    add(30)
    many, rows_many = queries_for_behind(people.coach, TODAY)
    assert rows_few == 31 and rows_many == 61
    assert few == many
    assert many <= 8
