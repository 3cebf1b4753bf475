import pytest

from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, events, who_may_not
from webapp.accounts.passwords import verify_secret
from webapp.extensions import db


def _form(person, **overrides):
    data = {"first_name": person.first_name, "last_name": person.last_name, "email": person.email,
            "role": person.role, "language": person.language, "active": "y" if person.active else "",
            "units": [str(u.id) for u in person.units]}
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_it_shows_the_form_filled_in(http, people):
    login(http, people.manager)
    response = http.get(f"/staff/{people.coach.id}/edit")
    assert response.status_code == 200
    page = text(response)
    assert 'value="Kaisa"' in page and f'value="{people.coach.email}"' in page
    assert f'checked id="units-0" name="units" type="checkbox" value="{people.unit.id}"' in page


def test_it_changes_name_email_language_and_units(http, people):
    coach = people.coach
    login(http, people.manager)
    response = post(http, f"/staff/{coach.id}/edit", _form(
        coach, first_name="Kaisu", email=" KAISU@Example.FI", language="en", units=[str(people.other_unit.id)]))
    assert response.status_code == 302
    db.session.refresh(coach)
    assert (coach.first_name, coach.email, coach.language) == ("Kaisu", "kaisu@example.fi", "en")
    assert [u.id for u in coach.units] == [people.other_unit.id]
    [event] = events("person", "update")
    assert event.changes["first_name"] == ["Kaisa", "Kaisu"]
    assert event.changes["units"] == [[people.unit.id], [people.other_unit.id]]


def test_deactivating_signs_the_person_out_everywhere(app, http, people):
    coach = people.coach
    theirs = client_as(app, people, "coach")
    assert theirs.get("/clients/mine").status_code == 200
    token = coach.login_token
    login(http, people.manager)
    response = post(http, f"/staff/{coach.id}/edit", _form(coach, active=""))
    assert response.status_code == 302
    db.session.refresh(coach)
    assert coach.active is False and coach.login_token != token
    assert theirs.get("/clients/mine").status_code == 302  # signed out
    [event] = events("person", "update")
    assert event.changes["active"] == [True, False] and event.changes["login_token"] == ["…", "…"]


def test_a_new_password_replaces_the_old_one(http, people):
    login(http, people.manager)
    post(http, f"/staff/{people.kitchen.id}/edit", _form(people.kitchen, password="uusi pitkä salasana"))
    db.session.refresh(people.kitchen)
    assert verify_secret(people.kitchen.password_hash, "uusi pitkä salasana")


def test_an_empty_password_keeps_the_old_one(http, people):
    old_hash = people.kitchen.password_hash
    login(http, people.manager)
    post(http, f"/staff/{people.kitchen.id}/edit", _form(people.kitchen, last_name="Uusinimi"))
    db.session.refresh(people.kitchen)
    assert people.kitchen.password_hash == old_hash and people.kitchen.last_name == "Uusinimi"


def test_a_manager_cannot_deactivate_themselves(http, people):
    me = people.manager
    login(http, me)
    response = post(http, f"/staff/{me.id}/edit", _form(me, active=""))
    assert response.status_code == 400
    assert "Et voi poistaa omaa tunnustasi käytöstä." in text(response)
    db.session.refresh(me)
    assert me.active is True and events("person") == []


def test_a_manager_cannot_demote_themselves(http, people):
    me = people.manager
    login(http, me)
    response = post(http, f"/staff/{me.id}/edit", _form(me, role="coach"))
    assert response.status_code == 400
    assert "Et voi poistaa itseltäsi esihenkilön oikeuksia." in text(response)
    db.session.refresh(me)
    assert me.role == "admin"


def test_a_manager_may_demote_another_manager(app, http, people):
    from tests.factories import make_manager
    other = make_manager(last_name="Toinen")
    login(http, people.manager)
    assert post(http, f"/staff/{other.id}/edit", _form(other, role="kitchen")).status_code == 302
    db.session.refresh(other)
    assert other.role == "kitchen"


def test_it_refuses_another_persons_email(http, people):
    login(http, people.manager)
    response = post(http, f"/staff/{people.coach.id}/edit", _form(people.coach, email=people.other_coach.email))
    assert response.status_code == 400
    assert "Tällä sähköpostiosoitteella on jo tunnus." in text(response)
    db.session.refresh(people.coach)
    assert people.coach.email != people.other_coach.email


@pytest.mark.parametrize("changes,message", [
    ({"last_name": "  "}, "Täytä tämä kenttä."),
    ({"password": "lyhyt"}, "Käytä vähintään 10 merkkiä."),
    ({"role": "client"}, "Rooli"),
])
def test_it_refuses_bad_input_and_changes_nothing(http, people, changes, message):
    login(http, people.manager)
    response = post(http, f"/staff/{people.coach.id}/edit", _form(people.coach, **changes))
    assert response.status_code == 400 and message in text(response)
    db.session.refresh(people.coach)
    assert people.coach.role == "coach" and people.coach.last_name == "Ohjaaja"


def test_a_client_or_unknown_id_is_404(http, people):
    login(http, people.manager)
    assert http.get(f"/staff/{people.client.id}/edit").status_code == 404
    assert post(http, f"/staff/{people.client.id}/edit", _form(people.client, role="admin")).status_code == 404
    assert http.get("/staff/999999/edit").status_code == 404
    db.session.refresh(people.client)
    assert people.client.role == "client"


@who_may_not
def test_only_a_manager_may_edit_staff(app, people, who, status):
    http = client_as(app, people, who)
    assert_refused(http.get(f"/staff/{people.coach.id}/edit"), status)
    assert_refused(post(http, f"/staff/{people.coach.id}/edit", _form(people.coach, role="admin")), status)
    db.session.refresh(people.coach)
    assert people.coach.role == "coach"


def test_it_refuses_other_methods(http, people):
    login(http, people.manager)
    assert http.delete(f"/staff/{people.coach.id}/edit").status_code == 405
