"""POST /clients/<id>/phone/revoke: the coach signs the client's phone out (after a confirmation)."""
import pytest

from tests.enrolment.helpers import events, start_enrolment
from tests.http import csrf_token, login, post, text
from webapp.extensions import db

URL = "/clients/{}/phone/revoke"


def enrolled_phone(app, people):
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    response = phone.post(f"/enrol/{secret}", data={"csrf_token": csrf_token(phone), "pin": "4826", "again": "4826"})
    assert response.status_code == 302
    return phone


def remember_cookie_only(phone):
    phone.delete_cookie("lasna_session")
    assert phone.get_cookie("lasna_remember") is not None


def test_it_asks_for_confirmation_first(app, http, people):
    phone = enrolled_phone(app, people)
    login(http, people.coach)
    token_before = people.client.login_token
    response = post(http, URL.format(people.client.id))
    assert response.status_code == 200
    assert "Kirjataanko puhelin ulos?" in text(response)
    assert 'name="confirm" value="yes"' in text(response)
    assert people.client.login_token == token_before
    assert phone.get("/").status_code == 200
    assert events("phone_signed_out") == []


def test_it_signs_out_a_phone_kept_in_by_the_remember_cookie(app, http, people):
    phone = enrolled_phone(app, people)
    remember_cookie_only(phone)
    assert phone.get("/").status_code == 200  # the remember cookie alone keeps it signed in
    login(http, people.coach)
    response = post(http, URL.format(people.client.id), {"confirm": "yes"})
    assert response.status_code == 302
    remember_cookie_only(phone)
    response = phone.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_it_signs_out_the_phones_current_session_too(app, http, people):
    phone = enrolled_phone(app, people)
    login(http, people.manager)
    assert post(http, URL.format(people.client.id), {"confirm": "yes"}).status_code == 302
    assert phone.get("/").status_code == 302


def test_it_writes_an_audit_event_without_tokens(app, http, people):
    enrolled_phone(app, people)
    old_token = people.client.login_token
    login(http, people.coach)
    post(http, URL.format(people.client.id), {"confirm": "yes"})
    [event] = events("phone_signed_out")
    assert event.actor_id == people.coach.id
    assert (event.entity, event.entity_id) == ("client_profile", people.client.id)
    db.session.refresh(people.client)
    assert old_token not in str(event.changes)
    assert people.client.login_token not in str(event.changes)


def test_a_coach_of_another_unit_gets_404(app, http, people):
    phone = enrolled_phone(app, people)
    login(http, people.other_coach)
    assert post(http, URL.format(people.client.id), {"confirm": "yes"}).status_code == 404
    assert phone.get("/").status_code == 200


@pytest.mark.parametrize("who", ["kitchen", "client"])
def test_kitchen_and_clients_get_403(http, people, who):
    login(http, getattr(people, who))
    assert post(http, URL.format(people.client.id), {"confirm": "yes"}).status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    response = post(http, URL.format(people.client.id), {"confirm": "yes"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_get_is_405(http, people):
    login(http, people.coach)
    assert http.get(URL.format(people.client.id)).status_code == 405


def test_it_needs_csrf(app, http, people):
    phone = enrolled_phone(app, people)
    login(http, people.coach)
    assert http.post(URL.format(people.client.id), data={"confirm": "yes"}).status_code == 400
    assert phone.get("/").status_code == 200
