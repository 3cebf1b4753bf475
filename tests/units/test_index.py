from tests.factories import make_coach, make_unit
from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, who_may_not
from webapp.extensions import db


def test_it_lists_units_with_city_coach_count_and_state(http, people):
    closed = make_unit("Vanha paja")
    closed.active = False
    db.session.commit()
    make_coach(people.unit, first_name="Toinen")
    login(http, people.manager)
    response = http.get("/units")
    assert response.status_code == 200
    page = text(response)
    assert "Kierrätyspaja" in page and "Puutyöpaja" in page and "Vanha paja" in page
    assert "Helsinki" in page
    # Kierrätyspaja has two coaches now, Puutyöpaja one, Vanha paja none.
    row = page[page.index("Kierrätyspaja"):page.index("</tr>", page.index("Kierrätyspaja"))]
    assert "<td>2</td>" in row and "Käytössä" in row
    old = page[page.index("Vanha paja"):page.index("</tr>", page.index("Vanha paja"))]
    assert "<td>0</td>" in old and "Ei käytössä" in old
    assert 'class="table-wrap"' in page


def test_it_links_to_adding_a_unit_and_the_reference_data(http, people):
    login(http, people.manager)
    page = text(http.get("/units"))
    assert 'href="/units/new"' in page and 'href="/settings/reference"' in page
    assert 'aria-current="page"' in page


@who_may_not
def test_only_a_manager_may_see_it(app, people, who, status):
    assert_refused(client_as(app, people, who).get("/units"), status)


def test_it_refuses_a_post(http, people):
    login(http, people.manager)
    assert post(http, "/units").status_code == 405
