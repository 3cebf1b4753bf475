"""The client's kiosk PIN on the coach's side: POST /clients/<id>/pin/unlock,
GET/POST /clients/<id>/pin, and the PIN block on the client's page."""
from datetime import timedelta

import pytest

from tests import factories, moments
from tests.enrolment.helpers import events
from tests.http import login, post, text
from webapp.checkin.scans import PIN_MAX_ATTEMPTS, Reason, check_pin
from webapp.extensions import db

UNLOCK = "/clients/{}/pin/unlock"
SET = "/clients/{}/pin"


def lock_out(person, pin="4071"):
    """Five wrong PINs at the kiosk, through the real check."""
    factories.enrol_pin(person, pin)
    for _ in range(PIN_MAX_ATTEMPTS):
        result = check_pin(person.client, "9513")
    db.session.commit()
    assert result.reason == Reason.PIN_LOCKED
    return pin


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    return time_machine


# --- POST /clients/<id>/pin/unlock ------------------------------------------------------------------

def test_the_own_coach_unlocks_a_locked_pin_and_it_works_at_once(http, people, frozen):
    pin = lock_out(people.client)
    assert check_pin(people.client.client, pin).reason == Reason.PIN_LOCKED
    login(http, people.coach)
    response = post(http, UNLOCK.format(people.client.id))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/clients/{people.client.id}"
    profile = people.client.client
    assert profile.pin_locked_until is None and profile.pin_failed_attempts == 0
    assert check_pin(profile, pin).ok
    assert "PIN-koodin lukitus on avattu" in text(http.get(response.headers["Location"]))


def test_unlocking_is_audited(http, people, frozen):
    lock_out(people.client)
    login(http, people.coach)
    post(http, UNLOCK.format(people.client.id))
    [event] = events("pin_unlocked")
    assert event.actor_id == people.coach.id
    assert (event.entity, event.entity_id) == ("client_profile", people.client.id)
    assert event.changes["pin_locked_until"][1] is None


def test_a_manager_may_unlock(http, people, frozen):
    lock_out(people.client)
    login(http, people.manager)
    assert post(http, UNLOCK.format(people.client.id)).status_code == 302
    assert people.client.client.pin_locked_until is None


def test_unlocking_a_pin_that_is_not_locked_changes_nothing(http, people):
    factories.enrol_pin(people.client)
    login(http, people.coach)
    response = post(http, UNLOCK.format(people.client.id))
    assert response.status_code == 302
    assert "PIN-koodi ei ollut lukittu" in text(http.get(response.headers["Location"]))
    assert events("pin_unlocked") == []


def test_unlocking_also_clears_a_count_of_wrong_tries(http, people):
    pin = factories.enrol_pin(people.client)
    for _ in range(PIN_MAX_ATTEMPTS - 1):
        check_pin(people.client.client, "9513")
    db.session.commit()
    login(http, people.coach)
    post(http, UNLOCK.format(people.client.id))
    assert people.client.client.pin_failed_attempts == 0
    assert check_pin(people.client.client, "9513").attempts_left == PIN_MAX_ATTEMPTS - 1
    assert check_pin(people.client.client, pin).ok


def test_a_coach_of_another_unit_gets_404(http, people, frozen):
    lock_out(people.client)
    login(http, people.other_coach)
    assert post(http, UNLOCK.format(people.client.id)).status_code == 404
    assert people.client.client.pin_locked_until is not None
    assert events("pin_unlocked") == []


def test_an_unknown_client_is_404(http, people):
    login(http, people.manager)
    assert post(http, UNLOCK.format(999999)).status_code == 404


@pytest.mark.parametrize("who", ["kitchen", "client"])
def test_kitchen_and_clients_may_not_unlock(http, people, frozen, who):
    lock_out(people.client)
    login(http, getattr(people, who))
    assert post(http, UNLOCK.format(people.client.id)).status_code == 403
    assert people.client.client.pin_locked_until is not None


def test_anonymous_is_sent_to_login(http, people, frozen):
    lock_out(people.client)
    response = post(http, UNLOCK.format(people.client.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert people.client.client.pin_locked_until is not None


def test_unlocking_needs_csrf_and_post(http, people, frozen):
    lock_out(people.client)
    login(http, people.coach)
    assert http.post(UNLOCK.format(people.client.id)).status_code == 400
    assert http.get(UNLOCK.format(people.client.id)).status_code == 405
    assert people.client.client.pin_locked_until is not None


# --- GET/POST /clients/<id>/pin -----------------------------------------------------------------------

def test_the_coach_gets_a_page_to_hand_to_the_client(http, people):
    login(http, people.coach)
    response = http.get(SET.format(people.client.id))
    assert response.status_code == 200
    page = text(response)
    assert "Anna laite asiakkaalle" in page and "Hei Anna!" in page
    assert page.count('type="password"') == 2 and page.count('inputmode="numeric"') == 2


def test_a_new_pin_replaces_the_old_one_and_opens_a_lock(http, people, frozen):
    old = lock_out(people.client)
    login(http, people.coach)
    response = post(http, SET.format(people.client.id), {"pin": "5829", "again": "5829"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/clients/{people.client.id}"
    profile = people.client.client
    assert profile.pin_locked_until is None
    assert check_pin(profile, "5829").ok
    assert check_pin(profile, old).reason == Reason.WRONG_PIN
    assert "Uusi PIN-koodi on tallennettu" in text(http.get(response.headers["Location"]))


def test_setting_a_pin_is_audited_with_the_hash_masked(http, people):
    login(http, people.manager)
    post(http, SET.format(people.client.id), {"pin": "5829", "again": "5829"})
    [event] = events("pin_set")
    assert event.actor_id == people.manager.id
    assert event.changes["pin_hash"] == ["…", "…"]
    assert people.client.client.pin_hash not in str(event.changes)


@pytest.mark.parametrize("data, message", [
    ({"pin": "5829", "again": "5830"}, "PIN-koodit eivät ole samat"),
    ({"pin": "1234", "again": "1234"}, "liian helppo arvata"),
    ({"pin": "0000", "again": "0000"}, "liian helppo arvata"),
    ({"pin": "58a9", "again": "58a9"}, "PIN-koodissa on 4 numeroa"),
    ({"pin": "58291", "again": "58291"}, "PIN-koodissa on 4 numeroa"),
    ({}, "Kirjoita PIN-koodi."),
])
def test_a_bad_pin_is_a_400_with_a_message(http, people, data, message):
    old = factories.enrol_pin(people.client)
    login(http, people.coach)
    response = post(http, SET.format(people.client.id), data)
    assert response.status_code == 400
    assert message in text(response)
    assert check_pin(people.client.client, old).ok  # unchanged
    assert events("pin_set") == []


def test_a_coach_of_another_unit_gets_404_for_the_pin_page(http, people):
    old = factories.enrol_pin(people.client)
    login(http, people.other_coach)
    assert http.get(SET.format(people.client.id)).status_code == 404
    assert post(http, SET.format(people.client.id), {"pin": "5829", "again": "5829"}).status_code == 404
    assert check_pin(people.client.client, old).ok


@pytest.mark.parametrize("who", ["kitchen", "client"])
def test_kitchen_and_clients_may_not_set_a_pin_here(http, people, who):
    login(http, getattr(people, who))
    assert http.get(SET.format(people.client.id)).status_code == 403
    assert post(http, SET.format(people.client.id), {"pin": "5829", "again": "5829"}).status_code == 403
    assert people.client.client.pin_hash is None


def test_anonymous_is_sent_to_login_from_the_pin_page(http, people):
    assert http.get(SET.format(people.client.id)).status_code == 302
    response = post(http, SET.format(people.client.id), {"pin": "5829", "again": "5829"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert people.client.client.pin_hash is None


def test_setting_a_pin_needs_csrf(http, people):
    login(http, people.coach)
    assert http.post(SET.format(people.client.id), data={"pin": "5829", "again": "5829"}).status_code == 400
    assert people.client.client.pin_hash is None


# --- The PIN block on the client's page ---------------------------------------------------------------

def test_the_client_page_says_until_when_a_pin_is_locked_and_offers_to_open_it(http, people, frozen):
    lock_out(people.client)
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}"))
    assert "PIN-koodi on asetettu." in page
    assert "Lukittu klo 8.20 asti" in page  # 08:05 + 15 min, Helsinki time
    assert f'action="/clients/{people.client.id}/pin/unlock"' in page and "Avaa lukitus" in page
    assert f'href="/clients/{people.client.id}/pin"' in page and "Vaihda PIN" in page
    assert f'href="/clients/{people.client.id}/badge"' in page


def test_the_lock_notice_goes_away_by_itself_after_fifteen_minutes(http, people, frozen):
    lock_out(people.client)
    frozen.move_to(moments.MORNING + timedelta(minutes=15, seconds=1), tick=False)
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}"))
    assert "Lukittu klo" not in page and "Avaa lukitus" not in page


def test_the_client_page_offers_to_set_a_pin_when_there_is_none(http, people):
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}"))
    assert "PIN-koodia ei ole asetettu." in page and "Aseta PIN" in page
    assert "Avaa lukitus" not in page
