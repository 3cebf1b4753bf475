"""Which units' lunch a person may see: 404 for any other.

- the kitchen: every active unit (kitchen staff have no unit link; one kitchen cooks for all);
- a manager: every unit (the list offers the active ones);
- a coach: their own units (the kitchen view and the month of each);
- clients: never (the routes answer 403 before asking here).
"""
from flask import abort

from webapp.accounts.models import Person, Role
from webapp.extensions import db
from webapp.lib.urls import MAX_ID, number_arg
from webapp.units.access import get_unit_for
from webapp.units.models import Unit


def lunch_units(person: Person) -> list[Unit]:
    """The units in the person's unit choice, by name."""
    if person.role in (Role.KITCHEN, Role.ADMIN):
        units = db.session.scalars(db.select(Unit).where(Unit.active.is_(True))).all()
    elif person.role == Role.COACH:
        units = [u for u in person.units if u.active] or list(person.units)
    else:
        units = []
    return sorted(units, key=lambda u: (u.name.casefold(), u.id))


def get_lunch_unit(person: Person, unit_id: int | str) -> Unit:
    """The unit if person may see its lunch, else 404 (an id that is not a number too)."""
    if person.role != Role.KITCHEN:
        return get_unit_for(person, unit_id)
    if isinstance(unit_id, str):
        unit_id = number_arg(unit_id) or 0
    unit = db.session.get(Unit, unit_id) if 0 < unit_id <= MAX_ID else None
    if unit is None or not unit.active:
        abort(404)
    return unit
