"""Small helpers shared by the client and period tests."""
from sqlalchemy import select

from webapp.audit.models import AuditEvent
from webapp.reference.models import Diet
from webapp.extensions import db


def make_diet(code: str, name_fi: str | None = None) -> Diet:
    diet = db.session.scalar(select(Diet).where(Diet.code == code))
    if diet is None:
        diet = Diet(code=code, name_fi=name_fi or code.capitalize(), name_sv=code, name_en=code)
        db.session.add(diet)
        db.session.commit()
    return diet


def events(entity: str | None = None, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if entity:
        query = query.where(AuditEvent.entity == entity)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def client_form(people, **overrides) -> dict:
    """A valid client form for the people's first unit and its coach."""
    data = {
        "first_name": "Liisa", "last_name": "Lähteenmäki", "preferred_name": "Lissu",
        "email": "", "password": "", "language": "fi",
        "home_unit": str(people.unit.id), "own_coach": str(people.coach.id), "home_municipality": "",
        "diet_note": "", "payer": "kela", "payer_from": "2026-09-01",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
