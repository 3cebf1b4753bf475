"""Diary reminders and reply notices by Web Push, against a push service run by the test
(tests/diary/push_service.py): the message arrives encrypted for the browser's keys and is
decrypted here with http_ece; its headers (TTL, Urgency, Topic, the VAPID Authorization) are
checked; and the rules say when a reminder goes: on her expected days, at or after her time,
never in quiet hours, never once today's entry exists, once a day, never when turned off.
A push service that answers 410 or 404 has forgotten the browser: its subscription goes."""
import time as wall_time
from datetime import date, datetime, time, timedelta

import pytest
import time_machine

from tests import factories
from tests.diary import push_service
from tests.http import csrf_token, login, post, text
from tests.moments import HEL
from webapp.diary import push, reminders
from webapp.diary.push_models import DiaryReminder, PushNotice, PushSubscription
from webapp.extensions import db
from webapp.units.models import Closure

WEDNESDAY = date(2026, 11, 18)  # Anna's period plans Monday to Thursday; her unit is open Monday to Friday
FRIDAY = date(2026, 11, 20)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), HEL)


@pytest.fixture
def service(app):
    """The test's push service, and the app told that its address is a push service."""
    started, stop = push_service.start()
    known = app.config["PUSH_SERVICES"]
    app.config["PUSH_SERVICES"] = known + ("http://127.0.0.1",)
    yield started
    app.config["PUSH_SERVICES"] = known
    stop()


def subscribe(person, browser) -> PushSubscription:
    parsed = push.parse_subscription(browser.to_json())
    assert parsed is not None
    return push.save_subscription(person.client, *parsed)


def choose(person, *, remind=True, remind_at=time(9, 0), on_reply=False):
    reminders.save_choices(person.client, remind=remind, remind_at=remind_at, on_reply=on_reply)


def send_now(app) -> str:
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


@pytest.fixture
def anna(people, service):
    """Anna wants a reminder at 9.00 on this phone."""
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        browser = service.browser("anna-phone")
        subscribe(people.client, browser)
        choose(people.client)
    return browser


# --- What arrives ---------------------------------------------------------------------------------

def test_a_due_reminder_arrives_encrypted_for_her_browser_with_its_headers(app, people, service, anna):
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        output = send_now(app)
        assert "reminders: 1 sent, 1 delivered" in output
        [message] = service.to(anna)
        assert anna.decrypt(message.body) == {"title": "Päiväkirja", "url": "/diary", "tag": "diary-reminder",
                                              "body": "On aika kirjoittaa päiväkirjaan. Miten päiväsi meni?"}
        headers = message.headers
        assert headers["content-encoding"] == "aes128gcm"
        assert headers["ttl"] == str(4 * 3600)  # at most four hours late: well before quiet hours at 20.00
        assert headers["urgency"] == "normal" and headers["topic"] == "diary-reminder"
        claims = push_service.vapid_claims(headers["authorization"], app.config["VAPID_PUBLIC_KEY"])
        assert claims["aud"] == service.url and claims["sub"] == "mailto:tests@example.fi"
        sent = at(WEDNESDAY, 9, 5).timestamp()  # the frozen moment (py_vapid signs with time.time())
        assert sent < claims["exp"] <= sent + 24 * 3600
        subscription = db.session.scalar(db.select(PushSubscription))
        assert subscription.last_success_at == at(WEDNESDAY, 9, 5) and subscription.failures == 0
        notice = db.session.scalar(db.select(PushNotice))
        assert (notice.kind, notice.day, notice.delivered) == ("reminder", WEDNESDAY, 1)


def test_it_is_sent_once_a_day(app, people, service, anna):
    for minute in (0, 5, 10):
        with time_machine.travel(at(WEDNESDAY, 9, minute), tick=False):
            send_now(app)
    with time_machine.travel(at(WEDNESDAY, 9, 15), tick=False):
        assert "reminders: 0 sent" in send_now(app)
    assert len(service.to(anna)) == 1
    with time_machine.travel(at(WEDNESDAY + timedelta(days=1), 9, 1), tick=False):  # Thursday: a new day
        assert "reminders: 1 sent" in send_now(app)
    assert len(service.to(anna)) == 2


def test_it_speaks_her_language(app, people, service, anna):
    people.client.language = "sv"
    db.session.commit()
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        send_now(app)
    message = anna.decrypt(service.to(anna)[0].body)
    assert message["title"] == "Dagbok" and "dagbok" in message["body"]


def test_every_device_of_hers_gets_it_and_no_one_else(app, people, service, anna):
    tablet = service.browser("anna-tablet")
    other = service.browser("pekka-phone")
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        subscribe(people.client, tablet)
        subscribe(people.other_client, other)  # Pekka wants no reminders
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        assert "1 sent, 2 delivered" in send_now(app)
    assert len(service.to(anna)) == len(service.to(tablet)) == 1 and service.to(other) == []


# --- When -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("moment, due", [
    (at(WEDNESDAY, 8, 59), False),  # before her time
    (at(WEDNESDAY, 9, 0), True),  # at it
    (at(WEDNESDAY, 11, 59), True),  # late, still the morning's reminder
    (at(WEDNESDAY, 12, 1), False),  # more than three hours late: not what she asked for
    (at(FRIDAY, 9, 5), False),  # a day she is not expected
    (at(date(2026, 11, 21), 9, 5), False),  # Saturday
])
def test_it_goes_at_her_time_on_her_days(app, people, service, anna, moment, due):
    with time_machine.travel(moment, tick=False):
        send_now(app)
    assert len(service.to(anna)) == (1 if due else 0)


def test_a_closed_unit_means_no_reminder(app, people, service, anna):
    db.session.add(Closure(unit_id=people.unit.id, starts_on=WEDNESDAY, ends_on=WEDNESDAY, reason="Koulutuspäivä"))
    db.session.commit()
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        send_now(app)
    assert service.to(anna) == []


def test_no_reminder_in_quiet_hours_and_its_ttl_ends_before_them(app, people, service, anna):
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        choose(people.client, remind_at=time(19, 30))
    with time_machine.travel(at(WEDNESDAY, 20, 0), tick=False):
        send_now(app)  # quiet hours began
    assert service.to(anna) == []
    with time_machine.travel(at(WEDNESDAY + timedelta(days=1), 19, 59), tick=False):
        send_now(app)
    [message] = service.to(anna)
    assert message.headers["ttl"] == "60"  # a phone that is off does not get it at night


def test_quiet_hours_are_a_setting(app, people, service, anna):
    quiet = app.config["QUIET_HOURS"]
    app.config["QUIET_HOURS"] = (time(9, 0), time(10, 0))
    try:
        with time_machine.travel(at(WEDNESDAY, 9, 30), tick=False):
            send_now(app)
        assert service.to(anna) == []
    finally:
        app.config["QUIET_HOURS"] = quiet
    assert reminders.is_quiet(time(23, 0), (time(20), time(8))) and reminders.is_quiet(time(7, 59), (time(20), time(8)))
    assert not reminders.is_quiet(time(8, 0), (time(20), time(8))) and reminders.is_quiet(time(20), (time(20), time(8)))


def test_no_reminder_once_today_is_written(app, people, service, anna):
    factories.make_entry(people.client, WEDNESDAY, mood=4)
    factories.make_entry(people.client, WEDNESDAY + timedelta(days=1) - timedelta(days=2), mood=3)  # Monday's
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        assert "reminders: 0 sent" in send_now(app)
    assert service.to(anna) == []


def test_no_reminder_when_turned_off_or_never_chosen(app, people, service, anna):
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        reminders.turn_off(people.client.client)
        other = service.browser("pekka-phone")
        subscribe(people.other_client, other)  # a device, but no choice made
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        assert "reminders: 0 sent" in send_now(app)
    assert service.received == []
    assert db.session.get(DiaryReminder, people.client.id).remind is False


def test_an_inactive_client_gets_nothing(app, people, service, anna):
    people.client.active = False
    db.session.commit()
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        send_now(app)
    assert service.received == []


@pytest.mark.parametrize("day", [date(2027, 3, 28), date(2026, 10, 25)])  # Helsinki's clocks change (Sundays)
def test_a_reminder_on_the_day_the_clocks_change_comes_at_her_wall_clock_time(app, service, day):
    with time_machine.travel(at(day, 8, 0), tick=False):
        unit = factories.make_unit("Sunnuntaipaja", weekdays=range(7))
        person = factories.make_client(unit, period=False, first_name="Sanna")
        factories.make_period(person.client, unit, starts_on=day - timedelta(days=30), ends_on=day + timedelta(days=60),
                              weekdays=(6,))
        browser = service.browser("sanna")
        subscribe(person, browser)
        choose(person, remind_at=time(9, 0))
    with time_machine.travel(at(day, 8, 59), tick=False):
        send_now(app)
    assert service.to(browser) == []
    with time_machine.travel(at(day, 9, 0), tick=False):
        assert "reminders: 1 sent" in send_now(app)
    notice = db.session.scalar(db.select(PushNotice))
    assert notice.day == day and notice.sent_at == at(day, 9, 0)


# --- What the push service says -------------------------------------------------------------------

@pytest.mark.parametrize("status", [410, 404])
def test_a_forgotten_browser_is_removed(app, people, service, anna, status):
    service.answer(anna, status)
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        output = send_now(app)
    assert "1 sent, 0 delivered, 0 failed, 1 devices removed" in output
    assert db.session.scalar(db.select(db.func.count()).select_from(PushSubscription)) == 0
    assert db.session.scalar(db.select(PushNotice.delivered)) == 0


def test_a_failing_push_service_is_counted_and_given_up_after_ten_failures(app, people, service, anna):
    service.answer(anna, 503)
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        assert "0 delivered, 1 failed, 0 devices removed" in send_now(app)
    assert db.session.scalar(db.select(PushSubscription.failures)) == 1
    notice = reminders.reminder_message(people.client.id, at(WEDNESDAY, 9, 5))
    for _attempt in range(push.MAX_FAILURES - 1):
        push.send(people.client.id, notice)
    assert db.session.scalar(db.select(db.func.count()).select_from(PushSubscription)) == 0


def test_an_unreachable_push_service_is_a_failure_not_an_error(app, people, service):
    browser = service.browser("gone")
    browser.endpoint = "http://127.0.0.1:9/push/nobody"  # the discard port: nothing listens
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        subscribe(people.client, browser)
        choose(people.client)
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        assert "1 sent, 0 delivered, 1 failed" in send_now(app)


def test_without_a_vapid_key_nothing_is_sent(app, people, service, anna):
    key = app.config["VAPID_PRIVATE_KEY"]
    app.config["VAPID_PRIVATE_KEY"] = None
    try:
        with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
            assert "push is off" in send_now(app)
    finally:
        app.config["VAPID_PRIVATE_KEY"] = key
    assert service.received == []


# --- The coach's reply ----------------------------------------------------------------------------

@pytest.fixture
def shared(people):
    return factories.make_entry(people.client, WEDNESDAY, mood=2, shared=True, was_hard="Nukuin huonosti")


def reply(http, people, entry, words="Kiitos, puhutaan huomenna"):
    login(http, people.coach)
    response = post(http, f"/clients/{people.client.id}/diary/{entry.id}/reply", {"text": words})
    assert response.status_code == 303
    return response


def test_a_reply_tells_her_without_a_word_of_the_diary(app, http, people, service, anna, shared):
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        choose(people.client, remind=False, on_reply=True)
    with time_machine.travel(at(WEDNESDAY, 13, 0), tick=False):
        reply(http, people, shared, "Kiitos, puhutaan huomenna")
    [message] = service.to(anna)
    body = anna.decrypt(message.body)
    assert body == {"title": "Päiväkirja", "body": "Ohjaajasi vastasi päiväkirjaasi.", "url": "/diary/2026-11-18",
                    "tag": "diary-reply"}
    assert "huomenna" not in str(body) and "Nukuin" not in str(body)
    assert message.headers["ttl"] == str(2 * 24 * 3600) and message.headers["urgency"] == "low"
    assert message.headers["topic"] == "diary-reply"
    push_service.vapid_claims(message.headers["authorization"], app.config["VAPID_PUBLIC_KEY"])
    with time_machine.travel(at(WEDNESDAY, 13, 10), tick=False):
        send_now(app)
    assert len(service.to(anna)) == 1  # told once


def test_a_reply_she_did_not_ask_to_hear_of_sends_nothing(app, http, people, service, anna, shared):
    with time_machine.travel(at(WEDNESDAY, 13, 0), tick=False):
        reply(http, people, shared)
    assert service.received == []


def test_a_reply_in_quiet_hours_waits_for_the_morning(app, http, people, service, anna, shared):
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        choose(people.client, remind=False, on_reply=True)
    with time_machine.travel(at(WEDNESDAY, 21, 30), tick=False):
        reply(http, people, shared)
        send_now(app)
    assert service.received == []
    with time_machine.travel(at(WEDNESDAY + timedelta(days=1), 8, 5), tick=False):
        assert "reply notices: 1 sent" in send_now(app)
        assert "reply notices: 0 sent" in send_now(app)
    assert len(service.to(anna)) == 1


def test_a_waiting_notice_of_a_reply_she_has_read_is_not_sent(app, http, people, service, anna, shared):
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        choose(people.client, remind=False, on_reply=True)
    with time_machine.travel(at(WEDNESDAY, 21, 30), tick=False):
        reply(http, people, shared)
        client = app.test_client()
        login(client, people.client)
        assert client.get("/diary/2026-11-18").status_code == 200  # she reads it at night
    with time_machine.travel(at(WEDNESDAY + timedelta(days=1), 8, 5), tick=False):
        assert "reply notices: 0 sent" in send_now(app)
    assert service.received == []


def test_a_push_service_that_fails_never_breaks_the_reply(app, http, people, service, shared):
    browser = service.browser("gone")
    browser.endpoint = "http://127.0.0.1:9/push/nobody"
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        subscribe(people.client, browser)
        choose(people.client, remind=False, on_reply=True)
    with time_machine.travel(at(WEDNESDAY, 13, 0), tick=False):
        started = wall_time.monotonic()
        reply(http, people, shared)
        assert wall_time.monotonic() - started < 5
    assert db.session.scalar(db.select(db.func.count()).select_from(PushNotice)) == 1
    assert db.session.scalar(db.select(PushSubscription.failures)) == 1


# --- The browser's subscription over HTTP ---------------------------------------------------------

def test_her_browser_subscribes_over_http(app, http, people, service):
    browser = service.browser("anna-http")
    login(http, people.client)
    token = csrf_token(http)
    response = http.post("/diary/push", json=browser.to_json(), headers={"X-CSRFToken": token})
    assert response.status_code == 204
    again = http.post("/diary/push", json=browser.to_json(), headers={"X-CSRFToken": token})
    assert again.status_code == 204  # every visit sends it again: still one row
    [row] = db.session.scalars(db.select(PushSubscription)).all()
    assert (row.client_id, row.endpoint, row.p256dh) == (people.client.id, browser.endpoint, browser.p256dh)


@pytest.mark.parametrize("change", [
    lambda s: s.update(endpoint="https://evil.example/push/1"),  # not a push service
    lambda s: s.update(endpoint="http://fcm.googleapis.com/x"),  # not https
    lambda s: s.update(endpoint="https://fcm.googleapis.com:8443/x"),
    lambda s: s.update(endpoint="https://user@fcm.googleapis.com/x"),
    lambda s: s["keys"].update(p256dh="AAAA"),
    lambda s: s["keys"].update(auth="not base64 !"),
    lambda s: s["keys"].update(auth=push_service.b64url(b"x" * 15)),
    lambda s: s.pop("keys"),
    lambda s: s.update(endpoint=["https://fcm.googleapis.com/x"]),
])
def test_a_subscription_that_is_not_one_is_refused(app, http, people, change):
    browser = push_service.PushService(url="https://fcm.googleapis.com").browser("x")
    subscription = browser.to_json()
    change(subscription)
    login(http, people.client)
    response = http.post("/diary/push", json=subscription, headers={"X-CSRFToken": csrf_token(http)})
    assert response.status_code == 400 and "ilmoituksia" in response.json["error"]
    assert db.session.scalar(db.select(db.func.count()).select_from(PushSubscription)) == 0


def test_known_push_services_are_taken(app, http, people):
    login(http, people.client)
    for endpoint in ("https://fcm.googleapis.com/fcm/send/abc", "https://web.push.apple.com/QGx",
                     "https://updates.push.services.mozilla.com/wpush/v2/x", "https://wns2-db5p.notify.windows.com/w/?token=x"):
        browser = push_service.PushService(url="x").browser("x")
        browser.endpoint = endpoint
        response = http.post("/diary/push", json=browser.to_json(), headers={"X-CSRFToken": csrf_token(http)})
        assert response.status_code == 204, endpoint


def test_subscribing_needs_the_csrf_token_and_a_client(app, http, people, service):
    browser = service.browser("x")
    login(http, people.client)
    assert http.post("/diary/push", json=browser.to_json()).status_code == 400
    coach = app.test_client()
    login(coach, people.coach)
    assert coach.post("/diary/push", json=browser.to_json(), headers={"X-CSRFToken": csrf_token(coach)}).status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(PushSubscription)) == 0


def test_a_shared_phone_moves_to_the_client_signed_in_now(app, people, service):
    browser = service.browser("shared")
    subscribe(people.other_client, browser)
    subscribe(people.client, browser)
    [row] = db.session.scalars(db.select(PushSubscription)).all()
    assert row.client_id == people.client.id


def test_her_data_export_holds_her_choices_devices_and_notifications(app, http, people, service, anna):
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        send_now(app)
        login(http, people.client)
        data = http.get("/me/data.json").json["reminders"]
        page = text(http.get("/me/data"))
    assert data["remind"] is True and data["remind_at"] == "09:00" and data["on_reply"] is False
    assert data["devices"] == [{"push_service": "127.0.0.1", "created_at": "2026-11-18T06:00:00+00:00",
                                "last_success_at": "2026-11-18T07:05:00+00:00", "failures": 0}]
    assert [(n["kind"], n["day"], n["devices_reached"]) for n in data["notifications"]] == [("reminder", "2026-11-18", 1)]
    assert anna.endpoint not in str(data) and anna.endpoint not in page  # a key to her browser
    assert "Muistutus kirjoittamaan kello 09.00." in page and "Lähetetyt ilmoitukset" in page


def test_a_notice_that_breaks_in_any_way_leaves_the_reply_saved(app, http, people, service, anna, shared, monkeypatch):
    with time_machine.travel(at(WEDNESDAY, 8, 0), tick=False):
        choose(people.client, remind=False, on_reply=True)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in sending")

    monkeypatch.setattr(push, "send", broken)
    with time_machine.travel(at(WEDNESDAY, 13, 0), tick=False):
        reply(http, people, shared, "Kiitos!")
    db.session.expire_all()
    assert [r.text for r in shared.replies] == ["Kiitos!"]


def test_what_was_sent_is_forgotten_after_90_days(app, people, service, anna):
    with time_machine.travel(at(WEDNESDAY, 9, 5), tick=False):
        send_now(app)
    with time_machine.travel(at(WEDNESDAY + timedelta(days=89), 9, 5), tick=False):
        send_now(app)
        assert db.session.scalar(db.select(db.func.count()).select_from(PushNotice)) >= 1
        assert db.session.scalar(db.select(PushNotice.day).order_by(PushNotice.day).limit(1)) == WEDNESDAY
    with time_machine.travel(at(WEDNESDAY + timedelta(days=91), 9, 5), tick=False):
        send_now(app)
    assert WEDNESDAY not in db.session.scalars(db.select(PushNotice.day)).all()
