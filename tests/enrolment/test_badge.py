"""GET /clients/<id>/badge: the printable badge card with the client's personal QR."""
import pytest

from tests.enrolment.helpers import decode_svg_qr
from tests.http import login, post, text
from webapp.enrolment.badge import badge_payload, token_from_payload


def test_the_own_coach_sees_a_card_with_name_unit_and_qr(http, people):
    login(http, people.coach)
    response = http.get(f"/clients/{people.client.id}/badge")
    assert response.status_code == 200
    page = text(response)
    assert "Anna A." in page  # first name and initial only
    assert "Asiakas" not in page.replace("Anna A.", "")
    assert "Kierrätyspaja" in page
    assert decode_svg_qr(page) == f"lasna:badge:{people.client.client.badge_token}"
    assert 'class="badge-card"' in page
    assert "style=" not in page and "<script>" not in page


def test_a_manager_may_print_it(http, people):
    login(http, people.manager)
    assert http.get(f"/clients/{people.client.id}/badge").status_code == 200


def test_the_payload_format_is_what_the_kiosk_reads(people):
    profile = people.client.client
    payload = badge_payload(profile)
    assert payload == "lasna:badge:" + profile.badge_token
    assert token_from_payload(payload) == profile.badge_token
    assert token_from_payload("https://example.fi/") is None
    assert token_from_payload("lasna:badge:") is None


def test_a_coach_of_another_unit_gets_404(http, people):
    login(http, people.other_coach)
    assert http.get(f"/clients/{people.client.id}/badge").status_code == 404


@pytest.mark.parametrize("who", ["kitchen", "client"])
def test_kitchen_and_clients_get_403(http, people, who):
    login(http, getattr(people, who))
    assert http.get(f"/clients/{people.client.id}/badge").status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    response = http.get(f"/clients/{people.client.id}/badge")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_post_is_405(http, people):
    login(http, people.coach)
    assert post(http, f"/clients/{people.client.id}/badge").status_code == 405
