"""The office's month view of compensation per payer (/money/compensation), both databases."""

import pytest

from tests.http import login, text
from tests.money.test_compensation import a_november


@pytest.fixture
def november(people):
    a_november(people)


def test_the_manager_sees_each_payer_with_days_rates_amounts_and_totals(http, people, november):
    login(http, people.manager)
    page = text(http.get("/money/compensation?month=2026-11"))
    kela = page[page.index('data-testid="payer-kela"'):page.index('data-testid="payer-municipality"')]
    municipality = page[page.index('data-testid="payer-municipality"'):]
    assert "Asiakas, Anna" in kela and "9,00\xa0€ – 10,00\xa0€" in kela and "19,00\xa0€" in kela
    assert "Toinen, Pekka" in municipality and "9,00\xa0€" in municipality
    assert "Asiakas, Anna" not in municipality


def test_a_unit_filter_keeps_the_other_units_clients_out(http, people, november):
    login(http, people.manager)
    page = text(http.get(f"/money/compensation?month=2026-11&unit={people.other_unit.id}"))
    assert "Toinen, Pekka" in page and "Asiakas, Anna" not in page


@pytest.mark.parametrize("query", ["month=2026-13", "month=0000-01", "month=x", "unit=999999999999", "unit=abc"])
def test_bad_parameters_are_404(http, people, query):
    login(http, people.manager)
    assert http.get(f"/money/compensation?{query}").status_code == 404


@pytest.mark.parametrize("persona", ["coach", "client", "kitchen"])
def test_only_the_office_sees_everyones_money(http, people, persona):
    login(http, getattr(people, persona))
    assert http.get("/money/compensation").status_code == 403
