"""POST /clients/<id>/enrol: a coach makes a one-time QR code for the client's phone."""
from datetime import timedelta

import pytest

from tests import moments
from tests.enrolment.helpers import decode_svg_qr, events, secret_from_qr
from tests.http import login, post, text
from webapp.enrolment.codes import hash_code
from webapp.enrolment.models import EnrolmentCode
from webapp.extensions import db


def codes_of(person):
    return db.session.scalars(db.select(EnrolmentCode).where(EnrolmentCode.client_id == person.id)
                              .order_by(EnrolmentCode.id)).all()


def test_the_own_coach_gets_a_qr_of_the_claim_url(http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    login(http, people.coach)
    response = post(http, f"/clients/{people.client.id}/enrol")
    assert response.status_code == 200
    page = text(response)
    url = decode_svg_qr(page)
    assert url.startswith("http://localhost/enrol/")
    assert "Anna Asiakas" in page
    assert "voimassa klo 8.20 asti" in page  # 08:05 + 15 min, Helsinki time
    assert "Avaa puhelimen kamera ja osoita sillä koodia" in page
    [code] = codes_of(people.client)
    secret = url.rsplit("/", 1)[1]
    assert code.code_hash == hash_code(secret)
    assert secret not in code.code_hash  # only the hash is stored
    assert code.created_by_id == people.coach.id
    assert code.expires_at == moments.MORNING + timedelta(minutes=15)
    assert code.used_at is None


def test_a_manager_may_make_a_code(http, people):
    login(http, people.manager)
    response = post(http, f"/clients/{people.client.id}/enrol")
    assert response.status_code == 200
    assert len(codes_of(people.client)) == 1


def test_a_new_code_voids_the_earlier_unused_ones(app, http, people):
    login(http, people.coach)
    first = secret_from_qr(text(post(http, f"/clients/{people.client.id}/enrol")))
    second = secret_from_qr(text(post(http, f"/clients/{people.client.id}/enrol")))
    phone = app.test_client()
    assert phone.get(f"/enrol/{first}").status_code == 410
    assert phone.get(f"/enrol/{second}").status_code == 200
    old, new = codes_of(people.client)
    assert not old.is_usable() and new.is_usable()


def test_it_writes_an_audit_event_without_the_code(http, people):
    login(http, people.coach)
    page = text(post(http, f"/clients/{people.client.id}/enrol"))
    secret = secret_from_qr(page)
    [event] = events("enrolment_code")
    assert event.actor_id == people.coach.id
    assert (event.entity, event.entity_id) == ("client_profile", people.client.id)
    logged = str(event.changes) + str(event.reason)
    assert secret not in logged
    assert codes_of(people.client)[0].code_hash not in logged


def test_a_coach_of_another_unit_gets_404(http, people):
    login(http, people.other_coach)
    assert post(http, f"/clients/{people.client.id}/enrol").status_code == 404
    assert codes_of(people.client) == []


def test_an_unknown_client_is_404(http, people):
    login(http, people.manager)
    assert post(http, "/clients/999999/enrol").status_code == 404


@pytest.mark.parametrize("who", ["kitchen", "client"])
def test_kitchen_and_clients_get_403(http, people, who):
    login(http, getattr(people, who))
    assert post(http, f"/clients/{people.client.id}/enrol").status_code == 403
    assert codes_of(people.client) == []


def test_anonymous_is_sent_to_login(http, people):
    response = post(http, f"/clients/{people.client.id}/enrol")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_get_is_405(http, people):
    login(http, people.coach)
    assert http.get(f"/clients/{people.client.id}/enrol").status_code == 405


def test_it_needs_csrf(http, people):
    login(http, people.coach)
    assert http.post(f"/clients/{people.client.id}/enrol").status_code == 400
    assert codes_of(people.client) == []
