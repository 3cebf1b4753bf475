"""Month close (webapp/money/close.py): what keeps a month open, frozen lines, and corrections
that become adjustment lines of the next month closed. Both databases, frozen time."""
from datetime import date, datetime, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.moments import HEL
from tests.money.test_compensation import day_record, payers, rates
from webapp.approvals import decisions
from webapp.approvals.decisions import DecisionError
from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.money import close, compensation
from webapp.money.models import InvoiceLine, MoneyLine
from webapp.checkin.models import MonthClose
from webapp.clients.models import ServicePeriod

OCTOBER, NOVEMBER, DECEMBER = date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)


@pytest.fixture
def december():
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=False) as traveller:
        yield traveller


@pytest.fixture
def anna(people):
    """Anna's period covers only November's first week (Mon 2.11–Fri 6.11, planned Mon–Thu)."""
    period = db.session.scalar(db.select(ServicePeriod).where(ServicePeriod.client_id == people.client.id))
    period.starts_on, period.ends_on = date(2026, 11, 2), date(2027, 2, 2)
    rates(("kela", date(2001, 9, 1), 900), ("municipality", date(2001, 9, 1), 900))
    db.session.commit()
    return people.client.client


def fill_november(people, anna, until=date(2026, 11, 30)):
    """Every planned day of Anna's November decided: confirmed on site."""
    day = NOVEMBER
    while day <= until:
        if day.weekday() < 4 and day >= date(2026, 11, 2):
            day_record(anna, people.unit, day)
        day += timedelta(days=1)
    db.session.commit()


def fill_december(people, anna, onsite_until=0):
    """Every planned day of Anna's December decided: on site up to the onsite_until'th, absent after."""
    for offset in range(1, 32):
        on = date(2026, 12, offset)
        if on.weekday() < 4:
            day_record(anna, people.unit, on, kind="onsite" if offset <= onsite_until else "absent")
    db.session.commit()


def close_december(people, anna, onsite_until=3):
    """Into January: December decided (fill_december) and closed. Returns the close."""
    with time_machine.travel(datetime(2027, 1, 5, 12, tzinfo=HEL), tick=False):
        fill_december(people, anna, onsite_until)
        record = close.close_month(people.unit, DECEMBER, people.manager)
        db.session.commit()
    return record


def apply_corrections(days, person, corrections):
    """Correct closed days as hypothesis draws them, (index into days, counted); a correction
    the rules refuse (DecisionError) changes nothing."""
    for index, counted in corrections:
        try:
            decisions.correct_closed_day(days[index], person, counted, "korjaus")
            db.session.commit()
        except DecisionError:
            db.session.rollback()


def test_a_month_with_open_or_missing_days_cannot_close_and_says_what_is_missing(people, anna, december):
    fill_november(people, anna, until=date(2026, 11, 20))
    day_record(anna, people.unit, date(2026, 11, 23), status="open")
    db.session.commit()
    found = close.missing(people.unit, NOVEMBER)
    assert {(m.kind, m.day) for m in found} == {("open_day", date(2026, 11, 23)), ("no_record", date(2026, 11, 24)),
                                                ("no_record", date(2026, 11, 25)), ("no_record", date(2026, 11, 26)),
                                                ("no_record", date(2026, 11, 30))}
    with pytest.raises(close.CloseError):
        close.close_month(people.unit, NOVEMBER, people.manager)
    assert close.missing(people.unit, DECEMBER)[0].kind == "not_ended"


def test_closing_freezes_the_lines_and_the_days_can_no_longer_be_undone(people, anna, december):
    fill_november(people, anna)
    record = close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    lines = close.frozen_lines(record)
    assert len(lines) == 17 and sum(line.amount_cents for line in lines) == 17 * 900
    day = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == date(2026, 11, 2)))
    with pytest.raises(DecisionError):
        decisions.undo(day, people.coach)
    with pytest.raises(DecisionError):
        decisions.record_absence(anna, people.unit, date(2026, 11, 27), "other", people.coach)
    with pytest.raises(close.CloseError):
        close.close_month(people.unit, NOVEMBER, people.manager)


def test_a_correction_after_close_becomes_an_adjustment_in_the_next_month_closed(people, anna, december):
    fill_november(people, anna)
    november = close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    day = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == date(2026, 11, 5)))
    decisions.correct_closed_day(day, people.manager, counted=False, reason="Ei osallistunut, selvisi jälkikäteen")
    db.session.commit()
    assert close.pending_adjustments(people.unit, DECEMBER) == [
        close.Adjustment(anna.person_id, date(2026, 11, 5), "kela", -1, -900)]
    assert sum(line.amount_cents for line in close.frozen_lines(november)) == 17 * 900  # never changes
    with time_machine.travel(datetime(2027, 1, 5, 12, tzinfo=HEL), tick=False):
        fill_december(people, anna, onsite_until=3)  # three days on site, the rest absent: nothing missing
        december_close = close.close_month(people.unit, DECEMBER, people.manager)
        db.session.commit()
    kinds = [(line.kind, line.day, line.days, line.amount_cents) for line in close.frozen_lines(december_close)]
    assert ("adjustment", date(2026, 11, 5), -1, -900) in kinds
    assert [a.amount_cents for a in close.adjustments_of(anna.person_id, date(2026, 11, 5))] == [-900]
    assert close.pending_adjustments(people.unit, date(2027, 1, 1)) == []


def test_a_payer_changed_back_in_time_moves_the_day_between_payers(people, anna, december):
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    payers(anna, ("kela", date(2020, 1, 1)), ("municipality", date(2026, 11, 30)))
    db.session.commit()
    assert close.pending_adjustments(people.unit, DECEMBER) == [
        close.Adjustment(anna.person_id, date(2026, 11, 30), "kela", -1, -900),
        close.Adjustment(anna.person_id, date(2026, 11, 30), "municipality", 1, 900)]


def test_months_close_in_order(people, anna, december):
    day_record(anna, people.unit, date(2026, 10, 28))  # a day in October (outside the period: decided)
    fill_november(people, anna)
    assert ("earlier_month", OCTOBER) in {(m.kind, m.day) for m in close.missing(people.unit, NOVEMBER)}
    close.close_month(people.unit, OCTOBER, people.manager)
    db.session.commit()
    assert close.missing(people.unit, NOVEMBER) == []


# --- Property: whatever is corrected after close, the lines add up to what the days are worth ---

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corrections=st.lists(st.tuples(st.integers(min_value=0, max_value=15), st.booleans()), max_size=6),
       payer_change=st.one_of(st.none(), st.tuples(st.integers(min_value=1, max_value=30),
                                                   st.sampled_from(["kela", "municipality", "none"]))))
def test_frozen_lines_always_add_up_to_the_truth_and_no_day_is_paid_twice(people, anna, corrections, payer_change):
    db.session.execute(db.delete(MoneyLine))
    db.session.execute(db.delete(InvoiceLine))
    db.session.execute(db.delete(MonthClose))
    db.session.execute(db.delete(ActivityDay))
    payers(anna, ("kela", date(2020, 1, 1)))
    db.session.commit()
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=False):
        fill_november(people, anna)
        close.close_month(people.unit, NOVEMBER, people.manager)
        db.session.commit()
        apply_corrections(db.session.scalars(db.select(ActivityDay).order_by(ActivityDay.day)).all(),
                          people.manager, corrections)
        if payer_change is not None:
            payers(anna, ("kela", date(2020, 1, 1)), (payer_change[1], date(2026, 11, payer_change[0])))
            db.session.commit()
    close_december(people, anna, onsite_until=0)
    truth = {(line.day, line.payer): line.rate_cents for line in compensation.lines(NOVEMBER, date(2026, 11, 30))}
    paid: dict = {}
    for line in db.session.scalars(db.select(MoneyLine)):
        days_, amount = paid.get((line.day, line.payer), (0, 0))
        paid[(line.day, line.payer)] = (days_ + line.days, amount + line.amount_cents)
    settled = {key: value for key, value in paid.items() if value != (0, 0)}
    assert settled == {key: (1, rate) for key, rate in truth.items()}
    per_day = {}
    for (day, _payer), (days_, _amount) in settled.items():
        per_day[day] = per_day.get(day, 0) + days_
    assert all(count == 1 for count in per_day.values())  # one payer, once


def test_a_queued_scan_from_a_closed_month_is_refused_and_changes_nothing(people, anna):
    from webapp.checkin import scans
    from webapp.checkin.models import Method

    with time_machine.travel(datetime(2026, 12, 3, 12, tzinfo=HEL), tick=False):
        fill_november(people, anna)
        close.close_month(people.unit, NOVEMBER, people.manager)
        db.session.commit()
        result = scans.record_scan(key="late", unit=people.unit, method=Method.BADGE, client=anna, queued=True,
                                   scanned_at=datetime(2026, 11, 30, 15, tzinfo=HEL))
    assert result.reason == scans.Reason.MONTH_CLOSED
    db.session.expire_all()
    day = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == date(2026, 11, 30)))
    assert day.status == "confirmed" and day.check_out_at.hour == 11  # 13.00 Helsinki, as before
