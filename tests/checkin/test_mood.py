"""POST /checkin/mood: the optional one-tap mood at arrival, 1–5."""
import pytest

from tests import factories
from tests.checkin.phone import days, kiosk_url, scan_id_of
from tests.http import login, post, text


@pytest.fixture
def checked_in(http, people, clock):
    kiosk = factories.make_kiosk(people.unit)[1]
    login(http, people.client)
    return scan_id_of(http.get(kiosk_url(kiosk)))


@pytest.mark.parametrize("mood", [1, 3, 5])
def test_it_records_the_mood(http, checked_in, mood):
    response = post(http, "/checkin/mood", {"mood": str(mood), "scan": str(checked_in)})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/checkin/scans/{checked_in}")
    assert days()[0].mood == mood


def test_the_faces_carry_words_and_the_choice_is_shown_in_words(http, checked_in):
    page = text(http.get(f"/checkin/scans/{checked_in}"))
    for word in ("Tosi huono", "Huono", "Ihan ok", "Hyvä", "Tosi hyvä"):
        assert word in page
    response = post(http, "/checkin/mood", {"mood": "4"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Merkitty: Hyvä." in text(response)
    assert text(response).count('aria-pressed="true"') == 1


@pytest.mark.parametrize("value", ["", "0", "6", "-1", "3.5", "abc", "05", "１"])
def test_bad_values_are_400(http, checked_in, value):
    assert post(http, "/checkin/mood", {"mood": value}).status_code == 400
    assert days()[0].mood is None


def test_without_a_day_today_it_is_409(http, people, clock):
    login(http, people.client)
    response = post(http, "/checkin/mood", {"mood": "3"})
    assert response.status_code == 409
    assert "kioskin koodi" in text(response)


def test_without_csrf_it_is_400(http, checked_in):
    assert http.post("/checkin/mood", data={"mood": "3"}).status_code == 400
    assert days()[0].mood is None


@pytest.mark.parametrize("who", ["coach", "manager", "kitchen"])
def test_staff_get_403(http, people, who):
    login(http, getattr(people, who))
    assert post(http, "/checkin/mood", {"mood": "3"}).status_code == 403


def test_get_is_405(http, people):
    login(http, people.client)
    assert http.get("/checkin/mood").status_code == 405
