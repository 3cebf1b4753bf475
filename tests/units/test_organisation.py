"""GET/POST /settings/organisation: the manager keeps the provider's name, business ID and contact
details; a wrong Y-tunnus is refused; every change is audited; the certificates print the name."""
from tests.clients.helpers import events
from tests.http import login, post, text
from webapp.extensions import db
from webapp.reference.models import Organisation, organisation

GOOD = {"name": "Työpajasäätiö sr", "business_id": "0112038-9", "street_address": "Pajakatu 3",
        "postal_code": "00510", "city": "Helsinki", "phone": "09 123 4567", "email": "toimisto@paja.example.fi"}


def test_the_manager_fills_in_the_provider_and_the_change_is_audited(http, people):
    login(http, people.manager)
    page = http.get("/settings/organisation")
    assert page.status_code == 200 and "Palveluntuottaja" in text(page)
    response = post(http, "/settings/organisation", GOOD)
    assert response.status_code == 303
    row = organisation()
    assert (row.name, row.business_id, row.address) == ("Työpajasäätiö sr", "0112038-9", "Pajakatu 3, 00510 Helsinki")
    assert post(http, "/settings/organisation", {**GOOD, "phone": "040 765 4321"}).status_code == 303
    assert db.session.scalar(db.select(db.func.count()).select_from(Organisation)) == 1  # one row, changed
    [created, changed] = events("organisation")
    assert created.action == "create" and changed.changes["phone"] == ["09 123 4567", "040 765 4321"]
    assert changed.actor_id == people.manager.id


def test_a_wrong_business_id_or_postal_code_is_refused_and_nothing_changes(http, people):
    login(http, people.manager)
    post(http, "/settings/organisation", GOOD)
    for field, bad, message in (("business_id", "0112038-8", "Tarkista Y-tunnus"),
                                ("postal_code", "510", "viisi numeroa"),
                                ("email", "ei-osoite", "Tarkista sähköpostiosoite"),
                                ("name", "", "Täytä tämä kenttä")):
        response = post(http, "/settings/organisation", {**GOOD, field: bad, "city": "Espoo"})
        assert response.status_code == 400 and message in text(response)
    assert organisation().city == "Helsinki"


def test_only_the_manager_may(http, people):
    login(http, people.coach)
    assert http.get("/settings/organisation").status_code == 403
