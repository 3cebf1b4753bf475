"""A manager on a tablet searches clients as they type, adds a client and a period; the pages
fit a 360 px phone."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login
from webapp.lib import clock
from webapp.periods.rules import last_day_of

pytestmark = pytest.mark.browser


def test_a_manager_searches_as_they_type_without_a_reload(tablet, people):
    browser_login(tablet, people.manager, home=False)
    tablet.goto("/clients")
    results = tablet.locator("#client-results")
    expect(results).to_contain_text("Anna Asiakas")
    expect(results).to_contain_text("Pekka Toinen")
    tablet.evaluate("window.notReloaded = true")
    tablet.get_by_label("Hae nimellä tai sähköpostilla").press_sequentially("pek", delay=40)
    expect(results).not_to_contain_text("Anna Asiakas")
    expect(results).to_contain_text("Pekka Toinen")
    assert tablet.evaluate("window.notReloaded") is True  # htmx swapped the rows, no page load
    tablet.get_by_label("Hae nimellä tai sähköpostilla").fill("")
    tablet.get_by_label("Hae nimellä tai sähköpostilla").press_sequentially("ann", delay=40)
    expect(results).to_contain_text("Anna Asiakas")
    expect(results).not_to_contain_text("Pekka Toinen")


def test_a_manager_adds_a_client_and_a_six_month_period(tablet, people):
    factories.service_type()
    today = clock.today()
    browser_login(tablet, people.manager, home=False)
    tablet.goto("/clients")
    tablet.get_by_role("link", name="Lisää asiakas").click()
    tablet.get_by_label("Etunimi").fill("Sointu")
    tablet.get_by_label("Sukunimi").fill("Säkkinen")
    tablet.get_by_label("Toimipiste").select_option(label="Kierrätyspaja")
    tablet.get_by_label("Omaohjaaja").select_option(label="Kaisa Ohjaaja (Kierrätyspaja)")
    tablet.get_by_label("Maksaja", exact=True).select_option(value="municipality")
    tablet.get_by_role("button", name="Lisää asiakas").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Sointu Säkkinen")
    expect(tablet.locator("body")).to_contain_text("Kunta (toimintaraha)")

    tablet.get_by_role("link", name="Lisää jakso").click()
    tablet.get_by_label("Palvelun tyyppi").select_option(index=1)
    # Too short and no reason: the form says so and nothing is saved.
    tablet.get_by_label("Päättyy").fill((today + timedelta(days=40)).isoformat())
    tablet.get_by_role("button", name="Tallenna jakso").click()
    expect(tablet.locator(".error").first).to_contain_text("Jakso on lyhyempi kuin 3 kuukautta")
    expect(tablet.get_by_role("alert").first).to_contain_text("Tarkista merkityt kentät.")

    six_months = last_day_of(today, 6)
    tablet.get_by_label("Päättyy").fill(six_months.isoformat())
    tablet.get_by_role("button", name="Tallenna jakso").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Sointu Säkkinen")
    period = tablet.locator(".period-card")
    expect(period).to_have_count(1)
    expect(period).to_contain_text("Käynnissä")
    expect(period).to_contain_text(f"{six_months.day}.{six_months.month}.{six_months.year}")


def test_the_client_pages_fit_a_phone(phone, people):
    browser_login(phone, people.manager, home=False)
    for url in ["/clients", "/clients/mine", "/clients/new", f"/clients/{people.client.id}",
                f"/clients/{people.client.id}/periods/new", "/clients/import",
                f"/periods/{people.client.client.periods[0].id}/end"]:
        phone.goto(url)
        assert_no_sideways_scroll(phone)
