"""The rules of a service period, as plain functions (Act 189/2001 and the contracts).

They return problem codes, not messages, so they are easy to test and the forms decide how
to say them. Every limit lives here and nowhere else.
"""
from datetime import date, timedelta
from decimal import Decimal

from webapp.lib.dates import add_months

MIN_MONTHS = 3
MAX_MONTHS = 24
MIN_DAYS = 7  # even a short period (a trial) lasts a week: a day or two is a typing mistake
# A period under MIN_MONTHS names its reason (periods.models.ShortReason); "other" in words, at
# least this many characters: enough for "muuttaa pois", too many for "x".
SHORT_REASONS = ("trial", "orderer_decision", "next_step", "continuation", "other")
OTHER_REASON_MIN_CHARS = 10
MIN_DAYS_A_WEEK = 1
MAX_DAYS_A_WEEK = 4
MIN_HOURS_A_DAY = Decimal("4")
MAX_HOURS_A_DAY = Decimal("8")
MAX_HOURS_A_WEEK = Decimal("32")


def last_day_of(starts_on: date, months: int) -> date:
    """The last day of a period of `months` months starting on starts_on (both days count).

    A three-month period from 1 Sep ends on 30 Nov; from 31 Jan it ends on 29 Apr
    (30 Apr is "31 Jan + 3 months", the first day after the period).
    """
    return add_months(starts_on, months) - timedelta(days=1)


def is_shorter_than_minimum(starts_on: date, ends_on: date) -> bool:
    return ends_on < last_day_of(starts_on, MIN_MONTHS)


def is_shorter_than_a_week(starts_on: date, ends_on: date) -> bool:
    return (ends_on - starts_on).days + 1 < MIN_DAYS


def is_longer_than_maximum(starts_on: date, ends_on: date) -> bool:
    return ends_on > last_day_of(starts_on, MAX_MONTHS)


def days_a_week_ok(weekdays) -> bool:
    return MIN_DAYS_A_WEEK <= len(set(weekdays)) <= MAX_DAYS_A_WEEK


def closed_weekdays(weekdays, open_weekdays) -> list[int]:
    """The planned weekdays (0 = Monday) on which the unit has no opening hours."""
    return sorted(set(weekdays) - set(open_weekdays))


def short_reason_problem(code: str, note: str) -> tuple[str, str] | None:
    """(field, problem) when a short period's reason is missing or says nothing, else None."""
    if code not in SHORT_REASONS:
        return "short_period_code", "too_short"
    if code == "other" and len((note or "").strip()) < OTHER_REASON_MIN_CHARS:
        return "short_period_reason", "vague_reason"
    return None


def hours_a_day_ok(hours: Decimal) -> bool:
    return MIN_HOURS_A_DAY <= hours <= MAX_HOURS_A_DAY


def hours_a_week(weekdays, hours: Decimal) -> Decimal:
    return len(set(weekdays)) * hours


def hours_a_week_ok(weekdays, hours: Decimal) -> bool:
    return hours_a_week(weekdays, hours) <= MAX_HOURS_A_WEEK


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    """Two date ranges, both ends included, share at least one day."""
    return a_start <= b_end and b_start <= a_end


def period_problems(*, starts_on: date, ends_on: date, weekdays, hours: Decimal, short_reason: str = "",
                    short_note: str = "", open_weekdays=None, other_periods=()) -> dict[str, str]:
    """Every rule the period breaks, as {field: problem code}. short_reason: a SHORT_REASONS code
    (needed under MIN_MONTHS), short_note: the words with it. open_weekdays: the weekdays the
    unit is open (None: not known here). other_periods: the client's other periods as
    (starts_on, ends_on) pairs (an edited period leaves itself out)."""
    problems: dict[str, str] = {}
    if ends_on < starts_on:
        problems["ends_on"] = "end_before_start"
    elif is_longer_than_maximum(starts_on, ends_on):
        problems["ends_on"] = "too_long"
    elif is_shorter_than_a_week(starts_on, ends_on):
        problems["ends_on"] = "under_a_week"
    elif is_shorter_than_minimum(starts_on, ends_on):
        problem = short_reason_problem(short_reason, short_note)
        if problem:
            problems[problem[0]] = problem[1]
    if not days_a_week_ok(weekdays):
        problems["weekdays"] = "days_a_week"
    elif open_weekdays is not None and closed_weekdays(weekdays, open_weekdays):
        problems["weekdays"] = "closed_weekday"
    if not hours_a_day_ok(hours):
        problems["hours_per_day"] = "hours_a_day"
    elif days_a_week_ok(weekdays) and not hours_a_week_ok(weekdays, hours):
        problems["hours_per_day"] = "hours_a_week"
    if ends_on >= starts_on and any(overlaps(starts_on, ends_on, s, e) for s, e in other_periods):
        problems["starts_on"] = "overlap"
    return problems
