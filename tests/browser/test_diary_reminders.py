"""Reminders on the client's phone, in Chromium at 360 px: she turns them on in the diary's
settings (the browser subscribes; Chromium cannot reach a real push service here, so the test
stands in for PushManager.subscribe with a subscription whose keys it holds), the coach's reply
reaches the test's push service encrypted, and that very message, handed to the service worker
as a push event (DevTools' ServiceWorker.deliverPushMessage), shows a notification that opens
the replied day. One tap turns everything off. Where the browser cannot do push, a calm note
says so and the switches are hidden."""
import json
from datetime import date, datetime, time

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PHONE, assert_no_sideways_scroll, browser_login, new_context
from tests.diary import push_service
from tests.moments import HEL
from webapp.diary import entries, reminders
from webapp.diary.push_models import DiaryReminder, PushSubscription
from webapp.extensions import db

pytestmark = pytest.mark.browser

WEDNESDAY = date(2026, 11, 18)

# The browser's side of a subscription, from keys the test made (see the module's words).
FAKE_PUSH = """
(subscription) => {
  const fake = {endpoint: subscription.endpoint, options: {applicationServerKey: null},
                toJSON: () => subscription, unsubscribe: () => Promise.resolve(true)};
  let current = null;
  PushManager.prototype.getSubscription = function () { return Promise.resolve(current); };
  PushManager.prototype.subscribe = function () { current = fake; return Promise.resolve(fake); };
}
"""


@pytest.fixture
def service(app):
    started, stop = push_service.start()
    known = app.config["PUSH_SERVICES"]
    app.config["PUSH_SERVICES"] = known + ("http://127.0.0.1",)
    yield started
    app.config["PUSH_SERVICES"] = known
    stop()


@pytest.fixture
def wednesday():
    with time_machine.travel(datetime.combine(WEDNESDAY, time(13, 0), HEL), tick=True):
        yield


def wait_for_control(page):
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def deliver(context, page, origin: str, payload: str):
    """Hand payload to the page's service worker as a push event, as Chromium does for a message
    from a push service."""
    cdp = context.new_cdp_session(page)
    found = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: found.extend(r["registrationId"] for r in event["registrations"] if not r.get("isDeleted")))
    cdp.send("ServiceWorker.enable")
    for _attempt in range(50):
        if found:
            break
        page.wait_for_timeout(50)
    assert found, "no service worker registration"
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": origin, "registrationId": found[-1], "data": payload})


def notifications(page, at_least: int = 0) -> list[dict]:
    """The notifications the worker shows now (waiting up to 5 s for at_least of them)."""
    for _attempt in range(100):
        shown = page.evaluate("""async () => {
          const registration = await navigator.serviceWorker.ready;
          return (await registration.getNotifications()).map(n => (
            {title: n.title, body: n.body, tag: n.tag, icon: n.icon, url: n.data && n.data.url}));
        }""")
        if len(shown) >= at_least:
            return shown
        page.wait_for_timeout(50)
    raise AssertionError(f"fewer than {at_least} notifications: {shown}")


def test_she_turns_reminders_on_and_the_coachs_reply_shows_as_a_notification(browser, live_server, people, service,
                                                                              wednesday):
    phone_browser = service.browser("annas-phone")
    context = new_context(browser, live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    context.grant_permissions(["notifications"], origin=live_server.url)
    context.add_init_script(f"({FAKE_PUSH})({json.dumps(phone_browser.to_json())})")
    try:
        page = context.new_page()
        browser_login(page, people.client, home=False)
        page.goto("/diary/settings")
        wait_for_control(page)
        expect(page.get_by_test_id("push-unsupported")).to_be_hidden()
        page.get_by_label("Muistuta minua kirjoittamaan").check()
        page.get_by_label("Kello").fill("09:30")
        page.get_by_label("Ilmoita, kun ohjaaja vastaa").check()
        assert_no_sideways_scroll(page)
        page.screenshot(path="/tmp/push-settings-phone.png", full_page=True)
        page.get_by_role("button", name="Tallenna muistutukset").click()
        expect(page.get_by_text("Muistutukset tallennettu.")).to_be_visible()
        db.session.expire_all()
        [subscription] = db.session.scalars(db.select(PushSubscription)).all()
        assert (subscription.client_id, subscription.endpoint) == (people.client.id, phone_browser.endpoint)
        choice = db.session.get(DiaryReminder, people.client.id)
        assert (choice.remind, choice.remind_at, choice.on_reply) == (True, time(9, 30), True)

        # The coach answers: the push service gets the message, sealed for this phone's keys.
        entry = factories.make_entry(people.client, WEDNESDAY, mood=3, shared=True, went_well="Lajittelin")
        answer = entries.reply(entry, people.coach, "Hyvä päivä!")
        reminders.reply_written(answer)
        [message] = service.to(phone_browser)
        payload = phone_browser.decrypt(message.body)

        deliver(context, page, live_server.url, json.dumps(payload))
        [shown] = notifications(page, at_least=1)
        icon = shown.pop("icon")  # the shell's own (hashed) URL, already in the worker's cache
        assert icon.startswith(live_server.url + "/static/icons/icon-192.png?v=")
        assert shown == {"title": "Päiväkirja", "body": "Ohjaajasi vastasi päiväkirjaasi.", "tag": "diary-reply",
                         "url": live_server.url + "/diary/2026-11-18"}

        # One tap: everything off.
        page.goto("/diary/settings")
        page.get_by_role("button", name="Lopeta muistutukset ja ilmoitukset").click()
        expect(page.get_by_text("Muistutukset ja ilmoitukset ovat pois päältä.")).to_be_visible()
        db.session.expire_all()
        choice = db.session.get(DiaryReminder, people.client.id)
        assert (choice.remind, choice.on_reply) == (False, False)
    finally:
        context.close()


def test_the_worker_opens_only_the_apps_own_pages(phone, live_server, people):
    page = phone
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    browser_login(page, people.client, home=False)
    page.goto("/diary/settings")
    wait_for_control(page)
    deliver(page.context, page, live_server.url, json.dumps(
        {"title": "Päiväkirja", "body": "x", "url": "https://evil.example/phish", "tag": "t"}))
    assert notifications(page, at_least=1)[0]["url"] == live_server.url + "/diary"
    [worker] = page.context.service_workers
    target = "(url) => notificationTarget({url: url})"
    assert worker.evaluate(target, "/diary/2026-11-18") == live_server.url + "/diary/2026-11-18"
    assert worker.evaluate(target, "//evil.example/x") == live_server.url + "/diary"
    assert worker.evaluate(target, "/kiosk/screen") == live_server.url + "/diary"
    assert worker.evaluate("() => notificationTarget(null)") == live_server.url + "/diary"
    # A message that is not JSON still shows a notification, never nothing.
    deliver(page.context, page, live_server.url, "not json")
    assert "Läsnä" in [n["title"] for n in notifications(page, at_least=2)]


def test_a_browser_without_push_says_so_calmly(browser, live_server, people):
    context = new_context(browser, live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    context.add_init_script("delete window.PushManager;")
    try:
        page = context.new_page()
        browser_login(page, people.client, home=False)
        page.goto("/diary/settings")
        expect(page.get_by_test_id("push-unsupported")).to_be_visible()
        expect(page.get_by_label("Muistuta minua kirjoittamaan")).to_be_hidden()
        assert_no_sideways_scroll(page)
    finally:
        context.close()
