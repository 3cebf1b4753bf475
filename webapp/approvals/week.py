"""The week of one unit for the coach: who was expected on which day and what happened.

GET /units/<unit_id>/week?week=2026-W47 (ISO week; this week when missing). Rows are the
clients expected at the unit on some day of the week (a planned weekday of an active period,
the unit open) and anyone with a day record at the unit that week. Columns are Monday to
Friday, and Saturday or Sunday when the unit is open then or a day record falls on it.

Built in a fixed number of SQL queries whatever the number of clients (a test counts them):
the unit's opening hours and closures, the periods at the unit that week (with their
clients), and every day record that week of the clients the grid shows.
"""
import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import or_, select

from webapp.accounts.access import staff_required
from webapp.audit import access
from webapp.approvals import bp
from webapp.approvals.access import on_board
from webapp.checkin.flags import MAX_DAYS_PER_WEEK, MAX_HOURS_PER_WEEK
from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.lib import clock
from webapp.clients.models import ServicePeriod
from webapp.units.access import get_unit_for
from webapp.units.models import Unit

_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def iso_text(monday: date) -> str:
    """2026-W47: the ?week= of the week starting on monday."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def in_reach(monday: date, today: date) -> bool:
    """Weeks with a day the day board reaches."""
    return on_board(monday, today) or on_board(monday + timedelta(days=6), today)


def week_arg(value: str | None, today: date) -> date:
    """The Monday of ?week=YYYY-Www, this week's when missing; anything else is 404 (week 54,
    year 0, a week more than a year away)."""
    if not value:
        return monday_of(today)
    match = _WEEK.fullmatch(value)
    if match is None:
        abort(404)
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        abort(404)
    if not in_reach(monday, today):
        abort(404)
    return monday


def counts(record: ActivityDay) -> bool:
    """A day that counts towards the week: on site or remote, and not marked not counted."""
    return record.kind != Kind.ABSENT and record.status != Status.NOT_COUNTED


@dataclass
class Column:
    day: date
    closed: bool  # a closure or no opening hours that weekday
    closure: str | None  # the closure's reason
    today: bool
    on_board: bool  # the day board shows this day (the header links there)


@dataclass
class Cell:
    day: date
    planned: bool  # a planned weekday of the client's period here, and the unit open
    closed: bool
    record: ActivityDay | None
    elsewhere: bool  # the record is at another unit
    past: bool
    today: bool


class WeekLimits:
    """The week's rules on a line with `days` and `minutes`: at most 4 days and 32 hours."""
    days: int
    minutes: int

    @property
    def fifth_day(self) -> bool:
        return self.days > MAX_DAYS_PER_WEEK

    @property
    def over_32h(self) -> bool:
        return self.minutes > MAX_HOURS_PER_WEEK * 60


@dataclass
class Row(WeekLimits):
    client: ClientProfile
    cells: list[Cell]
    days: int  # days that count this week, at any unit
    minutes: int  # their hours (on-site days without a check-out have none yet)


@dataclass
class Week:
    unit: Unit
    monday: date
    columns: list[Column]
    rows: list[Row]
    previous: date | None
    following: date | None

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]


def _closure_reason(unit: Unit, on: date) -> str | None:
    return next((c.reason for c in unit.closures if c.starts_on <= on <= c.ends_on), None)


def build(unit: Unit, monday: date, today: date) -> Week:
    days = [monday + timedelta(days=i) for i in range(7)]
    sunday = days[-1]
    closed = {d: unit.is_closed_on(d) for d in days}  # loads the opening hours and closures

    periods = db.session.scalars(
        select(ServicePeriod).where(ServicePeriod.unit_id == unit.id, ServicePeriod.starts_on <= sunday,
                                    ServicePeriod.ends_on >= monday)
        .options(db.joinedload(ServicePeriod.client).joinedload(ClientProfile.person))
    ).unique().all()
    planned: dict[int, set[date]] = {}
    clients: dict[int, ClientProfile] = {}
    for period in periods:
        on = {d for d in days if not closed[d] and period.is_planned_on(d)}
        if on:
            planned.setdefault(period.client_id, set()).update(on)
            clients[period.client_id] = period.client

    here = select(ActivityDay.client_id).where(ActivityDay.unit_id == unit.id, ActivityDay.day.between(monday, sunday))
    whose = ActivityDay.client_id.in_(here)
    if planned:
        whose = or_(whose, ActivityDay.client_id.in_(list(planned)))
    records = db.session.scalars(
        select(ActivityDay).where(ActivityDay.day.between(monday, sunday), whose)
        .options(db.joinedload(ActivityDay.client).joinedload(ClientProfile.person),
                 db.joinedload(ActivityDay.unit))
    ).unique().all()
    by_client: dict[int, dict[date, ActivityDay]] = {}
    for record in records:
        by_client.setdefault(record.client_id, {})[record.day] = record
        if record.unit_id == unit.id:
            clients.setdefault(record.client_id, record.client)

    shown = [d for d in days if d.weekday() < 5 or unit.hours_on(d.weekday()) is not None
             or any(r.day == d for r in records)]
    columns = [Column(d, closed[d], _closure_reason(unit, d), d == today, on_board(d, today)) for d in shown]
    rows = []
    for client_id, client in clients.items():
        mine = by_client.get(client_id, {})
        cells = []
        for d in shown:
            record = mine.get(d)
            cells.append(Cell(day=d, planned=d in planned.get(client_id, ()), closed=closed[d], record=record,
                              elsewhere=record is not None and record.unit_id != unit.id,
                              past=d < today, today=d == today))
        counted = [r for r in mine.values() if counts(r)]
        minutes = sum(int(r.duration.total_seconds() // 60) for r in counted if r.duration is not None)
        rows.append(Row(client=client, cells=cells, days=len(counted), minutes=minutes))
    rows.sort(key=lambda r: (r.client.called.casefold(), r.client.person.last_name.casefold(), r.client.person_id))

    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    return Week(unit=unit, monday=monday, columns=columns, rows=rows,
                previous=previous if in_reach(previous, today) else None,
                following=following if in_reach(following, today) else None)


@bp.get("/units/<int:unit_id>/week")
@staff_required
def week(unit_id: int):
    unit = get_unit_for(current_user, unit_id)
    today = clock.today()
    monday = week_arg(request.args.get("week"), today)
    shown = build(unit, monday, today)
    access.log_list(current_user, [row.client.person_id for row in shown.rows], "week")
    return render_template("approvals/week.html", week=shown, today=today,
                           this_week=monday_of(today), iso_text=iso_text), {"Cache-Control": "no-store"}
