"""The daily compensation (Kela's kulukorvaus, the municipality's toimintaraha): the one
function the client's phone, the coach's views and every report ask.

- A **compensable day** is a confirmed day on site or remote. An on-site day under 4 hours (or
  any other flagged day) is confirmed only with the coach's written reason, so "confirmed" is
  the whole rule here. Absences, days not counted and open days are not compensable.
- Its **payer** is the client's payer on that day (the newest payer assignment from on or before
  the day). "none" pays nothing: such a day is no line at all.
- A compensable day before the client's first payer assignment has **no payer** at all: it is no
  line either, but unlike "none" it is a mistake (an import that started the payer too late), so
  `days_without_payer` lists such days for the month view and the close, which treat them as a
  problem to fix.
- Its **rate** is that payer's newest rate from on or before the day (9 € in 2026).
- One day is one line: a day is paid once, by one payer.

Everything is computed in SQL (one statement, aggregates for totals), so a month of a large
provider is one query, not a loop. Payers and rates are joined as date ranges (LEAD over
valid_from), not looked up per day.
"""
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, exists, func, select, union_all

from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.clients.models import ClientProfile, PayerAssignment
from webapp.extensions import db
from webapp.money.models import PAYING, CompensationRate
from webapp.lib.dates import month_bounds


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


def _ranges(table, key):
    """table's effective-dated rows as [valid_from, valid_to) per key: valid_to is the next row's
    valid_from (LEAD), None for the newest. (key, valid_from) is unique, so a day falls in one range."""
    return select(table, func.lead(table.valid_from).over(partition_by=key, order_by=table.valid_from)
                  .label("valid_to")).subquery()


def _within(ranges, day):
    return (ranges.c.valid_from <= day) & (ranges.c.valid_to.is_(None) | (day < ranges.c.valid_to))


def _where(query, *, unit_id: int | None = None, client_id: int | None = None,
           unit_ids: Collection[int] | None = None, skip_units: Collection[int] = ()):
    """The filters every money query takes, on activity_day."""
    if unit_id is not None:
        query = query.where(ActivityDay.unit_id == unit_id)
    if client_id is not None:
        query = query.where(ActivityDay.client_id == client_id)
    if unit_ids is not None:
        query = query.where(ActivityDay.unit_id.in_(unit_ids))
    if skip_units:
        query = query.where(ActivityDay.unit_id.not_in(skip_units))
    return query


def _lines(first: date, last: date, **where):
    """The paying days as one set-based statement: the days joined to the payer range and the rate
    range they fall in (a join, not a subquery per day, so 5,000 clients' month stays one scan)."""
    payers = _ranges(PayerAssignment, PayerAssignment.client_id)
    rates = _ranges(CompensationRate, CompensationRate.payer)
    query = (select(ActivityDay.id.label("day_id"), ActivityDay.client_id, ActivityDay.unit_id, ActivityDay.day,
                    payers.c.payer, rates.c.amount_cents.label("rate_cents"))
             .join(payers, (payers.c.client_id == ActivityDay.client_id) & _within(payers, ActivityDay.day))
             .outerjoin(rates, (rates.c.payer == payers.c.payer) & _within(rates, ActivityDay.day))
             .where(compensable(), ActivityDay.day >= first, ActivityDay.day <= last, payers.c.payer.in_(PAYING)))
    return _where(query, **where).subquery("paid_days")


def lines_query(first: date, last: date, **where) -> Select:
    days = _lines(first, last, **where)
    return select(days).order_by(days.c.day, days.c.client_id)


def lines(first: date, last: date, **where) -> list[Line]:
    """Every compensable day from first to last (both included), with its payer and rate. where:
    unit_id, client_id, unit_ids (only those units), skip_units (not those)."""
    return [Line(*row) for row in db.session.execute(lines_query(first, last, **where))]


def totals(first: date, last: date, **where) -> list[Total]:
    """Per client and payer: days, amount and days without a rate, in one grouped query (where: as lines)."""
    days = _lines(first, last, **where)
    query = (select(days.c.client_id, days.c.payer, func.count(), func.coalesce(func.sum(days.c.rate_cents), 0),
                    func.count().filter(days.c.rate_cents.is_(None)),
                    func.min(days.c.rate_cents), func.max(days.c.rate_cents))
             .group_by(days.c.client_id, days.c.payer).order_by(days.c.payer, days.c.client_id))
    return [Total(*row) for row in db.session.execute(query)]


@dataclass(frozen=True)
class Unpaid:
    """A compensable day on which the client had no payer assignment at all."""
    client_id: int
    unit_id: int
    day: date


def days_without_payer(first: date, last: date, **where) -> list[Unpaid]:
    """The compensable days from first to last before their client's first payer assignment (or of
    a client with none), by day and client; where: as lines. One statement, and it reads only the
    days of the few clients who can have such a day (a first payer after `first`, or none at all:
    found by the payer and client indexes), by the (client_id, day) index, not every day of the
    month against every client's first payer."""
    first_payer = (select(PayerAssignment.client_id, func.min(PayerAssignment.valid_from).label("valid_from"))
                   .group_by(PayerAssignment.client_id).having(func.min(PayerAssignment.valid_from) > first)
                   .subquery("late_payer"))
    no_payer = select(ClientProfile.person_id).where(
        ~exists().where(PayerAssignment.client_id == ClientProfile.person_id))
    late = (select(ActivityDay.client_id, ActivityDay.unit_id, ActivityDay.day)
            .join(first_payer, first_payer.c.client_id == ActivityDay.client_id)
            .where(ActivityDay.day < first_payer.c.valid_from))
    never = select(ActivityDay.client_id, ActivityDay.unit_id, ActivityDay.day).where(
        ActivityDay.client_id.in_(no_payer))
    found = union_all(*(_where(query.where(compensable(), ActivityDay.day >= first, ActivityDay.day <= last), **where)
                        for query in (late, never))).subquery("without_payer")
    query = select(found).order_by(found.c.day, found.c.client_id, found.c.unit_id)
    return [Unpaid(*row) for row in db.session.execute(query)]


def client_month(client_id: int, month: date) -> tuple[int, int]:
    """(compensable days, amount in cents) of one client in one calendar month: the phone's figure."""
    first, last = month_bounds(month)
    found = totals(first, last, client_id=client_id)
    return sum(t.days for t in found), sum(t.amount_cents for t in found)
