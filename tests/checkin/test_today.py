"""GET /checkin: the signed-in client's day today; and the "today" card on the client's home page."""
from datetime import timedelta

import pytest

from tests.checkin.phone import kiosk_url, scan_id_of
from tests.http import login, post, text


def test_before_checking_in_it_says_not_yet_and_offers_the_scanner(http, people, clock):
    login(http, people.client)
    response = http.get("/checkin")
    assert response.status_code == 200
    page = text(response)
    assert "Et ole vielä kirjautunut sisään tänään." in page
    assert 'href="/me/scan"' in page
    assert "Syötkö lounaan" not in page


def test_after_checking_in_it_shows_the_time_lunch_and_mood(http, people, kiosk, clock):
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    post(http, "/checkin/lunch", {"lunch": "yes"})
    page = text(http.get("/checkin"))
    assert "Kirjauduit sisään klo 8.05." in page
    assert "Merkitty: syöt lounaan tänään." in page
    assert "Miltä sinusta tuntuu tänään?" in page
    assert "Skannaa kioskin koodi uudelleen, niin kirjaat lähtösi." in page  # leaving is a new scan


def test_it_offers_leaving_while_a_later_scan_waits_for_an_answer(http, people, kiosk, clock):
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    clock.shift(timedelta(hours=5))
    scan_id = scan_id_of(http.get(kiosk_url(kiosk)))
    page = text(http.get("/checkin"))
    assert "Kyllä, lähden nyt" in page
    assert f'action="/checkin/leave/{scan_id}"' in page
    clock.shift(timedelta(minutes=11))  # too late to answer: scan again when leaving
    assert "Kyllä, lähden nyt" not in text(http.get("/checkin"))


def test_after_leaving_it_shows_the_hours(http, people, kiosk, clock):
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    clock.shift(timedelta(hours=3))
    post(http, f"/checkin/leave/{scan_id_of(http.get(kiosk_url(kiosk)))}")
    page = text(http.get("/checkin"))
    assert "Lähdit klo 11.05." in page and "Olit paikalla 3 t 0 min." in page
    assert "ohjaajasi katsoo sen" in page


def test_yesterday_does_not_count_as_today(http, people, kiosk, clock):
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    clock.shift(timedelta(days=1))
    assert "Et ole vielä kirjautunut sisään tänään." in text(http.get("/checkin"))


def test_it_answers_htmx_with_its_fragment(http, people, clock):
    login(http, people.client)
    response = http.get("/checkin", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert 'id="checkin-today"' in text(response) and "<html" not in text(response)


@pytest.mark.parametrize("who", ["coach", "other_coach", "manager", "kitchen"])
def test_staff_get_403(http, people, who):
    login(http, getattr(people, who))
    assert http.get("/checkin").status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/checkin")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_post_is_405(http, people):
    login(http, people.client)
    assert post(http, "/checkin").status_code == 405


# --- The "today" card on the client's home page ---------------------------------------------

def test_the_home_card_says_not_yet_and_has_a_big_scan_button(http, people, clock):
    login(http, people.client)
    page = text(http.get("/"))
    assert 'data-testid="today-card"' in page
    assert "Et ole vielä kirjautunut sisään tänään." in page
    assert 'href="/me/scan"' in page and "Skannaa kioskin koodi" in page


def test_the_home_card_shows_the_check_in_time(http, people, kiosk, clock):
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    page = text(http.get("/"))
    assert "Kirjauduit sisään klo 8.05." in page
    assert 'href="/checkin"' in page


def test_staff_homes_have_no_today_card(http, people):
    login(http, people.kitchen)
    assert 'data-testid="today-card"' not in text(http.get("/"))
