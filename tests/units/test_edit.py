from datetime import time

from tests.factories import make_coach
from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, events, unit_form, who_may_not
from webapp.extensions import db


def test_it_shows_the_form_filled_in(http, people):
    login(http, people.manager)
    response = http.get(f"/units/{people.unit.id}/edit")
    assert response.status_code == 200
    page = text(response)
    assert 'value="Kierrätyspaja"' in page
    assert 'name="hours-0-opens" type="time" value="08:00"' in page
    assert 'id="hours-5-is_open" name="hours-5-is_open" type="checkbox" value="y"' in page  # Saturday closed
    assert f'value="{people.coach.id}" checked' in page or 'checked id="coaches-' in page


def test_it_changes_facts_hours_and_coaches(http, people):
    unit = people.unit
    second = make_coach(first_name="Saara", last_name="Uusi")
    login(http, people.manager)
    response = post(http, f"/units/{unit.id}/edit", unit_form(
        "Kierrätyskeskus", open_days=(1, 2, 5), opens="09:00", closes="13:00", coaches=[second]))
    assert response.status_code == 302
    db.session.refresh(unit)
    assert unit.name == "Kierrätyskeskus" and unit.city == "Tampere"
    assert [(h.weekday, h.opens, h.closes) for h in unit.opening_hours] == [
        (1, time(9), time(13)), (2, time(9), time(13)), (5, time(9), time(13))]
    assert [c.id for c in unit.coaches] == [second.id]


def test_it_records_before_and_after_in_the_audit_event(http, people):
    login(http, people.manager)
    post(http, f"/units/{people.unit.id}/edit", unit_form("Kierrätyskeskus", coaches=[people.coach]))
    [event] = events("unit", "update")
    assert event.entity_id == people.unit.id
    assert event.changes["name"] == ["Kierrätyspaja", "Kierrätyskeskus"]
    assert "coaches" not in event.changes  # unchanged


def test_it_deactivates_a_unit(http, people):
    login(http, people.manager)
    post(http, f"/units/{people.unit.id}/edit", unit_form("Kierrätyspaja", active=False, coaches=[people.coach]))
    db.session.refresh(people.unit)
    assert people.unit.active is False


def test_it_keeps_its_own_name(http, people):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/edit", unit_form("Kierrätyspaja"))
    assert response.status_code == 302


def test_it_refuses_another_units_name_and_changes_nothing(http, people):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/edit", unit_form("puutyöpaja", open_days=(0,)))
    assert response.status_code == 400
    assert "Toimipiste tällä nimellä on jo olemassa." in text(response)
    db.session.refresh(people.unit)
    assert people.unit.name == "Kierrätyspaja"
    assert len(people.unit.opening_hours) == 5
    assert events("unit") == []


def test_it_refuses_closing_before_opening(http, people):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/edit",
                    unit_form("Kierrätyspaja", **{"hours-1-opens": "15:00", "hours-1-closes": "09:00"}))
    assert response.status_code == 400
    assert "Sulkemisajan pitää olla avaamisajan jälkeen." in text(response)
    db.session.refresh(people.unit)
    assert people.unit.hours_on(1).opens == time(8)


def test_an_unknown_unit_is_404(http, people):
    login(http, people.manager)
    assert http.get("/units/999999/edit").status_code == 404
    assert post(http, "/units/999999/edit", unit_form()).status_code == 404


@who_may_not
def test_only_a_manager_may_edit(app, people, who, status):
    http = client_as(app, people, who)
    assert_refused(http.get(f"/units/{people.unit.id}/edit"), status)
    assert_refused(post(http, f"/units/{people.unit.id}/edit", unit_form("Vallattu")), status)
    db.session.refresh(people.unit)
    assert people.unit.name == "Kierrätyspaja"


def test_it_refuses_other_methods(http, people):
    login(http, people.manager)
    assert http.put(f"/units/{people.unit.id}/edit").status_code == 405
