from datetime import date

import pytest

from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, events, who_may_not
from webapp.extensions import db
from webapp.units.models import Closure


def _closures(unit):
    return db.session.scalars(db.select(Closure).where(Closure.unit_id == unit.id).order_by(Closure.starts_on)).all()


def test_it_adds_a_closure_and_returns_to_the_calendar(http, people):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures",
                    {"starts_on": "2030-12-23", "ends_on": "2031-01-06", "reason": " Joulutauko "})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/units/{people.unit.id}#closures"
    [closure] = _closures(people.unit)
    assert (closure.starts_on, closure.ends_on, closure.reason) == (date(2030, 12, 23), date(2031, 1, 6), "Joulutauko")
    assert "Sulkupäivä lisätty: Joulutauko." in text(http.get(f"/units/{people.unit.id}"))


def test_a_single_day_needs_no_end_date(http, people):
    login(http, people.manager)
    post(http, f"/units/{people.unit.id}/closures", {"starts_on": "2030-05-02", "reason": "Koulutuspäivä"})
    [closure] = _closures(people.unit)
    assert closure.starts_on == closure.ends_on == date(2030, 5, 2)


def test_it_writes_an_audit_event(http, people):
    login(http, people.manager)
    post(http, f"/units/{people.unit.id}/closures", {"starts_on": "2030-05-02", "reason": "Koulutuspäivä"})
    [event] = events("closure", "create")
    assert event.entity_id == _closures(people.unit)[0].id
    assert event.actor_id == people.manager.id
    assert event.changes["reason"] == [None, "Koulutuspäivä"]


def test_htmx_gets_the_new_list_as_a_fragment(http, people):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures",
                    {"starts_on": "2030-05-02", "reason": "Koulutuspäivä"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page and 'id="closures"' in page
    assert "Koulutuspäivä" in page and "Sulkupäivä lisätty" in page
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("data,message", [
    ({"starts_on": "", "reason": "Joulutauko"}, "Valitse ensimmäinen päivä."),
    ({"starts_on": "2030-12-23", "reason": "  "}, "Kerro syy, esimerkiksi Joulutauko."),
    ({"starts_on": "2030-12-23", "ends_on": "2030-12-22", "reason": "Joulutauko"},
     "Viimeinen päivä ei voi olla ennen ensimmäistä."),
    ({"starts_on": "2030-12-23", "reason": "x" * 201}, "Ei voi olla pidempi kuin 200 merkkiä."),
])
def test_it_refuses_bad_input_and_saves_nothing(http, people, data, message):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures", data)
    assert response.status_code == 400
    assert message in text(response)
    assert "<h1>Kierrätyspaja</h1>" in text(response)  # the whole page, with the form's errors
    assert _closures(people.unit) == [] and events("closure") == []


def test_htmx_gets_the_errors_in_the_fragment_with_400(http, people):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures", {"starts_on": "", "reason": "Joulutauko"},
                    headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "Valitse ensimmäinen päivä." in text(response) and "<html" not in text(response)


def test_an_unknown_unit_is_404(http, people):
    login(http, people.manager)
    assert post(http, "/units/999999/closures", {"starts_on": "2030-05-02", "reason": "x"}).status_code == 404


@who_may_not
def test_only_a_manager_may_add_one(app, people, who, status):
    http = client_as(app, people, who)
    response = post(http, f"/units/{people.unit.id}/closures", {"starts_on": "2030-05-02", "reason": "Lakko"})
    assert_refused(response, status)
    assert _closures(people.unit) == []


def test_it_refuses_a_get(http, people):
    login(http, people.manager)
    assert http.get(f"/units/{people.unit.id}/closures").status_code == 405
