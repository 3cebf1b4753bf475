"""GET /me/scan: the in-app scanner for the kiosk's code."""
import pytest

from tests.http import login, post, text


def test_a_client_gets_the_scanner(http, people):
    login(http, people.client)
    response = http.get("/me/scan")
    assert response.status_code == 200
    page = text(response)
    assert "Avaa kamera" in page
    assert 'src="/kiosk/app/vendor/jsQR-1.4.0.js"' in page
    assert 'src="/static/js/scan-kiosk.js?v=' in page
    assert "Tämä ei ole kioskin koodi" in page  # the message the script shows for other codes
    assert "oma korttisi" in page  # the kiosk's other ways, for phones without a camera


def test_its_scripts_are_served(http, people):
    assert http.get("/kiosk/app/vendor/jsQR-1.4.0.js").status_code == 200
    assert http.get("/static/js/scan-kiosk.js").status_code == 200


@pytest.mark.parametrize("who", ["coach", "other_coach", "manager", "kitchen"])
def test_staff_get_403(http, people, who):
    login(http, getattr(people, who))
    assert http.get("/me/scan").status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/me/scan")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_post_is_405(http, people):
    login(http, people.client)
    assert post(http, "/me/scan").status_code == 405
