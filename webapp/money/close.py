"""Closing a unit's month: after it, the month's money never changes.

- Months close in order, each once it has ended, and only when nothing is left to decide:
  no open day record, no planned day gone by without a record (an absence is a record), no
  compensable day without a rate, no compensable day without a payer (before the client's first
  payer assignment: closing would freeze it unpaid without anyone deciding so; the compensation
  page lists the same days). `missing()` lists what is left, for the close screen.
- Closing freezes the month's money into `money_line`: a "day" line for every compensable day
  (from `compensation.lines`, the one money function).
- A correction that reaches a day of a closed month (a manager's correction, a payer changed
  back in time) never changes that month. The difference between what the frozen lines paid
  for a day and what the day is worth now becomes an "adjustment" line of the next month to
  close, referring to the original day (`pending_adjustments()` shows it before then). So the
  sum of a day's lines is always what it was paid, and a day is never paid twice.
- The provider's invoice basis freezes the same way into `invoice_line` (every invoiced day of
  the month from `basis.invoiced_days`, clients with payer "none" too, and the pending invoice
  adjustments: corrected days and day prices set or changed back in time). A day without a
  price or an orderer does not keep the month open (Kela's money must not wait for price
  setup): it is frozen without a price (`unpriced_days()` warns before), and a price added
  later becomes an adjustment.
- Both diffs are one function, `differences()`: what a day is worth now minus what the frozen
  lines paid for it, per key, set-based in SQL.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, Select, cast, func, insert, literal_column, null, or_, select, union_all

from webapp import audit
from webapp.lib.dates import shift_month
from webapp.checkin.models import ActivityDay, Status
from webapp.extensions import db
from webapp.money import invoice_basis as basis
from webapp.lib import clock
from webapp.money import compensation
from webapp.money.models import InvoiceLine, MoneyLine
from webapp.checkin.models import MonthClose
from webapp.clients.models import ServicePeriod
from webapp.units.models import Unit


class CloseError(Exception):
    def __init__(self, message, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Missing:
    """One thing that keeps a month open."""
    kind: str  # "open_day", "no_record", "no_rate", "no_payer", "earlier_month", "not_ended"
    client_id: int | None = None
    day: date | None = None


@dataclass(frozen=True)
class Adjustment:
    client_id: int
    day: date
    payer: str
    days: int  # -1, 0 or +1
    amount_cents: int


@dataclass(frozen=True)
class InvoiceAdjustment:
    """A pending correction of an invoiced day of a closed month, for one orderer and service
    type: days -1/0/+1 and the amount; price_cents is the day's price now (or the price taken
    back when the day is no longer invoiced), None without a price."""
    client_id: int
    day: date
    orderer_id: int | None
    service_type_id: int | None
    price_cents: int | None
    days: int
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
    in_month = (ServicePeriod.unit_id == unit.id, ServicePeriod.starts_on <= last, ServicePeriod.ends_on >= first)
    recorded |= set(db.session.execute(  # a record at another unit of the client's also answers the day
        select(ActivityDay.client_id, ActivityDay.day).where(
            ActivityDay.day.between(first, last), ActivityDay.unit_id != unit.id,
            ActivityDay.client_id.in_(select(ServicePeriod.client_id).where(*in_month)))).all())
    periods = db.session.scalars(select(ServicePeriod).where(*in_month)).all()
    day = first
    while day <= min(last, today - timedelta(days=1)):
        if not unit.is_closed_on(day):
            for period in periods:
                if period.is_planned_on(day) and (period.client_id, day) not in recorded:
                    found.append(Missing("no_record", period.client_id, day))
        day += timedelta(days=1)
    found += [Missing("no_rate", line.client_id, line.day)
              for line in compensation.lines(first, last, unit_id=unit.id) if line.rate_cents is None]
    found += [Missing("no_payer", found_day.client_id, found_day.day)
              for found_day in compensation.days_without_payer(first, last, unit_id=unit.id)]
    return found


def month_closes(first: date, unit: Unit | None = None) -> tuple[list[MonthClose], int]:
    """The month's closes (of one unit, or of all) and how many units they are out of: that one
    unit, or every active unit and any closed one (a unit closed and then deactivated)."""
    query = select(MonthClose).where(MonthClose.month == first).order_by(MonthClose.unit_id)
    if unit is not None:
        return list(db.session.scalars(query.where(MonthClose.unit_id == unit.id))), 1
    closes = list(db.session.scalars(query))
    units = db.session.scalar(select(func.count()).select_from(Unit).where(
        or_(Unit.active.is_(True), Unit.id.in_([c.unit_id for c in closes]))))
    return closes, units


def differences(paid: Select, now: Select, keys: Sequence[str], carried: Sequence[str] = ()) -> Select:
    """What each key is worth now minus what frozen lines paid for it, only the keys where the two
    differ: the adjustments still to make. `now` and `paid` select the same columns, named: the
    keys, then `days` and `amount_cents`, then the carried ones (given back as max() per key).
    One UNION ALL (now added, paid taken off) and a GROUP BY ... HAVING, so it is set-based and
    the same rule for the compensation (money_line) and the invoice basis (invoice_line)."""
    now, paid = now.subquery("worth_now"), paid.subquery("frozen_paid")
    both = union_all(
        select(*(now.c[k] for k in keys), now.c.days, now.c.amount_cents, *(now.c[c] for c in carried)),
        select(*(paid.c[k] for k in keys), (-paid.c.days).label("days"), (-paid.c.amount_cents).label("amount_cents"),
               *(paid.c[c] for c in carried)),
    ).subquery("worth_minus_paid")
    days, amount = func.sum(both.c.days), func.sum(both.c.amount_cents)
    return (select(*(both.c[k] for k in keys), days.label("days"), amount.label("amount_cents"),
                   *(func.max(both.c[c]).label(c) for c in carried))
            .group_by(*(both.c[k] for k in keys)).having((days != 0) | (amount != 0)))


def _earliest_closed(unit: Unit, month: date) -> date | None:
    return db.session.scalar(select(func.min(MonthClose.month)).where(MonthClose.unit_id == unit.id,
                                                                      MonthClose.month < month))


def pending_adjustments(unit: Unit, month: date) -> list[Adjustment]:
    """The corrections of days in the unit's closed months before `month`, not yet frozen."""
    month = month.replace(day=1)
    earliest = _earliest_closed(unit, month)
    if earliest is None:
        return []
    paid = (select(MoneyLine.client_id, MoneyLine.day, MoneyLine.payer, MoneyLine.days, MoneyLine.amount_cents)
            .join(MonthClose, MonthClose.id == MoneyLine.close_id)
            .where(MonthClose.unit_id == unit.id, MoneyLine.day < month))
    # lines_query (ordered), not the bare subquery: with it SQLite indexes the payer ranges per
    # client instead of scanning all of them for every day (a unit's year: 2.4 s -> 45 ms).
    lines = compensation.lines_query(earliest, month - timedelta(days=1), unit_id=unit.id).subquery()
    now = select(lines.c.client_id, lines.c.day, lines.c.payer, literal_column("1").label("days"),
                 func.coalesce(lines.c.rate_cents, 0).label("amount_cents"))
    found = [Adjustment(*row) for row in db.session.execute(differences(paid, now, ("client_id", "day", "payer")))]
    return sorted(found, key=lambda a: (a.day, a.client_id, a.payer))


# --- The invoice basis ---------------------------------------------------------------------------

INVOICE_KEYS = ("client_id", "day", "orderer_id", "service_type_id")
_NO_PRICE = cast(null(), Integer)


def invoice_worth_now(first: date, last: date, *, unit_id: int | None = None, units: Select | None = None) -> Select:
    """The invoiced days as `differences()` wants them: what each is worth now."""
    days = basis.invoiced_days(first, last, unit_id=unit_id, units=units)
    return select(days.c.client_id, days.c.day, days.c.orderer_id, days.c.service_type_id,
                  literal_column("1").label("days"), func.coalesce(days.c.price_cents, 0).label("amount_cents"),
                  literal_column("1").label("now_rows"), days.c.price_cents.label("now_price"),
                  _NO_PRICE.label("paid_price"))


def invoice_paid(*where) -> Select:
    """Frozen invoice lines (with where on InvoiceLine and their MonthClose) as `differences()`
    wants them: what was invoiced."""
    return (select(InvoiceLine.client_id, InvoiceLine.day, InvoiceLine.orderer_id, InvoiceLine.service_type_id,
                   InvoiceLine.days, InvoiceLine.amount_cents, literal_column("0").label("now_rows"),
                   _NO_PRICE.label("now_price"), InvoiceLine.price_cents.label("paid_price"))
            .join(MonthClose, MonthClose.id == InvoiceLine.close_id).where(*where))


def invoice_differences(paid: Select, now: Select) -> list[InvoiceAdjustment]:
    """The invoice adjustments still to make, by day, client, orderer and service type."""
    found = []
    for row in db.session.execute(differences(paid, now, INVOICE_KEYS, ("now_rows", "now_price", "paid_price"))):
        if row.now_rows:
            price = row.now_price
        else:  # no longer invoiced: everything paid is taken back, at the price it was paid
            price = -row.amount_cents if row.paid_price is not None and row.days == -1 else None
        found.append(InvoiceAdjustment(row.client_id, row.day, row.orderer_id, row.service_type_id, price, row.days,
                                       row.amount_cents))
    return sorted(found, key=lambda a: (a.day, a.client_id, a.orderer_id is None, a.orderer_id or 0,
                                        a.service_type_id is None, a.service_type_id or 0))


def pending_invoice_adjustments(unit: Unit, month: date) -> list[InvoiceAdjustment]:
    """The invoice corrections of days in the unit's closed months before `month`, not yet
    frozen: a day corrected after its close, a day price set or changed back in time."""
    month = month.replace(day=1)
    earliest = _earliest_closed(unit, month)
    if earliest is None:
        return []
    return invoice_differences(invoice_paid(MonthClose.unit_id == unit.id, InvoiceLine.day < month),
                               invoice_worth_now(earliest, month - timedelta(days=1), unit_id=unit.id))


def unpriced_days(unit: Unit, month: date) -> int:
    """The unit's invoiced days of the month without a day price (or without an orderer): they do
    not keep the month open, but they are frozen without a price."""
    first, last = compensation.month_bounds(month)
    days = basis.invoiced_days(first, last, unit_id=unit.id)
    return db.session.scalar(select(func.count()).select_from(days).where(days.c.price_cents.is_(None)))


def _freeze_invoice(record: MonthClose, unit: Unit, first: date, last: date) -> tuple[int, int]:
    """The month's invoiced days and the pending invoice adjustments as invoice lines of the
    close: (lines, amount in cents)."""
    adjustments = pending_invoice_adjustments(unit, first)
    days = basis.invoiced_days(first, last, unit_id=unit.id)
    rows = [dict(close_id=record.id, kind="day", client_id=row.client_id, day=row.day, orderer_id=row.orderer_id,
                 service_type_id=row.service_type_id, price_cents=row.price_cents, days=1,
                 amount_cents=row.price_cents or 0)
            for row in db.session.execute(select(days).order_by(days.c.day, days.c.client_id))]
    rows += [dict(close_id=record.id, kind="adjustment", client_id=a.client_id, day=a.day, orderer_id=a.orderer_id,
                  service_type_id=a.service_type_id, price_cents=a.price_cents, days=a.days,
                  amount_cents=a.amount_cents) for a in adjustments]
    if rows:
        db.session.execute(insert(InvoiceLine), rows)
    return len(rows), sum(row["amount_cents"] for row in rows)


def close_month(unit: Unit, month: date, actor) -> MonthClose:
    """Close the unit's month and freeze its money and its invoice basis (and the pending
    adjustments of both) into lines."""
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
    invoice_lines, invoice_cents = _freeze_invoice(record, unit, first, last)
    audit.record(record, "month_closed", actor=actor,
                 changes={"lines": [None, len(lines)],
                          "amount_cents": [None, sum(line.amount_cents for line in lines)],
                          "invoice_lines": [None, invoice_lines], "invoice_amount_cents": [None, invoice_cents]})
    return record


def frozen_invoice_lines(close: MonthClose) -> list[InvoiceLine]:
    return db.session.scalars(select(InvoiceLine).where(InvoiceLine.close_id == close.id)
                              .order_by(InvoiceLine.kind, InvoiceLine.day, InvoiceLine.client_id)).all()


def frozen_lines(close: MonthClose) -> list[MoneyLine]:
    return db.session.scalars(select(MoneyLine).where(MoneyLine.close_id == close.id)
                              .order_by(MoneyLine.kind, MoneyLine.day, MoneyLine.client_id)).all()


def adjustments_of(client_id: int, day: date) -> list[MoneyLine]:
    """The later adjustment lines that refer to one original day ("visible in both")."""
    return db.session.scalars(select(MoneyLine).where(MoneyLine.kind == "adjustment", MoneyLine.client_id == client_id,
                                                      MoneyLine.day == day).order_by(MoneyLine.id)).all()
