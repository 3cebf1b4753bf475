"""Fetching what the day board works on, for the person asking: 404 for anything they may not see."""
from datetime import date

from flask import abort

from webapp.accounts.models import Person
from webapp.checkin.models import ActivityDay, Outcome, Scan
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.urls import MAX_ID, day_arg, number_arg
from webapp.units.access import get_unit_for

FURTHEST_DAY = 366  # days before or after today a board may show


def get_day_for(person: Person, day_id: int) -> ActivityDay:
    """A day record at a unit the person may see (a coach: their units; a manager: any), else 404."""
    record = db.session.get(ActivityDay, day_id) if 0 < day_id <= MAX_ID else None
    if record is None:
        abort(404)
    get_unit_for(person, record.unit_id)
    return record


def get_refused_scan_for(person: Person, scan_id: int) -> Scan:
    """A refused scan from an offline tablet's queue at a unit the person may see, else 404."""
    scan = db.session.get(Scan, scan_id) if 0 < scan_id <= MAX_ID else None
    if scan is None or not scan.from_queue or scan.outcome != Outcome.REJECTED:
        abort(404)
    get_unit_for(person, scan.unit_id)
    return scan


def on_board(day: date, today: date | None = None) -> bool:
    """The day board (and the kitchen's view) shows days up to a year before or after today."""
    return abs((day - (today or clock.today())).days) <= FURTHEST_DAY


def board_day(value: str | None) -> date:
    """The ?day= of a board or a form: YYYY-MM-DD, today when missing; anything else is 404,
    and so is a day more than a year away."""
    if not value:
        return clock.today()
    day = day_arg(value)
    if day is None or not on_board(day):
        abort(404)
    return day


def client_id_arg(value: str | None) -> int:
    """The ?client= of a form: a positive id, else 404."""
    client_id = number_arg(value)
    if client_id is None:
        abort(404)
    return client_id
