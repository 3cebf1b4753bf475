"""The daily compensation (Kela's kulukorvaus, the municipality's toimintaraha): the one
function the client's phone, the coach's views and every report ask.

- A **compensable day** is a confirmed day on site or remote. An on-site day under 4 hours (or
  any other flagged day) is confirmed only with the coach's written reason, so "confirmed" is
  the whole rule here. Absences, days not counted and open days are not compensable.
- Its **payer** is the client's payer on that day (the newest payer assignment from on or before
  the day). "none" pays nothing: such a day is no line at all.
- Its **rate** is that payer's newest rate from on or before the day (9 € in 2026).
- One day is one line: a day is paid once, by one payer.

Everything is computed in SQL (one statement, aggregates for totals), so a month of a large
provider is one query, not a loop.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select

from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.clients.models import PayerAssignment
from webapp.extensions import db
from webapp.money.models import PAYING, CompensationRate
from webapp.periods.rules import add_months


@dataclass(frozen=True)
class Line:
    day_id: int
    client_id: int
    unit_id: int
    day: date
    payer: str
    rate_cents: int | None  # None: no rate is set for that payer on that day (shown as a problem)


@dataclass(frozen=True)
class Total:
    client_id: int
    payer: str
    days: int
    amount_cents: int
    unrated: int  # days without a rate
    min_rate_cents: int | None = None
    max_rate_cents: int | None = None  # differs from min when the rate changed during the span


def compensable():
    """The condition on activity_day for a compensable day."""
    return (ActivityDay.status == Status.CONFIRMED.value) & (ActivityDay.kind != Kind.ABSENT.value)


def _lines(first: date, last: date, unit_id: int | None = None, client_id: int | None = None):
    payer = (select(PayerAssignment.payer)
             .where(PayerAssignment.client_id == ActivityDay.client_id, PayerAssignment.valid_from <= ActivityDay.day)
             .order_by(PayerAssignment.valid_from.desc()).limit(1)
             .correlate(ActivityDay).scalar_subquery())
    days = (select(ActivityDay.id.label("day_id"), ActivityDay.client_id, ActivityDay.unit_id, ActivityDay.day,
                   payer.label("payer"))
            .where(compensable(), ActivityDay.day >= first, ActivityDay.day <= last))
    if unit_id is not None:
        days = days.where(ActivityDay.unit_id == unit_id)
    if client_id is not None:
        days = days.where(ActivityDay.client_id == client_id)
    days = days.cte("paid_days")
    rate = (select(CompensationRate.amount_cents)
            .where(CompensationRate.payer == days.c.payer, CompensationRate.valid_from <= days.c.day)
            .order_by(CompensationRate.valid_from.desc()).limit(1)
            .correlate(days).scalar_subquery())
    return days, rate


def lines_query(first: date, last: date, *, unit_id: int | None = None, client_id: int | None = None) -> Select:
    days, rate = _lines(first, last, unit_id, client_id)
    return (select(days.c.day_id, days.c.client_id, days.c.unit_id, days.c.day, days.c.payer,
                   rate.label("rate_cents"))
            .where(days.c.payer.in_(PAYING)).order_by(days.c.day, days.c.client_id))


def lines(first: date, last: date, *, unit_id: int | None = None, client_id: int | None = None) -> list[Line]:
    """Every compensable day from first to last (both included), with its payer and rate."""
    return [Line(*row) for row in db.session.execute(lines_query(first, last, unit_id=unit_id, client_id=client_id))]


def totals(first: date, last: date, *, unit_id: int | None = None, client_id: int | None = None) -> list[Total]:
    """Per client and payer: days, amount and days without a rate, in one grouped query."""
    days, rate = _lines(first, last, unit_id, client_id)
    rated = select(days.c.client_id, days.c.payer, rate.label("rate_cents")).where(days.c.payer.in_(PAYING)).subquery()
    query = (select(rated.c.client_id, rated.c.payer, func.count(),
                    func.coalesce(func.sum(rated.c.rate_cents), 0),
                    func.count().filter(rated.c.rate_cents.is_(None)),
                    func.min(rated.c.rate_cents), func.max(rated.c.rate_cents))
             .group_by(rated.c.client_id, rated.c.payer).order_by(rated.c.payer, rated.c.client_id))
    return [Total(*row) for row in db.session.execute(query)]


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, add_months(first, 1) - timedelta(days=1)


def client_month(client_id: int, month: date) -> tuple[int, int]:
    """(compensable days, amount in cents) of one client in one calendar month: the phone's figure."""
    first, last = month_bounds(month)
    found = totals(first, last, client_id=client_id)
    return sum(t.days for t in found), sum(t.amount_cents for t in found)
