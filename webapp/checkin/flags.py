"""The flags a coach needs on a day record, computed for a client's whole ISO week at once
(a Tuesday's check-out can make Thursday the day that passes 32 hours)."""
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sqlalchemy import bindparam

from webapp.checkin.models import ActivityDay, Flag, Kind
from webapp.extensions import db
from webapp.clients.models import ServicePeriod
from webapp.units.models import Unit

MAX_DAYS_PER_WEEK = 4
MAX_HOURS_PER_WEEK = 32
MIN_HOURS_PER_DAY = 4


def compute_flags(days: Iterable[ActivityDay], periods: Iterable[ServicePeriod],
                  is_closed: Callable[[int, date], bool]) -> dict[ActivityDay, Flag]:
    """{day record: flags} for one client's days of one ISO week. is_closed(unit_id, date).
    An absence has no flags and counts for neither the days nor the hours of the week; a
    remote day counts like a day on site, with its reported hours."""
    periods = list(periods)
    result = {}
    count, hours = 0, 0.0
    for record in sorted(days, key=lambda d: d.day):  # one record per client and day
        flags = Flag(0)
        if record.kind == Kind.ABSENT:
            result[record] = flags
            continue
        running = [p for p in periods if p.unit_id == record.unit_id and p.is_active_on(record.day)]
        if not running:
            flags |= Flag.OUTSIDE_PERIOD
        elif not any(p.is_planned_on(record.day) for p in running):
            flags |= Flag.UNPLANNED_DAY
        if is_closed(record.unit_id, record.day):
            flags |= Flag.CLOSURE_DAY
        count += 1
        if count > MAX_DAYS_PER_WEEK:
            flags |= Flag.FIFTH_DAY
        if record.hours is not None:
            hours += record.hours
            if hours > MAX_HOURS_PER_WEEK:
                flags |= Flag.OVER_32H
            if record.hours < MIN_HOURS_PER_DAY:
                flags |= Flag.SHORT_DAY
        result[record] = flags
    return result


def iso_week(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


WEEK_OF = db.select(ActivityDay).where(ActivityDay.client_id == bindparam("client_id"),
                                       ActivityDay.day.between(bindparam("monday"), bindparam("sunday")))


def week_of(client_id: int, day: date) -> list[ActivityDay]:
    """The client's day records of the ISO week around day (every scan asks: the statement is
    built once)."""
    monday, sunday = iso_week(day)
    return list(db.session.scalars(WEEK_OF, {"client_id": client_id, "monday": monday, "sunday": sunday}))


def store_flags(week: list[ActivityDay], periods: Iterable[ServicePeriod]) -> None:
    """Store fresh flags on week (all of one client's records of one ISO week, a new one
    included) where they changed. periods: the client's service periods (others are ignored)."""
    units: dict[int, Unit] = {d.unit_id: d.unit for d in week}

    def is_closed(unit_id: int, on: date) -> bool:
        return units[unit_id].is_closed_on(on)

    for record, flags in compute_flags(week, periods, is_closed).items():
        if record.flags != int(flags):
            record.flags = int(flags)


def recompute_week(client_id: int, day: date) -> None:
    """Store fresh flags on every day record of client's ISO week around day."""
    week = week_of(client_id, day)
    if not week:
        return
    monday, sunday = iso_week(day)
    store_flags(week, db.session.scalars(
        db.select(ServicePeriod).where(ServicePeriod.client_id == client_id,
                                       ServicePeriod.starts_on <= sunday, ServicePeriod.ends_on >= monday)))
