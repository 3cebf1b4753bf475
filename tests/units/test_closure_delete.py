from datetime import date

from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, events, who_may_not
from webapp.extensions import db
from webapp.units.models import Closure


def _closure(unit, reason="Joulutauko"):
    closure = Closure(unit=unit, starts_on=date(2030, 12, 23), ends_on=date(2030, 12, 31), reason=reason)
    db.session.add(closure)
    db.session.commit()
    return closure


REASON = {"reason": "Tauko siirtyi tammikuulle"}


def test_it_deletes_a_closure(http, people):
    closure = _closure(people.unit)
    closure_id = closure.id
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures/{closure_id}/delete", REASON)
    assert response.status_code == 302
    assert db.session.get(Closure, closure_id) is None
    assert "Sulkupäivä poistettu: Joulutauko." in text(http.get(f"/units/{people.unit.id}"))


def test_the_page_asks_to_confirm_with_a_reason_before_deleting(http, people):
    closure_id = _closure(people.unit).id
    login(http, people.manager)
    page = text(http.get(f"/units/{people.unit.id}"))
    form = page[page.index(f'action="/units/{people.unit.id}/closures/{closure_id}/delete"'):]
    form = form[:form.index("</form>")]
    assert '<textarea' in form and 'name="reason"' in form and "Miksi sulkupäivä poistetaan?" in form
    assert "Poista sulkupäivä" in form
    assert page.index("<details class=\"closure-remove\"") < page.index(form[:60])  # behind a first tap


def test_it_needs_a_reason_and_deletes_nothing_without_one(http, people):
    closure_id = _closure(people.unit).id
    login(http, people.manager)
    for data in ({}, {"reason": "   "}):
        response = post(http, f"/units/{people.unit.id}/closures/{closure_id}/delete", data)
        assert response.status_code == 400
        assert "Kerro, miksi sulkupäivä poistetaan." in text(response)
    response = post(http, f"/units/{people.unit.id}/closures/{closure_id}/delete", {"reason": ""},
                    headers={"HX-Request": "true"})
    assert response.status_code == 400 and "<html" not in text(response)
    assert "Kerro, miksi sulkupäivä poistetaan." in text(response)
    assert db.session.get(Closure, closure_id) is not None and events("closure") == []


def test_it_records_what_was_deleted_and_why(http, people):
    closure_id = _closure(people.unit).id
    login(http, people.manager)
    post(http, f"/units/{people.unit.id}/closures/{closure_id}/delete", REASON)
    [event] = events("closure", "delete")
    assert event.entity_id == closure_id and event.actor_id == people.manager.id
    assert event.changes["reason"] == ["Joulutauko", None]
    assert event.changes["starts_on"] == ["2030-12-23", None]
    assert event.reason == "Tauko siirtyi tammikuulle"


def test_htmx_gets_the_list_without_it(http, people):
    closure_id = _closure(people.unit).id
    _closure(people.unit, "Toinen tauko")
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures/{closure_id}/delete", REASON,
                    headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page and "Toinen tauko" in page
    assert "<strong>Joulutauko</strong>" not in page
    assert "HX-Request" in response.headers["Vary"]


def test_a_closure_of_another_unit_is_404(http, people):
    closure_id = _closure(people.other_unit).id
    login(http, people.manager)
    assert post(http, f"/units/{people.unit.id}/closures/{closure_id}/delete", REASON).status_code == 404
    assert db.session.get(Closure, closure_id) is not None
    assert post(http, f"/units/{people.unit.id}/closures/999999/delete", REASON).status_code == 404


def test_it_needs_csrf(http, people):
    closure_id = _closure(people.unit).id
    login(http, people.manager)
    assert http.post(f"/units/{people.unit.id}/closures/{closure_id}/delete", data=REASON).status_code == 400
    assert db.session.get(Closure, closure_id) is not None


@who_may_not
def test_only_a_manager_may_delete(app, people, who, status):
    closure_id = _closure(people.unit).id
    assert_refused(post(client_as(app, people, who), f"/units/{people.unit.id}/closures/{closure_id}/delete",
                        REASON), status)
    assert db.session.get(Closure, closure_id) is not None
    assert events("closure") == []


def test_it_refuses_a_get(http, people):
    closure_id = _closure(people.unit).id
    login(http, people.manager)
    assert http.get(f"/units/{people.unit.id}/closures/{closure_id}/delete").status_code == 405
