"""The one way to fetch a unit for a staff member's unit screens: 404 for anyone who may not see it."""
from flask import abort
from sqlalchemy import select

from webapp.accounts.access import visible_unit_ids
from webapp.accounts.models import Person
from webapp.extensions import db
from webapp.lib.urls import MAX_ID, number_arg
from webapp.units.models import Unit


def get_unit_for(person: Person, unit_id: int | str) -> Unit:
    """The unit if person may see it (a manager: any; a coach: their own), else 404. Takes the
    id from a URL or a query string as it came: not a number, or larger than any id, is 404 too."""
    if isinstance(unit_id, str):
        unit_id = number_arg(unit_id) or 0
    units = visible_unit_ids(person)
    if not 0 < unit_id <= MAX_ID or (units is not None and unit_id not in units):
        abort(404)
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    return unit


def visible_units(person: Person) -> list[Unit]:
    """The units person may see (a manager: all, a coach: their own), closed ones too, by name:
    the choices of a report's or a list's unit filter."""
    units = visible_unit_ids(person)
    query = select(Unit).order_by(Unit.name)
    if units is not None:
        query = query.where(Unit.id.in_(units))
    return list(db.session.scalars(query))
