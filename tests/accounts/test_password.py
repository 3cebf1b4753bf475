from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db


def test_it_changes_the_password_and_signs_out_other_devices(app, people):
    here, elsewhere = app.test_client(), app.test_client()
    login(here, people.coach)
    login(elsewhere, people.coach)
    response = post(here, "/account/password", {
        "current": "correct horse battery", "new": "a much longer secret", "again": "a much longer secret"})
    assert response.status_code == 302
    assert here.get("/clients/mine").status_code == 200
    assert elsewhere.get("/clients/mine").status_code == 302  # signed out there
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "password_change"))
    assert event.actor_id == people.coach.id
    assert "…" in str(event.changes)  # the hash itself never reaches the log


def test_it_refuses_a_wrong_current_password(http, people):
    login(http, people.coach)
    response = post(http, "/account/password", {
        "current": "nope", "new": "a much longer secret", "again": "a much longer secret"})
    assert response.status_code == 400
    assert "Nykyinen salasana ei ole oikein." in text(response)


def test_it_refuses_a_short_or_mismatched_password(http, people):
    login(http, people.coach)
    response = post(http, "/account/password", {
        "current": "correct horse battery", "new": "short", "again": "other"})
    assert response.status_code == 400


def test_it_needs_a_login(http):
    assert http.get("/account/password").status_code == 302
