"""The audit trail: who changed what, when and why. One line to use:

    audit.record(period, "update", reason=form.reason.data)

Call it before the session flushes: the changed fields are read from SQLAlchemy's
attribute history, so the event keeps the values before and after.
"""
from datetime import date, datetime, time, timezone
from decimal import Decimal

from flask_login import current_user
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import joinedload

from webapp.extensions import db

from .models import AuditEvent


def _plain(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).isoformat()  # one way to write a moment: UTC
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, db.Model):
        return getattr(value, "id", None)
    return value


# Never copied into the trail: secrets stay secret even in the log.
SECRET_FIELDS = {"password_hash", "pin_hash", "login_token", "badge_token", "code_hash",
                 "device_token_hash", "pairing_code_hash", "private_key_pem", "hetu_sealed"}


def changes_of(obj) -> dict:
    """{field: [before, after]} for the column attributes changed since the last flush."""
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        if attr.key in SECRET_FIELDS:
            changes[attr.key] = ["…", "…"]
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if state.pending or state.transient:
            before = None
        if before != after:
            changes[attr.key] = [_plain(before), _plain(after)]
    return changes


def removal_of(obj) -> dict:
    """{field: [value, None]} for every column of a record about to be deleted."""
    state = inspect(obj)
    return {attr.key: ["…" if attr.key in SECRET_FIELDS else _plain(getattr(obj, attr.key)), None]
            for attr in state.mapper.column_attrs if getattr(obj, attr.key) is not None}


def record(obj, action: str, *, reason: str | None = None, changes: dict | None = None,
           actor=None) -> AuditEvent:
    """Write an audit event about obj; flushes so obj has an id."""
    obj = getattr(obj, "_get_current_object", lambda: obj)()  # current_user is a proxy
    if changes is None:
        changes = changes_of(obj)
    db.session.flush()
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity=obj.__tablename__,
        entity_id=inspect(obj).identity[0],
        changes=changes,
        reason=reason or None,
    )
    db.session.add(event)
    return event


def history(obj) -> list[AuditEvent]:
    """The events about one record, newest first."""
    return db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.entity == obj.__tablename__, AuditEvent.entity_id == inspect(obj).identity[0])
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()


def creations(table: str, ids) -> dict[int, AuditEvent]:
    """Who added each of some records, when and why: the first "create" event of each id in table,
    with its actor, in one query. A record put in without the app (a migration's seed, a bulk load)
    has none."""
    ids = list(ids)
    if not ids:
        return {}
    first = (select(func.min(AuditEvent.id)).where(AuditEvent.entity == table, AuditEvent.action == "create",
                                                   AuditEvent.entity_id.in_(ids))
             .group_by(AuditEvent.entity_id))
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id.in_(first))
                                .options(joinedload(AuditEvent.actor))).all()
    return {event.entity_id: event for event in events}
