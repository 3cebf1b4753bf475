import pytest

from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, events, who_may_not
from webapp.accounts.models import Person
from webapp.accounts.passwords import verify_secret
from webapp.extensions import db


def _form(**overrides):
    data = {"first_name": "Sanna", "last_name": "Valmentaja", "email": "Sanna.Valmentaja@Example.fi",
            "role": "coach", "language": "sv", "password": "pitkä salasana 1", "active": "y"}
    data.update(overrides)
    return data


def _by_email(email):
    return db.session.scalar(db.select(Person).where(Person.email == email))


def test_it_shows_the_form_with_units_to_choose(http, people):
    login(http, people.manager)
    response = http.get("/staff/new")
    assert response.status_code == 200
    page = text(response)
    assert "Aloitussalasana" in page and "Kierrätyspaja" in page and "Puutyöpaja" in page
    assert '<option selected value="coach">' in page


def test_it_creates_a_coach_with_units_and_a_hashed_password(http, people):
    login(http, people.manager)
    response = post(http, "/staff/new", _form(units=[str(people.unit.id), str(people.other_unit.id)]))
    assert response.status_code == 302 and response.headers["Location"] == "/staff"
    person = _by_email("sanna.valmentaja@example.fi")
    assert (person.first_name, person.last_name, person.role, person.language, person.active) == (
        "Sanna", "Valmentaja", "coach", "sv", True)
    assert {u.id for u in person.units} == {people.unit.id, people.other_unit.id}
    assert person.password_hash != "pitkä salasana 1" and verify_secret(person.password_hash, "pitkä salasana 1")


def test_the_new_person_can_sign_in(app, http, people):
    login(http, people.manager)
    post(http, "/staff/new", _form(role="kitchen"))
    other = app.test_client()
    assert post(other, "/login", {"email": "sanna.valmentaja@example.fi", "password": "pitkä salasana 1"}
                ).status_code == 302


def test_units_are_only_kept_for_coaches(http, people):
    login(http, people.manager)
    post(http, "/staff/new", _form(role="kitchen", units=[str(people.unit.id)]))
    assert _by_email("sanna.valmentaja@example.fi").units == []


def test_it_writes_an_audit_event_without_the_password(http, people):
    login(http, people.manager)
    post(http, "/staff/new", _form(units=[str(people.unit.id)]))
    person = _by_email("sanna.valmentaja@example.fi")
    [event] = events("person", "create")
    assert event.entity_id == person.id and event.actor_id == people.manager.id
    assert event.changes["email"] == [None, "sanna.valmentaja@example.fi"]
    assert event.changes["units"] == [None, [people.unit.id]]
    assert "pitkä salasana" not in str(event.changes) and "argon2" not in str(event.changes)


def test_it_refuses_a_taken_email_in_any_case(http, people):
    login(http, people.manager)
    response = post(http, "/staff/new", _form(email=people.coach.email.upper()))
    assert response.status_code == 400
    assert "Tällä sähköpostiosoitteella on jo tunnus." in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Person).where(Person.first_name == "Sanna")) == 0
    assert events("person") == []


def test_a_clients_email_is_taken_too(http, people):
    login(http, people.manager)
    response = post(http, "/staff/new", _form(email="ANNA@example.fi"))
    assert response.status_code == 400
    assert "Tällä sähköpostiosoitteella on jo tunnus." in text(response)


@pytest.mark.parametrize("changes,message", [
    ({"password": "lyhyt"}, "Käytä vähintään 10 merkkiä."),
    ({"password": ""}, "Täytä tämä kenttä."),
    ({"first_name": ""}, "Täytä tämä kenttä."),
    ({"email": "ei-osoite"}, "Tarkista sähköpostiosoite."),
    ({"role": "client"}, "Rooli"),
    ({"language": "de"}, "Kieli"),
    ({"units": "999999"}, "Valinta ei ole enää saatavilla."),
])
def test_it_refuses_bad_input_and_saves_nothing(http, people, changes, message):
    login(http, people.manager)
    response = post(http, "/staff/new", _form(**changes))
    assert response.status_code == 400
    assert message in text(response) and 'class="error"' in text(response)
    assert _by_email("sanna.valmentaja@example.fi") is None
    assert events("person") == []


def test_it_never_creates_a_client(http, people):
    login(http, people.manager)
    post(http, "/staff/new", _form(role="client"))
    assert _by_email("sanna.valmentaja@example.fi") is None


@who_may_not
def test_only_a_manager_may_add_staff(app, people, who, status):
    http = client_as(app, people, who)
    assert_refused(http.get("/staff/new"), status)
    assert_refused(post(http, "/staff/new", _form(role="admin")), status)
    assert _by_email("sanna.valmentaja@example.fi") is None


def test_it_refuses_other_methods(http, people):
    login(http, people.manager)
    assert http.put("/staff/new").status_code == 405
