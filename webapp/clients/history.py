"""The audit history on a client's page, in names and words: an event keeps ids and codes (a
unit's id, a coach's id, a diet's code), the page shows what they stand for.

One query per kind of record named in the events, whatever their number.
"""
from collections import defaultdict

from webapp import audit
from webapp.accounts.models import Person
from webapp.audit.models import AuditEvent
from webapp.clients.models import ClientProfile
from webapp.reference.models import Diet, Municipality
from webapp.extensions import db
from webapp.reference.models import ServiceType
from webapp.units.models import Unit

# A change's key → the table its value points at (by id; diets by code).
NAMED = {
    "unit_id": Unit, "home_unit_id": Unit,
    "client_id": Person, "person_id": Person, "own_coach_id": Person, "decided_by_id": Person,
    "service_type_id": ServiceType,
    "orderer_id": Municipality, "home_municipality_id": Municipality,
    "diets": Diet,
}


def client_events(client: ClientProfile) -> list[AuditEvent]:
    """Every event about the client: the person, the profile, payers and periods, newest first."""
    events = []
    for obj in [client.person, client, *client.payers, *client.periods]:
        events.extend(audit.history(obj))
    events.sort(key=lambda e: (e.at, e.id), reverse=True)
    return events


def _name(row) -> str:
    return row.full_name if isinstance(row, Person) else row.name


def names_for(events: list[AuditEvent]) -> dict[str, dict]:
    """{change key: {id or code: name}} for every id and code the events' changes hold."""
    wanted: dict[type, set] = defaultdict(set)
    for event in events:
        for key, values in (event.changes or {}).items():
            model = NAMED.get(key)
            if model is None or not isinstance(values, list):
                continue
            for value in values:
                for one in value if isinstance(value, list) else [value]:
                    if isinstance(one, (int, str)) and not isinstance(one, bool):
                        wanted[model].add(one)
    found: dict[type, dict] = {}
    for model, keys in wanted.items():
        column = model.code if model is Diet else model.id
        keys = {k for k in keys if isinstance(k, str)} if model is Diet else {k for k in keys if isinstance(k, int)}
        rows = db.session.scalars(db.select(model).where(column.in_(keys))).all() if keys else []
        found[model] = {(row.code if model is Diet else row.id): _name(row) for row in rows}
    return {key: found.get(model, {}) for key, model in NAMED.items()}
