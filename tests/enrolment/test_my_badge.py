"""GET /me/badge: the signed-in client's own QR, big, for the kiosk to scan."""
import pytest

from tests.enrolment.helpers import decode_svg_qr
from tests.http import login, post, text
from webapp.enrolment.badge import badge_payload


def test_a_client_sees_their_own_qr(http, people):
    login(http, people.client)
    response = http.get("/me/badge")
    assert response.status_code == 200
    assert decode_svg_qr(text(response)) == badge_payload(people.client.client)
    assert "Anna A." in text(response)


def test_the_client_home_links_to_it(http, people):
    login(http, people.client)
    page = text(http.get("/"))
    assert 'href="/me/badge"' in page
    assert "Näytä oma koodini" in page


@pytest.mark.parametrize("who", ["coach", "manager", "kitchen"])
def test_staff_get_403(http, people, who):
    login(http, getattr(people, who))
    assert http.get("/me/badge").status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/me/badge")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_post_is_405(http, people):
    login(http, people.client)
    assert post(http, "/me/badge").status_code == 405
