"""The client answers WHO-5 on a 360 px phone with big answer buttons, then sees her score in
words; her coach sees it, with a gentle prompt to talk when it is under 50."""
import pytest
import time_machine
from playwright.sync_api import expect

from tests.conftest import assert_no_sideways_scroll, browser_login, seed_instruments_and_templates
from tests.moments import DURING_THE_DAY

pytestmark = pytest.mark.browser

# (statement, the answer she taps): 2 + 1 + 2 + 1 + 2 = 8, × 4 = 32
ANSWERS = [("Olen ollut iloinen ja hyvällä tuulella", "Alle puolet ajasta"),
           ("Olen ollut rauhallinen ja rentoutunut", "Joskus"),
           ("Olen ollut aktiivinen ja tarmokas", "Alle puolet ajasta"),
           ("Olen herännyt virkeänä ja levänneenä", "Joskus"),
           ("Päiväni ovat olleet täynnä asioita, jotka kiinnostavat minua", "Alle puolet ajasta")]


@pytest.fixture
def wednesday(app):
    with time_machine.travel(DURING_THE_DAY, tick=True):
        seed_instruments_and_templates()
        yield


def test_the_client_answers_on_her_phone_and_her_coach_is_prompted(phone, tablet, people, wednesday):
    browser_login(phone, people.client)
    card = phone.get_by_test_id("wellbeing-card")
    expect(card).to_contain_text("Miten olet voinut?")
    card.get_by_role("link", name="Vastaa kysymyksiin").click()
    expect(phone.get_by_test_id("wellbeing-ask")).to_contain_text("Jaksosi on alkanut.")
    phone.get_by_role("link", name="Vastaa kysymyksiin").click()
    expect(phone.get_by_text("Kahden viime viikon aikana")).to_be_visible()
    assert_no_sideways_scroll(phone)
    choice = phone.locator(".wellbeing-choice").first
    assert choice.bounding_box()["height"] >= 48  # a big touch target
    for statement, answer in ANSWERS[:4]:
        phone.get_by_role("group", name=statement).get_by_text(answer, exact=True).click()
    phone.get_by_role("button", name="Tallenna vastaukset").click()  # one left unanswered
    expect(phone.get_by_text("Valitse jokaiseen kohtaan yksi vastaus.").first).to_be_visible()
    statement, answer = ANSWERS[4]
    phone.get_by_role("group", name=statement).get_by_text(answer, exact=True).click()
    expect(phone.get_by_role("group", name=ANSWERS[0][0]).get_by_label("Alle puolet ajasta")).to_be_checked()
    phone.get_by_role("button", name="Tallenna vastaukset").click()
    expect(phone.get_by_text("Kiitos! Vastauksesi on tallennettu.")).to_be_visible()
    expect(phone.get_by_test_id("wellbeing-scores")).to_contain_text("Viimeksi 18.11.2026: 32 pistettä 100:sta.")
    expect(phone.get_by_test_id("wellbeing-ask")).to_contain_text("Vastasit äskettäin.")
    assert_no_sideways_scroll(phone)

    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/clients/{people.client.id}")
    expect(tablet.get_by_test_id("wellbeing-talk")).to_contain_text("32/100. Se on alle 50")
    expect(tablet.get_by_test_id("wellbeing-talk")).to_contain_text("Luku ei ole diagnoosi.")
