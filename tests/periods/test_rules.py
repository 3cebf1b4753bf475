"""The period rules as plain functions: month arithmetic and every limit."""
from datetime import date
from decimal import Decimal

import pytest

from webapp.clients.labels import SHORT_REASONS
from webapp.periods import rules
from webapp.clients.models import ShortReason


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),   # leap year
    (date(2026, 1, 31), 3, date(2026, 4, 30)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2023, 11, 30), 3, date(2024, 2, 29)),  # into a leap February
    (date(2026, 10, 15), 3, date(2027, 1, 15)),  # over the new year
    (date(2024, 2, 29), 24, date(2026, 2, 28)),
    (date(2026, 9, 1), 6, date(2027, 3, 1)),
])
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert rules.add_months(start, months) == expected


def test_a_three_month_period_from_the_first_ends_on_the_last_day_of_the_third_month():
    assert rules.last_day_of(date(2026, 9, 1), 3) == date(2026, 11, 30)
    assert not rules.is_shorter_than_minimum(date(2026, 9, 1), date(2026, 11, 30))
    assert rules.is_shorter_than_minimum(date(2026, 9, 1), date(2026, 11, 29))


def test_three_months_from_31_january():
    assert rules.last_day_of(date(2026, 1, 31), 3) == date(2026, 4, 29)
    assert not rules.is_shorter_than_minimum(date(2026, 1, 31), date(2026, 4, 29))
    assert rules.is_shorter_than_minimum(date(2026, 1, 31), date(2026, 4, 28))


def test_twenty_four_months_is_the_longest_period():
    assert not rules.is_longer_than_maximum(date(2026, 1, 1), date(2027, 12, 31))
    assert rules.is_longer_than_maximum(date(2026, 1, 1), date(2028, 1, 1))
    # From a leap day: 24 months later is 28 Feb, so the last day is the 27th.
    assert not rules.is_longer_than_maximum(date(2024, 2, 29), date(2026, 2, 27))
    assert rules.is_longer_than_maximum(date(2024, 2, 29), date(2026, 2, 28))


@pytest.mark.parametrize("days, ok", [((), False), ((0,), True), ((0, 1, 2, 3), True),
                                      ((0, 1, 2, 3, 4), False), ((0, 0, 1), True)])
def test_one_to_four_days_a_week(days, ok):
    assert rules.days_a_week_ok(days) is ok


@pytest.mark.parametrize("hours, ok", [("3.9", False), ("4", True), ("6.5", True), ("8", True), ("8.1", False)])
def test_four_to_eight_hours_a_day(hours, ok):
    assert rules.hours_a_day_ok(Decimal(hours)) is ok


def test_at_most_32_hours_a_week():
    assert rules.hours_a_week_ok((0, 1, 2, 3), Decimal("8"))
    assert not rules.hours_a_week_ok((0, 1, 2, 3), Decimal("8.5"))
    assert rules.hours_a_week((0, 1), Decimal("6.5")) == Decimal("13.0")


def test_overlap_includes_both_ends():
    assert rules.overlaps(date(2026, 1, 1), date(2026, 3, 31), date(2026, 3, 31), date(2026, 6, 30))
    assert not rules.overlaps(date(2026, 1, 1), date(2026, 3, 30), date(2026, 3, 31), date(2026, 6, 30))
    assert rules.overlaps(date(2026, 1, 1), date(2026, 12, 31), date(2026, 3, 1), date(2026, 4, 1))


def _problems(**kw):
    values = dict(starts_on=date(2026, 9, 1), ends_on=date(2027, 2, 28), weekdays=(0, 1, 2),
                  hours=Decimal("6"), short_reason="", short_note="", open_weekdays={0, 1, 2, 3, 4},
                  other_periods=())
    values.update(kw)
    return rules.period_problems(**values)


def test_a_good_period_has_no_problems():
    assert _problems() == {}


def test_each_rule_break_names_its_field():
    assert _problems(ends_on=date(2026, 8, 31)) == {"ends_on": "end_before_start"}
    assert _problems(ends_on=date(2028, 9, 1)) == {"ends_on": "too_long"}
    assert _problems(ends_on=date(2026, 10, 31)) == {"short_period_code": "too_short"}
    assert _problems(ends_on=date(2026, 9, 6), short_reason="trial") == {"ends_on": "under_a_week"}
    assert _problems(weekdays=()) == {"weekdays": "days_a_week"}
    assert _problems(weekdays=(0, 1, 2, 3, 4)) == {"weekdays": "days_a_week"}
    assert _problems(weekdays=(0, 5)) == {"weekdays": "closed_weekday"}
    assert _problems(hours=Decimal("3.5")) == {"hours_per_day": "hours_a_day"}
    assert _problems(hours=Decimal("8.5")) == {"hours_per_day": "hours_a_day"}
    assert _problems(weekdays=(0, 1, 2, 3), hours=Decimal("8")) == {}
    assert _problems(other_periods=[(date(2026, 1, 1), date(2026, 9, 1))]) == {"starts_on": "overlap"}


def test_a_short_period_is_allowed_with_a_reason_from_the_list():
    assert _problems(ends_on=date(2026, 10, 31), short_reason="trial") == {}
    assert _problems(ends_on=date(2026, 10, 31), short_reason="orderer_decision", short_note="") == {}
    assert _problems(ends_on=date(2026, 10, 31), short_reason="Kokeilujakso") == {"short_period_code": "too_short"}
    assert _problems(ends_on=date(2026, 10, 31), short_reason="   ") == {"short_period_code": "too_short"}


def test_other_as_the_reason_needs_a_few_words():
    assert _problems(ends_on=date(2026, 10, 31), short_reason="other", short_note="x") == {
        "short_period_reason": "vague_reason"}
    assert _problems(ends_on=date(2026, 10, 31), short_reason="other", short_note="  123456789  ") == {
        "short_period_reason": "vague_reason"}
    assert _problems(ends_on=date(2026, 10, 31), short_reason="other", short_note="Muuttaa pois") == {}


def test_a_week_is_the_shortest_period():
    assert rules.is_shorter_than_a_week(date(2026, 9, 1), date(2026, 9, 6))
    assert not rules.is_shorter_than_a_week(date(2026, 9, 1), date(2026, 9, 7))
    assert rules.is_shorter_than_a_week(date(2026, 9, 1), date(2026, 9, 1))


def test_weekdays_the_unit_is_closed_on():
    assert rules.closed_weekdays((0, 1, 5, 6), {0, 1, 2, 3, 4}) == [5, 6]
    assert rules.closed_weekdays((0, 1), {0, 1}) == []
    assert _problems(weekdays=(0, 5), open_weekdays=None) == {}  # unknown unit: the form says so elsewhere


def test_a_long_period_is_never_allowed_even_with_a_reason():
    assert _problems(ends_on=date(2028, 9, 1), short_reason="trial") == {"ends_on": "too_long"}


def test_the_short_reasons_are_the_models_and_each_has_words():
    assert set(rules.SHORT_REASONS) == {r.value for r in ShortReason} == set(SHORT_REASONS)
