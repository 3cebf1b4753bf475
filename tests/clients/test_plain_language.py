"""Plain language (selkokieli) as a setting: the client switches it on her phone
(POST /me/plain-language), her coach on her page or while connecting her phone
(POST /clients/<id>/plain-language), a manager in the client's form. Staff changes are audited."""
import pytest
import time_machine

from tests.clients.helpers import client_form, events
from tests.http import login, post, text
from tests.moments import DURING_THE_DAY
from webapp.accounts.models import Person
from webapp.extensions import db


@pytest.fixture
def clock():
    with time_machine.travel(DURING_THE_DAY, tick=False) as traveller:
        yield traveller


def plain(person) -> bool:
    db.session.expire_all()
    return db.session.get(Person, person.id).plain_language


def test_it_is_off_by_default_and_the_client_turns_it_on_and_off(http, people, clock):
    assert plain(people.client) is False
    login(http, people.client)
    page = text(http.get("/diary/settings"))
    assert "Selkokieli ei ole päällä." in page and "Ota selkokieli käyttöön" in page
    response = post(http, "/me/plain-language", {"plain_language": "1", "next": "/diary/settings"})
    assert response.status_code == 303 and response.location.endswith("/diary/settings")
    assert plain(people.client) is True
    page = text(http.get("/diary/settings"))
    assert "Selkokieli on päällä." in page and "Lopeta selkokieli" in page and "Asetus tallennettu." in page
    assert post(http, "/me/plain-language", {"plain_language": "0", "next": "/"}).location.endswith("/")
    assert plain(people.client) is False
    change = events("person", "update")[-1]
    assert change.actor_id == people.client.id and change.changes == {"plain_language": [True, False]}


def test_the_client_switch_refuses_a_strange_value_and_a_foreign_next(http, people, clock):
    login(http, people.client)
    response = post(http, "/me/plain-language", {"plain_language": "maybe"})
    assert response.status_code == 303 and plain(people.client) is False
    assert "Valitse, onko selkokieli käytössä." in text(http.get("/diary/settings"))
    response = post(http, "/me/plain-language", {"plain_language": "1", "next": "//evil.example/"})
    assert response.location.endswith("/diary/settings") and plain(people.client) is True


def test_the_client_switch_is_only_for_clients(http, people, clock):
    assert post(http, "/me/plain-language", {"plain_language": "1"}).status_code == 302
    login(http, people.coach)
    assert post(http, "/me/plain-language", {"plain_language": "1"}).status_code == 403
    assert http.get("/me/plain-language").status_code == 405
    assert plain(people.coach) is False


def test_the_own_coach_sets_it_on_the_clients_page_and_the_audit_keeps_it(http, people, clock):
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}"))
    assert "Selkokieli ei ole käytössä." in page
    response = post(http, f"/clients/{people.client.id}/plain-language", {"plain_language": "1"})
    assert response.status_code == 303 and plain(people.client) is True
    change = events("person", "update")[-1]
    assert change.actor_id == people.coach.id and change.entity_id == people.client.id
    assert change.changes == {"plain_language": [False, True]}
    assert "Selkokieli on käytössä" in text(http.get(f"/clients/{people.client.id}"))
    # The same again changes nothing and writes no event.
    before = len(events("person"))
    post(http, f"/clients/{people.client.id}/plain-language", {"plain_language": "1"})
    assert len(events("person")) == before


def test_htmx_gets_the_part_back_and_bad_input_a_400(http, people, clock):
    login(http, people.coach)
    response = post(http, f"/clients/{people.client.id}/plain-language", {"plain_language": "1"},
                    headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert 'data-testid="plain-language"' in text(response) and "Lopeta selkokieli" in text(response)
    response = post(http, f"/clients/{people.client.id}/plain-language", {"plain_language": "x"},
                    headers={"HX-Request": "true"})
    assert response.status_code == 400 and "Valitse, onko selkokieli käytössä." in text(response)
    assert plain(people.client) is True


def test_others_may_not_set_it(http, people, clock):
    login(http, people.other_coach)
    assert post(http, f"/clients/{people.client.id}/plain-language", {"plain_language": "1"}).status_code == 404
    kitchen = http.application.test_client()
    login(kitchen, people.kitchen)
    assert post(kitchen, f"/clients/{people.client.id}/plain-language", {"plain_language": "1"}).status_code == 403
    coach = http.application.test_client()
    login(coach, people.coach)
    assert coach.post(f"/clients/{people.client.id}/plain-language", data={"plain_language": "1"}).status_code == 400
    assert coach.get(f"/clients/{people.client.id}/plain-language").status_code == 405
    assert plain(people.client) is False


def test_the_enrolment_page_offers_it(http, people, clock):
    login(http, people.coach)
    page = text(post(http, f"/clients/{people.client.id}/enrol"))
    assert "Ota selkokieli käyttöön" in page and f"/clients/{people.client.id}/plain-language" in page


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_manager_sets_it_in_the_clients_form(http, people):
    login(http, people.manager)
    page = text(http.get(f"/clients/{people.client.id}/edit"))
    assert 'name="plain_language"' in page
    data = client_form(people, first_name="Anna", last_name="Asiakas", preferred_name="", email="anna@example.fi",
                       payer="kela", payer_from="2026-11-18", plain_language="y",
                       home_municipality=str(people.client.client.home_municipality_id))
    assert post(http, f"/clients/{people.client.id}/edit", data).status_code == 302
    assert plain(people.client) is True
    assert events("person", "update")[-1].changes["plain_language"] == [False, True]


def test_her_data_export_says_whether_it_is_on(http, people, clock):
    people.client.plain_language = True
    db.session.commit()
    login(http, people.client)
    assert http.get("/me/data.json").get_json()["profile"]["plain_language"] is True
    page = text(http.get("/me/data"))
    assert "Selkokieli" in page.split("Käytössä")[0][-200:]
