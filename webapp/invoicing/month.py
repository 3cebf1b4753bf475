"""The month's invoice basis the manager sees (/invoicing and /invoicing/clients, and their
exports). A closed month never changes, so the figures come from two places:

- a unit whose month is **closed**: the invoice lines frozen by its close (`invoice_line`), at
  the prices they had then, whatever was corrected or priced since;
- any other unit: the live basis (`basis.invoiced_days`).

Around them, so that a correction is visible in both months:

- **adjustments**: the adjustment lines this month's closes carry, each for a day of an
  earlier closed month (its original day is shown);
- **later corrections**: for a day of this month at a closed unit that was corrected (or priced)
  after the close, the adjustment line of the later close that carries it, or the pending one
  that waits for the next close.

Totals are the month's days plus the adjustments it carries: the sum of its lines. Everything
is a handful of grouped queries (one UNION ALL of the frozen and the live days), whatever the
number of clients.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Date, Select, case, cast, func, literal_column, null, select, union_all

from webapp.extensions import db
from webapp.money import invoice_basis as basis
from webapp.money import close, compensation
from webapp.money.models import InvoiceLine
from webapp.checkin.models import MonthClose
from webapp.units.models import Unit


@dataclass(frozen=True)
class Row:
    """Days of one orderer, service type and price: the month's own days (day None), or the
    adjustments of one original day of an earlier month (day = that day)."""
    orderer_id: int | None
    service_type_id: int | None
    price_cents: int | None
    days: int
    clients: int
    amount_cents: int
    day: date | None = None

    @property
    def adjustment(self) -> bool:
        return self.day is not None

    @property
    def problem(self) -> bool:
        """Days on the invoice without an orderer or a price (a day taken back is no problem)."""
        return (self.orderer_id is None or self.price_cents is None) and self.days > 0


@dataclass(frozen=True)
class ClientRow:
    """One client's days of an orderer and service type (day None), or one adjustment of an
    original day of an earlier month (day = that day)."""
    client_id: int
    days: int
    amount_cents: int
    unpriced: int
    day: date | None = None


@dataclass(frozen=True)
class Later:
    """A correction of one of this month's days made after its close."""
    client_id: int
    day: date  # the day of this month
    orderer_id: int | None  # the adjustment's orderer and service type
    service_type_id: int | None
    days: int
    amount_cents: int
    month: date | None  # the month whose close carries it; None: it waits for the next close


@dataclass
class Month:
    month: date
    closes: list[MonthClose]
    units: int  # the units the closes are out of (close.month_closes)
    rows: list[Row]
    later: dict[tuple, list[Later]] = field(default_factory=dict)  # (orderer, type, price) of the day row
    later_elsewhere: list[Later] = field(default_factory=list)  # of days that were not on the closed invoice

    def sums(self) -> tuple[int, int]:
        """(days, cents) of the month's lines: its days and the adjustments it carries."""
        return sum(r.days for r in self.rows), sum(r.amount_cents for r in self.rows)

    @property
    def problems(self) -> int:
        return sum(r.days for r in self.rows if r.problem)


def _closed_units(first: date) -> Select:
    return select(MonthClose.unit_id).where(MonthClose.month == first)


def _lines(first: date, last: date) -> Select:
    """Every line of the month as one set: the frozen lines of its closes (adjustments with their
    original day) and the live days of the units not closed."""
    frozen = (select(InvoiceLine.client_id,
                     case((InvoiceLine.kind == "adjustment", InvoiceLine.day), else_=null()).label("original"),
                     InvoiceLine.orderer_id, InvoiceLine.service_type_id, InvoiceLine.price_cents, InvoiceLine.days,
                     InvoiceLine.amount_cents)
              .join(MonthClose, MonthClose.id == InvoiceLine.close_id).where(MonthClose.month == first))
    live_days = basis.invoiced_days(first, last, units=select(Unit.id).where(Unit.id.not_in(_closed_units(first))))
    live = select(live_days.c.client_id, cast(null(), Date).label("original"), live_days.c.orderer_id,
                  live_days.c.service_type_id, live_days.c.price_cents, literal_column("1").label("days"),
                  func.coalesce(live_days.c.price_cents, 0).label("amount_cents"))
    return union_all(frozen, live).subquery("month_lines")


def _where(lines, orderer_id: int | None, service_type_id: int | None) -> list:
    """One orderer and type; orderer None: the days without an orderer (of that type, or without
    a period when the type is None too)."""
    if orderer_id is None:
        return [lines.c.orderer_id.is_(None),
                lines.c.service_type_id == service_type_id if service_type_id is not None
                else lines.c.service_type_id.is_(None)]
    return [lines.c.orderer_id == orderer_id, lines.c.service_type_id == service_type_id]


def month_view(month: date) -> Month:
    first, last = compensation.month_bounds(month)
    closes, units = close.month_closes(first)
    lines = _lines(first, last)
    query = (select(lines.c.orderer_id, lines.c.service_type_id, lines.c.price_cents, func.sum(lines.c.days),
                    func.count(lines.c.client_id.distinct()), func.sum(lines.c.amount_cents), lines.c.original)
             .group_by(lines.c.orderer_id, lines.c.service_type_id, lines.c.price_cents, lines.c.original))
    rows = sorted((Row(*row) for row in db.session.execute(query)),
                  key=lambda r: (r.orderer_id is None, r.orderer_id or 0, r.service_type_id is None,
                                 r.service_type_id or 0, r.adjustment, r.day or first, r.price_cents is None,
                                 r.price_cents or 0))
    view = Month(month=first, closes=closes, units=units, rows=rows)
    if closes:
        _attach_later(view, first, last)
    return view


def client_rows(month: date, orderer_id: int | None, service_type_id: int | None) -> list[ClientRow]:
    """The drill-down of one orderer and service type: each client's days of the month, then
    the adjustments this month's closes carry, one per client and original day."""
    first, last = compensation.month_bounds(month)
    lines = _lines(first, last)
    unpriced = func.sum(case((lines.c.price_cents.is_(None), lines.c.days), else_=0))
    query = (select(lines.c.client_id, func.sum(lines.c.days), func.sum(lines.c.amount_cents), unpriced,
                    lines.c.original)
             .where(*_where(lines, orderer_id, service_type_id))
             .group_by(lines.c.client_id, lines.c.original))
    return [ClientRow(*row) for row in db.session.execute(query)]


def later_of_clients(month: date, orderer_id: int | None, service_type_id: int | None) -> dict[int, list[Later]]:
    """The later corrections of this month's days of one orderer and type, per client: those of
    the days on its closed invoice, and of days that were not (by the adjustment's own)."""
    found: dict[int, list[Later]] = {}
    for key, later in _later(*compensation.month_bounds(month)).items():
        for item in later:
            if (key[:2] if key else (item.orderer_id, item.service_type_id)) == (orderer_id, service_type_id):
                found.setdefault(item.client_id, []).append(item)
    return found


def _attach_later(view: Month, first: date, last: date) -> None:
    for key, found in _later(first, last).items():
        if key == ():
            view.later_elsewhere = found
        else:
            view.later[key] = found


def _closes_from(first: date, later: bool = False):
    """The lines of this month's closes (or only of later ones): the only closes whose lines can
    refer to this month's days. By close_id, so that the lines are read through their index."""
    return InvoiceLine.close_id.in_(select(MonthClose.id).where(
        MonthClose.month > first if later else MonthClose.month >= first))


def _later(first: date, last: date) -> dict[tuple, list[Later]]:
    """The corrections of the month's days at its closed units, carried by a later close or
    pending, per (orderer, type, price) of the frozen day line they correct; () for days that
    were not on the closed invoice."""
    carried = db.session.execute(
        select(InvoiceLine.client_id, InvoiceLine.day, InvoiceLine.orderer_id, InvoiceLine.service_type_id,
               InvoiceLine.days, InvoiceLine.amount_cents, MonthClose.month)
        .join(MonthClose, MonthClose.id == InvoiceLine.close_id)
        .where(InvoiceLine.kind == "adjustment", InvoiceLine.day.between(first, last), _closes_from(first, later=True))
        .order_by(MonthClose.month, InvoiceLine.day, InvoiceLine.client_id)).all()
    found = [Later(*row) for row in carried]
    pending = close.invoice_differences(close.invoice_paid(InvoiceLine.day.between(first, last),
                                                           _closes_from(first)),
                                        close.invoice_worth_now(first, last, units=_closed_units(first)))
    found += [Later(a.client_id, a.day, a.orderer_id, a.service_type_id, a.days, a.amount_cents, None)
              for a in pending]
    if not found:
        return {}
    originals = {(row.client_id, row.day): (row.orderer_id, row.service_type_id, row.price_cents)
                 for row in db.session.execute(
                     select(InvoiceLine.client_id, InvoiceLine.day, InvoiceLine.orderer_id,
                            InvoiceLine.service_type_id, InvoiceLine.price_cents)
                     .join(MonthClose, MonthClose.id == InvoiceLine.close_id)
                     .where(MonthClose.month == first, InvoiceLine.kind == "day",
                            InvoiceLine.client_id.in_({item.client_id for item in found})))}
    result: dict[tuple, list[Later]] = {}
    for item in found:
        result.setdefault(originals.get((item.client_id, item.day), ()), []).append(item)
    return result

