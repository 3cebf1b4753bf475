"""Writing the diary without the network: the tap is kept on the phone, sent once when the
network returns, and a draft the server refuses is not lost from the screen."""
import json
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.browser.test_pwa import wait_for_control
from tests.conftest import PHONE, browser_login, new_context
from tests.moments import DURING_THE_DAY
from webapp.diary.models import DiaryEntry, DiarySubmission
from webapp.extensions import db

pytestmark = pytest.mark.browser

WAITING = "Tallennettu puhelimeen. Lähetetään, kun verkko palaa."
SENT = "Lähetetty."
FAILED = "Tätä ei voitu tallentaa"
QUEUE = "() => JSON.parse(localStorage.getItem('lasna.diary.queue') || '[]')"


@pytest.fixture
def frozen():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def status(page):
    return page.locator("[data-diary-queue-status]")


def test_a_mood_tapped_offline_is_sent_once_when_the_network_returns(phone, people, frozen):
    page = phone
    browser_login(page, people.client, home=False)
    page.goto("/diary")
    wait_for_control(page)
    page.reload()  # through the worker: the diary page is kept for a reload without the network
    key_on_page = page.locator('[data-diary-form] input[name="key"]').input_value()

    page.context.set_offline(True)
    page.locator('label[for="mood-4"]').click()
    expect(status(page)).to_have_text(WAITING)
    drafts = page.evaluate(QUEUE)
    assert len(drafts) == 1
    draft = drafts[0]
    assert draft["key"] == key_on_page and draft["day"] == DURING_THE_DAY.date().isoformat()
    assert draft["action"] == f"/diary/{draft['day']}"
    assert ["mood", "4"] in draft["fields"]
    assert not any(name in ("csrf_token", "key") for name, _ in draft["fields"])
    assert page.locator('[data-diary-form] input[name="key"]').input_value() != key_on_page  # a new key
    assert count(DiaryEntry) == 0

    # A reload without the network: the kept page, the banner, and the draft still waiting.
    page.reload()
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    expect(page.locator('label[for="mood-4"]')).to_be_visible()
    assert len(page.evaluate(QUEUE)) == 1
    assert count(DiaryEntry) == 0

    page.context.set_offline(False)
    expect(status(page)).to_have_text(SENT)
    expect(page.locator("#mood-4")).to_be_checked()  # the entry was refreshed from the server
    assert page.evaluate(QUEUE) == []
    assert count(DiaryEntry) == 1 and count(DiarySubmission) == 1
    entry = db.session.scalars(db.select(DiaryEntry)).one()
    assert entry.mood == 4 and entry.client_id == people.client.id

    page.reload()
    expect(page.locator("#mood-4")).to_be_checked()
    page.wait_for_timeout(300)  # give a (wrong) second flush the chance to happen
    assert count(DiaryEntry) == 1 and count(DiarySubmission) == 1


def test_a_draft_sent_twice_is_applied_once(phone, people, frozen):
    page = phone
    browser_login(page, people.client, home=False)
    page.goto("/diary")
    day = DURING_THE_DAY.date().isoformat()
    draft = {"key": "a" * 32, "day": day, "action": f"/diary/{day}", "fields": [["mood", "2"], ["energy", "3"]],
             "texts": [], "savedAt": "2026-11-18T09:00:00Z"}
    for _ in range(2):  # e.g. the answer to the first sending never reached the phone
        page.evaluate("d => { localStorage.setItem('lasna.diary.queue', JSON.stringify([d])); "
                      "return window.lasnaDiaryQueue.flush(); }", draft)
        expect(status(page)).to_have_text(SENT)
        assert page.evaluate(QUEUE) == []
    assert count(DiaryEntry) == 1 and count(DiarySubmission) == 1
    assert db.session.scalars(db.select(DiaryEntry)).one().mood == 2


def test_a_refused_draft_is_dropped_but_its_words_stay_on_the_screen(phone, people, frozen):
    page = phone
    browser_login(page, people.client, home=False)
    old_day = (DURING_THE_DAY.date() - timedelta(days=5)).isoformat()  # no longer editable
    page.goto("/diary")
    draft = {"key": "b" * 32, "day": old_day, "action": f"/diary/{old_day}",
             "fields": [["mood", "3"], ["went_well", "Sain pöydän valmiiksi."]],
             "texts": [["Mikä meni hyvin?", "Sain pöydän valmiiksi."]], "savedAt": "2026-11-13T09:00:00Z"}
    page.evaluate("d => localStorage.setItem('lasna.diary.queue', JSON.stringify([d]))", draft)
    page.reload()  # a page load sends what waits
    expect(status(page)).to_contain_text(FAILED)
    expect(status(page).locator("details")).to_contain_text("Sain pöydän valmiiksi.")
    assert page.evaluate(QUEUE) == []
    assert count(DiaryEntry) == 0


def test_a_draft_waits_while_the_server_fails(browser, live_server, people, frozen):
    # Playwright's routing does not see requests that pass through a service worker: none here.
    context = new_context(browser, live_server.url, service_workers="block", **PHONE)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        browser_login(page, people.client, home=False)
        page.goto("/diary")
        day = DURING_THE_DAY.date().isoformat()
        tries = []

        def busy(route):
            if route.request.method != "POST":
                return route.continue_()
            tries.append(route.request.headers.get("x-csrftoken"))
            return route.fulfill(status=503, body="busy")

        page.route(f"**/diary/{day}", busy)
        draft = {"key": "c" * 32, "day": day, "action": f"/diary/{day}", "fields": [["mood", "5"]],
                 "texts": [], "savedAt": "2026-11-18T09:00:00Z"}
        page.evaluate("d => { localStorage.setItem('lasna.diary.queue', JSON.stringify([d])); "
                      "return window.lasnaDiaryQueue.flush(); }", draft)
        assert len(tries) == 1 and tries[0]  # tried once, with a CSRF token
        assert page.evaluate(QUEUE) == [json.loads(json.dumps(draft))]  # and kept
        assert count(DiaryEntry) == 0
        page.unroute(f"**/diary/{day}")
        page.evaluate("() => window.lasnaDiaryQueue.flush()")
        expect(status(page)).to_have_text(SENT)
        assert count(DiaryEntry) == 1
    finally:
        context.close()


def test_after_an_offline_reload_the_form_shows_the_waiting_draft(phone, people, frozen):
    """The kept copy of the page holds the older entry; the draft waiting on the phone is what the
    client wrote last, so the form shows it and says it waits to be sent."""
    page = phone
    day = DURING_THE_DAY.date()
    factories.make_entry(people.client, day, mood=2, went_well="Vanha teksti.")
    browser_login(page, people.client, home=False)
    page.goto("/diary")
    wait_for_control(page)
    page.reload()  # kept by the worker as it is now: mood 2, "Vanha teksti."

    page.context.set_offline(True)
    page.get_by_label("Mikä meni hyvin?").fill("Uusi teksti, kirjoitettu ilman verkkoa.")
    page.locator('label[for="mood-5"]').click()
    expect(status(page)).to_have_text(WAITING)
    assert len(page.evaluate(QUEUE)) == 1

    page.reload()
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    expect(page.get_by_label("Mikä meni hyvin?")).to_have_value("Uusi teksti, kirjoitettu ilman verkkoa.")
    expect(page.locator("#mood-5")).to_be_checked()
    expect(page.locator("#mood-2")).not_to_be_checked()
    expect(status(page)).to_have_text(WAITING)
    expect(status(page)).to_be_in_viewport()

    page.context.set_offline(False)
    expect(status(page)).to_have_text(SENT)
    db.session.expire_all()
    entry = db.session.scalars(db.select(DiaryEntry)).one()
    assert (entry.mood, entry.went_well) == (5, "Uusi teksti, kirjoitettu ilman verkkoa.")
    expect(page.get_by_label("Mikä meni hyvin?")).to_have_value("Uusi teksti, kirjoitettu ilman verkkoa.")
