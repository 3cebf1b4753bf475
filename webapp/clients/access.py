"""The one way to fetch a client for a staff member: 404 for anyone who may not see them."""
from flask import abort
from flask_login import current_user
from sqlalchemy import or_, select

from webapp.accounts.access import visible_unit_ids
from webapp.accounts.models import Person, Role
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.clients.models import ServicePeriod


def visible_clients(person: Person):
    """A select() of the ClientProfiles a staff member may see.

    A manager sees everyone. A coach sees clients whose home unit is one of theirs, who have a
    period at one of their units, or whose own coach they are.
    """
    query = select(ClientProfile)
    units = visible_unit_ids(person)
    if units is None:
        return query
    if person.role != Role.COACH:
        return query.where(False)
    at_my_units = select(ServicePeriod.client_id).where(ServicePeriod.unit_id.in_(units))
    return query.where(or_(
        ClientProfile.home_unit_id.in_(units),
        ClientProfile.person_id.in_(at_my_units),
        ClientProfile.own_coach_id == person.id,
    ))


def get_client_for(person: Person, client_id: int) -> ClientProfile:
    """The client with this id if person may see them, else 404 (never 403: no probing)."""
    client = db.session.scalar(visible_clients(person).where(ClientProfile.person_id == client_id))
    if client is None:
        abort(404)
    return client


def own_profile() -> ClientProfile:
    """The signed-in client's own profile (for the client's own pages), else 404."""
    client = getattr(current_user, "client", None)
    if client is None:
        abort(404)
    return client
