from tests.factories import make_kitchen
from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, who_may_not
from webapp.extensions import db


def test_it_lists_managers_coaches_and_kitchen_with_roles_units_and_state(http, people):
    gone = make_kitchen(first_name="Veikko", last_name="Entinen")
    gone.active = False
    db.session.commit()
    login(http, people.manager)
    response = http.get("/staff")
    assert response.status_code == 200
    page = text(response)
    coach_row = page[page.index("Kaisa Ohjaaja"):page.index("</tr>", page.index("Kaisa Ohjaaja"))]
    assert "Ohjaaja" in coach_row and "Kierrätyspaja" in coach_row and "Käytössä" in coach_row
    assert "Marja Johtaja" in page and "Esihenkilö" in page
    assert "Kaija Keittiö" in page
    gone_row = page[page.index("Veikko Entinen"):page.index("</tr>", page.index("Veikko Entinen"))]
    assert "Ei käytössä" in gone_row
    assert 'class="table-wrap"' in page and 'href="/staff/new"' in page


def test_it_never_lists_clients(http, people):
    login(http, people.manager)
    page = text(http.get("/staff"))
    assert "Anna Asiakas" not in page and "Pekka Toinen" not in page


def test_it_marks_the_staff_menu_item_current(http, people):
    login(http, people.manager)
    page = text(http.get("/staff"))
    assert 'href="/staff" aria-current="page"' in page


@who_may_not
def test_only_a_manager_may_see_it(app, people, who, status):
    assert_refused(client_as(app, people, who).get("/staff"), status)


def test_it_refuses_a_post(http, people):
    login(http, people.manager)
    assert post(http, "/staff").status_code == 405
