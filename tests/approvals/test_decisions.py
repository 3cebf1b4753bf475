"""The coach's decisions on day records (webapp/approvals/decisions.py), both databases,
frozen time. Anna's period plans Monday–Thursday; the unit is open Monday–Friday 8–15."""
from datetime import date, datetime, time, timedelta

import pytest
import time_machine

from tests import factories
from tests.checkin.test_flags import attend
from tests.moments import AFTER_CLOSING, HEL
from webapp.approvals import decisions
from webapp.approvals.decisions import DecisionError
from webapp.audit.models import AuditEvent
from webapp.checkin import scans
from webapp.checkin.models import AbsenceReason, ActivityDay, Flag, Kind, Method, Status
from webapp.extensions import db

WEDNESDAY = AFTER_CLOSING.date()  # 18.11.2026


@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        yield traveller


def record(people) -> ActivityDay | None:
    db.session.expire_all()
    return db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == people.client.id))


def events(day_id=None) -> list[AuditEvent]:
    query = db.select(AuditEvent).where(AuditEvent.entity == "activity_day").order_by(AuditEvent.id)
    if day_id is not None:
        query = query.where(AuditEvent.entity_id == day_id)
    return db.session.scalars(query).all()


def a_day(people, start=(8, 0), end=(14, 0), on=WEDNESDAY) -> ActivityDay:
    attend(people, on, start=start, end=end)
    return record(people)


def test_one_tap_confirms_a_day_without_flags_and_keeps_who_and_when(people, evening):
    day = a_day(people)
    decisions.confirm(day, people.coach)
    db.session.commit()
    day = record(people)
    assert (day.status, day.decided_by_id, day.decided_at) == (Status.CONFIRMED, people.coach.id, AFTER_CLOSING)
    [event] = events(day.id)
    assert (event.action, event.actor_id, event.changes["status"]) == ("day_confirmed", people.coach.id,
                                                                       ["open", "confirmed"])


def test_a_flagged_day_needs_a_reason_and_a_short_day_can_be_confirmed_with_one(people, evening):
    day = a_day(people, end=(10, 30))
    assert Flag.SHORT_DAY in day.flag_set
    with pytest.raises(DecisionError):
        decisions.confirm(day, people.coach)
    with pytest.raises(DecisionError) as error:
        decisions.confirm_anyway(day, people.coach, "   ")
    assert error.value.status == 400
    decisions.confirm_anyway(day, people.coach, "Lyhyempi päivä sovittu tilaajan kanssa")
    db.session.commit()
    day = record(people)
    assert (day.status, day.decision_reason) == (Status.CONFIRMED, "Lyhyempi päivä sovittu tilaajan kanssa")
    assert events(day.id)[-1].reason == "Lyhyempi päivä sovittu tilaajan kanssa"


def test_a_day_without_check_out_cannot_be_confirmed_until_the_time_is_set(people, evening):
    with time_machine.travel(datetime(2026, 11, 18, 8, 0, tzinfo=HEL), tick=False):
        scans.record_scan(key="in", unit=people.unit, method=Method.BADGE, client=people.client.client)
    day = record(people)
    for decide in (lambda: decisions.confirm(day, people.coach),
                   lambda: decisions.confirm_anyway(day, people.coach, "syy")):
        with pytest.raises(DecisionError):
            decide()
    decisions.fix_times(day, people.coach, "Unohti leimata lähtiessä", check_out=time(14, 15))
    decisions.confirm(day, people.coach)
    db.session.commit()
    day = record(people)
    assert day.check_out_method == Method.COACH and day.hours == 6.25 and day.confirmed
    fixed = events(day.id)[0]
    assert fixed.action == "times_fixed" and fixed.reason == "Unohti leimata lähtiessä"
    assert fixed.changes["check_out_at"] == [None, "2026-11-18T12:15:00+00:00"]


def test_fixing_a_time_moves_the_flags_and_needs_a_reason(people, evening):
    day = a_day(people, end=(11, 0))
    with pytest.raises(DecisionError):
        decisions.fix_times(day, people.coach, "", check_out=time(12, 30))
    decisions.fix_times(day, people.coach, "Kello oli väärässä", check_out=time(12, 30))
    db.session.commit()
    day = record(people)
    assert day.flags == 0 and decisions.can_confirm(day)
    assert events(day.id)[-1].changes["check_out_at"] == ["2026-11-18T09:00:00+00:00", "2026-11-18T10:30:00+00:00"]


@pytest.mark.parametrize("check_in, check_out", [(time(12), time(11)), (time(8), time(17)), (time(17), None)])
def test_times_cannot_run_backwards_or_into_the_future(people, evening, check_in, check_out):
    day = a_day(people)
    with pytest.raises(DecisionError) as error:
        decisions.fix_times(day, people.coach, "syy", check_in=check_in, check_out=check_out)
    assert error.value.status == 400
    db.session.rollback()
    assert record(people).check_in_at == datetime(2026, 11, 18, 8, tzinfo=HEL)


def test_mark_not_counted_keeps_the_reason_and_undo_reopens(people, evening):
    day = a_day(people, end=(9, 0))
    decisions.mark_not_counted(day, people.coach, "Kävi vain hakemassa tavaroita")
    db.session.commit()
    day = record(people)
    assert day.status == Status.NOT_COUNTED
    with pytest.raises(DecisionError):
        decisions.confirm(day, people.coach)
    assert decisions.undo(day, people.coach) is False
    db.session.commit()
    day = record(people)
    assert (day.status, day.decided_by_id, day.decision_reason) == (Status.OPEN, None, None)
    undone = events(day.id)[-1]
    assert undone.action == "day_undone"
    assert undone.changes["decision_reason"] == ["Kävi vain hakemassa tavaroita", None]


def test_confirm_all_leaves_flagged_unfinished_and_decided_days(people, evening):
    unit = people.unit
    clients = {name: factories.make_client(unit, coach=people.coach, first_name=name).client
               for name in ("Eero", "Kirsi", "Liisa", "Matti")}
    attend(people, WEDNESDAY, end=(14, 0), client=clients["Eero"])
    attend(people, WEDNESDAY, end=(10, 0), client=clients["Kirsi"])  # short
    attend(people, WEDNESDAY, end=(14, 0), client=clients["Liisa"])
    with time_machine.travel(datetime(2026, 11, 18, 9, tzinfo=HEL), tick=False):
        scans.record_scan(key="m", unit=unit, method=Method.PIN, client=clients["Matti"])  # no check-out
    liisa = db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == clients["Liisa"].person_id))
    decisions.mark_not_counted(liisa, people.coach, "Ei osallistunut toimintaan")
    assert decisions.confirm_all(unit, WEDNESDAY, people.coach) == 1
    db.session.commit()
    statuses = {d.client.called: d.status for d in db.session.scalars(db.select(ActivityDay))}
    assert statuses == {"Eero": "confirmed", "Kirsi": "open", "Liisa": "not_counted", "Matti": "open"}


@pytest.mark.parametrize("reason", list(AbsenceReason))
def test_an_absence_is_recorded_confirmed_with_its_reason_and_note(people, evening, reason):
    day = decisions.record_absence(people.client.client, people.unit, WEDNESDAY, reason.value, people.coach,
                                   note="Soitti aamulla")
    db.session.commit()
    day = record(people)
    assert (day.kind, day.absence_reason, day.note, day.status, day.check_in_at) == (
        Kind.ABSENT, reason, "Soitti aamulla", Status.CONFIRMED, None)
    assert day.hours is None and day.flags == 0
    assert events(day.id)[0].action == "absence_recorded"


@pytest.mark.parametrize("code", ["", "holiday", "OWN_ILLNESS", None])
def test_an_unknown_absence_reason_is_refused(people, evening, code):
    with pytest.raises(DecisionError) as error:
        decisions.record_absence(people.client.client, people.unit, WEDNESDAY, code, people.coach)
    assert error.value.status == 400
    assert record(people) is None


def test_an_absence_needs_a_period_here_and_no_other_record(people, evening):
    with pytest.raises(DecisionError):  # Pekka's period is at the other unit
        decisions.record_absence(people.other_client.client, people.unit, WEDNESDAY, "other", people.coach)
    a_day(people)
    with pytest.raises(DecisionError):
        decisions.record_absence(people.client.client, people.unit, WEDNESDAY, "own_illness", people.coach)
    assert record(people).kind == Kind.ONSITE


def test_an_absence_known_in_advance_is_fine_but_not_months_ahead(people, evening):
    decisions.record_absence(people.client.client, people.unit, WEDNESDAY + timedelta(days=6), "job_interview",
                             people.coach)
    with pytest.raises(DecisionError):
        decisions.record_absence(people.client.client, people.unit, WEDNESDAY + timedelta(days=90), "other",
                                 people.coach)


def test_a_client_who_comes_after_all_turns_the_absence_into_an_open_day_with_a_trail(people, evening):
    with time_machine.travel(datetime(2026, 11, 18, 7, 30, tzinfo=HEL), tick=False):
        decisions.record_absence(people.client.client, people.unit, WEDNESDAY, "own_illness", people.coach)
        db.session.commit()
    with time_machine.travel(datetime(2026, 11, 18, 9, 30, tzinfo=HEL), tick=False):
        scans.record_scan(key="came", unit=people.unit, method=Method.BADGE, client=people.client.client)
    day = record(people)
    assert (day.kind, day.status, day.absence_reason) == (Kind.ONSITE, Status.OPEN, None)
    moved = events(day.id)[-1]
    assert moved.action == "moved_by_scan"
    assert moved.changes["kind"] == ["absent", "onsite"] and moved.changes["status"] == ["confirmed", "open"]


def test_a_queued_scan_that_moves_a_confirmed_day_reopens_it(people, evening):
    day = a_day(people, start=(9, 0), end=(14, 0))
    decisions.confirm(day, people.coach)
    db.session.commit()
    scans.record_scan(key="early", unit=people.unit, method=Method.BADGE, client=people.client.client,
                      scanned_at=datetime(2026, 11, 18, 8, 0, tzinfo=HEL), queued=True)
    day = record(people)
    assert day.status == Status.OPEN and day.hours == 6
    assert events(day.id)[-1].changes["status"] == ["confirmed", "open"]


def test_a_remote_day_is_confirmed_with_the_reported_hours(people, evening):
    decisions.record_remote(people.client.client, people.unit, WEDNESDAY, 300, people.coach, note="Kirjoitustehtävä")
    db.session.commit()
    day = record(people)
    assert (day.kind, day.reported_minutes, day.hours, day.status, day.flags) == (
        Kind.REMOTE, 300, 5.0, Status.CONFIRMED, 0)
    assert events(day.id)[0].action == "remote_day_recorded"


def test_a_short_remote_day_needs_a_reason(people, evening):
    with pytest.raises(DecisionError):
        decisions.record_remote(people.client.client, people.unit, WEDNESDAY, 120, people.coach)
    db.session.rollback()
    assert record(people) is None
    decisions.record_remote(people.client.client, people.unit, WEDNESDAY, 120, people.coach,
                            reason="Sovittu lyhyempi etäpäivä")
    db.session.commit()
    assert record(people).decision_reason == "Sovittu lyhyempi etäpäivä"


@pytest.mark.parametrize("minutes", [0, -5, 481, 10_000])
def test_remote_hours_must_be_a_real_day(people, evening, minutes):
    with pytest.raises(DecisionError) as error:
        decisions.record_remote(people.client.client, people.unit, WEDNESDAY, minutes, people.coach)
    assert error.value.status == 400


def test_a_remote_day_cannot_be_recorded_ahead(people, evening):
    with pytest.raises(DecisionError):
        decisions.record_remote(people.client.client, people.unit, WEDNESDAY + timedelta(days=1), 300, people.coach)


def test_a_remote_day_counts_toward_the_week(people, evening):
    for offset in range(4):  # Monday to Thursday... of the week before (all in the past)
        on = date(2026, 11, 9) + timedelta(days=offset)
        decisions.record_remote(people.client.client, people.unit, on, 480, people.coach)
    factories.make_period(people.client.client, people.unit, starts_on=date(2026, 11, 13),
                          ends_on=date(2027, 3, 1), weekdays=(4,))
    with pytest.raises(DecisionError):  # the 5th day and over 32 h: a reason is needed
        decisions.record_remote(people.client.client, people.unit, date(2026, 11, 13), 240, people.coach)


def test_undo_removes_an_absence_and_the_trail_keeps_it(people, evening):
    day = decisions.record_absence(people.client.client, people.unit, WEDNESDAY, "child_illness", people.coach,
                                   note="Lapsi kuumeessa")
    db.session.commit()
    day_id = day.id
    assert decisions.undo(day, people.coach, "Väärä asiakas") is True
    db.session.commit()
    assert record(people) is None
    removed = events(day_id)[-1]
    assert removed.action == "day_removed" and removed.reason == "Väärä asiakas"
    assert removed.changes["absence_reason"] == ["child_illness", None]
    assert removed.changes["note"] == ["Lapsi kuumeessa", None]


def test_undo_of_an_open_day_is_refused(people, evening):
    with pytest.raises(DecisionError):
        decisions.undo(a_day(people), people.coach)


def test_a_day_the_client_forgot_to_scan_is_written_by_hand_and_stays_open(people, evening):
    decisions.record_presence(people.client.client, people.unit, WEDNESDAY, time(8, 30), time(14, 0), people.coach,
                              "Ei muistanut leimata")
    db.session.commit()
    day = record(people)
    assert (day.kind, day.status, day.check_in_method, day.hours) == (Kind.ONSITE, Status.OPEN, Method.COACH, 5.5)
    assert events(day.id)[0].reason == "Ei muistanut leimata"
    with pytest.raises(DecisionError):  # a second record for the same day
        decisions.record_presence(people.client.client, people.unit, WEDNESDAY, time(9), None, people.coach, "x")


def test_service_not_held_marks_every_expected_client_without_a_record(people, evening):
    eero = factories.make_client(people.unit, coach=people.coach, first_name="Eero").client
    factories.make_client(people.unit, coach=people.coach, first_name="Kirsi", period=False)  # not expected
    attend(people, WEDNESDAY, client=eero)
    assert decisions.service_not_held(people.unit, WEDNESDAY, people.coach, note="Vesivahinko") == 1
    db.session.commit()
    day = record(people)
    assert (day.kind, day.absence_reason, day.note) == (Kind.ABSENT, AbsenceReason.NOT_HELD, "Vesivahinko")


def test_service_not_held_is_for_today_and_past_days_a_known_closure_goes_in_the_calendar(people, evening):
    with pytest.raises(DecisionError):
        decisions.service_not_held(people.unit, WEDNESDAY + timedelta(days=1), people.coach)
    assert record(people) is None


def test_the_refusal_of_a_flagged_remote_day_names_the_reason_field_and_the_flags(people, evening):
    with pytest.raises(DecisionError) as error:
        decisions.record_remote(people.client.client, people.unit, WEDNESDAY, 120, people.coach)
    assert error.value.field == "reason" and Flag.SHORT_DAY in Flag(error.value.flags)
