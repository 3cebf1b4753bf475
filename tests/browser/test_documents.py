"""A coach writes the implementation plan on the tablet: a draft, a refused signature while parts
are missing, the signature that locks it, and a new version that says why."""
import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login, seed_instruments_and_templates
from tests.moments import DURING_THE_DAY

pytestmark = pytest.mark.browser


@pytest.fixture
def wednesday(app):
    with time_machine.travel(DURING_THE_DAY, tick=True):
        seed_instruments_and_templates()
        yield


def test_a_coach_writes_signs_and_updates_the_plan(tablet, people, wednesday):
    factories.make_goal(people.client.client.periods[0], people.coach, "Jaksan tulla tiistaisin ja torstaisin")
    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/clients/{people.client.id}")
    tablet.get_by_role("link", name="Suunnitelma ja arvioinnit").first.click()
    tablet.get_by_label("Toteutussuunnitelma").check()
    tablet.get_by_role("button", name="Aloita").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Toteutussuunnitelma")
    expect(tablet.get_by_text("Jaksan tulla tiistaisin ja torstaisin")).to_be_visible()  # the goals, in the plan
    tablet.get_by_label("Konkreettiset toimenpiteet ja työmuodot, joilla tavoitteisiin vastataan").fill(
        "Lajittelu kierrätyspajalla, kassa kahdesti viikossa.")
    tablet.get_by_role("button", name="Tallenna luonnos").click()
    expect(tablet.get_by_text("Luonnos on tallennettu.")).to_be_visible()
    tablet.get_by_role("button", name="Allekirjoita ja lukitse").click()
    expect(tablet.get_by_text("Asiakirjaa ei voi vielä allekirjoittaa.")).to_be_visible()
    expect(tablet.get_by_role("alert")).to_contain_text("Palvelun tiiviys ja ajankäyttö")
    tablet.get_by_label("Asiakkaan osallisuus ja asema sekä osallisuuden tukemisen keinot").fill("Anna valitsee tehtävänsä.")
    tablet.get_by_label("Palvelun tiiviys ja ajankäyttö").fill("Kaksi päivää viikossa, 4 h.")
    tablet.get_by_label("Seuraavan väliarvioinnin päivä").fill("2026-12-15")
    tablet.get_by_role("button", name="Tallenna luonnos").click()
    expect(tablet.get_by_text("Luonnos on tallennettu.")).to_be_visible()
    tablet.get_by_role("button", name="Allekirjoita ja lukitse").click()
    expect(tablet.get_by_test_id("document-state")).to_contain_text("Allekirjoitettu ja lukittu")
    expect(tablet.get_by_text("Kaksi päivää viikossa, 4 h.")).to_be_visible()
    expect(tablet.get_by_role("button", name="Tallenna luonnos")).to_have_count(0)
    assert_no_sideways_scroll(tablet)

    tablet.get_by_text("Tee uusi versio").click()
    tablet.get_by_label("Miksi asiakirjaa muutetaan?").fill("Kolmen kuukauden päivitys")
    tablet.get_by_role("button", name="Aloita uusi versio").click()
    expect(tablet.get_by_test_id("document-state")).to_contain_text("Versio 2")
    expect(tablet.get_by_test_id("document-state")).to_contain_text("Muutoksen syy: Kolmen kuukauden päivitys")
    expect(tablet.get_by_label("Palvelun tiiviys ja ajankäyttö")).to_have_value("Kaksi päivää viikossa, 4 h.")
    tablet.get_by_role("link", name="Versio 1").click()
    expect(tablet.get_by_text("Tämä on vanha versio. Uusin on versio 2.")).to_be_visible()
