"""The client's own data on a phone: every kind of data she has, in words, readable at 360 px
without sideways scroll, accessible (axe), in Finnish and Swedish."""
import pytest
import time_machine
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.main.test_mydata_complete import everything  # noqa: F401  (the data of every kind)
from tests.moments import DURING_THE_DAY
from webapp.extensions import db

pytestmark = pytest.mark.browser

HEADINGS = {
    "fi": ["Perustiedot", "Jaksot", "Läsnäolopäivät", "Kirjautumiset kioskilla ja puhelimella", "Ohjaukset",
           "Kulukorvaukset", "Laskutus päivistäsi", "Kelan poissaoloilmoitukset", "Puhelimen yhdistämiskoodit",
           "Muutokset tietoihisi", "Päiväkirja", "Kuka on lukenut päiväkirjaasi"],
    "sv": ["Incheckningar vid kiosken och med telefonen", "Ändringar i dina uppgifter", "Anmälningar om frånvaro till FPA"],
}


@pytest.fixture
def frozen():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_her_data_reads_well_on_a_phone(phone, everything, language):  # noqa: F811
    people = everything
    people.client.language = language
    db.session.commit()
    browser_login(phone, people.client)
    phone.get_by_role("link", name="Kaikki tietoni (tulostettava sivu)" if language == "fi"
                      else "Alla mina uppgifter (sida för utskrift)").click()
    for heading in HEADINGS[language]:
        expect(phone.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert_no_sideways_scroll(phone)
    assert_accessible(phone, f"/me/data ({language})")
