"""What the manager's screens do to the data, apart from the views."""
from datetime import date

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.accounts.models import Person, Role
from webapp.extensions import db
from webapp.units.holidays import finnish_holidays
from webapp.units.models import Closure, OpeningHours, Unit


def name_taken(model, column, value: str, own_id: int | None = None) -> bool:
    """Whether another row already holds value in a unique column (case-insensitively)."""
    query = db.select(model.id).where(func.lower(column) == value.lower())
    if own_id is not None:
        query = query.where(model.id != own_id)
    return db.session.scalar(query.limit(1)) is not None


def save_unique(model, form, unique: str, taken: str, row=None):
    """A reference row from a posted form: validated, its unique field (`unique`) free (else
    `taken` on that field), saved with an audit event. The row, or None when the form has errors."""
    if not form.validate_on_submit():
        return None
    field = getattr(form, unique)
    if name_taken(model, getattr(model, unique), field.data, row.id if row else None):
        field.errors.append(str(taken))
        return None
    creating = row is None
    row = row or model()
    form.populate_obj(row)
    if creating:
        db.session.add(row)
    try:
        audit.record(row, "create" if creating else "update")
        db.session.commit()
    except IntegrityError:  # taken a moment ago by someone else
        db.session.rollback()
        field.errors.append(str(taken))
        return None
    return row


def active_coaches() -> list[Person]:
    return db.session.scalars(
        db.select(Person).where(Person.role == Role.COACH.value, Person.active.is_(True))
        .order_by(Person.last_name, Person.first_name)
    ).all()


def hours_as_data(unit: Unit | None) -> list[dict]:
    """The seven weekdays' opening hours as form data (closed days have no times)."""
    rows = []
    for weekday in range(7):
        hours = unit.hours_on(weekday) if unit is not None else None
        if unit is None and weekday < 5:
            rows.append({"is_open": True, "opens": None, "closes": None})
        elif hours is None:
            rows.append({"is_open": False, "opens": None, "closes": None})
        else:
            rows.append({"is_open": True, "opens": hours.opens, "closes": hours.closes})
    return rows


def _hours_summary(unit: Unit) -> list:
    return [[h.weekday, h.opens.isoformat("minutes"), h.closes.isoformat("minutes")] for h in unit.opening_hours]


def save_unit(unit: Unit, form, *, creating: bool) -> None:
    """Copy the form onto unit, opening hours and coaches included, and write the audit event."""
    before_hours = [] if creating else _hours_summary(unit)
    before_coaches = [] if creating else sorted(c.id for c in unit.coaches)
    chosen = set(form.coaches.data or ())
    coaches = db.session.scalars(
        db.select(Person).where(Person.id.in_(chosen), Person.role == Role.COACH.value)
    ).all() if chosen else []
    with db.session.no_autoflush:  # the changes are read from the history, before any flush
        _copy_unit(unit, form, coaches)
        if creating:
            db.session.add(unit)
        changes = audit.changes_of(unit)
    after_hours, after_coaches = _hours_summary(unit), sorted(c.id for c in unit.coaches)
    if after_hours != before_hours:
        changes["opening_hours"] = [before_hours or None, after_hours]
    if after_coaches != before_coaches:
        changes["coaches"] = [before_coaches or None, after_coaches]
    audit.record(unit, "create" if creating else "update", changes=changes)


def _copy_unit(unit: Unit, form, coaches: list[Person]) -> None:
    for name in ("name", "street_address", "postal_code", "city", "lunch_time", "active"):
        setattr(unit, name, getattr(form, name).data)
    unit.postal_code = unit.postal_code or ""
    for weekday, day in enumerate(form.hours.entries):
        existing = unit.hours_on(weekday)
        if not day.form.is_open.data:
            if existing is not None:
                unit.opening_hours.remove(existing)  # delete-orphan removes the row
        elif existing is None:
            unit.opening_hours.append(OpeningHours(weekday=weekday, opens=day.form.opens.data,
                                                   closes=day.form.closes.data))
        else:
            existing.opens, existing.closes = day.form.opens.data, day.form.closes.data
    unit.coaches = coaches
    unit.opening_hours.sort(key=lambda h: h.weekday)


def closures_split(unit: Unit, today: date) -> tuple[list[Closure], list[Closure]]:
    """(upcoming and current, soonest first; past, latest first)."""
    upcoming = sorted((c for c in unit.closures if c.ends_on >= today), key=lambda c: (c.starts_on, c.ends_on))
    past = sorted((c for c in unit.closures if c.ends_on < today), key=lambda c: c.starts_on, reverse=True)
    return upcoming, past


def add_holidays(unit: Unit, year: int) -> list[Closure]:
    """Add the year's Finnish public holidays as closures; days already closed are skipped.

    Returns the closures added."""
    added = []
    for day, name in finnish_holidays(year):
        if any(c.starts_on <= day <= c.ends_on for c in unit.closures):
            continue
        closure = Closure(unit=unit, starts_on=day, ends_on=day, reason=name)
        db.session.add(closure)
        audit.record(closure, "create", reason=str(year))
        added.append(closure)
    return added
