"""GET /clients/<id>: a client's page for the manager and the coaches who may see them."""
import re
from datetime import date

import time_machine

from tests import factories
from tests.clients.helpers import client_form, make_diet
from tests.http import login, post, text
from tests.moments import DURING_THE_DAY
from webapp.extensions import db


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_manager_sees_facts_diets_payers_periods_and_history(http, people):
    anna = factories.make_client(people.unit, coach=people.coach, first_name="Ilona", last_name="Ilmari",
                                 payer="kela", period=False)
    vegan = make_diet("vegaani")
    profile = anna.client
    profile.diets.append(vegan)
    db.session.commit()
    factories.make_period(anna.client, people.unit, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30))
    login(http, people.manager)
    post(http, f"/clients/{anna.id}/edit", client_form(
        people, first_name="Ilona", last_name="Ilmari", preferred_name="Iina", payer="municipality",
        payer_from="2026-12-01", diets=str(anna.client.diets[0].id)))
    response = http.get(f"/clients/{anna.id}")
    assert response.status_code == 200
    page = text(response)
    assert "Iina Ilmari" in page and "Kierrätyspaja" in page and "Kaisa Ohjaaja" in page
    assert "Vegaani" in page
    assert "Maksajahistoria" in page and "Kunta (toimintaraha)" in page and "1.12.2026" in page
    assert "1.1.2026–30.6.2026" in page and "Päättynyt" in page
    assert "Muutoshistoria" in page and "Muutettu" in page and "Marja Johtaja" in page
    assert "Kutsumanimi: – → Iina" in page
    assert f"/clients/{anna.id}/periods/new" in page


def test_the_own_coach_sees_the_client_without_the_audit_history(http, people):
    login(http, people.coach)
    response = http.get(f"/clients/{people.client.id}")
    assert response.status_code == 200
    page = text(response)
    assert "Anna Asiakas" in page and "Muutoshistoria" not in page
    assert "/edit" not in page


def test_a_coach_of_another_unit_gets_404(http, people):
    login(http, people.other_coach)
    assert http.get(f"/clients/{people.client.id}").status_code == 404


def test_an_unknown_client_is_404(http, people):
    login(http, people.manager)
    assert http.get("/clients/99999").status_code == 404


def test_kitchen_and_clients_may_not(http, people):
    for person in (people.kitchen, people.client):
        login(http, person)
        assert http.get(f"/clients/{people.client.id}").status_code == 403
        post(http, "/logout")


def test_anonymous_is_sent_to_login(http, people):
    response = http.get(f"/clients/{people.client.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_it_rejects_post(http, people):
    login(http, people.manager)
    assert post(http, f"/clients/{people.client.id}").status_code == 405


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_the_history_shows_names_and_words_not_ids_or_codes(http, people):
    town = factories.make_municipality("Vantaa")
    login(http, people.manager)
    response = post(http, "/clients/new", client_form(people, home_municipality=str(town.id)))
    assert response.status_code == 302
    client_id = int(response.headers["Location"].rsplit("/", 1)[1])
    kind = factories.service_type()
    response = post(http, f"/clients/{client_id}/periods/new", {
        "unit": str(people.unit.id), "starts_on": "2027-01-04", "ends_on": "2027-06-30",
        "weekdays": ["0", "1"], "hours_per_day": "6", "service_type": str(kind.id), "mode": "on_site",
        "referral_plan_type": "activation", "referral_plan_date": "2026-12-15", "orderer": str(town.id)})
    assert response.status_code == 302
    page = text(http.get(f"/clients/{client_id}"))
    history = page[page.index('id="history-h"'):]
    lines = [re.sub(r"\s+", " ", line).strip() for line in re.findall(r"<li>(.*?)</li>", history, re.DOTALL)]
    assert "Rooli: Asiakas" in lines
    assert "Toimipiste: Kierrätyspaja" in lines
    assert "Omaohjaaja: Kaisa Ohjaaja" in lines
    assert "Kotikunta: Vantaa" in lines and "Tilaaja: Vantaa" in lines
    assert "Asiakas: Liisa Lähteenmäki" in lines
    assert f"Palvelun tyyppi: {kind.name_fi}" in lines
    ids = r"^(Asiakas|Toimipiste|Omaohjaaja|Tilaaja|Kotikunta|Palvelun tyyppi|Käsittelijä): \d+$"
    assert not [line for line in lines if re.search(r"_id\b", line) or re.search(ids, line)], lines
    assert not [line for line in lines if re.search(r": (client|coach|admin|kitchen|fi|on_site|activation)$", line)]
