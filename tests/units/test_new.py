from datetime import time

import pytest

from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, events, unit_form, who_may_not
from webapp.extensions import db
from webapp.units.models import Unit


def _unit(name):
    return db.session.scalar(db.select(Unit).where(Unit.name == name))


def test_it_shows_an_empty_form_with_every_weekday(http, people):
    login(http, people.manager)
    response = http.get("/units/new")
    assert response.status_code == 200
    page = text(response)
    for day in ("Maanantai", "Tiistai", "Keskiviikko", "Torstai", "Perjantai", "Lauantai", "Sunnuntai"):
        assert day in page
    assert 'name="hours-6-opens"' in page
    assert "Kaisa Ohjaaja" in page and "Olli Muualla" in page  # the active coaches to choose from


def test_it_creates_a_unit_with_opening_hours_and_coaches(http, people):
    login(http, people.manager)
    response = post(http, "/units/new", unit_form(
        "Ompelupaja", open_days=(0, 1, 2, 3), opens="08:30", closes="14:45", coaches=[people.coach]))
    unit = _unit("Ompelupaja")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/units/{unit.id}"
    assert (unit.street_address, unit.postal_code, unit.city, unit.lunch_time) == (
        "Neulatie 3", "33100", "Tampere", time(11, 30))
    assert [(h.weekday, h.opens, h.closes) for h in unit.opening_hours] == [
        (d, time(8, 30), time(14, 45)) for d in range(4)]
    assert [c.id for c in unit.coaches] == [people.coach.id]
    assert unit.active


def test_it_writes_an_audit_event(http, people):
    login(http, people.manager)
    post(http, "/units/new", unit_form("Ompelupaja", coaches=[people.coach]))
    unit = _unit("Ompelupaja")
    [event] = events("unit", "create")
    assert event.entity_id == unit.id and event.actor_id == people.manager.id
    assert event.changes["name"] == [None, "Ompelupaja"]
    assert event.changes["coaches"] == [None, [people.coach.id]]
    assert len(event.changes["opening_hours"][1]) == 5


def test_it_refuses_a_duplicate_unit_name_in_any_case(http, people):
    login(http, people.manager)
    response = post(http, "/units/new", unit_form("KIERRÄTYSPAJA "))
    assert response.status_code == 400
    assert "Toimipiste tällä nimellä on jo olemassa." in text(response)
    assert db.session.scalar(db.select(db.func.count(Unit.id))) == 2
    assert events("unit") == []


@pytest.mark.parametrize("changes,message", [
    ({"name": "  "}, "Täytä tämä kenttä."),
    ({"hours-0-opens": "16:00", "hours-0-closes": "08:00"}, "Sulkemisajan pitää olla avaamisajan jälkeen."),
    ({"hours-0-opens": "08:00", "hours-0-closes": "08:00"}, "Sulkemisajan pitää olla avaamisajan jälkeen."),
    ({"hours-2-opens": ""}, "Kerro, mihin aikaan paikka avautuu."),
    ({"hours-2-closes": ""}, "Kerro, mihin aikaan paikka sulkeutuu."),
    ({"postal_code": "123"}, "Postinumerossa on viisi numeroa."),
    ({"lunch_time": ""}, "Kerro lounasaika."),
    ({"coaches": "999999"}, "Valinta ei ole enää saatavilla."),
])
def test_it_refuses_bad_input_with_a_finnish_message(http, people, changes, message):
    login(http, people.manager)
    response = post(http, "/units/new", {**unit_form("Ompelupaja"), **changes})
    assert response.status_code == 400
    assert message in text(response)
    assert _unit("Ompelupaja") is None
    assert events("unit") == []


def test_a_closed_day_needs_no_times(http, people):
    login(http, people.manager)
    data = unit_form("Ompelupaja", open_days=(0,))
    data["hours-5-opens"] = "99:99"  # ignored: Saturday is not ticked open
    response = post(http, "/units/new", data)
    assert response.status_code == 302
    assert [h.weekday for h in _unit("Ompelupaja").opening_hours] == [0]


def test_it_needs_csrf(http, people):
    login(http, people.manager)
    response = http.post("/units/new", data=unit_form("Ompelupaja"))
    assert response.status_code == 400
    assert _unit("Ompelupaja") is None


@who_may_not
def test_only_a_manager_may_add_a_unit(app, people, who, status):
    http = client_as(app, people, who)
    assert_refused(http.get("/units/new"), status)
    assert_refused(post(http, "/units/new", unit_form("Ompelupaja")), status)
    assert _unit("Ompelupaja") is None


def test_it_refuses_other_methods(http, people):
    login(http, people.manager)
    assert http.delete("/units/new").status_code == 405
