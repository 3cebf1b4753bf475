"""record_scan and friends: the rules every way in shares (both databases, frozen time)."""
from datetime import UTC, timedelta

import pytest
import time_machine

from tests import factories
from tests.moments import AFTER_CLOSING, DURING_THE_DAY, MORNING
from webapp.audit.models import AuditEvent
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Method, Outcome, Scan
from webapp.checkin.scans import Reason
from webapp.extensions import db


def utc(moment) -> str:
    """A moment as the audit trail writes it."""
    return moment.astimezone(UTC).isoformat()


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def scan(people, key, *, at=None, queued=False, method=Method.BADGE, client=None, kiosk_id=None, unit=None):
    return scans.record_scan(key=key, unit=unit or people.unit, method=method,
                             client=client or people.client.client, scanned_at=at, queued=queued,
                             kiosk_id=kiosk_id)


@time_machine.travel(MORNING, tick=False)
def test_it_checks_in_on_the_first_scan(people):
    result = scan(people, "k1")
    assert result.outcome == Outcome.CHECKED_IN
    day = db.session.scalar(db.select(ActivityDay))
    assert (day.day, day.check_in_method, day.unit_id) == (MORNING.date(), "badge", people.unit.id)
    assert day.check_in_at == MORNING
    assert day.check_out_at is None and day.lunch is None


def test_it_dates_the_day_in_helsinki_not_utc(people):
    # 00:30 on Thursday in Helsinki is still Wednesday in UTC.
    just_after_midnight = MORNING.replace(day=19, hour=0, minute=30)
    with time_machine.travel(just_after_midnight, tick=False):
        scan(people, "k1")
    assert db.session.scalar(db.select(ActivityDay.day)) == just_after_midnight.date()


@time_machine.travel(MORNING, tick=False)
def test_it_answers_a_replayed_key_with_the_first_answer_and_keeps_one_row(people):
    first = scan(people, "same-key")
    again = scan(people, "same-key")
    assert again.replay and again.outcome == first.outcome == Outcome.CHECKED_IN
    assert count(Scan) == 1 and count(ActivityDay) == 1


@time_machine.travel(MORNING, tick=False)
def test_it_says_nothing_about_a_key_used_by_another_kiosk(people):
    _, kiosk = factories.make_kiosk(people.unit)
    _, other = factories.make_kiosk(people.unit, name="Toinen")
    scan(people, "shared", kiosk_id=kiosk.id)
    result = scan(people, "shared", kiosk_id=other.id)
    assert result.outcome == Outcome.REJECTED and result.reason == Reason.KEY_CONFLICT
    assert result.client is None and result.day is None
    assert count(Scan) == 1


def test_it_counts_a_scan_within_two_minutes_as_a_duplicate(people):
    with time_machine.travel(MORNING, tick=False):
        scan(people, "k1")
    with time_machine.travel(MORNING + timedelta(seconds=110), tick=False):
        result = scan(people, "k2")
    assert result.outcome == Outcome.DUPLICATE
    day = db.session.scalar(db.select(ActivityDay))
    assert day.check_in_at == MORNING and day.check_out_at is None
    assert count(ActivityDay) == 1


def test_a_later_live_scan_asks_about_leaving_and_yes_checks_out(people):
    with time_machine.travel(MORNING, tick=False):
        scan(people, "in")
    with time_machine.travel(DURING_THE_DAY, tick=False):
        asked = scan(people, "out")
        assert asked.outcome == Outcome.ASKED_LEAVE
        assert db.session.scalar(db.select(ActivityDay.check_out_at)) is None
    with time_machine.travel(DURING_THE_DAY + timedelta(seconds=20), tick=False):
        done = scans.confirm_leave(asked.scan)
        again = scans.confirm_leave(asked.scan)
    day = db.session.scalar(db.select(ActivityDay))
    assert done.outcome == again.outcome == Outcome.CHECKED_OUT and again.replay
    assert day.check_out_at == DURING_THE_DAY + timedelta(seconds=20)
    assert day.check_out_method == "badge"
    assert round(day.hours, 2) == round((DURING_THE_DAY - MORNING).total_seconds() / 3600 + 20 / 3600, 2)


@time_machine.travel(MORNING, tick=False)
def test_confirm_leave_refuses_a_scan_that_did_not_ask(people):
    checked_in = scan(people, "in")
    with pytest.raises(ValueError):
        scans.confirm_leave(checked_in.scan)


@time_machine.travel(AFTER_CLOSING, tick=False)
def test_queued_scans_keep_their_times_and_check_out_by_themselves(people):
    arrival = MORNING
    leaving = AFTER_CLOSING - timedelta(hours=2)
    assert scan(people, "q1", at=arrival, queued=True).outcome == Outcome.CHECKED_IN
    assert scan(people, "q2", at=leaving, queued=True).outcome == Outcome.CHECKED_OUT
    day = db.session.scalar(db.select(ActivityDay))
    assert (day.check_in_at, day.check_out_at) == (arrival, leaving)
    recorded = db.session.scalars(db.select(Scan).order_by(Scan.scanned_at)).all()
    assert [s.queued for s in recorded] == [True, True]


@time_machine.travel(AFTER_CLOSING, tick=False)
def test_a_queued_scan_from_before_the_arrival_becomes_the_arrival(people):
    later = MORNING + timedelta(hours=6)
    scan(people, "live-later", at=later, queued=True)
    result = scan(people, "queued-earlier", at=MORNING, queued=True)
    assert result.outcome == Outcome.EARLIER_ARRIVAL
    day = db.session.scalar(db.select(ActivityDay))
    assert (day.check_in_at, day.check_out_at) == (MORNING, later)


@time_machine.travel(AFTER_CLOSING, tick=False)
def test_a_scan_that_moves_a_recorded_time_leaves_an_audit_event(people):
    later = MORNING + timedelta(hours=6)
    scan(people, "first", at=later, queued=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0  # filled, not moved
    moved = scan(people, "earlier", at=MORNING, queued=True)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "moved_by_scan"))
    assert event.entity == "activity_day" and event.reason == "earlier"
    assert event.changes["check_in_at"] == [utc(later), utc(MORNING)]
    assert event.changes["check_out_at"] == [None, utc(later)]
    assert event.changes["scan_id"] == [None, moved.scan.id]


def test_a_second_leaving_moves_the_check_out_with_an_audit_event(people):
    with time_machine.travel(MORNING, tick=False):
        scan(people, "in")
    with time_machine.travel(DURING_THE_DAY, tick=False):
        scans.confirm_leave(scan(people, "out").scan)
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0
    with time_machine.travel(AFTER_CLOSING, tick=False):
        scans.confirm_leave(scan(people, "out again").scan)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "moved_by_scan"))
    assert event.changes["check_out_at"] == [utc(DURING_THE_DAY), utc(AFTER_CLOSING)]


@time_machine.travel(AFTER_CLOSING, tick=False)
def test_a_queued_scan_inside_a_recorded_day_changes_nothing(people):
    scan(people, "in", at=MORNING, queued=True)
    scan(people, "out", at=MORNING + timedelta(hours=6), queued=True)
    result = scan(people, "middle", at=MORNING + timedelta(hours=3), queued=True)
    assert result.outcome == Outcome.DUPLICATE
    day = db.session.scalar(db.select(ActivityDay))
    assert (day.check_in_at, day.check_out_at) == (MORNING, MORNING + timedelta(hours=6))


@time_machine.travel(MORNING, tick=False)
@pytest.mark.parametrize("shift, reason", [(timedelta(minutes=10), Reason.IN_FUTURE),
                                           (timedelta(days=-8), Reason.TOO_OLD)])
def test_it_refuses_scans_from_the_future_or_too_long_ago(people, shift, reason):
    result = scan(people, "k", at=MORNING + shift, queued=True)
    assert result.outcome == Outcome.REJECTED and result.reason == reason
    assert count(ActivityDay) == 0
    assert db.session.scalar(db.select(Scan.reason)) == reason  # the refusal is kept, once


@time_machine.travel(MORNING, tick=False)
def test_it_refuses_a_client_of_another_unit(people):
    result = scan(people, "k", client=people.other_client.client)
    assert result.outcome == Outcome.REJECTED and result.reason == Reason.NOT_THIS_UNIT
    assert count(ActivityDay) == 0


@time_machine.travel(MORNING, tick=False)
def test_it_accepts_a_client_whose_period_runs_at_this_unit(people):
    visitor = people.other_client.client
    factories.make_period(visitor, people.unit)
    assert scan(people, "k", client=visitor).outcome == Outcome.CHECKED_IN


@time_machine.travel(MORNING, tick=False)
def test_it_refuses_a_client_who_is_no_longer_active(people):
    people.client.active = False
    db.session.commit()
    result = scan(people, "k")
    assert result.reason == Reason.INACTIVE and count(ActivityDay) == 0


@time_machine.travel(MORNING, tick=False)
def test_it_keeps_a_refusal_without_a_client(people):
    result = scans.record_scan(key="k", unit=people.unit, method=Method.BADGE, client=None,
                               reason=Reason.UNKNOWN_BADGE)
    assert result.outcome == Outcome.REJECTED
    stored = db.session.scalar(db.select(Scan))
    assert (stored.client_id, stored.reason) == (None, Reason.UNKNOWN_BADGE)


@time_machine.travel(MORNING, tick=False)
def test_a_changed_lunch_answer_leaves_an_audit_event(people):
    day = scan(people, "k").day
    scans.set_lunch(day, True)
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0
    scans.set_lunch(day, False)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "lunch_changed"))
    assert event.changes == {"lunch": [True, False]}


@time_machine.travel(MORNING, tick=False)
def test_mood_is_one_to_five(people):
    day = scan(people, "k").day
    scans.set_mood(day, 5)
    assert db.session.get(ActivityDay, day.id).mood == 5
    with pytest.raises(ValueError):
        scans.set_mood(day, 6)


def test_day_of_finds_todays_record(people):
    with time_machine.travel(MORNING, tick=False):
        scan(people, "k")
        assert scans.day_of(people.client.client).day == MORNING.date()
    with time_machine.travel(MORNING + timedelta(days=1), tick=False):
        assert scans.day_of(people.client.client) is None


# --- PINs ----------------------------------------------------------------------------------

@time_machine.travel(MORNING, tick=False)
def test_a_right_pin_passes_and_clears_the_count(people):
    client = people.client.client
    pin = factories.enrol_pin(people.client)
    assert scans.check_pin(client, "9999").attempts_left == 4
    assert scans.check_pin(client, pin).ok
    db.session.commit()
    assert db.session.get(type(client), client.person_id).pin_failed_attempts == 0


def test_five_wrong_pins_lock_it_for_fifteen_minutes(people):
    client = people.client.client
    pin = factories.enrol_pin(people.client)
    with time_machine.travel(MORNING, tick=False):
        results = [scans.check_pin(client, "0000") for _ in range(5)]
        db.session.commit()
        assert [r.attempts_left for r in results] == [4, 3, 2, 1, 0]
        assert results[-1].reason == Reason.PIN_LOCKED
        assert results[-1].locked_until == MORNING + timedelta(minutes=15)
        locked = scans.check_pin(client, pin)
        assert not locked.ok and locked.reason == Reason.PIN_LOCKED  # even the right PIN waits
    with time_machine.travel(MORNING + timedelta(minutes=15, seconds=1), tick=False):
        assert scans.check_pin(client, pin).ok


@time_machine.travel(MORNING, tick=False)
def test_the_count_lives_in_the_database(people, app):
    client = people.client.client
    client_id, profile = client.person_id, type(client)
    factories.enrol_pin(people.client)
    for _ in range(3):
        scans.check_pin(client, "0000")
    db.session.commit()
    db.session.remove()  # as if another process asked next
    fresh = db.session.get(profile, client_id)
    assert fresh.pin_failed_attempts == 3
    assert scans.check_pin(fresh, "0000").attempts_left == 1


@time_machine.travel(MORNING, tick=False)
def test_a_coach_can_unlock_a_pin(people):
    client = people.client.client
    pin = factories.enrol_pin(people.client)
    for _ in range(5):
        scans.check_pin(client, "0000")
    scans.unlock_pin(client)
    db.session.commit()
    assert scans.check_pin(client, pin).ok


def test_a_client_without_a_pin_is_told_so(people):
    assert scans.check_pin(people.client.client, "4071").reason == Reason.NO_PIN
