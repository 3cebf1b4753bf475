"""Scans from an offline tablet's queue that the server refuses: nobody was at the tablet to read
the answer, so each is kept for the coach's day board (with the name the tablet showed), and a
wrong PIN typed offline does not count towards the PIN lock (issue 14)."""
import time_machine

from tests import factories
from tests.kiosks.helpers import badge_of, new_key, pair, post_scan
from tests.kiosks.test_offline_sync import iso, queued_badge, sealed_pin
from tests.moments import DURING_THE_DAY, MORNING
from webapp.checkin.models import ActivityDay, Scan
from webapp.checkin.scans import PIN_MAX_ATTEMPTS
from webapp.extensions import db


def queued_pin(http, kiosk, person, pin, at=MORNING, name="Anna A."):
    key = new_key()
    box = sealed_pin(kiosk, {"pin": pin, "key": key, "client": person.id})
    return post_scan(http, kind="pin", client=person.id, sealed=box, at=iso(at), queued="1", key=key, name=name)


def reason(response) -> tuple[int, str | None]:
    return response.status_code, response.headers.get("X-Lasna-Reason")


def scans() -> list[Scan]:
    db.session.expire_all()
    return db.session.scalars(db.select(Scan).order_by(Scan.id)).all()


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_wrong_pin_typed_offline_is_refused_but_not_counted_towards_the_lock(http, people):
    kiosk = pair(http, people.unit)
    factories.enrol_pin(people.client, "5829")
    assert reason(queued_pin(http, kiosk, people.client, "9999")) == (422, "wrong_pin")
    assert people.client.client.pin_failed_attempts == 0 and people.client.client.pin_locked_until is None
    [scan] = scans()
    assert (scan.from_queue, scan.outcome, scan.reason, scan.client_id, scan.shown_name) == (
        True, "rejected", "wrong_pin", people.client.id, "Anna A.")
    # Live, she still has every try.
    live = post_scan(http, kind="pin", client=people.client.id, pin="1111")
    assert reason(live) == (422, "wrong_pin") and "Voit yrittää vielä 4 kertaa." in live.get_data(as_text=True)


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_the_queue_is_no_way_round_the_lock(http, people):
    """At most five queued wrong PINs of one client are checked in 15 minutes: later ones are
    refused unchecked, so a tablet kept offline cannot try every PIN. The live PIN stays open."""
    kiosk = pair(http, people.unit)
    factories.enrol_pin(people.client, "5829")
    for _ in range(PIN_MAX_ATTEMPTS):
        assert reason(queued_pin(http, kiosk, people.client, "9999")) == (422, "wrong_pin")
    assert reason(queued_pin(http, kiosk, people.client, "5829")) == (422, "pin_locked")
    assert db.session.scalar(db.select(ActivityDay)) is None
    assert post_scan(http, kind="pin", client=people.client.id, pin="5829").headers["X-Lasna-Outcome"] == "checked_in"


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_queued_pin_of_someone_no_longer_on_the_list_is_kept_with_the_name_shown(http, people):
    kiosk = pair(http, people.unit)
    response = queued_pin(http, kiosk, people.other_client, "4071", name="Pekka T.")
    assert response.status_code == 404 and response.headers["X-Lasna-Outcome"] == "rejected"
    [scan] = scans()
    assert (scan.from_queue, scan.reason, scan.client_id, scan.shown_name, scan.kiosk_id) == (
        True, "not_this_unit", None, "Pekka T.", kiosk.id)


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_queued_unknown_badge_is_kept_for_the_coach(http, people):
    pair(http, people.unit)
    response = post_scan(http, kind="badge", badge="lasna:badge:old-card", at=iso(MORNING), queued="1", name="")
    assert reason(response) == (422, "unknown_badge")
    [scan] = scans()
    assert scan.from_queue and scan.shown_name is None


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_live_scans_and_accepted_queued_ones_keep_no_name(http, people):
    pair(http, people.unit)
    post_scan(http, kind="badge", badge="lasna:badge:old-card", name="Anna A.")
    queued_badge(http, people.client, MORNING)
    live, accepted = scans()
    assert (live.from_queue, live.shown_name) == (False, None)
    assert (accepted.from_queue, accepted.outcome, accepted.shown_name) == (True, "checked_in", None)


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_name_that_is_too_long_or_not_text_is_cut_to_size(http, people):
    pair(http, people.unit)
    response = post_scan(http, kind="badge", badge=badge_of(people.other_client), at=iso(MORNING), queued="1",
                         name="  " + "Ö" * 300 + "\t")
    assert reason(response) == (422, "not_this_unit")
    assert scans()[0].shown_name == "Ö" * 80
