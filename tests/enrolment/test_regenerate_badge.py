"""POST /clients/<id>/badge/regenerate: a lost card is replaced; the old QR stops working."""
import pytest

from tests.enrolment.helpers import decode_svg_qr, events
from tests.http import login, post, text
from webapp.enrolment.badge import badge_payload

URL = "/clients/{}/badge/regenerate"


def test_it_asks_for_confirmation_first(http, people):
    old = people.client.client.badge_token
    login(http, people.coach)
    response = post(http, URL.format(people.client.id))
    assert response.status_code == 200
    assert "Tehdäänkö uusi kortti?" in text(response)
    assert people.client.client.badge_token == old
    assert events("badge_regenerated") == []


def test_it_voids_the_old_badge_payload(http, people):
    profile = people.client.client
    old_payload = badge_payload(profile)
    login(http, people.coach)
    response = post(http, URL.format(people.client.id), {"confirm": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/clients/{people.client.id}/badge"
    new_payload = badge_payload(profile)
    assert new_payload != old_payload
    card = http.get(response.headers["Location"])
    assert decode_svg_qr(text(card)) == new_payload
    assert "Uusi kortti on tehty" in text(card)


def test_it_writes_an_audit_event_without_the_tokens(http, people):
    old = people.client.client.badge_token
    login(http, people.manager)
    post(http, URL.format(people.client.id), {"confirm": "yes"})
    [event] = events("badge_regenerated")
    assert event.actor_id == people.manager.id
    assert (event.entity, event.entity_id) == ("client_profile", people.client.id)
    logged = str(event.changes)
    assert old not in logged and people.client.client.badge_token not in logged
    assert event.changes["badge_token"] == ["…", "…"]


def test_a_coach_of_another_unit_gets_404(http, people):
    old = people.client.client.badge_token
    login(http, people.other_coach)
    assert post(http, URL.format(people.client.id), {"confirm": "yes"}).status_code == 404
    assert people.client.client.badge_token == old


@pytest.mark.parametrize("who", ["kitchen", "client"])
def test_kitchen_and_clients_get_403(http, people, who):
    old = people.client.client.badge_token
    login(http, getattr(people, who))
    assert post(http, URL.format(people.client.id), {"confirm": "yes"}).status_code == 403
    assert people.client.client.badge_token == old


def test_anonymous_is_sent_to_login(http, people):
    response = post(http, URL.format(people.client.id), {"confirm": "yes"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_get_is_405(http, people):
    login(http, people.coach)
    assert http.get(URL.format(people.client.id)).status_code == 405


def test_it_needs_csrf(http, people):
    old = people.client.client.badge_token
    login(http, people.coach)
    assert http.post(URL.format(people.client.id), data={"confirm": "yes"}).status_code == 400
    assert people.client.client.badge_token == old
