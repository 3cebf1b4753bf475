"""Pictures and read aloud on a 360 px phone: the faces, batteries and activity chips show their
pictures and nothing scrolls sideways; a coach gives the unit's own activity a picture by tapping
it and the client sees it; the Listen buttons appear only when the phone has a voice for the
page's language, and read the page's own (translated) words.

The app is not stubbed: the browser's speech synthesis is, by a fake installed before the page
loads (page.add_init_script). It records what it is asked to say, and offers its voices only
after a moment, with the "voiceschanged" event, as Chromium does."""
import json
import re
from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.a11y import assert_accessible
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY
from webapp.diary.models import UnitActivity
from webapp.extensions import db

pytestmark = pytest.mark.browser

WEDNESDAY = date(2026, 11, 18)

FAKE_SPEECH = """
(() => {
  const voices = %s.map(([lang, name]) => ({lang, name, default: false, localService: true, voiceURI: name}));
  const listeners = [];
  let ready = false;
  window.__spoken = [];
  const fake = {
    speaking: false, pending: false, paused: false,
    getVoices() { return ready ? voices.slice() : []; },
    speak(u) {
      window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null, rate: u.rate});
      setTimeout(() => { if (u.onend) u.onend(); }, 30);
    },
    cancel() { window.__cancelled = (window.__cancelled || 0) + 1; },
    pause() {}, resume() {},
    addEventListener(type, listener) { if (type === "voiceschanged") listeners.push(listener); },
    removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: fake, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; };
  setTimeout(() => { ready = true; listeners.forEach((listener) => listener(new Event("voiceschanged"))); }, 150);
})();
"""


def fake_voices(page, voices):
    page.add_init_script(FAKE_SPEECH % json.dumps(voices))


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


def loaded_pictures(page, selector: str) -> list[str]:
    """The pictures under selector that the browser has drawn (loaded, with a size on screen)."""
    return page.eval_on_selector_all(selector, """(images) => images
        .filter((img) => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width >= 20)
        .map((img) => img.dataset.pictogram)""")


def test_the_faces_batteries_and_chips_show_their_pictures_at_360px(phone, people):
    factories.make_unit_activity(people.unit, "Puutyöt")
    factories.make_unit_activity(people.unit, "Siivous")
    factories.make_unit_activity(people.unit, "Sählyä salissa")
    browser_login(phone, people.client, home=False)
    phone.goto("/diary")
    phone.wait_for_load_state("load")
    assert loaded_pictures(phone, ".diary-choice img") == [f"mood-{v}" for v in range(1, 6)] + \
        [f"energy-{v}" for v in range(1, 6)]
    assert loaded_pictures(phone, ".diary-chip img") == ["saw", "broom", "own"]
    assert_no_sideways_scroll(phone)
    # a picture is part of the tap target: a tap on the broom (the chip's checkbox lies over it) ticks Siivous
    broom = phone.locator('.diary-chip img[data-pictogram="broom"]')
    broom.scroll_into_view_if_needed()
    box = broom.bounding_box()
    phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(phone.get_by_role("checkbox", name="Siivous")).to_be_checked()
    expect(phone.locator("#diary-saved")).to_contain_text("Tallennettu klo")
    phone.goto(f"/diary/{WEDNESDAY.isoformat()}")
    phone.set_viewport_size({"width": 320, "height": 700})
    assert_no_sideways_scroll(phone)
    phone.goto("/")
    phone.wait_for_load_state("load")
    assert "write" in loaded_pictures(phone, "main .button img") or "open-book" in loaded_pictures(phone, "main .button img")
    assert_no_sideways_scroll(phone)


def test_a_coach_gives_an_activity_a_picture_and_the_client_sees_it(browser, live_server, phone, people):
    chip = factories.make_unit_activity(people.unit, "Verstas")
    from tests.conftest import PHONE, new_context
    coach_context = new_context(browser, live_server.url, **PHONE)
    try:
        coach = coach_context.new_page()
        browser_login(coach, people.coach, home=False)
        coach.goto(f"/units/{people.unit.id}/activities")
        coach.get_by_role("link", name=re.compile(r"^Vaihda kuva\s*: Verstas$")).click()
        assert_no_sideways_scroll(coach)
        coach.locator('label.picture-choice:has(input[value="toolbox"])').click()
        expect(coach.get_by_role("radio", name="Työkalupakki")).to_be_checked()
        coach.get_by_role("button", name="Tallenna kuva").click()
        expect(coach.locator(".unit-activity img")).to_have_attribute("data-pictogram", "toolbox")
        assert_no_sideways_scroll(coach)
    finally:
        coach_context.close()
    db.session.expire_all()
    assert db.session.get(UnitActivity, chip.id).pictogram == "toolbox"
    browser_login(phone, people.client, home=False)
    phone.goto("/diary")
    phone.wait_for_load_state("load")
    assert loaded_pictures(phone, ".diary-chip img") == ["toolbox"]


def test_listen_appears_with_a_finnish_voice_and_reads_the_finnish_prompt(phone, people):
    factories.make_unit_activity(people.unit, "Puutyöt")
    fake_voices(phone, [["en-US", "English"], ["fi-FI", "Satu"]])
    browser_login(phone, people.client, home=False)
    phone.goto("/diary")
    listen = phone.get_by_role("button", name=re.compile(r"^Kuuntele\s*: Mikä on mielialasi\?$"))
    expect(listen).to_be_visible()  # after voiceschanged: no voices were there at first
    expect(phone.locator("[data-read-aloud]:visible")).to_have_count(7)
    assert_no_sideways_scroll(phone)
    listen.click()
    phone.wait_for_function("window.__spoken.length === 1")
    [said] = phone.evaluate("window.__spoken")
    assert said == {"text": "Mikä on mielialasi? Tosi huono. Huono. Ihan ok. Hyvä. Tosi hyvä.",
                    "lang": "fi-FI", "voice": "Satu", "rate": 0.9}
    phone.get_by_role("button", name=re.compile(r"^Kuuntele\s*: Mitä tein tänään\?$")).click()
    phone.wait_for_function("window.__spoken.length === 2")
    assert phone.evaluate("window.__spoken[1].text") == "Mitä tein tänään? Puutyöt. Lisää oma toiminto."
    # listening changes nothing in the diary: no save was sent
    expect(phone.locator("#diary-saved")).not_to_contain_text("Tallennettu")
    # a save that adds her own chip swaps the chips in (htmx, out of band): their button shows again
    phone.get_by_label("Lisää oma toiminto").fill("Sähly")
    phone.get_by_role("button", name="Tallenna").click()
    expect(phone.locator("#diary-chips .diary-chip", has_text="Sähly")).to_be_visible()
    expect(phone.locator("#diary-chips [data-read-aloud]")).to_be_visible()
    expect(phone.locator("[data-read-aloud]:visible")).to_have_count(7)
    assert_accessible(phone, "/diary with the Listen buttons showing")
    phone.goto("/diary/settings")
    phone.get_by_role("button", name=re.compile(r"^Kuuntele\s*: Asetukset$")).click()
    phone.wait_for_function("window.__spoken.length === 1")  # a new page: a new fake
    said = phone.evaluate("window.__spoken[0].text")
    assert said.startswith("Asetukset. Päiväkirjasi on oletuksena vain sinun.") and said.endswith(
        "Jaa uudet päivät ohjaajalleni."), said


def test_the_coachs_reply_is_read_in_swedish_on_a_swedish_page(phone, people):
    from datetime import timedelta

    from webapp.diary import entries
    people.client.language = "sv"
    db.session.commit()
    shared = factories.make_entry(people.client, WEDNESDAY - timedelta(days=1), mood=4, shared=True)
    entries.reply(shared, people.coach, "Bra jobbat!")
    fake_voices(phone, [["fi-FI", "Satu"], ["sv-SE", "Alva"]])
    browser_login(phone, people.client, home=False)
    phone.goto(f"/diary/{(WEDNESDAY - timedelta(days=1)).isoformat()}")
    reply = phone.locator(".diary-replies [data-read-aloud]")
    expect(reply).to_be_visible()
    expect(reply).to_contain_text("Lyssna")
    reply.click()
    phone.wait_for_function("window.__spoken.length === 1")
    said = phone.evaluate("window.__spoken[0]")
    assert said["lang"] == "sv-SE" and said["voice"] == "Alva"
    assert said["text"].startswith("Handledarens svar") and "Bra jobbat!" in said["text"], said["text"]
    assert "Kaisa" in said["text"] or people.coach.first_name in said["text"]


@pytest.mark.parametrize("voices", [[], [["en-US", "English"], ["de-DE", "Anna"]], None],
                         ids=["no-voices", "no-finnish-voice", "no-speech-synthesis"])
def test_without_a_voice_for_the_language_no_button_shows_and_the_diary_works(phone, people, voices):
    if voices is None:
        phone.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"
                              "Object.defineProperty(window, 'speechSynthesis', {value: undefined});")
    else:
        fake_voices(phone, voices)
    browser_login(phone, people.client, home=False)
    phone.goto("/diary")
    phone.wait_for_timeout(400)  # past the fake's voiceschanged
    assert phone.locator("[data-read-aloud]").count() == 7
    expect(phone.locator("[data-read-aloud]:visible")).to_have_count(0)
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.get_by_role("radio", name="Hyvä", exact=True).click()
    expect(phone.locator("#diary-saved")).to_contain_text("Tallennettu klo")
    expect(phone.locator("[data-read-aloud]:visible")).to_have_count(0)  # nor after htmx's swap
    assert not errors
