"""A manager keeps the plans' reference data on a tablet: a new next step, and a part added to the
implementation plan's template, which the coach's next plan then asks."""
import pytest
import time_machine
from playwright.sync_api import expect

from tests.conftest import DB_KIND, assert_no_sideways_scroll, browser_login, seed_instruments_and_templates
from tests.moments import DURING_THE_DAY

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(DB_KIND != "sqlite", reason="a page flow; its database rules are tested on both")]


@pytest.fixture
def wednesday(app):
    with time_machine.travel(DURING_THE_DAY, tick=True):
        seed_instruments_and_templates()
        yield


def test_a_manager_adds_a_next_step_and_a_part_to_the_plan(tablet, people, wednesday):
    browser_login(tablet, people.manager, home=False)
    tablet.goto("/settings/reference")
    tablet.get_by_role("link", name="Suunnitelmat ja arvioinnit").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Suunnitelmat ja arvioinnit")
    tablet.get_by_label("Tunnus").fill("apprenticeship")
    tablet.get_by_label("Nimi suomeksi").fill("Oppisopimus")
    tablet.get_by_label("Nimi ruotsiksi").fill("Läroavtal")
    tablet.get_by_role("button", name="Lisää jatkopolku").click()
    expect(tablet.get_by_text("Tallennettu: Oppisopimus.")).to_be_visible()
    expect(tablet.get_by_test_id("next-step").filter(has_text="Oppisopimus")).to_contain_text("Läroavtal")
    assert_no_sideways_scroll(tablet)

    tablet.get_by_role("link", name="Muokkaa: Toteutussuunnitelma").click()
    new_part = tablet.get_by_role("group", name="Uusi osa").first
    new_part.get_by_label("Otsikko suomeksi").fill("Työkokeilun mahdollisuus")
    new_part.get_by_label("Otsikko ruotsiksi").fill("Möjlighet till arbetsprövning")
    new_part.get_by_label("Pakollinen ennen allekirjoitusta").check()
    tablet.get_by_role("button", name="Tallenna uutena versiona").click()
    expect(tablet.get_by_text("Uusi pohja on käytössä uusissa asiakirjoissa.")).to_be_visible()
    expect(tablet.get_by_test_id("template").filter(has_text="Toteutussuunnitelma")).to_contain_text("1 aiempi versio")

    # The coach's next plan asks the new part
    tablet.context.clear_cookies()
    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/periods/{people.client.client.periods[0].id}/documents")
    tablet.get_by_label("Toteutussuunnitelma").check()
    tablet.get_by_role("button", name="Aloita").click()
    expect(tablet.get_by_label("Työkokeilun mahdollisuus")).to_be_visible()
