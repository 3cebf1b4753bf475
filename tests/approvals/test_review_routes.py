"""A decided day that a later closure contradicts waits on the day board: the coach keeps it as
it was (with a reason) or takes the decision back. Both over real HTTP, both databases.

Wednesday 18.11.2026 after closing; the closure (Vesivahinko) covers Monday 16.11.
"""
from datetime import date

import pytest
import time_machine

from tests.checkin.test_flags import attend
from tests.http import login, post, text
from tests.moments import AFTER_CLOSING
from webapp.approvals import decisions
from webapp.audit.models import AuditEvent
from webapp.checkin.models import ActivityDay, Status
from webapp.extensions import db

MONDAY = date(2026, 11, 16)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def reviewed(http, people, evening):
    """Anna's confirmed Monday, then a closure over it (the manager confirmed the warning)."""
    attend(people, MONDAY, end=(14, 0))
    decisions.confirm(db.session.scalar(db.select(ActivityDay)), people.coach)
    db.session.commit()
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures",
                    {"starts_on": "2026-11-16", "reason": "Vesivahinko", "confirm": "2026-11-16/2026-11-16"})
    assert response.status_code == 302
    post(http, "/logout")
    login(http, people.coach)
    return db.session.scalar(db.select(ActivityDay))


def _day():
    db.session.expire_all()
    return db.session.scalar(db.select(ActivityDay))


def _events(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "activity_day",
                                                          AuditEvent.action == action)).all()


def test_the_keep_form_says_what_happened(http, people, reviewed):
    response = http.get(f"/days/{reviewed.id}/keep", headers=HTMX)
    assert response.status_code == 200
    page = text(response)
    assert "Vesivahinko" in page and "Pidä ennallaan" in page and 'name="reason"' in page


def test_keeping_needs_a_reason_and_changes_nothing_else(http, people, reviewed):
    response = post(http, f"/days/{reviewed.id}/keep", {"reason": "  "}, headers=HTMX)
    assert response.status_code == 400
    assert _day().review == "closure" and _events("review_kept") == []

    response = post(http, f"/days/{reviewed.id}/keep", {"reason": "Anna oli varapaikassa"}, headers=HTMX)
    assert response.status_code == 200
    assert "Päivä pidetään ennallaan: Anna Asiakas." in text(response)
    day = _day()
    assert day.review is None and day.status == Status.CONFIRMED and day.decided_by_id == people.coach.id
    [event] = _events("review_kept")
    assert event.reason == "Anna oli varapaikassa" and event.actor_id == people.coach.id
    assert event.changes["review"] == ["closure", None]
    board = text(http.get(f"/units/{people.unit.id}/board?day=2026-11-16"))
    assert 'data-testid="review"' not in board and "odottaa tarkistusta" not in board


def test_undo_takes_the_decision_back_and_the_check_with_it(http, people, reviewed):
    response = post(http, f"/days/{reviewed.id}/undo", {"reason": "Suljettu: ei lasketa"}, headers=HTMX)
    assert response.status_code == 200
    day = _day()
    assert day.status == Status.OPEN and day.review is None
    [event] = _events("day_undone")
    assert event.changes["review"] == ["closure", None]


def test_a_day_without_anything_to_check_cannot_be_kept(http, people, evening):
    attend(people, MONDAY, end=(14, 0))
    day = db.session.scalar(db.select(ActivityDay))
    decisions.confirm(day, people.coach)
    db.session.commit()
    post(http, "/logout")
    login(http, people.coach)
    assert http.get(f"/days/{day.id}/keep", headers=HTMX).status_code == 409
    assert post(http, f"/days/{day.id}/keep", {"reason": "Miksi"}, headers=HTMX).status_code == 409
    assert _events("review_kept") == []


def test_another_units_coach_gets_404(http, people, reviewed):
    post(http, "/logout")
    login(http, people.other_coach)
    assert http.get(f"/days/{reviewed.id}/keep").status_code == 404
    assert post(http, f"/days/{reviewed.id}/keep", {"reason": "x"}).status_code == 404
    assert _day().review == "closure"


def test_deleting_the_closure_takes_the_check_away_in_the_open(http, people, reviewed):
    post(http, "/logout")
    login(http, people.manager)
    closure_id = reviewed.unit.closures[0].id
    response = post(http, f"/units/{people.unit.id}/closures/{closure_id}/delete",
                    {"reason": "Lisätty väärälle päivälle"})
    assert response.status_code == 302
    day = _day()
    assert day.review is None and day.flags == 0 and day.status == Status.CONFIRMED
    [event] = _events("review_cleared")
    assert event.reason == "Lisätty väärälle päivälle" and event.actor_id == people.manager.id
