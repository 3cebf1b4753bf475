from tests.factories import make_municipality, service_type
from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, who_may_not
from webapp.reference.models import Diet
from webapp.extensions import db


def test_it_shows_the_three_lists_with_add_forms(http, people):
    kind = service_type("reform_2026")
    kind.active = False
    db.session.add(Diet(code="soy_free", name_fi="Soijaton", name_sv="Sojafri", name_en="Soy-free"))
    make_municipality("Vantaa")
    db.session.commit()
    login(http, people.manager)
    response = http.get("/settings/reference")
    assert response.status_code == 200
    page = text(response)
    assert "Palvelumuodot" in page and "Erityisruokavaliot" in page and "Kunnat" in page
    row = page[page.index("Työtoiminta (reform_2026)"):page.index("</tr>", page.index("Työtoiminta (reform_2026)"))]
    assert "Ei käytössä" in row and f'/settings/reference/service-types/{kind.id}/edit' in row
    assert "Soijaton" in page and "Sojafri" in page and "Vantaa" in page
    assert 'name="service_type-code"' in page and 'name="diet-code"' in page and 'name="municipality-name"' in page
    assert 'action="/settings/reference/municipalities"' in page
    assert "Lisää palvelumuoto" in page and "Lisää erityisruokavalio" in page and "Lisää kunta" in page


@who_may_not
def test_only_a_manager_may_see_it(app, people, who, status):
    assert_refused(client_as(app, people, who).get("/settings/reference"), status)


def test_it_refuses_a_post(http, people):
    login(http, people.manager)
    assert post(http, "/settings/reference").status_code == 405
