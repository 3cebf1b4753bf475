"""The daily compensation rates (`CompensationRate`), set by a manager on /money/rates.

- A rate is never edited: a change is a new row from its date, like a day price. Each is
  audited ("create", who, when, and the reason the manager gives).
- **Closed months are frozen.** A rate dated into a closed month changes nothing there: the
  closed month keeps its money lines, and the difference becomes an adjustment line of the unit's
  next close (close.pending_adjustments, the same rule as any correction back in time). Because
  that is money moving later, the screen asks the manager to confirm first (`closes_from`), and
  the audit's reason names the closed months it reaches.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp import audit
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.lib import clock
from webapp.money.models import PAYING, CompensationRate
from webapp.checkin.models import MonthClose
from webapp.units.models import Unit


@dataclass(frozen=True)
class RateRow:
    rate: CompensationRate
    until: date | None  # the day before the next rate; None: until further notice
    current: bool  # in force today
    added: AuditEvent | None  # who added it, when and why (None: put in without the app)


def rate_groups(today: date) -> list[tuple[str, list[RateRow]]]:
    """[(payer, [RateRow] newest first)] for every paying payer, in PAYING's order."""
    found = db.session.scalars(select(CompensationRate).order_by(CompensationRate.payer,
                                                                 CompensationRate.valid_from.desc())).all()
    added = audit.creations(CompensationRate.__tablename__, [r.id for r in found])
    groups = []
    for payer in PAYING:
        rows, until, current_found = [], None, False
        for rate in (r for r in found if r.payer == payer):  # newest first
            current = not current_found and rate.valid_from <= today
            current_found |= current
            rows.append(RateRow(rate, until, current, added.get(rate.id)))
            until = rate.valid_from - timedelta(days=1)
        groups.append((payer, rows))
    return groups


def closes_from(day: date) -> list[MonthClose]:
    """The closed months (of any unit) that hold day or a later day: a rate from day reaches them."""
    return list(db.session.scalars(
        select(MonthClose).join(Unit, Unit.id == MonthClose.unit_id).where(MonthClose.month >= day.replace(day=1))
        .options(joinedload(MonthClose.unit)).order_by(MonthClose.month, Unit.name)))


def closes_words(closes: list[MonthClose]) -> str:
    """marraskuu 2026 (Kierrätyspaja, Puutyöpaja), joulukuu 2026 (Kierrätyspaja)"""
    months: dict[date, list[str]] = {}
    for record in closes:
        months.setdefault(record.month, []).append(record.unit.name)
    return ", ".join(f"{format_date(month, 'LLLL yyyy')} ({', '.join(units)})" for month, units in months.items())


def exists(payer: str, valid_from: date) -> bool:
    return db.session.scalar(select(CompensationRate.id).where(
        CompensationRate.payer == payer, CompensationRate.valid_from == valid_from)) is not None


def add_rate(payer: str, valid_from: date, cents: int, reason: str) -> CompensationRate | None:
    """Add a rate and its audit event, and commit; None when the payer already has a rate from that
    day (also when one was saved at the same moment)."""
    if exists(payer, valid_from):
        return None
    rate = CompensationRate(payer=payer, valid_from=valid_from, amount_cents=cents, created_at=clock.now())
    db.session.add(rate)
    try:
        audit.record(rate, "create", reason=reason)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return rate
