"""Closing a unit's month: after it, the month's money never changes.

- Months close in order, each once it has ended, and only when nothing is left to decide:
  no open day record, no planned day gone by without a record (an absence is a record), no
  compensable day without a rate. `missing()` lists what is left, for the close screen.
- Closing freezes the month's money into `money_line`: a "day" line for every compensable day
  (from `compensation.lines`, the one money function).
- A correction that reaches a day of a closed month (a manager's correction, a payer changed
  back in time) never changes that month. The difference between what the frozen lines paid
  for a day and what the day is worth now becomes an "adjustment" line of the next month to
  close, referring to the original day (`pending_adjustments()` shows it before then). So the
  sum of a day's lines is always what it was paid, and a day is never paid twice.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp import audit
from webapp.approvals.month import shift_month
from webapp.checkin.models import ActivityDay, Status
from webapp.extensions import db
from webapp.lib import clock
from webapp.money import compensation
from webapp.money.models import MoneyLine, MonthClose
from webapp.periods.models import ServicePeriod
from webapp.units.models import Unit


class CloseError(Exception):
    def __init__(self, message, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Missing:
    """One thing that keeps a month open."""
    kind: str  # "open_day", "no_record", "no_rate", "earlier_month", "not_ended"
    client_id: int | None = None
    day: date | None = None


@dataclass(frozen=True)
class Adjustment:
    client_id: int
    day: date
    payer: str
    days: int  # -1, 0 or +1
    amount_cents: int


def closed(unit_id: int, month: date) -> MonthClose | None:
    return db.session.scalar(db.select(MonthClose).where(MonthClose.unit_id == unit_id,
                                                         MonthClose.month == month.replace(day=1)))


def first_open_month(unit: Unit) -> date | None:
    """The month to close next: the earliest month after the last closed one that has a day
    record (a month without any is skipped), or the one after the last closed month."""
    last_closed = db.session.scalar(select(func.max(MonthClose.month)).where(MonthClose.unit_id == unit.id))
    start = shift_month(last_closed, 1) if last_closed else None
    query = select(func.min(ActivityDay.day)).where(ActivityDay.unit_id == unit.id)
    if start is not None:
        query = query.where(ActivityDay.day >= start)
    first_day = db.session.scalar(query)
    return start if first_day is None else first_day.replace(day=1)


def missing(unit: Unit, month: date) -> list[Missing]:
    month = month.replace(day=1)
    first, last = compensation.month_bounds(month)
    today = clock.today()
    found: list[Missing] = []
    if last >= today:
        found.append(Missing("not_ended"))
    next_to_close = first_open_month(unit)
    if next_to_close is not None and next_to_close < month:
        found.append(Missing("earlier_month", day=next_to_close))
    records = db.session.execute(
        select(ActivityDay.client_id, ActivityDay.day, ActivityDay.status)
        .where(ActivityDay.unit_id == unit.id, ActivityDay.day.between(first, last))).all()
    found += [Missing("open_day", client_id, day) for client_id, day, status in records if status == Status.OPEN]
    recorded = {(client_id, day) for client_id, day, _status in records}
    recorded |= set(db.session.execute(  # a record at another unit of the client's also answers the day
        select(ActivityDay.client_id, ActivityDay.day).where(ActivityDay.day.between(first, last),
                                                             ActivityDay.unit_id != unit.id)).all())
    periods = db.session.scalars(select(ServicePeriod).where(
        ServicePeriod.unit_id == unit.id, ServicePeriod.starts_on <= last, ServicePeriod.ends_on >= first)).all()
    day = first
    while day <= min(last, today - timedelta(days=1)):
        if not unit.is_closed_on(day):
            for period in periods:
                if period.is_planned_on(day) and (period.client_id, day) not in recorded:
                    found.append(Missing("no_record", period.client_id, day))
        day += timedelta(days=1)
    found += [Missing("no_rate", line.client_id, line.day)
              for line in compensation.lines(first, last, unit_id=unit.id) if line.rate_cents is None]
    return found


def _paid(unit_id: int, before: date) -> dict[tuple[int, date, str], tuple[int, int]]:
    """What the frozen lines of the unit's closed months paid, per client, day and payer."""
    rows = db.session.execute(
        select(MoneyLine.client_id, MoneyLine.day, MoneyLine.payer, func.sum(MoneyLine.days),
               func.sum(MoneyLine.amount_cents))
        .join(MonthClose, MonthClose.id == MoneyLine.close_id)
        .where(MonthClose.unit_id == unit_id, MoneyLine.day < before)
        .group_by(MoneyLine.client_id, MoneyLine.day, MoneyLine.payer)).all()
    return {(c, d, p): (days, amount) for c, d, p, days, amount in rows}


def pending_adjustments(unit: Unit, month: date) -> list[Adjustment]:
    """The corrections of days in the unit's closed months before `month`, not yet frozen."""
    month = month.replace(day=1)
    earliest = db.session.scalar(select(func.min(MonthClose.month)).where(MonthClose.unit_id == unit.id,
                                                                          MonthClose.month < month))
    if earliest is None:
        return []
    paid = _paid(unit.id, month)
    now: dict[tuple[int, date, str], tuple[int, int]] = defaultdict(lambda: (0, 0))
    for line in compensation.lines(earliest, month - timedelta(days=1), unit_id=unit.id):
        now[(line.client_id, line.day, line.payer)] = (1, line.rate_cents or 0)
    result = []
    for key in sorted(set(paid) | set(now), key=lambda k: (k[1], k[0], k[2])):
        paid_days, paid_amount = paid.get(key, (0, 0))
        due_days, due_amount = now[key] if key in now else (0, 0)
        if (due_days, due_amount) != (paid_days, paid_amount):
            result.append(Adjustment(key[0], key[1], key[2], due_days - paid_days, due_amount - paid_amount))
    return result


def close_month(unit: Unit, month: date, actor) -> MonthClose:
    """Close the unit's month and freeze its money (and the pending adjustments) into lines."""
    month = month.replace(day=1)
    if closed(unit.id, month) is not None:
        raise CloseError(_l("Kuukausi on jo suljettu."))
    if missing(unit, month):
        raise CloseError(_l("Kuukautta ei voi vielä sulkea: kaikkia päiviä ei ole käsitelty."))
    first, last = compensation.month_bounds(month)
    record = MonthClose(unit_id=unit.id, month=month, closed_at=clock.now(), closed_by_id=actor.id)
    db.session.add(record)
    db.session.flush()
    lines = [MoneyLine(close_id=record.id, kind="day", client_id=line.client_id, day=line.day, payer=line.payer,
                       days=1, amount_cents=line.rate_cents)
             for line in compensation.lines(first, last, unit_id=unit.id)]
    lines += [MoneyLine(close_id=record.id, kind="adjustment", client_id=a.client_id, day=a.day, payer=a.payer,
                        days=a.days, amount_cents=a.amount_cents)
              for a in pending_adjustments(unit, month)]
    db.session.add_all(lines)
    audit.record(record, "month_closed", actor=actor,
                 changes={"lines": [None, len(lines)],
                          "amount_cents": [None, sum(line.amount_cents for line in lines)]})
    return record


def frozen_lines(close: MonthClose) -> list[MoneyLine]:
    return db.session.scalars(select(MoneyLine).where(MoneyLine.close_id == close.id)
                              .order_by(MoneyLine.kind, MoneyLine.day, MoneyLine.client_id)).all()


def adjustments_of(client_id: int, day: date) -> list[MoneyLine]:
    """The later adjustment lines that refer to one original day ("visible in both")."""
    return db.session.scalars(select(MoneyLine).where(MoneyLine.kind == "adjustment", MoneyLine.client_id == client_id,
                                                      MoneyLine.day == day).order_by(MoneyLine.id)).all()
