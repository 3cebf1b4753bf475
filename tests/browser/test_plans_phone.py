"""The client on a 360 px phone: she writes her own part of an interim evaluation before the
meeting, and after it reads her signed plan and marks it read with a comment."""
from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login, seed_instruments_and_templates
from tests.moments import DURING_THE_DAY
from webapp.checkin.models import ActivityDay, Kind, Status
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
    expect(phone.get_by_test_id("known")).to_contain_text("Mitä Läsnä tietää")  # her figures, in the plan
    assert_no_sideways_scroll(phone)
    phone.screenshot(path="/tmp/prefill-phone-plan.png", full_page=True)
    phone.get_by_label("Haluatko sanoa jotain tästä tekstistä? (vapaaehtoinen)").fill("Kassa vain tiistaisin.")
    phone.get_by_role("button", name="Olen lukenut tämän").click()
    expect(phone.get_by_text("Merkitty luetuksi. Ohjaajasi näkee sen.")).to_be_visible()
    expect(phone.get_by_test_id("to-read")).to_contain_text("Luettu")


def test_she_brings_a_diary_entry_and_the_coach_sees_it_with_the_figures(phone, tablet, people, wednesday):
    """On her phone she ticks one of two entries for the interim evaluation; on the tablet her
    coach sees that entry, not the other, beside the attendance, hours, guidance and WHO-5."""
    period = people.client.client.periods[0]
    plan = documents.start(period, "plan", people.coach)
    plan.signed_at, plan.signed_by_id, plan.next_evaluation_on = clock.now(), people.coach.id, date(2026, 11, 20)
    interim = documents.start(period, "interim", people.coach)
    goal = factories.make_goal(period, people.coach, "Tulen kolmena päivänä viikossa")
    interim.evaluation_id = factories.make_evaluation(period, people.coach, {goal: 1}, held_on=date(2026, 11, 18)).id
    for n, day in enumerate((date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 9))):
        db.session.add(ActivityDay(client_id=people.client.id, unit_id=period.unit_id, day=day, kind=Kind.REMOTE.value,
                                   reported_minutes=240 + 60 * n, status=Status.OPEN.value))
    db.session.commit()
    factories.make_entry(people.client, date(2026, 11, 16), mood=4, energy=4, went_well="Kassa sujui ilman apua")
    factories.make_entry(people.client, date(2026, 11, 17), mood=2, was_hard="Huono yö, ei kerrota")
    factories.make_guidance(people.client, people.coach, date(2026, 11, 4), 90)

    browser_login(phone, people.client, home=False)
    phone.goto(f"/me/plans/{interim.id}/answer")
    share = phone.get_by_test_id("diary-share")
    expect(share).to_contain_text("Kuka näkee?")
    share.get_by_role("checkbox", name="ma 16.11. Tuo tämä arviointiin").check()
    share.get_by_role("checkbox", name="Tuo mielialan ja jaksamisen kehitys arviointiin").check()
    assert_no_sideways_scroll(phone)
    phone.screenshot(path="/tmp/prefill-phone-share.png", full_page=True)
    share.get_by_role("button", name="Tallenna valintani").click()
    expect(phone.get_by_text("Valintasi on tallennettu.")).to_be_visible()
    expect(phone.get_by_role("checkbox", name="ma 16.11. Tuo tämä arviointiin")).to_be_checked()
    expect(phone.get_by_role("checkbox", name="ti 17.11. Tuo tämä arviointiin")).not_to_be_checked()

    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/documents/{interim.id}")
    expect(tablet.get_by_test_id("document-gas")).to_contain_text("T = 60,0")
    known = tablet.get_by_test_id("known")
    expect(known.get_by_test_id("known-entries")).to_contain_text("Kassa sujui ilman apua")
    expect(known).not_to_contain_text("Huono yö, ei kerrota")
    expect(known.get_by_test_id("known-attendance")).to_contain_text("Suunniteltuja päiviä")
    expect(known.get_by_test_id("known-guidance")).to_contain_text("1 h 30 min")
    expect(known.get_by_test_id("known-trend")).to_contain_text("3,0")  # mood (4 + 2) / 2
    assert_no_sideways_scroll(tablet)
    tablet.screenshot(path="/tmp/prefill-tablet-document.png", full_page=True)
    known.get_by_role("link", name="Avaa ohjauskerrat").click()
    expect(tablet).to_have_url(f"{tablet.url.split('/clients/')[0]}/clients/{people.client.id}/guidance")
