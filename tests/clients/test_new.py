"""GET/POST /clients/new: a manager adds a client (person, profile, payer), audited."""
from datetime import date

from sqlalchemy import func, select

from tests import factories
from tests.clients.helpers import client_form, events, make_diet
from tests.http import login, post, text
from webapp.accounts.models import Person
from webapp.accounts.passwords import verify_secret
from webapp.clients.models import ClientProfile
from webapp.extensions import db


def _count():
    return db.session.scalar(select(func.count()).select_from(ClientProfile))


def test_it_shows_the_form_with_reference_data_from_the_database(http, people):
    make_diet("gluteeniton", "Gluteeniton")
    factories.make_municipality("Vantaa")
    login(http, people.manager)
    response = http.get("/clients/new")
    assert response.status_code == 200
    page = text(response)
    assert "Lisää asiakas" in page
    assert "Kierrätyspaja" in page and "Kaisa Ohjaaja" in page
    assert "Gluteeniton" in page and "Vantaa" in page
    assert 'name="csrf_token"' in page


def test_a_manager_adds_a_client_with_diets_payer_and_a_password(http, people):
    diet = make_diet("vegaani", "Vegaaninen")
    town = factories.make_municipality("Espoo")
    login(http, people.manager)
    response = post(http, "/clients/new", client_form(
        people, email="Liisa@Example.FI", password="pitkä salasana", language="sv",
        diets=str(diet.id), home_municipality=str(town.id), travel_compensation="y",
        diet_note="Ei sieniä", payer="municipality", payer_from="2026-10-01"))
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.last_name == "Lähteenmäki"))
    assert response.headers["Location"] == f"/clients/{person.id}"
    assert person.role == "client" and person.email == "liisa@example.fi" and person.language == "sv"
    assert verify_secret(person.password_hash, "pitkä salasana")
    profile = person.client
    assert profile.preferred_name == "Lissu"
    assert profile.home_unit_id == people.unit.id and profile.own_coach_id == people.coach.id
    assert profile.home_municipality_id == town.id and profile.travel_compensation is True
    assert [d.code for d in profile.diets] == ["vegaani"] and profile.diet_note == "Ei sieniä"
    assert [(p.payer, p.valid_from) for p in profile.payers] == [("municipality", date(2026, 10, 1))]


def test_it_writes_audit_events_for_person_profile_and_payer(http, people):
    login(http, people.manager)
    post(http, "/clients/new", client_form(people, password="pitkä salasana"))
    person = db.session.scalar(select(Person).where(Person.last_name == "Lähteenmäki"))
    created = {(e.entity, e.entity_id): e for e in events(action="create")}
    assert created[("person", person.id)].actor_id == people.manager.id
    assert created[("person", person.id)].changes["last_name"] == [None, "Lähteenmäki"]
    assert created[("person", person.id)].changes["password_hash"] == ["…", "…"]
    assert created[("client_profile", person.id)].changes["own_coach_id"] == [None, people.coach.id]
    assert created[("payer_assignment", person.client.payers[0].id)].changes["payer"] == [None, "kela"]


def test_email_and_password_are_optional(http, people):
    login(http, people.manager)
    assert post(http, "/clients/new", client_form(people)).status_code == 302
    person = db.session.scalar(select(Person).where(Person.last_name == "Lähteenmäki"))
    assert person.email is None and person.password_hash is None


def test_empty_names_are_refused_in_finnish_and_nothing_is_saved(http, people):
    login(http, people.manager)
    before = _count()
    response = post(http, "/clients/new", client_form(people, first_name=" ", last_name=""))
    assert response.status_code == 400
    assert "Kirjoita etunimi." in text(response) and "Kirjoita sukunimi." in text(response)
    assert _count() == before and events() == []


def test_a_taken_email_is_refused(http, people):
    login(http, people.manager)
    response = post(http, "/clients/new", client_form(people, email="ANNA@example.fi"))
    assert response.status_code == 400
    assert "Tällä sähköpostilla on jo tunnus." in text(response)
    assert db.session.scalar(select(Person).where(Person.last_name == "Lähteenmäki")) is None


def test_a_bad_email_and_a_short_password_are_refused(http, people):
    login(http, people.manager)
    response = post(http, "/clients/new", client_form(people, email="ei-osoite", password="lyhyt"))
    assert response.status_code == 400
    assert "Tarkista sähköpostiosoite." in text(response)
    assert "Käytä vähintään 10 merkkiä." in text(response)


def test_the_own_coach_must_work_at_the_home_unit(http, people):
    login(http, people.manager)
    response = post(http, "/clients/new", client_form(people, own_coach=str(people.other_coach.id)))
    assert response.status_code == 400
    assert "Omaohjaajan pitää olla valitun toimipisteen ohjaaja." in text(response)
    assert _count() == 2


def test_a_missing_unit_coach_or_payer_date_is_refused(http, people):
    login(http, people.manager)
    response = post(http, "/clients/new", client_form(people, home_unit="", own_coach="", payer_from=""))
    assert response.status_code == 400
    page = text(response)
    assert "Valitse toimipiste." in page and "Valitse omaohjaaja." in page
    assert "Anna päivä, josta alkaen maksaja on voimassa." in page


def test_unknown_choices_are_refused_not_a_crash(http, people):
    login(http, people.manager)
    response = post(http, "/clients/new", client_form(people, home_unit="99999", language="de",
                                                      payer="bank", diets="abc"))
    assert response.status_code == 400
    assert _count() == 2


def test_it_needs_csrf(http, people):
    login(http, people.manager)
    response = http.post("/clients/new", data=client_form(people))
    assert response.status_code == 400
    assert _count() == 2


def test_coaches_kitchen_and_clients_may_not(http, people):
    for person in (people.coach, people.kitchen, people.client):
        login(http, person)
        assert http.get("/clients/new").status_code == 403
        assert post(http, "/clients/new", client_form(people)).status_code == 403
        post(http, "/logout")
    assert _count() == 2


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/clients/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_it_rejects_put(http, people):
    login(http, people.manager)
    assert http.put("/clients/new").status_code == 405
