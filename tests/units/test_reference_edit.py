"""Editing a service type, a diet or a municipality; none is ever deleted."""
import re

import pytest

from tests.factories import make_municipality, service_type
from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, events, who_may_not
from webapp.reference.models import Diet
from webapp.extensions import db


def _diet(code="soy_free", name="Soijaton"):
    diet = Diet(code=code, name_fi=name, name_sv="", name_en="")
    db.session.add(diet)
    db.session.commit()
    return diet


def test_it_shows_a_service_type_filled_in(http, people):
    kind = service_type("edit_me")
    login(http, people.manager)
    response = http.get(f"/settings/reference/service-types/{kind.id}/edit")
    assert response.status_code == 200
    page = text(response)
    assert 'value="edit_me"' in page and 'value="Työtoiminta (edit_me)"' in page
    assert re.search(r'<input [^>]*checked id="active" name="active" type="checkbox"', page)


def test_it_deactivates_a_service_type_instead_of_deleting(http, people):
    kind = service_type("old_kind")
    login(http, people.manager)
    response = post(http, f"/settings/reference/service-types/{kind.id}/edit", {
        "code": "old_kind", "name_fi": "Vanha palvelumuoto", "name_sv": "Gammal", "name_en": "Old"})
    assert response.status_code == 302
    db.session.refresh(kind)
    assert kind.active is False and kind.name_fi == "Vanha palvelumuoto"
    [event] = events("service_type", "update")
    assert event.changes["active"] == [True, False]
    assert event.changes["name_fi"] == ["Työtoiminta (old_kind)", "Vanha palvelumuoto"]


def test_it_renames_a_diet_and_a_municipality(http, people):
    diet, town = _diet(), make_municipality("Helsingfors")
    login(http, people.manager)
    assert post(http, f"/settings/reference/diets/{diet.id}/edit", {
        "code": "soy_free", "name_fi": "Soijaton ruoka", "name_sv": "Sojafri"}).status_code == 302
    assert post(http, f"/settings/reference/municipalities/{town.id}/edit", {"name": "Vantaa"}).status_code == 302
    db.session.refresh(diet), db.session.refresh(town)
    assert (diet.name_fi, diet.name_sv) == ("Soijaton ruoka", "Sojafri") and town.name == "Vantaa"
    assert len(events("diet", "update")) == 1 and len(events("municipality", "update")) == 1


def test_it_refuses_another_rows_code_and_changes_nothing(http, people):
    _diet("soy_free")
    second = _diet("egg_free", "Kananmunaton")
    login(http, people.manager)
    response = post(http, f"/settings/reference/diets/{second.id}/edit", {"code": "SOY_FREE", "name_fi": "X"})
    assert response.status_code == 400
    assert "Tällä tunnuksella on jo erityisruokavalio." in text(response)
    db.session.refresh(second)
    assert (second.code, second.name_fi) == ("egg_free", "Kananmunaton") and events("diet") == []


def test_it_refuses_an_empty_name(http, people):
    town = make_municipality("Espoo")
    login(http, people.manager)
    response = post(http, f"/settings/reference/municipalities/{town.id}/edit", {"name": ""})
    assert response.status_code == 400 and "Täytä tämä kenttä." in text(response)
    db.session.refresh(town)
    assert town.name == "Espoo"


@pytest.mark.parametrize("url", ["/settings/reference/service-types/999999/edit",
                                 "/settings/reference/diets/999999/edit",
                                 "/settings/reference/municipalities/999999/edit"])
def test_an_unknown_row_is_404(http, people, url):
    login(http, people.manager)
    assert http.get(url).status_code == 404
    assert post(http, url, {"name": "x", "code": "x", "name_fi": "x"}).status_code == 404


@who_may_not
def test_only_a_manager_may_edit(app, people, who, status):
    town = make_municipality("Espoo")
    http = client_as(app, people, who)
    url = f"/settings/reference/municipalities/{town.id}/edit"
    assert_refused(http.get(url), status)
    assert_refused(post(http, url, {"name": "Vallattu"}), status)
    db.session.refresh(town)
    assert town.name == "Espoo"


def test_it_refuses_other_methods(http, people):
    diet = _diet()
    login(http, people.manager)
    assert http.delete(f"/settings/reference/diets/{diet.id}/edit").status_code == 405
