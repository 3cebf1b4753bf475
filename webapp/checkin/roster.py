"""Who belongs at a unit on a day: the kiosk's name list and its check-in rule."""
from datetime import date

from sqlalchemy import exists, or_

from webapp.accounts.models import Person
from webapp.checkin.models import ActivityDay, Kind
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.clients.models import ServicePeriod
from webapp.units.models import Unit


def _period_here(unit_id: int, day: date):
    return exists().where(ServicePeriod.client_id == ClientProfile.person_id,
                          ServicePeriod.unit_id == unit_id,
                          ServicePeriod.starts_on <= day, ServicePeriod.ends_on >= day)


def belongs_to_unit(client: ClientProfile, unit: Unit, day: date) -> bool:
    """A client may check in at their home unit and at any unit where a period of theirs runs."""
    if not client.person.active:
        return False
    if client.home_unit_id == unit.id:
        return True
    return any(p.unit_id == unit.id and p.is_active_on(day) for p in client.periods)


def unit_clients(unit: Unit, day: date) -> list[ClientProfile]:
    """Active clients who may check in at unit on day, by name."""
    return db.session.scalars(
        db.select(ClientProfile).join(ClientProfile.person)
        .where(Person.active.is_(True),
               or_(ClientProfile.home_unit_id == unit.id, _period_here(unit.id, day)))
        .order_by(db.func.coalesce(db.func.nullif(ClientProfile.preferred_name, ""), Person.first_name),
                  Person.last_name)
    ).all()


def expected_ids(unit: Unit, day: date) -> set[int]:
    """Clients whose period at unit plans day (and the unit is open): expected today."""
    if unit.is_closed_on(day):
        return set()
    periods = db.session.scalars(
        db.select(ServicePeriod).where(ServicePeriod.unit_id == unit.id,
                                       ServicePeriod.starts_on <= day, ServicePeriod.ends_on >= day)
    ).all()
    return {p.client_id for p in periods if p.is_planned_on(day)}


def roster(unit: Unit, day: date) -> tuple[list[ClientProfile], list[ClientProfile]]:
    """The name list of the kiosk: today's expected clients first, then the rest of the unit."""
    clients = unit_clients(unit, day)
    expected = expected_ids(unit, day)
    return [c for c in clients if c.person_id in expected], [c for c in clients if c.person_id not in expected]


def arrivals(unit: Unit, day: date) -> list[ActivityDay]:
    """Today's on-site day records at unit, in order of arrival."""
    return db.session.scalars(
        db.select(ActivityDay).where(ActivityDay.unit_id == unit.id, ActivityDay.day == day,
                                     ActivityDay.kind == Kind.ONSITE.value)
        .order_by(ActivityDay.check_in_at)
        .options(db.joinedload(ActivityDay.client).joinedload(ClientProfile.person))
    ).all()
