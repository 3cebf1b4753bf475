"""GET/POST /enrol/<code>: the client's phone opens the QR's URL, chooses a PIN, stays signed in."""
from datetime import timedelta

import pytest

from tests import moments
from tests.enrolment.helpers import events, start_enrolment
from tests.http import csrf_token, text
from webapp.accounts.passwords import verify_secret
from webapp.enrolment.models import EnrolmentCode
from webapp.extensions import db

GOOD_PIN = "4826"


def claim(phone, secret, pin=GOOD_PIN, again=None, token=None):
    return phone.post(f"/enrol/{secret}", data={
        "csrf_token": token or csrf_token(phone), "pin": pin, "again": pin if again is None else again})


def test_it_greets_the_client_by_preferred_name(app, people):
    people.client.client.preferred_name = "Annu"
    db.session.commit()
    secret = start_enrolment(app, people.coach, people.client)
    response = app.test_client().get(f"/enrol/{secret}")
    assert response.status_code == 200
    page = text(response)
    assert "Hei Annu!" in page
    assert page.count('inputmode="numeric"') == 2
    assert 'autocomplete="off"' in page
    assert 'name="csrf_token"' in page


def test_a_pin_signs_the_phone_in_with_a_remember_cookie(app, people):
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    response = claim(phone, secret)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "lasna_remember=" in " ".join(response.headers.getlist("Set-Cookie"))
    home = phone.get("/")
    assert home.status_code == 200
    assert "Hei, Anna!" in text(home)
    assert verify_secret(people.client.client.pin_hash, GOOD_PIN)
    [code] = db.session.scalars(db.select(EnrolmentCode)).all()
    assert code.used_at is not None


def test_it_writes_an_audit_event_without_the_pin_or_code(app, people):
    secret = start_enrolment(app, people.coach, people.client)
    claim(app.test_client(), secret)
    [event] = events("phone_enrolled")
    assert event.actor_id == people.client.id
    assert (event.entity, event.entity_id) == ("client_profile", people.client.id)
    logged = str(event.changes) + str(event.reason)
    assert GOOD_PIN not in logged and secret not in logged
    assert people.client.client.pin_hash not in logged
    assert event.changes["pin_hash"] == ["…", "…"]


@pytest.mark.parametrize("pin, again, message", [
    ("12a4", "12a4", "Käytä vain numeroita."),
    ("482", "482", "PIN-koodissa on 4 numeroa."),
    ("48261", "48261", "PIN-koodissa on 4 numeroa."),
    ("", "", "Kirjoita PIN-koodi."),
    ("4826", "4827", "PIN-koodit eivät ole samat."),
    ("0000", "0000", "liian helppo arvata"),
    ("1111", "1111", "liian helppo arvata"),
    ("1234", "1234", "liian helppo arvata"),
    ("9876", "9876", "liian helppo arvata"),
    ("1212", "1212", "liian helppo arvata"),
    ("٤٨٢٦", "٤٨٢٦", "Käytä vain numeroita."),  # Arabic-Indic digits are not on the kiosk keypad
])
def test_a_bad_pin_is_refused_with_a_finnish_message(app, people, pin, again, message):
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    response = claim(phone, secret, pin=pin, again=again)
    assert response.status_code == 400
    assert message in text(response)
    assert people.client.client.pin_hash is None
    assert db.session.scalar(db.select(EnrolmentCode)).used_at is None  # the code still works
    assert phone.get("/").status_code == 302  # not signed in
    assert claim(phone, secret).status_code == 302


def test_a_post_without_csrf_changes_nothing(app, people):
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    response = phone.post(f"/enrol/{secret}", data={"pin": GOOD_PIN, "again": GOOD_PIN})
    assert response.status_code == 400
    assert people.client.client.pin_hash is None


def test_a_code_works_until_15_minutes(app, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    secret = start_enrolment(app, people.coach, people.client)
    time_machine.move_to(moments.MORNING + timedelta(minutes=14, seconds=59), tick=False)
    assert app.test_client().get(f"/enrol/{secret}").status_code == 200


def test_an_expired_code_is_gone_at_15_minutes_and_1_second(app, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    token = csrf_token(phone)
    time_machine.move_to(moments.MORNING + timedelta(minutes=15, seconds=1), tick=False)
    response = phone.get(f"/enrol/{secret}")
    assert response.status_code == 410
    assert "Pyydä ohjaajalta uusi koodi." in text(response)
    assert claim(phone, secret, token=token).status_code == 410
    assert people.client.client.pin_hash is None
    assert phone.get("/").status_code == 302


def test_a_form_opened_in_time_but_sent_too_late_is_refused(app, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    assert phone.get(f"/enrol/{secret}").status_code == 200
    token = csrf_token(phone)
    time_machine.move_to(moments.MORNING + timedelta(minutes=20), tick=False)
    assert claim(phone, secret, token=token).status_code == 410


def test_a_used_code_is_gone(app, people):
    secret = start_enrolment(app, people.coach, people.client)
    claim(app.test_client(), secret)
    response = app.test_client().get(f"/enrol/{secret}")
    assert response.status_code == 410
    assert "Pyydä ohjaajalta uusi koodi." in text(response)


def test_a_replayed_claim_changes_nothing(app, people):
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    token = csrf_token(phone)
    assert claim(phone, secret, token=token).status_code == 302
    other = app.test_client()
    assert claim(other, secret, pin="7391").status_code == 410
    assert claim(phone, secret, pin="7391", token=token).status_code == 410
    assert verify_secret(people.client.client.pin_hash, GOOD_PIN)
    assert other.get("/").status_code == 302  # the replay did not sign anyone in
    assert len(events("phone_enrolled")) == 1


def test_only_one_of_two_racing_submits_wins(app, people):
    """Both requests passed the usable check; the guarded UPDATE lets one through."""
    from webapp.enrolment.codes import mark_used
    start_enrolment(app, people.coach, people.client)
    code = db.session.scalar(db.select(EnrolmentCode))
    assert code.is_usable()
    assert mark_used(code) is True
    assert mark_used(code) is False  # the second one, still holding the stale row
    db.session.rollback()


@pytest.mark.parametrize("secret", ["nope", "x" * 43, "x" * 500])
def test_an_unknown_code_is_404_with_a_friendly_page(http, people, secret):
    response = http.get(f"/enrol/{secret}")
    assert response.status_code == 404
    assert "Pyydä ohjaajalta uusi koodi." in text(response)


def test_a_deactivated_client_cannot_claim(app, people):
    secret = start_enrolment(app, people.coach, people.client)
    people.client.active = False
    db.session.commit()
    assert app.test_client().get(f"/enrol/{secret}").status_code == 404


def test_other_methods_are_405(app, people):
    secret = start_enrolment(app, people.coach, people.client)
    assert app.test_client().put(f"/enrol/{secret}").status_code == 405
