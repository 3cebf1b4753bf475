"""A client's month for the coach: a calendar of planned and attended days, the hours of each
ISO week, and the attendance rate of the current period so far.

GET /clients/<client_id>/days?month=2026-11 (this month when missing). Staff who may see the
client (get_client_for); everyone else 404.
"""
import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort, render_template, request
from flask_babel import format_date
from flask_login import current_user
from sqlalchemy import select

from webapp.lib.dates import shift_month
from webapp.accounts.access import staff_required
from webapp.approvals import bp
from webapp.approvals.week import WeekLimits, counts, iso_text
from webapp.checkin.models import AbsenceReason, ActivityDay, Kind
from webapp.audit import access
from webapp.clients.access import get_client_for
from webapp.clients.models import ClientProfile
from webapp.clients.search import current_period
from webapp.extensions import db
from webapp.lib import clock
from webapp.clients.models import ServicePeriod

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
FIRST_MONTH = date(2000, 1, 1)
MONTHS_AHEAD = 12  # planned days can be looked at this far ahead


# --- The attendance rule ------------------------------------------------------------------------

@dataclass(frozen=True)
class Rate:
    attended: int  # planned days the client took part on
    planned: int  # planned days so far
    extra: int = 0  # days taken part on outside the plan (not in the rate)

    @property
    def percent(self) -> int:
        return round(100 * self.attended / self.planned)


def not_held(record: ActivityDay | None) -> bool:
    return record is not None and record.kind == Kind.ABSENT and record.absence_reason == AbsenceReason.NOT_HELD


def attendance_rate(period: ServicePeriod | None, records: Iterable[ActivityDay], today: date,
                    is_closed: Callable[[date], bool]) -> Rate | None:
    """The attendance rate of a period so far: attended days / planned days.

    - Planned days are the period's planned weekdays from its start to today (to its end, if it
      has ended) on which the unit was open (`is_closed(day)` is false: no closure, opening
      hours that weekday) and the service was held (no "not held" record).
    - Today is a planned day only once the client has come: a morning before arrival is not a
      missed day.
    - Attended days are planned days with a record of taking part, on site or remote, that is
      not marked "not counted" (open and confirmed days both count). Absences are not attended.
    - Days taken part on outside the plan are not in the rate; they are counted as `extra`.

    `records` are the client's day records (any may be outside the period: they are left out).
    None when there is no period, or no planned day so far (a period that starts later).
    """
    if period is None:
        return None
    by_day = {r.day: r for r in records if period.starts_on <= r.day <= period.ends_on}
    last = min(today, period.ends_on)
    planned = attended = extra = 0
    day = period.starts_on
    while day <= last:
        record = by_day.get(day)
        took_part = record is not None and counts(record)
        if period.is_planned_on(day) and not is_closed(day) and not not_held(record):
            if day < today or took_part:
                planned += 1
                attended += took_part
        elif took_part:
            extra += 1
        day += timedelta(days=1)
    return Rate(attended, planned, extra) if planned else None


def period_rate(client: ClientProfile, today: date) -> tuple[ServicePeriod | None, Rate | None]:
    """The client's current period (running, else the next, else the last) and its rate so far."""
    period = current_period(client, today)
    if period is None or period.starts_on > today:
        return period, None
    records = db.session.scalars(
        select(ActivityDay).where(ActivityDay.client_id == client.person_id,
                                  ActivityDay.day.between(period.starts_on, min(today, period.ends_on)))).all()
    return period, attendance_rate(period, records, today, period.unit.is_closed_on)


# --- The month ----------------------------------------------------------------------------------

@dataclass
class Day:
    day: date
    planned: bool  # a planned weekday of a running period, its unit open
    closure: str | None  # the reason when the unit of a running period is closed that day
    record: ActivityDay | None
    today: date
    in_month: bool = True

    @property
    def took_part(self) -> bool:
        return self.record is not None and counts(self.record)

    @property
    def counts_as_planned(self) -> bool:
        """Planned, the service held (and today only once the client came), as the rate counts."""
        return self.planned and not not_held(self.record) and (self.day < self.today or self.took_part)

    @property
    def missed(self) -> bool:
        """A planned day gone by without any record: the client did not come."""
        return self.planned and self.record is None and self.day < self.today

    @property
    def empty(self) -> bool:
        return not self.planned and self.record is None and self.closure is None


@dataclass
class WeekLine(WeekLimits):
    monday: date
    days: int
    minutes: int

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)



@dataclass
class Month:
    client: ClientProfile
    first: date
    weeks: list[list[Day]]
    lines: list[WeekLine]
    previous: date | None
    following: date | None

    @property
    def days(self) -> list[Day]:
        return [d for week in self.weeks for d in week if d.in_month]

    @property
    def planned(self) -> int:
        return sum(1 for d in self.days if d.planned and not not_held(d.record))

    @property
    def planned_so_far(self) -> int:
        return sum(1 for d in self.days if d.counts_as_planned)

    @property
    def attended(self) -> int:
        return sum(1 for d in self.days if d.took_part)

    @property
    def many_units(self) -> bool:
        """The client's periods and days this month are at more than one unit: name the unit."""
        units = {p.unit_id for p in self.client.periods} | {d.record.unit_id for d in self.days if d.record}
        return len(units) > 1


def month_arg(value: str | None, today: date) -> date:
    """The first day of ?month=YYYY-MM, this month's when missing. Anything else is 404: no
    such month (13, year 0), before 2000, or more than a year ahead."""
    if not value:
        return today.replace(day=1)
    match = _MONTH.fullmatch(value)
    if match is None:
        abort(404)
    try:
        first = date(int(match[1]), int(match[2]), 1)
    except ValueError:
        abort(404)
    if not in_reach(first, today):
        abort(404)
    return first


def in_reach(first: date, today: date) -> bool:
    return FIRST_MONTH <= first <= shift_month(today.replace(day=1), MONTHS_AHEAD)


def _closure(periods: list[ServicePeriod], on: date) -> str | None:
    for period in periods:
        if period.is_active_on(on):
            reason = next((c.reason for c in period.unit.closures if c.starts_on <= on <= c.ends_on), None)
            if reason is not None:
                return reason
    return None


def build_month(client: ClientProfile, first: date, today: date) -> Month:
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = grid[0][0], grid[-1][-1]
    periods = list(client.periods)
    records = {r.day: r for r in db.session.scalars(
        select(ActivityDay).where(ActivityDay.client_id == client.person_id, ActivityDay.day.between(start, end))
        .options(db.joinedload(ActivityDay.unit)))}
    weeks, lines = [], []
    for dates in grid:
        week = []
        for d in dates:
            planned = any(p.is_planned_on(d) and not p.unit.is_closed_on(d) for p in periods)
            week.append(Day(day=d, planned=planned, closure=_closure(periods, d), record=records.get(d),
                            today=today, in_month=d.month == first.month))
        weeks.append(week)
        counted = [d.record for d in week if d.took_part]
        lines.append(WeekLine(monday=dates[0], days=len(counted),
                              minutes=sum(int(r.duration.total_seconds() // 60) for r in counted
                                          if r.duration is not None)))
    previous, following = shift_month(first, -1), shift_month(first, 1)
    return Month(client=client, first=first, weeks=weeks, lines=lines,
                 previous=previous if in_reach(previous, today) else None,
                 following=following if in_reach(following, today) else None)


@bp.get("/clients/<int:client_id>/days")
@staff_required
def client_days(client_id: int):
    client = get_client_for(current_user, client_id)
    today = clock.today()
    first = month_arg(request.args.get("month"), today)
    month = build_month(client, first, today)
    period, rate = period_rate(client, today)
    access.log_read(current_user, client.person_id, "days")
    return render_template("approvals/client_days.html", client=client, month=month, period=period, rate=rate,
                           today=today, month_title=format_date(first, "LLLL y"),
                           iso_text=iso_text), {"Cache-Control": "no-store"}
