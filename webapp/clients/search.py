"""Finding clients: search as you type, filters, and "who is expected today".

Names are compared case-insensitively on both databases, including ä, ö and å. PostgreSQL's
lower() knows them; SQLite's lower() only knows ASCII, so on SQLite the comparison uses
Python's str.lower, registered on each connection as the SQL function lasna_fold().
"""
from datetime import date

from sqlalchemy import event, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.types import String

from webapp.accounts.models import Person
from webapp.clients.access import visible_clients
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.clients.models import ServicePeriod


class fold(GenericFunction):
    """Lower-case text for comparison: lower() on PostgreSQL, Python's str.lower on SQLite."""

    type = String()
    inherit_cache = True


@compiles(fold)
def _fold_default(element, compiler, **kw):
    return "lower(%s)" % compiler.process(element.clauses, **kw)


@compiles(fold, "sqlite")
def _fold_sqlite(element, compiler, **kw):
    return "lasna_fold(%s)" % compiler.process(element.clauses, **kw)


def _py_fold(value):
    return value.lower() if isinstance(value, str) else value


@event.listens_for(Engine, "connect")
def _register_fold(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__ == "sqlite3":
        dbapi_connection.create_function("lasna_fold", 1, _py_fold, deterministic=True)


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def with_list_details(query):
    """Load what a client list shows in a fixed number of queries (no N+1).
    The query must already join ClientProfile.person."""
    return query.options(
        contains_eager(ClientProfile.person),
        joinedload(ClientProfile.home_unit),
        joinedload(ClientProfile.own_coach),
        selectinload(ClientProfile.periods).joinedload(ServicePeriod.unit),
    )


def search_clients(person: Person, *, text: str = "", unit_id: int | None = None,
                   active_on: date | None = None, limit: int = 200) -> list[ClientProfile]:
    """The clients person may see that match the search words, the unit and the active day."""
    query = visible_clients(person).join(ClientProfile.person)
    for word in text.split():
        pattern = _like_pattern(word)
        query = query.where(or_(
            fold(Person.first_name).like(pattern, escape="\\"),
            fold(Person.last_name).like(pattern, escape="\\"),
            fold(ClientProfile.preferred_name).like(pattern, escape="\\"),
            fold(func.coalesce(Person.email, "")).like(pattern, escape="\\"),
        ))
    if unit_id is not None:
        at_unit = select(ServicePeriod.client_id).where(ServicePeriod.unit_id == unit_id)
        query = query.where(or_(ClientProfile.home_unit_id == unit_id, ClientProfile.person_id.in_(at_unit)))
    if active_on is not None:
        active = select(ServicePeriod.client_id).where(
            ServicePeriod.starts_on <= active_on, ServicePeriod.ends_on >= active_on)
        query = query.where(ClientProfile.person_id.in_(active))
    query = with_list_details(query).order_by(Person.last_name, Person.first_name, Person.id).limit(limit)
    return list(db.session.scalars(query).unique())


def current_period(client: ClientProfile, today: date) -> ServicePeriod | None:
    """The period running today, else the next one to start, else the latest one that ended."""
    periods = client.periods
    running = [p for p in periods if p.is_active_on(today)]
    if running:
        return running[0]
    upcoming = sorted((p for p in periods if p.starts_on > today), key=lambda p: p.starts_on)
    if upcoming:
        return upcoming[0]
    return max(periods, key=lambda p: p.ends_on, default=None)


def is_expected_on(client: ClientProfile, day: date) -> bool:
    """The client is expected on day: a period plans that weekday and its unit is open (opening
    hours that weekday, no closure)."""
    return any(p.is_planned_on(day) and not p.unit.is_closed_on(day) for p in client.periods)
