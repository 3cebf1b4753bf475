"""What a unit's closure means for the day records already in it.

A closure says the service is not held. A day someone already decided there (a confirmed day on
site or remote, a recorded absence) contradicts it, and only the coach can tell which is right.
So nothing about the day is changed: its flags are computed again (an open day shows "unit
closed" as any day would), and a decided day is marked for review (ActivityDay.review), with an
audit event; the day board shows it until the coach keeps the day or takes the decision back.

The units package asks these questions without importing this one: create_app hands this module
to units.closures.init_app.
"""
from datetime import date

from webapp import audit
from webapp.checkin.flags import iso_week, recompute_week
from webapp.checkin.models import AbsenceReason, ActivityDay, Review, Status
from webapp.clients.models import ClientProfile
from webapp.extensions import db


def _in(unit_id: int, first: date, last: date):
    return db.select(ActivityDay).where(ActivityDay.unit_id == unit_id, ActivityDay.day.between(first, last))


def _decided_counts(day: ActivityDay) -> bool:
    """Decided so that a closure contradicts it: confirmed (money or an absence report), and not
    already a day the service was not held."""
    return day.status == Status.CONFIRMED and day.absence_reason != AbsenceReason.NOT_HELD


def decided_in(unit, first: date, last: date) -> list[ActivityDay]:
    """The confirmed days at unit from first to last (both included) that a closure there would
    contradict, by day and name, with their clients loaded."""
    days = db.session.scalars(
        _in(unit.id, first, last).where(ActivityDay.status == Status.CONFIRMED.value)
        .options(db.joinedload(ActivityDay.client).joinedload(ClientProfile.person))
    ).unique().all()
    days = [d for d in days if _decided_counts(d)]
    return sorted(days, key=lambda d: (d.day, d.client.display_name.casefold(), d.client_id))


def _recompute(days: list[ActivityDay]) -> None:
    for client_id, monday in sorted({(d.client_id, iso_week(d.day)[0]) for d in days}):
        recompute_week(client_id, monday)


def closure_added(unit, first: date, last: date, reason: str) -> int:
    """After a closure from first to last is added: flags again, and the decided days marked for
    the coach's review (one audit event each, the closure's reason as its reason). Returns how
    many days were marked. The caller commits."""
    db.session.flush()
    days = db.session.scalars(_in(unit.id, first, last)).all()
    _recompute(days)
    db.session.flush()
    marked = 0
    for day in days:
        if day.review is None and _decided_counts(day):
            with db.session.no_autoflush:
                day.review = Review.CLOSURE.value
                audit.record(day, "closure_review", reason=reason)
            marked += 1
    return marked


def closure_removed(unit, first: date, last: date, reason: str) -> int:
    """After a closure from first to last is removed: flags again, and a day no longer closed no
    longer waits for review (one audit event each, the removal's reason as its reason). Returns
    how many days stopped waiting. The caller commits."""
    db.session.flush()
    days = db.session.scalars(_in(unit.id, first, last)).all()
    _recompute(days)
    db.session.flush()
    cleared = 0
    for day in days:
        if day.review == Review.CLOSURE and not any(c.starts_on <= day.day <= c.ends_on for c in unit.closures):
            with db.session.no_autoflush:
                day.review = None
                audit.record(day, "review_cleared", reason=reason)
            cleared += 1
    return cleared
