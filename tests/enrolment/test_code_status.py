"""GET /clients/<id>/enrol/<code_id>: the enrol page polls this until the phone has used the code."""
from datetime import timedelta

import pytest

from tests import moments
from tests.enrolment.helpers import start_enrolment
from tests.http import csrf_token, login, post, text
from webapp.enrolment.models import EnrolmentCode
from webapp.extensions import db


def the_code():
    return db.session.scalar(db.select(EnrolmentCode).order_by(EnrolmentCode.id.desc()))


def url(people, code):
    return f"/clients/{people.client.id}/enrol/{code.id}"


def test_it_waits_and_keeps_polling_while_the_code_is_unused(app, http, people):
    start_enrolment(app, people.coach, people.client)
    login(http, people.coach)
    response = http.get(url(people, the_code()), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Odotetaan puhelinta" in text(response)
    assert 'hx-trigger="every 3s"' in text(response)
    assert "<html" not in text(response)  # a fragment


def test_it_tells_when_the_phone_is_connected_and_stops_polling(app, http, people):
    secret = start_enrolment(app, people.coach, people.client)
    phone = app.test_client()
    phone.post(f"/enrol/{secret}", data={"csrf_token": csrf_token(phone), "pin": "4826", "again": "4826"})
    login(http, people.coach)
    response = http.get(url(people, the_code()))
    assert "Puhelin on yhdistetty" in text(response)
    assert "hx-trigger" not in text(response)


def test_it_tells_when_the_code_has_expired(app, http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    start_enrolment(app, people.coach, people.client)
    time_machine.move_to(moments.MORNING + timedelta(minutes=15, seconds=1), tick=False)
    login(http, people.coach)
    response = http.get(url(people, the_code()))
    assert "Tee uusi koodi" in text(response)
    assert "hx-trigger" not in text(response)


def test_a_code_of_another_client_is_404(app, http, people):
    start_enrolment(app, people.other_coach, people.other_client)
    login(http, people.coach)
    code = the_code()
    assert http.get(f"/clients/{people.client.id}/enrol/{code.id}").status_code == 404


def test_a_coach_of_another_unit_gets_404(app, http, people):
    start_enrolment(app, people.coach, people.client)
    login(http, people.other_coach)
    assert http.get(url(people, the_code())).status_code == 404


@pytest.mark.parametrize("who", ["kitchen", "client"])
def test_kitchen_and_clients_get_403(app, http, people, who):
    start_enrolment(app, people.coach, people.client)
    login(http, getattr(people, who))
    assert http.get(url(people, the_code())).status_code == 403


def test_anonymous_is_sent_to_login(app, http, people):
    start_enrolment(app, people.coach, people.client)
    assert http.get(url(people, the_code())).status_code == 302


def test_post_is_405(app, http, people):
    start_enrolment(app, people.coach, people.client)
    login(http, people.coach)
    assert post(http, url(people, the_code())).status_code == 405
