"""The client on a 360 px phone: she writes her own part of an interim evaluation before the
meeting, and after it reads her signed plan and marks it read with a comment."""
import pytest
import time_machine
from playwright.sync_api import expect

from tests.conftest import assert_no_sideways_scroll, browser_login, seed_instruments_and_templates
from tests.moments import DURING_THE_DAY
from webapp.extensions import db
from webapp.goals import documents
from webapp.lib import clock

pytestmark = pytest.mark.browser


@pytest.fixture
def wednesday(app):
    with time_machine.travel(DURING_THE_DAY, tick=True):
        seed_instruments_and_templates()
        yield


def test_the_client_answers_her_part_and_reads_her_plan(phone, people, wednesday):
    period = people.client.client.periods[0]
    plan = documents.start(period, "plan", people.coach)
    plan.contents = {"measures": "Lajittelu ja kassa kahdesti viikossa.", "participation": "Valitset tehtäväsi.",
                     "intensity": "Kaksi päivää viikossa."}
    plan.next_evaluation_on, plan.signed_at, plan.signed_by_id = period.starts_on, clock.now(), people.coach.id
    documents.start(period, "interim", people.coach)
    db.session.commit()

    browser_login(phone, people.client)
    phone.get_by_test_id("plans-card").get_by_role("link", name="Avaa").click()
    phone.get_by_role("link", name="Väliarviointi: vastaa").click()
    phone.get_by_label("Mikä on mennyt hyvin?").fill("Kassa sujuu jo yksin.")
    phone.get_by_label("Mitä haluat tehdä seuraavaksi?").fill("Työkokeilu kaupassa.")
    assert_no_sideways_scroll(phone)
    phone.get_by_role("button", name="Lähetä ohjaajalle").click()
    expect(phone.get_by_text("Kiitos! Ohjaajasi näkee vastauksesi ennen tapaamista.")).to_be_visible()
    expect(phone.get_by_test_id("to-answer")).to_have_count(0)

    phone.get_by_test_id("to-read").get_by_role("link", name="Toteutussuunnitelma 18.11.2026").click()
    expect(phone.get_by_text("Lajittelu ja kassa kahdesti viikossa.")).to_be_visible()
    assert_no_sideways_scroll(phone)
    phone.get_by_label("Haluatko sanoa jotain tästä tekstistä? (vapaaehtoinen)").fill("Kassa vain tiistaisin.")
    phone.get_by_role("button", name="Olen lukenut tämän").click()
    expect(phone.get_by_text("Merkitty luetuksi. Ohjaajasi näkee sen.")).to_be_visible()
    expect(phone.get_by_test_id("to-read")).to_contain_text("Luettu")
