"""Shared by the tests of the manager's screens: who asks, and a filled-in unit form."""
import pytest

from tests.http import login
from webapp.audit.models import AuditEvent
from webapp.extensions import db

# (persona, expected status) for a manager-only page.
WHO_MAY_NOT = [("coach", 403), ("other_coach", 403), ("kitchen", 403), ("client", 403), ("anonymous", 302)]
who_may_not = pytest.mark.parametrize("who,status", WHO_MAY_NOT)


def client_as(app, people, who: str):
    """A test client signed in as one of the fixed people (or nobody: 'anonymous')."""
    http = app.test_client()
    if who != "anonymous":
        login(http, getattr(people, who))
    return http


def assert_refused(response, status: int) -> None:
    assert response.status_code == status
    if status == 302:
        assert response.headers["Location"].startswith("/login")


def events(entity: str, action: str | None = None) -> list[AuditEvent]:
    query = db.select(AuditEvent).where(AuditEvent.entity == entity)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


def unit_form(name="Ompelupaja", *, open_days=(0, 1, 2, 3, 4), opens="08:00", closes="15:00",
              coaches=(), active=True, **overrides) -> dict:
    data = {"name": name, "street_address": "Neulatie 3", "postal_code": "33100", "city": "Tampere",
            "lunch_time": "11:30"}
    for day in range(7):
        if day in open_days:
            data[f"hours-{day}-is_open"] = "y"
            data[f"hours-{day}-opens"] = opens
            data[f"hours-{day}-closes"] = closes
    if coaches:
        data["coaches"] = [str(c.id) for c in coaches]
    if active:
        data["active"] = "y"
    data.update(overrides)
    return data
