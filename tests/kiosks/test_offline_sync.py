"""Scans from the tablet's offline queue: sent later with their real time (queued=1), PINs sealed."""
import json
from datetime import UTC, timedelta

import pytest
import time_machine

from tests import factories
from tests.http import text
from tests.kiosks.helpers import badge_of, new_key, pair, post_scan
from tests.moments import AFTER_CLOSING, DURING_THE_DAY, MORNING
from webapp.checkin.models import ActivityDay, Scan
from webapp.extensions import db
from webapp.kiosks.sealing import public_key_spki_b64, seal

AFTERNOON = MORNING.replace(hour=14, minute=35)


def iso(moment) -> str:
    """What the tablet sends: new Date().toISOString(), e.g. 2026-11-18T06:05:00.000Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def queued_badge(http, person, at, key=None):
    return post_scan(http, kind="badge", badge=badge_of(person), at=iso(at), queued="1", key=key or new_key())


def sealed_pin(kiosk, content) -> str:
    return seal(public_key_spki_b64(kiosk.private_key_pem), content)


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_queued_scan_keeps_its_own_time(http, people):
    pair(http, people.unit)
    response = queued_badge(http, people.client, MORNING)
    assert response.status_code == 200 and response.headers["X-Lasna-Outcome"] == "checked_in"
    day = db.session.scalar(db.select(ActivityDay))
    assert day.check_in_at == MORNING
    scan = db.session.scalar(db.select(Scan))
    assert scan.scanned_at == MORNING and scan.received_at == DURING_THE_DAY and scan.queued
    assert 'name="ticket"' not in text(response)  # nobody is at the kiosk to answer


@time_machine.travel(AFTER_CLOSING, tick=False)
def test_a_queued_second_scan_checks_out_by_itself(http, people):
    pair(http, people.unit)
    queued_badge(http, people.client, MORNING)
    response = queued_badge(http, people.client, AFTERNOON)
    assert response.headers["X-Lasna-Outcome"] == "checked_out"
    day = db.session.scalar(db.select(ActivityDay))
    assert (day.check_in_at, day.check_out_at) == (MORNING, AFTERNOON)


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_queued_scan_from_before_the_recorded_arrival_becomes_the_arrival(http, people):
    pair(http, people.unit)
    with time_machine.travel(MORNING + timedelta(hours=1), tick=False):
        post_scan(http, kind="badge", badge=badge_of(people.client))
    response = queued_badge(http, people.client, MORNING)
    assert response.status_code == 200 and response.headers["X-Lasna-Outcome"] == "earlier_arrival"
    assert db.session.scalar(db.select(ActivityDay.check_in_at)) == MORNING


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_queued_scan_sent_twice_is_recorded_once(http, people):
    pair(http, people.unit)
    first = queued_badge(http, people.client, MORNING, key="q-1")
    again = queued_badge(http, people.client, MORNING, key="q-1")
    assert first.status_code == again.status_code == 200
    assert first.headers["X-Lasna-Outcome"] == again.headers["X-Lasna-Outcome"] == "checked_in"
    assert count(Scan) == 1 and count(ActivityDay) == 1


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_sealed_pin_from_the_queue_checks_in(http, people):
    kiosk = pair(http, people.unit)
    pin = factories.enrol_pin(people.client)
    key = new_key()
    box = sealed_pin(kiosk, {"pin": pin, "key": key, "client": people.client.id})
    assert pin not in box
    response = post_scan(http, kind="pin", client=people.client.id, sealed=box, at=iso(MORNING), queued="1", key=key)
    assert response.status_code == 200 and response.headers["X-Lasna-Outcome"] == "checked_in"
    day = db.session.scalar(db.select(ActivityDay))
    assert (day.check_in_at, day.check_in_method) == (MORNING, "pin")


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_sealed_wrong_pin_is_refused_but_not_counted(http, people):
    """Nobody saw the answer, so it does not count towards the lock (test_offline_refusals.py)."""
    kiosk = pair(http, people.unit)
    factories.enrol_pin(people.client)
    key = new_key()
    box = sealed_pin(kiosk, {"pin": "9999", "key": key, "client": people.client.id})
    response = post_scan(http, kind="pin", client=people.client.id, sealed=box, at=iso(MORNING), queued="1", key=key)
    assert response.status_code == 422 and response.headers["X-Lasna-Reason"] == "wrong_pin"
    assert people.client.client.pin_failed_attempts == 0 and count(ActivityDay) == 0


@time_machine.travel(DURING_THE_DAY, tick=False)
@pytest.mark.parametrize("spoil", ["other_key", "other_client", "other_kiosk", "garbage", "no_pin", "pin_number"])
def test_a_bad_sealed_box_is_400(http, people, app, spoil):
    kiosk = pair(http, people.unit)
    pin = factories.enrol_pin(people.client)
    second = factories.make_client(people.unit, first_name="Toni")
    key = new_key()
    content = {"pin": pin, "key": key, "client": people.client.id}
    if spoil == "other_key":
        content["key"] = new_key()
    elif spoil == "other_client":
        content["client"] = second.id
    elif spoil == "no_pin":
        del content["pin"]
    elif spoil == "pin_number":
        content["pin"] = 4071
    box = sealed_pin(kiosk, content)
    if spoil == "other_kiosk":
        _, other = factories.make_kiosk(people.unit, name="Takaovi")
        box = sealed_pin(other, content)
    elif spoil == "garbage":
        box = json.dumps({"epk": "AAAA", "iv": "AAAA", "ct": "AAAA"})
    response = post_scan(http, kind="pin", client=people.client.id, sealed=box, at=iso(MORNING), queued="1", key=key)
    assert response.status_code == 400 and response.headers["X-Lasna-Outcome"] == "rejected"
    assert count(Scan) == 0 and people.client.client.pin_failed_attempts == 0


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_sealed_box_cannot_be_replayed_under_a_new_key(http, people):
    kiosk = pair(http, people.unit)
    pin = factories.enrol_pin(people.client)
    key = new_key()
    box = sealed_pin(kiosk, {"pin": pin, "key": key, "client": people.client.id})
    post_scan(http, kind="pin", client=people.client.id, sealed=box, at=iso(MORNING), queued="1", key=key)
    replay = post_scan(http, kind="pin", client=people.client.id, sealed=box, at=iso(AFTERNOON), queued="1",
                       key=new_key())
    assert replay.status_code == 400
    assert count(Scan) == 1 and db.session.scalar(db.select(ActivityDay.check_out_at)) is None


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_scan_queued_more_than_a_week_ago_is_refused(http, people):
    pair(http, people.unit)
    response = queued_badge(http, people.client, DURING_THE_DAY - timedelta(days=8))
    assert response.status_code == 422 and response.headers["X-Lasna-Reason"] == "too_old"
    assert count(ActivityDay) == 0 and count(Scan) == 1


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_scan_from_the_future_is_refused(http, people):
    pair(http, people.unit)
    response = queued_badge(http, people.client, DURING_THE_DAY + timedelta(hours=1))
    assert response.status_code == 422 and response.headers["X-Lasna-Reason"] == "in_future"


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_an_offset_time_is_read_as_the_same_moment(http, people):
    pair(http, people.unit)
    post_scan(http, kind="badge", badge=badge_of(people.client), at=MORNING.isoformat(), queued="1")
    assert db.session.scalar(db.select(ActivityDay.check_in_at)) == MORNING


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_queued_pin_for_a_client_no_longer_at_this_unit_is_final(http, people):
    """404 with the outcome header: the queue drops it instead of retrying for ever."""
    pair(http, people.unit)
    response = post_scan(http, kind="pin", client=people.other_client.id, sealed="{}", at=iso(MORNING), queued="1")
    assert response.status_code == 404 and response.headers["X-Lasna-Outcome"] == "rejected"
