"""GET /clients: the client list with search as you type and filters."""
from datetime import date

import time_machine

from tests import factories
from tests.http import login, post, text
from tests.moments import DURING_THE_DAY


def test_a_manager_sees_every_client_with_unit_coach_and_period(http, people):
    login(http, people.manager)
    response = http.get("/clients")
    assert response.status_code == 200
    page = text(response)
    assert "Anna Asiakas" in page and "Pekka Toinen" in page
    assert "Kierrätyspaja" in page and "Kaisa Ohjaaja" in page
    assert "1.9.2026" in page  # the current period's start
    assert 'type="search"' in page


def test_a_coach_sees_only_the_clients_of_their_units(http, people):
    login(http, people.coach)
    page = text(http.get("/clients"))
    assert "Anna Asiakas" in page
    assert "Pekka Toinen" not in page


def test_the_search_box_searches_as_you_type_with_htmx(http, people):
    login(http, people.manager)
    page = text(http.get("/clients"))
    assert 'hx-get="/clients"' in page
    assert 'hx-trigger="input changed delay:250ms, search"' in page
    assert 'hx-target="#client-results"' in page


def test_htmx_gets_only_the_rows_and_the_vary_header(http, people):
    login(http, people.manager)
    full = http.get("/clients?q=anna")
    fragment = http.get("/clients?q=anna", headers={"HX-Request": "true"})
    assert full.status_code == fragment.status_code == 200
    assert "<html" in text(full) and "<html" not in text(fragment)
    assert "Anna Asiakas" in text(fragment) and "Pekka Toinen" not in text(fragment)
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


def test_it_searches_first_last_preferred_name_and_email_ignoring_case(http, people):
    unit = people.unit
    factories.make_client(unit, first_name="Äijä", last_name="Öhman", preferred_name="Jussi",
                          email="vesa@posti.example", period=False)
    login(http, people.manager)

    def found(q):
        return "Öhman" in text(http.get("/clients", query_string={"q": q}, headers={"HX-Request": "true"}))

    assert found("äijä") and found("ÄIJÄ") and found("öhm") and found("ÖHMAN")
    assert found("juss") and found("VESA@POSTI") and found("jussi öhman")
    assert not found("anna")


def test_search_words_are_literal_not_wildcards(http, people):
    login(http, people.manager)
    assert "Anna Asiakas" not in text(http.get("/clients?q=%25", headers={"HX-Request": "true"}))
    assert "Anna Asiakas" not in text(http.get("/clients?q=_nna", headers={"HX-Request": "true"}))


def test_the_search_works_without_javascript(http, people):
    login(http, people.manager)
    page = text(http.get("/clients?q=pekka"))
    assert "<html" in page and "Pekka Toinen" in page and "Anna Asiakas" not in page
    assert 'value="pekka"' in page


def test_it_filters_by_unit(http, people):
    login(http, people.manager)
    page = text(http.get(f"/clients?unit={people.other_unit.id}", headers={"HX-Request": "true"}))
    assert "Pekka Toinen" in page and "Anna Asiakas" not in page


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_it_can_show_only_clients_with_an_active_period(http, people):
    factories.make_client(people.unit, first_name="Eero", last_name="Eijaksoa", period=False)
    old = factories.make_client(people.unit, first_name="Vanha", last_name="Jakso", period=False)
    factories.make_period(old.client, people.unit, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 30))
    login(http, people.manager)
    everyone = text(http.get("/clients", headers={"HX-Request": "true"}))
    active = text(http.get("/clients?active=1", headers={"HX-Request": "true"}))
    assert "Eijaksoa" in everyone and "Vanha Jakso" in everyone
    assert "Anna Asiakas" in active
    assert "Eijaksoa" not in active and "Vanha Jakso" not in active


def test_it_loads_a_long_list_in_a_fixed_number_of_queries(http, people, app):
    from sqlalchemy import event

    from webapp.extensions import db
    for n in range(15):
        factories.make_client(people.unit, first_name=f"Asiakas{n}", coach=people.coach)
    login(http, people.manager)
    statements = []

    def count(*args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = http.get("/clients")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    assert "Asiakas14" in text(response)
    assert len(statements) < 12, f"{len(statements)} queries for 17 clients"


def test_kitchen_and_clients_may_not(http, people):
    login(http, people.kitchen)
    assert http.get("/clients").status_code == 403
    post(http, "/logout")
    login(http, people.client)
    assert http.get("/clients").status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/clients")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_it_rejects_post(http, people):
    login(http, people.manager)
    assert post(http, "/clients").status_code == 405


def test_a_very_long_list_asks_to_narrow_the_search(http, people, monkeypatch):
    from webapp.clients import routes
    monkeypatch.setattr(routes, "LIST_LIMIT", 1)
    login(http, people.manager)
    page = text(http.get("/clients", headers={"HX-Request": "true"}))
    assert "Näytetään 1 ensimmäistä" in page
    assert page.count('class="card client-card"') == 1
