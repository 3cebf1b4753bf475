"""The compensation month the office sees (/money/compensation and its exports).

A closed month never changes, so the figures come from two places:

- a unit whose month is **closed**: the "day" lines frozen by its close (`money_line`), whatever
  was corrected since;
- any other unit: the live `compensation.totals`, the one money function.

Around them, so that a correction is visible in both months:

- **adjustments**: the adjustment lines the month's closes carry, each for a day of an earlier
  closed month (the original day is shown);
- **later corrections**: for a day of this month that was corrected after its close, the
  adjustment line of the later close that carries it, or (not closed yet) the pending one.

Totals are the days of the month plus the adjustments it carries: the sum of its lines.
Everything is a handful of grouped queries, whatever the number of clients.

Apart from the sums, **days without a payer** (`compensation.days_without_payer`: confirmed days
before the client's first payer assignment) are listed per client as a problem to fix; the close
screen lists the same days (close.missing, "no_payer").
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, literal_column, select

from webapp.extensions import db
from webapp.money import close, compensation
from webapp.money.compensation import Total
from webapp.money.models import MoneyLine
from webapp.checkin.models import MonthClose
from webapp.units.models import Unit


@dataclass(frozen=True)
class Adjustment:
    """A correction of one original day: days -1/0/+1 and the amount taken back or paid later."""
    client_id: int
    payer: str
    day: date  # the original day
    days: int
    amount_cents: int
    month: date | None  # the month whose close carries it; None: waits for the next close


@dataclass(frozen=True)
class WithoutPayer:
    """A client's compensable days of the month on which she had no payer at all."""
    client_id: int
    days: list[date]


@dataclass
class Month:
    month: date
    closes: list[MonthClose]  # this month's closes (of the units shown)
    units: int  # the units the closes are out of (close.month_closes)
    totals: list[Total]  # the month's days per client and payer (frozen or live)
    adjustments: list[Adjustment]  # carried by this month's closes
    later: dict[tuple[int, str], list[Adjustment]] = field(default_factory=dict)  # (client, payer): corrections
    without_payer: list[WithoutPayer] = field(default_factory=list)  # not in any sum: a problem to fix

    def rows(self, payer: str) -> list[Total]:
        return [t for t in self.totals if t.payer == payer]

    def adjustments_of(self, payer: str) -> list[Adjustment]:
        return [a for a in self.adjustments if a.payer == payer]

    def sums(self, payer: str | None = None) -> tuple[int, int]:
        """(days, cents) of the month's lines: its days and the adjustments it carries."""
        totals = [t for t in self.totals if payer in (None, t.payer)]
        adjustments = [a for a in self.adjustments if payer in (None, a.payer)]
        return (sum(t.days for t in totals) + sum(a.days for a in adjustments),
                sum(t.amount_cents for t in totals) + sum(a.amount_cents for a in adjustments))

    @property
    def later_elsewhere(self) -> list[Adjustment]:
        """Later corrections with no row of their client and payer in the month to note them on: a
        payer changed back in time (the new payer's days), or a day counted only after the close."""
        shown = {(t.client_id, t.payer) for t in self.totals}
        return sorted((a for key, found in self.later.items() if key not in shown for a in found),
                      key=lambda a: (a.payer, a.client_id, a.day))

    @property
    def client_ids(self) -> set[int]:
        return ({t.client_id for t in self.totals} | {a.client_id for a in self.adjustments}
                | {client_id for client_id, _payer in self.later} | {w.client_id for w in self.without_payer})


def month_view(month: date, unit: Unit | None = None) -> Month:
    first, last = compensation.month_bounds(month)
    closes, units = close.month_closes(first, unit)
    closed_ids = [c.id for c in closes]
    closed_units = [c.unit_id for c in closes]
    live = compensation.totals(first, last, unit_id=unit.id if unit else None, skip_units=closed_units)
    frozen = [Total(*row) for row in db.session.execute(
        select(MoneyLine.client_id, MoneyLine.payer, func.count(), func.sum(MoneyLine.amount_cents), 0,
               func.min(MoneyLine.amount_cents), func.max(MoneyLine.amount_cents))
        .where(MoneyLine.close_id.in_(closed_ids), MoneyLine.kind == "day")
        .group_by(MoneyLine.client_id, MoneyLine.payer))] if closed_ids else []
    carried = [Adjustment(line.client_id, line.payer, line.day, line.days, line.amount_cents, first)
               for line in db.session.scalars(
                   select(MoneyLine).where(MoneyLine.close_id.in_(closed_ids), MoneyLine.kind == "adjustment")
                   .order_by(MoneyLine.day, MoneyLine.client_id))] if closed_ids else []
    without: dict[int, set[date]] = defaultdict(set)
    for found in compensation.days_without_payer(first, last, unit_id=unit.id if unit else None):
        without[found.client_id].add(found.day)
    return Month(month=first, closes=closes, units=units, totals=_merge(live + frozen), adjustments=carried,
                 later=_later(first, last, closed_units),
                 without_payer=[WithoutPayer(client_id, sorted(days)) for client_id, days in without.items()])


def _merge(totals: list[Total]) -> list[Total]:
    """One Total per client and payer (a client's days at a closed and an open unit add up)."""
    merged: dict[tuple[int, str], Total] = {}
    for t in totals:
        old = merged.get((t.client_id, t.payer))
        if old is None:
            merged[(t.client_id, t.payer)] = t
            continue
        rates = [r for r in (old.min_rate_cents, old.max_rate_cents, t.min_rate_cents, t.max_rate_cents) if r is not None]
        merged[(t.client_id, t.payer)] = Total(t.client_id, t.payer, old.days + t.days,
                                               old.amount_cents + t.amount_cents, old.unrated + t.unrated,
                                               min(rates, default=None), max(rates, default=None))
    return sorted(merged.values(), key=lambda t: (t.payer, t.client_id))


def _later(first: date, last: date, closed_units: list[int]) -> dict[tuple[int, str], list[Adjustment]]:
    """Corrections of this month's days at the closed units: frozen into a later close, or pending."""
    if not closed_units:
        return {}
    later: dict[tuple[int, str], list[Adjustment]] = defaultdict(list)
    frozen = db.session.execute(
        select(MoneyLine.client_id, MoneyLine.payer, MoneyLine.day, MoneyLine.days, MoneyLine.amount_cents,
               MonthClose.month)
        .join(MonthClose, MonthClose.id == MoneyLine.close_id)
        .where(MoneyLine.kind == "adjustment", MoneyLine.day.between(first, last),
               MonthClose.unit_id.in_(closed_units), MonthClose.month > first)  # a later close carries it
        .order_by(MonthClose.month, MoneyLine.day)).all()
    for row in frozen:
        later[(row.client_id, row.payer)].append(Adjustment(*row))
    for adjustment in pending(first, last, closed_units):
        later[(adjustment.client_id, adjustment.payer)].append(adjustment)
    return dict(later)


def pending(first: date, last: date, closed_units: list[int]) -> list[Adjustment]:
    """What the days from first to last at these (closed) units are worth now, minus what every
    frozen line (the day lines and the adjustments since) paid for them: the corrections that
    wait for the next close. One statement for all the units (`close.differences`)."""
    # MonthClose.month >= first says nothing new (no earlier close holds these days), but with it
    # SQLite reads the lines of these closes (by ix_money_line_close), not every line of the
    # days (a year of closed months: 160 -> 12 ms).
    paid = (select(MoneyLine.client_id, MoneyLine.day, MoneyLine.payer, MoneyLine.days, MoneyLine.amount_cents)
            .join(MonthClose, MonthClose.id == MoneyLine.close_id)
            .where(MoneyLine.day.between(first, last), MonthClose.unit_id.in_(closed_units),
                   MonthClose.month >= first))
    lines = compensation.lines_query(first, last, unit_ids=closed_units).subquery()
    now = select(lines.c.client_id, lines.c.day, lines.c.payer, literal_column("1").label("days"),
                 func.coalesce(lines.c.rate_cents, 0).label("amount_cents"))
    rows = db.session.execute(close.differences(paid, now, ("client_id", "day", "payer")))
    return sorted((Adjustment(r.client_id, r.payer, r.day, r.days, r.amount_cents, None) for r in rows),
                  key=lambda a: (a.day, a.client_id, a.payer))
