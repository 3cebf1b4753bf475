"""POST /kiosk/scan live: badge and name + PIN at the door tablet (real HTTP, both databases)."""
from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import event

from tests import factories
from tests.http import kiosk_csrf, text
from tests.kiosks.helpers import badge_of, new_key, pair, post_scan
from tests.moments import DURING_THE_DAY, HEL, MORNING
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Flag, Method, Scan
from webapp.extensions import db
from webapp.units.models import Closure


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def outcome(response) -> tuple[int, str, str | None]:
    return response.status_code, response.headers.get("X-Lasna-Outcome"), response.headers.get("X-Lasna-Reason")


# --- Badge -----------------------------------------------------------------------------------------

@time_machine.travel(MORNING, tick=False)
def test_a_badge_checks_the_client_in_and_asks_about_lunch(http, people):
    kiosk = pair(http, people.unit)
    response = post_scan(http, kind="badge", badge=badge_of(people.client))
    assert outcome(response) == (200, "checked_in", None)
    html = text(response)
    assert "Tervetuloa, Anna!" in html and "Kirjauduit sisään klo 8.05." in html
    assert "Syötkö lounaan tänään?" in html and 'name="ticket"' in html
    day = db.session.scalar(db.select(ActivityDay))
    assert (day.client_id, day.unit_id, day.check_in_at, day.check_in_method) == (
        people.client.id, people.unit.id, MORNING, "badge")
    scan = db.session.scalar(db.select(Scan))
    assert (scan.kiosk_id, scan.method, scan.outcome) == (kiosk.id, "badge", "checked_in")


def statements_of(http, **fields) -> tuple[str, int]:
    """The outcome of one scan and the SQL statements it cost, from a session that has seen
    nothing yet (as a request on a server does)."""
    csrf = kiosk_csrf(http)
    db.session.expunge_all()
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731 (before_cursor_execute's statement)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = http.post("/kiosk/scan", data={"key": new_key(), **fields}, headers={"X-CSRFToken": csrf})
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return response.headers.get("X-Lasna-Outcome"), len(seen)


def test_a_scan_reads_her_week_once_and_writes_each_row_once(http, people):
    """The kiosk, the client with her periods, the lock, her week, the unit's opening hours and
    closures, then one INSERT for the day (flags included) and one for the scan (outcome
    included). A check-out also asks whether it repeats a scan of the last 2 minutes and writes
    an UPDATE instead of the day's INSERT."""
    pair(http, people.unit)
    badge = badge_of(people.client)
    with time_machine.travel(MORNING, tick=False):
        assert statements_of(http, kind="badge", badge=badge) == ("checked_in", 8)
    with time_machine.travel(MORNING + timedelta(hours=6), tick=False):
        assert statements_of(http, kind="badge", badge=badge, at=(MORNING + timedelta(hours=5)).isoformat(),
                             queued="1") == ("checked_out", 9)


@time_machine.travel(datetime(2026, 11, 20, 8, 5, tzinfo=HEL), tick=False)
def test_a_check_in_carries_its_flags_from_the_moment_it_is_written(http, people):
    """The new day's flags are set before its one INSERT, from her periods (read with her badge)
    and the unit's calendar: Friday is not one of her planned days (Mon-Thu), the unit is closed
    for a training day, and it is her fifth day this week."""
    friday = date(2026, 11, 20)
    db.session.add(Closure(unit_id=people.unit.id, starts_on=friday, ends_on=friday, reason="Koulutuspäivä"))
    db.session.commit()
    for back in range(1, 5):  # Monday to Thursday, from an offline tablet's queue
        scans.record_scan(key=f"queued-{back}", unit=people.unit, method=Method.BADGE, client=people.client.client,
                          scanned_at=datetime(2026, 11, 20 - back, 8, 0, tzinfo=HEL), queued=True)
    pair(http, people.unit)
    assert outcome(post_scan(http, kind="badge", badge=badge_of(people.client))) == (200, "checked_in", None)
    db.session.expire_all()
    flags = {d.day: Flag(d.flags) for d in db.session.scalars(db.select(ActivityDay))}
    assert flags[friday] == Flag.UNPLANNED_DAY | Flag.CLOSURE_DAY | Flag.FIFTH_DAY
    assert flags[date(2026, 11, 19)] == Flag(0)


@time_machine.travel(MORNING, tick=False)
def test_a_replaced_badge_is_refused_but_recorded_once(http, people):
    pair(http, people.unit)
    old = badge_of(people.client)
    people.client.client.regenerate_badge()
    db.session.commit()
    response = post_scan(http, kind="badge", badge=old, key="old-card")
    assert outcome(response) == (422, "rejected", "unknown_badge")
    assert "Tätä korttia ei tunnistettu" in text(response) and "Anna" not in text(response)
    assert count(ActivityDay) == 0
    scan = db.session.scalar(db.select(Scan))
    assert (scan.key, scan.outcome, scan.reason, scan.client_id) == ("old-card", "rejected", "unknown_badge", None)
    # ...and the new card works.
    assert outcome(post_scan(http, kind="badge", badge=badge_of(people.client)))[1] == "checked_in"


@time_machine.travel(MORNING, tick=False)
@pytest.mark.parametrize("payload", ["lasna:badge:no-such-token", "https://example.fi/poster", "lasna:badge:",
                                     "lasna:badge:" + "x" * 300])
def test_an_unknown_badge_is_refused_kindly(http, people, payload):
    pair(http, people.unit)
    response = post_scan(http, kind="badge", badge=payload)
    assert outcome(response) == (422, "rejected", "unknown_badge")
    assert "Jos sait uuden kortin, käytä sitä." in text(response)
    assert count(ActivityDay) == 0 and count(Scan) == 1


@time_machine.travel(MORNING, tick=False)
def test_another_units_badge_is_refused_without_naming_the_client(http, people):
    pair(http, people.unit)
    response = post_scan(http, kind="badge", badge=badge_of(people.other_client))
    assert outcome(response) == (422, "rejected", "not_this_unit")
    assert "Pekka" not in text(response) and "Kysy ohjaajalta" in text(response)
    assert count(ActivityDay) == 0


def test_a_later_scan_of_the_day_asks_about_leaving(http, people):
    pair(http, people.unit)
    with time_machine.travel(MORNING, tick=False):
        post_scan(http, kind="badge", badge=badge_of(people.client))
    with time_machine.travel(DURING_THE_DAY, tick=False):
        response = post_scan(http, kind="badge", badge=badge_of(people.client))
    assert outcome(response) == (200, "asked_leave", None)
    assert "Lähdetkö nyt?" in text(response) and "Kyllä, lähden" in text(response)
    assert 'hx-post="/kiosk/leave"' in text(response)
    assert db.session.scalar(db.select(ActivityDay.check_out_at)) is None  # not until "yes"


def test_a_scan_within_two_minutes_is_a_kind_duplicate_recorded_once(http, people):
    pair(http, people.unit)
    with time_machine.travel(MORNING, tick=False):
        post_scan(http, kind="badge", badge=badge_of(people.client))
    with time_machine.travel(MORNING + timedelta(seconds=100), tick=False):
        response = post_scan(http, kind="badge", badge=badge_of(people.client))
    assert outcome(response) == (200, "duplicate", None)
    assert "Olet jo kirjautunut, Anna." in text(response)
    assert "Syötkö lounaan tänään?" in text(response)  # not answered yet: asked again
    day = db.session.scalar(db.select(ActivityDay))
    assert count(ActivityDay) == 1 and day.check_in_at == MORNING and day.check_out_at is None


@time_machine.travel(MORNING, tick=False)
def test_a_replayed_key_gets_the_same_answer_and_one_row(http, people):
    pair(http, people.unit)
    first = post_scan(http, kind="badge", badge=badge_of(people.client), key="tablet-key-1")
    again = post_scan(http, kind="badge", badge=badge_of(people.client), key="tablet-key-1")
    assert outcome(first) == outcome(again) == (200, "checked_in", None)
    assert "Tervetuloa, Anna!" in text(again)
    assert count(Scan) == 1 and count(ActivityDay) == 1


@time_machine.travel(MORNING, tick=False)
def test_another_kiosks_key_is_not_answered_for_it(http, people, app):
    pair(http, people.unit)
    post_scan(http, kind="badge", badge=badge_of(people.client), key="shared-key")
    other = app.test_client()
    pair(other, people.unit)
    response = post_scan(other, kind="badge", badge=badge_of(people.client), key="shared-key")
    assert outcome(response) == (422, "rejected", "key_conflict")
    assert "Anna" not in text(response)
    assert count(Scan) == 1


# --- Name and PIN ------------------------------------------------------------------------------------

@time_machine.travel(MORNING, tick=False)
def test_name_and_pin_check_the_client_in(http, people):
    pair(http, people.unit)
    pin = factories.enrol_pin(people.client)
    response = post_scan(http, kind="pin", client=people.client.id, pin=pin)
    assert outcome(response) == (200, "checked_in", None)
    assert "Tervetuloa, Anna!" in text(response)
    assert db.session.scalar(db.select(ActivityDay.check_in_method)) == "pin"


@time_machine.travel(MORNING, tick=False)
def test_a_wrong_pin_is_counted_and_answered_kindly(http, people):
    pair(http, people.unit)
    factories.enrol_pin(people.client)
    response = post_scan(http, kind="pin", client=people.client.id, pin="9999")
    assert outcome(response) == (422, "rejected", "wrong_pin")
    html = text(response)
    assert "PIN-koodi ei ollut oikein" in html and "Voit yrittää vielä 4 kertaa." in html
    assert f'data-pin-client="{people.client.id}"' in html  # "try again" opens the pad again
    assert people.client.client.pin_failed_attempts == 1
    assert count(ActivityDay) == 0
    assert db.session.scalar(db.select(Scan.reason)) == "wrong_pin"


@time_machine.travel(MORNING, tick=False)
def test_a_replayed_wrong_pin_is_not_counted_twice(http, people):
    pair(http, people.unit)
    factories.enrol_pin(people.client)
    post_scan(http, kind="pin", client=people.client.id, pin="9999", key="same")
    again = post_scan(http, kind="pin", client=people.client.id, pin="9999", key="same")
    assert outcome(again) == (422, "rejected", "wrong_pin")
    assert people.client.client.pin_failed_attempts == 1 and count(Scan) == 1


def test_five_wrong_pins_lock_it_for_15_minutes_and_the_coach_can_open_it(http, people):
    pair(http, people.unit)
    pin = factories.enrol_pin(people.client)
    with time_machine.travel(MORNING, tick=False):
        for _ in range(4):
            assert outcome(post_scan(http, kind="pin", client=people.client.id, pin="9999"))[2] == "wrong_pin"
        locked = post_scan(http, kind="pin", client=people.client.id, pin="9999")
        assert outcome(locked) == (422, "rejected", "pin_locked")
        assert "PIN-koodi on nyt lukossa" in text(locked)
        assert "Voit yrittää uudelleen klo 8.20." in text(locked)
        assert "Ohjaaja voi avata sen heti." in text(locked)
        # Even the right PIN waits while it is locked.
        right = post_scan(http, kind="pin", client=people.client.id, pin=pin)
        assert outcome(right) == (422, "rejected", "pin_locked") and "klo 8.20" in text(right)
        assert count(ActivityDay) == 0
        # The coach opens it at once.
        scans.unlock_pin(people.client.client)
        db.session.commit()
        assert outcome(post_scan(http, kind="pin", client=people.client.id, pin=pin)) == (200, "checked_in", None)


def test_a_locked_pin_opens_again_by_itself_after_15_minutes(http, people):
    pair(http, people.unit)
    pin = factories.enrol_pin(people.client)
    with time_machine.travel(MORNING, tick=False):
        for _ in range(5):
            post_scan(http, kind="pin", client=people.client.id, pin="9999")
    with time_machine.travel(MORNING + timedelta(minutes=15, seconds=1), tick=False):
        assert outcome(post_scan(http, kind="pin", client=people.client.id, pin=pin))[1] == "checked_in"


@time_machine.travel(MORNING, tick=False)
def test_a_client_without_a_pin_is_told_who_helps(http, people):
    pair(http, people.unit)
    response = post_scan(http, kind="pin", client=people.client.id, pin="4071")
    assert outcome(response) == (422, "rejected", "no_pin")
    assert "Sinulla ei ole vielä PIN-koodia" in text(response)


@time_machine.travel(MORNING, tick=False)
@pytest.mark.parametrize("who", ["other_client", "coach", "missing"])
def test_a_client_id_that_is_not_this_units_is_404_before_any_pin_check(http, people, who):
    pair(http, people.unit)
    factories.enrol_pin(people.other_client)
    ident = 987654 if who == "missing" else getattr(people, who).id
    response = post_scan(http, kind="pin", client=ident, pin="9999")
    assert outcome(response) == (404, "rejected", "not_this_unit")
    assert "Nimeä ei löytynyt" in text(response)
    assert people.other_client.client.pin_failed_attempts == 0
    assert count(Scan) == 0


# --- Bad input ------------------------------------------------------------------------------------

@time_machine.travel(MORNING, tick=False)
@pytest.mark.parametrize("fields", [
    {},
    {"kind": "badge", "badge": "lasna:badge:x", "key": ""},
    {"kind": "badge", "badge": "lasna:badge:x", "key": "has space"},
    {"kind": "badge", "badge": "lasna:badge:x", "key": "k" * 81},
    {"kind": "badge", "badge": "lasna:badge:x", "key": "ä-key"},
    {"kind": "phone", "badge": "lasna:badge:x"},
    {"badge": "lasna:badge:x"},
    {"kind": "badge"},
    {"kind": "badge", "badge": "lasna:badge:x", "at": "yesterday"},
    {"kind": "badge", "badge": "lasna:badge:x", "at": "2026-11-18T06:05:00"},  # no offset
    {"kind": "badge", "badge": "lasna:badge:x", "at": "2026-13-18T06:05:00Z"},
    {"kind": "pin", "pin": "4071"},
    {"kind": "pin", "client": "abc", "pin": "4071"},
    {"kind": "pin", "client": "{client}", "pin": "40710"},
    {"kind": "pin", "client": "{client}", "pin": "40a1"},
    {"kind": "pin", "client": "{client}"},
])
def test_malformed_scans_are_400_with_the_outcome_header(http, people, fields):
    pair(http, people.unit)
    factories.enrol_pin(people.client)
    fields = {k: v.format(client=people.client.id) for k, v in fields.items()}
    if "key" not in fields and fields:
        fields["key"] = new_key()
    from tests.http import kiosk_csrf
    response = http.post("/kiosk/scan", data=fields, headers={"X-CSRFToken": kiosk_csrf(http)})
    assert outcome(response)[:2] == (400, "rejected")
    assert "Kirjaus ei onnistunut" in text(response)
    assert count(Scan) == 0 and people.client.client.pin_failed_attempts == 0


@time_machine.travel(MORNING, tick=False)
def test_a_post_without_a_csrf_token_is_400_without_the_header_so_the_queue_keeps_it(http, people):
    pair(http, people.unit)
    response = http.post("/kiosk/scan", data={"key": new_key(), "kind": "badge", "badge": badge_of(people.client)})
    assert response.status_code == 400 and "X-Lasna-Outcome" not in response.headers
    assert count(Scan) == 0


@time_machine.travel(MORNING, tick=False)
def test_the_token_may_come_as_a_form_field(http, people):
    from tests.http import kiosk_csrf
    pair(http, people.unit)
    response = http.post("/kiosk/scan", data={"key": new_key(), "kind": "badge", "badge": badge_of(people.client),
                                              "csrf_token": kiosk_csrf(http)})
    assert outcome(response) == (200, "checked_in", None)


def test_the_scan_route_rejects_a_get(http, people):
    pair(http, people.unit)
    assert http.get("/kiosk/scan").status_code == 405
