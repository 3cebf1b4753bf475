"""The invoice basis: what each orderer (tilaaja) owes the provider for a span of days.

An **invoiced day** is a confirmed day on site or remote (the very days that are compensable,
`webapp.money.compensation.compensable`), billed to the orderer of the client's service period
that covered the day *at the day's unit*, for that period's service type. Its **price** is the
orderer's day price for that service type that was valid on the day: the newest `DayPrice` whose
`valid_from` is on or before it. So a price change mid-month and a client whose period changes
orderer mid-month both split the month by day.

Problems are lines too, never dropped days:
- `price_cents is None`: no price was set for that orderer and service type on those days;
- `orderer_id is None`: the day had no service period at its unit, or the period names no
  orderer (`service_type_id` is None as well when there was no period at all).

Everything is done in SQL, set-based: the days joined to their periods (the newest one picked by
ROW_NUMBER()) and to the day-price ranges (LEAD over valid_from), then one GROUP BY. No
subquery per day, no Python loop over days.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select

from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.money.compensation import _ranges, _within, compensable
from webapp.money.models import DayPrice
from webapp.clients.models import ServicePeriod
from webapp.reference.models import Municipality, ServiceType
from webapp.units.models import Unit


@dataclass(frozen=True)
class Line:
    """Days of one orderer and service type at one price: days × price_cents = amount_cents."""

    orderer_id: int | None
    service_type_id: int | None
    price_cents: int | None  # None: no price valid on these days (a problem to fix)
    days: int
    clients: int  # different clients among those days
    amount_cents: int  # 0 when there is no price

    @property
    def problem(self) -> bool:
        return self.orderer_id is None or self.price_cents is None


def invoiced_days(first: date, last: date, *, unit_id: int | None = None, units: Select | None = None):
    """A subquery of the invoiced days from first to last (both included): day_id, client_id,
    unit_id, day, orderer_id, service_type_id and price_cents (None without a price). With
    unit_id only that unit's days; with units (a select of unit ids) only theirs.

    Set-based: each day is joined to every service period covering it at its unit and keeps the
    newest (ROW_NUMBER() over the day: starts_on DESC, id DESC, the tie rule of overlapping
    periods), then to the orderer's day-price range it falls in (LEAD over valid_from)."""
    where = [compensable(), ActivityDay.day >= first, ActivityDay.day <= last]
    if unit_id is not None:
        where.append(ActivityDay.unit_id == unit_id)
    else:  # every unit's days: SQLite then walks ix_activity_day_unit_day per unit, not a year of days
        where.append(ActivityDay.unit_id.in_(units if units is not None else select(Unit.id)))
    newest_first = func.row_number().over(partition_by=ActivityDay.id,
                                          order_by=(ServicePeriod.starts_on.desc(), ServicePeriod.id.desc()))
    candidates = (select(ActivityDay.id.label("day_id"), ActivityDay.client_id, ActivityDay.unit_id, ActivityDay.day,
                         ServicePeriod.orderer_id, ServicePeriod.service_type_id, newest_first.label("newest"))
                  .outerjoin(ServicePeriod, (ServicePeriod.client_id == ActivityDay.client_id)
                             & (ServicePeriod.unit_id == ActivityDay.unit_id)
                             & (ServicePeriod.starts_on <= ActivityDay.day)
                             & (ServicePeriod.ends_on >= ActivityDay.day))
                  .where(*where).subquery("invoiced_periods"))
    prices = _ranges(DayPrice, (DayPrice.orderer_id, DayPrice.service_type_id))
    return (select(candidates.c.day_id, candidates.c.client_id, candidates.c.unit_id, candidates.c.day,
                   candidates.c.orderer_id, candidates.c.service_type_id, prices.c.price_cents)
            .outerjoin(prices, (prices.c.orderer_id == candidates.c.orderer_id)
                       & (prices.c.service_type_id == candidates.c.service_type_id)
                       & _within(prices, candidates.c.day))
            .where(candidates.c.newest == 1).subquery("priced_days"))


def invoice_lines(first: date, last: date) -> list[Line]:
    """The invoice basis from first to last (both included): per orderer, service type and day
    price, the invoiced days, their clients and the amount. Problem lines (no price, no orderer)
    are included; see the module doc. Ordered by orderer, service type, price."""
    priced = invoiced_days(first, last)
    query = (select(priced.c.orderer_id, priced.c.service_type_id, priced.c.price_cents, func.count(),
                    func.count(priced.c.client_id.distinct()), func.coalesce(func.sum(priced.c.price_cents), 0))
             .group_by(priced.c.orderer_id, priced.c.service_type_id, priced.c.price_cents)
             .order_by(priced.c.orderer_id, priced.c.service_type_id, priced.c.price_cents))
    return [Line(*row) for row in db.session.execute(query)]


def orderer_and_kind_names(rows) -> tuple[dict, dict]:
    """({orderer id: name}, {service type id: name}) of the rows' orderers and service types."""
    orderer_ids = {row.orderer_id for row in rows if row.orderer_id is not None}
    type_ids = {row.service_type_id for row in rows if row.service_type_id is not None}
    orderers = dict(db.session.execute(db.select(Municipality.id, Municipality.name)
                                       .where(Municipality.id.in_(orderer_ids))).all()) if orderer_ids else {}
    kinds = {k.id: k.name for k in db.session.scalars(db.select(ServiceType).where(ServiceType.id.in_(type_ids)))} \
        if type_ids else {}
    return orderers, kinds
