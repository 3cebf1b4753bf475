"""Adding a service type, a diet or a municipality (one view per kind, the same rules)."""
import pytest

from tests.factories import make_municipality, service_type
from tests.http import csrf_token, login, post, text
from tests.units.helpers import assert_refused, client_as, events, who_may_not
from webapp.reference.models import Diet, Municipality
from webapp.extensions import db
from webapp.reference.models import ServiceType


def _post(http, kind, url, fields):
    data = {f"{kind}-{name}": value for name, value in fields.items()}
    data[f"{kind}-csrf_token"] = csrf_token(http)
    return post(http, url, data)


def test_it_adds_a_service_type(http, people):
    login(http, people.manager)
    response = _post(http, "service_type", "/settings/reference/service-types", {
        "code": " Youth_Workshop ", "name_fi": "Nuorten työpaja", "name_sv": "Ungdomsverkstad",
        "name_en": "Youth workshop", "active": "y"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/settings/reference#service_type"
    row = db.session.scalar(db.select(ServiceType).where(ServiceType.code == "youth_workshop"))
    assert (row.name_fi, row.name_sv, row.name_en, row.active) == (
        "Nuorten työpaja", "Ungdomsverkstad", "Youth workshop", True)
    [event] = events("service_type", "create")
    assert event.entity_id == row.id and event.actor_id == people.manager.id
    assert "Tallennettu: Nuorten työpaja." in text(http.get("/settings/reference"))


def test_it_adds_a_diet(http, people):
    login(http, people.manager)
    response = _post(http, "diet", "/settings/reference/diets", {"code": "soy_free", "name_fi": "Soijaton"})
    assert response.status_code == 302
    row = db.session.scalar(db.select(Diet).where(Diet.code == "soy_free"))
    assert row.name_fi == "Soijaton"
    assert [e.entity_id for e in events("diet", "create")] == [row.id]


def test_it_adds_a_municipality(http, people):
    login(http, people.manager)
    response = _post(http, "municipality", "/settings/reference/municipalities", {"name": " Kauniainen "})
    assert response.status_code == 302
    row = db.session.scalar(db.select(Municipality).where(Municipality.name == "Kauniainen"))
    assert [e.entity_id for e in events("municipality", "create")] == [row.id]


@pytest.mark.parametrize("kind,url,fields,message", [
    ("service_type", "/settings/reference/service-types", {"code": "WORK_X", "name_fi": "Kopio"},
     "Tällä tunnuksella on jo palvelumuoto."),
    ("diet", "/settings/reference/diets", {"code": "vegan_x", "name_fi": "Kopio"},
     "Tällä tunnuksella on jo erityisruokavalio."),
    ("municipality", "/settings/reference/municipalities", {"name": "ESPOO"}, "Tämä kunta on jo listalla."),
])
def test_it_refuses_a_duplicate(http, people, kind, url, fields, message):
    service_type("work_x")
    db.session.add(Diet(code="vegan_x", name_fi="Vegaani"))
    make_municipality("Espoo")
    db.session.commit()
    login(http, people.manager)
    response = _post(http, kind, url, fields)
    assert response.status_code == 400
    assert message in text(response)
    assert "Kopio" not in [r.name_fi for r in db.session.scalars(db.select(ServiceType))]
    assert db.session.scalar(db.select(db.func.count()).select_from(Municipality).where(
        db.func.lower(Municipality.name) == "espoo")) == 1
    assert events(kind) == []


@pytest.mark.parametrize("kind,url,fields,message", [
    ("service_type", "/settings/reference/service-types", {"code": "ei kelpaa", "name_fi": "Uusi"},
     "Käytä vain pieniä kirjaimia a–z, numeroita ja alaviivaa."),
    ("service_type", "/settings/reference/service-types", {"code": "uusi", "name_fi": ""}, "Täytä tämä kenttä."),
    ("diet", "/settings/reference/diets", {"code": "", "name_fi": "Uusi"}, "Täytä tämä kenttä."),
    ("municipality", "/settings/reference/municipalities", {"name": "   "}, "Täytä tämä kenttä."),
])
def test_it_refuses_bad_input_and_saves_nothing(http, people, kind, url, fields, message):
    login(http, people.manager)
    before = {m: db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (ServiceType, Diet, Municipality)}
    response = _post(http, kind, url, fields)
    assert response.status_code == 400
    page = text(response)
    assert message in page and "<h1>Perustiedot</h1>" in page
    assert '<details class="add-reference" open>' in page
    after = {m: db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (ServiceType, Diet, Municipality)}
    assert after == before and events(kind) == []


@pytest.mark.parametrize("url", ["/settings/reference/service-types", "/settings/reference/diets",
                                 "/settings/reference/municipalities"])
@who_may_not
def test_only_a_manager_may_add(app, people, who, status, url):
    http = client_as(app, people, who)
    response = post(http, url, {"service_type-code": "hack", "service_type-name_fi": "Hack", "diet-code": "hack",
                                "diet-name_fi": "Hack", "municipality-name": "Hack"})
    assert_refused(response, status)
    assert db.session.scalar(db.select(Municipality).where(Municipality.name == "Hack")) is None
    assert db.session.scalar(db.select(Diet).where(Diet.code == "hack")) is None


@pytest.mark.parametrize("url", ["/settings/reference/service-types", "/settings/reference/diets",
                                 "/settings/reference/municipalities"])
def test_it_refuses_a_get(http, people, url):
    login(http, people.manager)
    assert http.get(url).status_code == 405
