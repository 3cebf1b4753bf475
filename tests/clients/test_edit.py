"""GET/POST /clients/<id>/edit: a manager changes a client; the payer is effective-dated."""
from datetime import date

import time_machine

from tests import factories
from tests.clients.helpers import client_form, events, make_diet
from tests.http import login, post, text
from tests.moments import DURING_THE_DAY
from webapp.extensions import db


def _form(people, **overrides):
    data = client_form(people, first_name="Anna", last_name="Asiakas", preferred_name="",
                       email="anna@example.fi", payer="kela", payer_from="2026-11-18",
                       home_municipality=str(people.client.client.home_municipality_id))
    data.update(overrides)
    return data


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_it_shows_the_form_filled_in(http, people):
    login(http, people.manager)
    response = http.get(f"/clients/{people.client.id}/edit")
    assert response.status_code == 200
    page = text(response)
    assert 'value="Anna"' in page and 'value="anna@example.fi"' in page
    assert 'value="2026-11-18"' in page  # payer change from today by default


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_manager_changes_the_client_and_the_audit_keeps_before_and_after(http, people):
    diet = make_diet("laktoositon", "Laktoositon")
    login(http, people.manager)
    response = post(http, f"/clients/{people.client.id}/edit", _form(
        people, last_name="Virtanen", preferred_name="Annu", diets=str(diet.id)))
    assert response.status_code == 302
    person = db.session.get(type(people.client), people.client.id)
    assert person.last_name == "Virtanen" and person.client.preferred_name == "Annu"
    assert [d.code for d in person.client.diets] == ["laktoositon"]
    person_event = events("person", "update")[0]
    assert person_event.changes == {"last_name": ["Asiakas", "Virtanen"]}
    profile_event = events("client_profile", "update")[0]
    assert profile_event.changes["preferred_name"] == ["", "Annu"]
    assert profile_event.changes["diets"] == [[], ["laktoositon"]]
    assert len(person.client.payers) == 1  # the payer did not change: no new row


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_payer_change_adds_a_row_and_keeps_the_history(http, people):
    login(http, people.manager)
    response = post(http, f"/clients/{people.client.id}/edit",
                    _form(people, payer="municipality", payer_from="2026-12-01"))
    assert response.status_code == 302
    profile = people.client.client
    db.session.refresh(profile)
    assert [(p.payer, p.valid_from) for p in profile.payers] == [
        ("kela", date(2020, 1, 1)), ("municipality", date(2026, 12, 1))]
    assert profile.payer_on(date(2026, 11, 30)) == "kela"
    assert profile.payer_on(date(2026, 12, 1)) == "municipality"
    assert events("payer_assignment", "create")[0].changes["payer"] == [None, "municipality"]
    assert events("person", "update") == [] and events("client_profile", "update") == []


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_second_payer_on_the_same_day_is_refused(http, people):
    login(http, people.manager)
    response = post(http, f"/clients/{people.client.id}/edit",
                    _form(people, payer="none", payer_from="2020-01-01"))
    assert response.status_code == 400
    assert "Tälle päivälle on jo merkitty maksaja." in text(response)
    assert len(people.client.client.payers) == 1


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_an_empty_password_keeps_the_old_one(http, people):
    old_hash = people.client.password_hash
    login(http, people.manager)
    assert post(http, f"/clients/{people.client.id}/edit", _form(people)).status_code == 302
    db.session.refresh(people.client)
    assert people.client.password_hash == old_hash
    assert events("person", "update") == []  # nothing changed, nothing logged


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_the_own_email_is_not_a_duplicate_but_another_ones_is(http, people):
    factories.make_client(people.unit, email="toinen@example.fi", period=False)
    login(http, people.manager)
    assert post(http, f"/clients/{people.client.id}/edit", _form(people)).status_code == 302
    response = post(http, f"/clients/{people.client.id}/edit", _form(people, email="TOINEN@example.fi"))
    assert response.status_code == 400
    assert "Tällä sähköpostilla on jo tunnus." in text(response)
    db.session.refresh(people.client)
    assert people.client.email == "anna@example.fi"


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_bad_input_changes_nothing(http, people):
    login(http, people.manager)
    response = post(http, f"/clients/{people.client.id}/edit",
                    _form(people, first_name="", last_name="Uusi", payer="none"))
    assert response.status_code == 400
    assert "Kirjoita etunimi." in text(response)
    db.session.refresh(people.client)
    assert people.client.last_name == "Asiakas" and len(people.client.client.payers) == 1
    assert events() == []


def test_an_unknown_client_is_404(http, people):
    login(http, people.manager)
    assert http.get("/clients/99999/edit").status_code == 404
    assert http.get(f"/clients/{people.coach.id}/edit").status_code == 404  # a coach is no client


def test_coaches_kitchen_and_clients_may_not(http, people):
    for person in (people.coach, people.kitchen, people.client):
        login(http, person)
        assert http.get(f"/clients/{people.client.id}/edit").status_code == 403
        assert post(http, f"/clients/{people.client.id}/edit", _form(people, last_name="X")).status_code == 403
        post(http, "/logout")
    db.session.refresh(people.client)
    assert people.client.last_name == "Asiakas"


def test_anonymous_is_sent_to_login(http, people):
    response = http.get(f"/clients/{people.client.id}/edit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_it_rejects_delete(http, people):
    login(http, people.manager)
    assert http.delete(f"/clients/{people.client.id}/edit").status_code == 405
