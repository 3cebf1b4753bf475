"""The invoice basis at month close (webapp/money/close.py with webapp/money/invoice_basis.py), on
both databases: closing freezes the unit's invoiced days into invoice_line; a later correction
or a day price set back in time never changes the closed month but becomes an adjustment of the
next month closed, referring to the original day; a day is never invoiced twice."""
from datetime import date, datetime

import pytest
import time_machine
from flask_migrate import downgrade, upgrade
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.invoicing.test_basis import price
from tests.moments import HEL
from tests.money.test_close import DECEMBER, NOVEMBER, anna, apply_corrections, close_december, fill_november  # noqa: F401
from tests.money.test_compensation import payers
from webapp.approvals import decisions
from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.money import invoice_basis as basis
from webapp.invoicing import month as invoice_month
from webapp.money import close, compensation
from webapp.money.close import InvoiceAdjustment
from webapp.money.models import DayPrice, InvoiceLine, MoneyLine
from webapp.checkin.models import MonthClose

NOVEMBER_DAYS = 17  # Anna's planned Mon–Thu from 2.11 to 30.11


@pytest.fixture
def december():
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=False) as traveller:
        yield traveller


@pytest.fixture
def work():
    return factories.make_municipality(), factories.service_type()


def snapshot(record):
    return [(line.kind, line.client_id, line.day, line.orderer_id, line.service_type_id, line.price_cents, line.days,
             line.amount_cents) for line in close.frozen_invoice_lines(record)]


def the_day(on):
    return db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == on))


def test_closing_freezes_every_invoiced_day_at_its_price(people, anna, december, work):  # noqa: F811
    helsinki, kind = work
    price(helsinki, kind, date(2026, 1, 1), 5000)
    fill_november(people, anna)
    record = close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    lines = close.frozen_invoice_lines(record)
    assert len(lines) == NOVEMBER_DAYS
    assert {(line.kind, line.orderer_id, line.service_type_id, line.price_cents, line.days) for line in lines} == {
        ("day", helsinki.id, kind.id, 5000, 1)}
    assert sum(line.amount_cents for line in lines) == NOVEMBER_DAYS * 5000
    assert close.pending_invoice_adjustments(people.unit, DECEMBER) == []


def test_a_correction_after_close_never_changes_the_month_and_the_next_close_carries_it(people, anna, december,  # noqa: F811
                                                                                        work):
    helsinki, kind = work
    price(helsinki, kind, date(2026, 1, 1), 5000)
    fill_november(people, anna)
    november = close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    before = snapshot(november)
    decisions.correct_closed_day(the_day(date(2026, 11, 5)), people.manager, counted=False, reason="Ei paikalla")
    db.session.commit()
    assert snapshot(november) == before
    assert close.pending_invoice_adjustments(people.unit, DECEMBER) == [
        InvoiceAdjustment(anna.person_id, date(2026, 11, 5), helsinki.id, kind.id, 5000, -1, -5000)]
    december_close = close_december(people, anna)
    carried = [line for line in close.frozen_invoice_lines(december_close) if line.kind == "adjustment"]
    assert [(line.day, line.days, line.amount_cents, line.price_cents) for line in carried] == [
        (date(2026, 11, 5), -1, -5000, 5000)]
    assert len([line for line in close.frozen_invoice_lines(december_close) if line.kind == "day"]) == 3
    assert close.pending_invoice_adjustments(people.unit, date(2027, 1, 1)) == []
    assert snapshot(november) == before


def test_days_without_a_price_do_not_block_the_close_and_a_price_added_later_is_an_adjustment(people, anna,  # noqa: F811
                                                                                             december, work):
    helsinki, kind = work
    fill_november(people, anna)
    assert close.unpriced_days(people.unit, NOVEMBER) == NOVEMBER_DAYS
    assert close.missing(people.unit, NOVEMBER) == []
    november = close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    assert {(line.price_cents, line.amount_cents) for line in close.frozen_invoice_lines(november)} == {(None, 0)}
    price(helsinki, kind, date(2026, 11, 16), 5000)  # set back in time: from the 16th
    db.session.commit()
    pending = close.pending_invoice_adjustments(people.unit, DECEMBER)
    assert [(a.day, a.days, a.amount_cents, a.price_cents) for a in pending] == [
        (on, 0, 5000, 5000) for on in (date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18),
                                       date(2026, 11, 19), date(2026, 11, 23), date(2026, 11, 24),
                                       date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 30))]
    assert {(line.price_cents, line.amount_cents) for line in close.frozen_invoice_lines(november)} == {(None, 0)}


def test_a_price_changed_back_in_time_adjusts_the_difference_and_a_removed_day_takes_back_what_was_paid(
        people, anna, december, work):  # noqa: F811
    helsinki, kind = work
    price(helsinki, kind, date(2026, 1, 1), 5000)
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    price(helsinki, kind, date(2026, 11, 30), 4500)  # lowered from the 30th, after the close
    decisions.correct_closed_day(the_day(date(2026, 11, 30)), people.manager, counted=False, reason="Ei paikalla")
    decisions.correct_closed_day(the_day(date(2026, 11, 26)), people.manager, counted=False, reason="Ei paikalla")
    db.session.commit()
    assert [(a.day, a.days, a.amount_cents, a.price_cents) for a in
            close.pending_invoice_adjustments(people.unit, DECEMBER)] == [
        (date(2026, 11, 26), -1, -5000, 5000), (date(2026, 11, 30), -1, -5000, 5000)]
    decisions.correct_closed_day(the_day(date(2026, 11, 30)), people.manager, counted=True, reason="Olikin")
    db.session.commit()
    assert [(a.day, a.days, a.amount_cents, a.price_cents) for a in
            close.pending_invoice_adjustments(people.unit, DECEMBER)] == [
        (date(2026, 11, 26), -1, -5000, 5000), (date(2026, 11, 30), 0, -500, 4500)]


def test_an_orderer_changed_back_in_time_moves_the_day_between_orderers(people, anna, december, work):  # noqa: F811
    helsinki, kind = work
    espoo = factories.make_municipality("Espoo")
    price(helsinki, kind, date(2026, 1, 1), 5000)
    price(espoo, kind, date(2026, 1, 1), 6000)
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    period = anna.periods[0]
    period.ends_on = date(2026, 11, 29)
    factories.make_period(anna, people.unit, starts_on=date(2026, 11, 30)).orderer = espoo
    db.session.commit()
    assert close.pending_invoice_adjustments(people.unit, DECEMBER) == [
        InvoiceAdjustment(anna.person_id, date(2026, 11, 30), helsinki.id, kind.id, 5000, -1, -5000),
        InvoiceAdjustment(anna.person_id, date(2026, 11, 30), espoo.id, kind.id, 6000, 1, 6000)]


def test_clients_whose_payer_is_none_have_no_money_lines_but_are_invoiced(people, anna, december, work):  # noqa: F811
    helsinki, kind = work
    price(helsinki, kind, date(2026, 1, 1), 5000)
    payers(anna, ("none", date(2020, 1, 1)))
    fill_november(people, anna)
    record = close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    assert close.frozen_lines(record) == []
    assert len(close.frozen_invoice_lines(record)) == NOVEMBER_DAYS


def test_the_close_is_audited_with_its_invoice_lines(people, anna, december, work):  # noqa: F811
    from webapp.audit.models import AuditEvent
    helsinki, kind = work
    price(helsinki, kind, date(2026, 1, 1), 5000)
    fill_november(people, anna)
    record = close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "month_closed"))
    assert event.changes["invoice_lines"] == [None, NOVEMBER_DAYS]
    assert event.changes["invoice_amount_cents"] == [None, NOVEMBER_DAYS * 5000]
    assert (event.entity, event.entity_id) == ("month_close", record.id)


def test_months_closed_before_the_invoice_lines_existed_get_their_days_frozen(app, people, anna, december,  # noqa: F811
                                                                               work):
    helsinki, kind = work
    price(helsinki, kind, date(2026, 1, 1), 5000)
    fill_november(people, anna)
    unit_id, manager_id = people.unit.id, people.manager.id
    db.session.remove()
    downgrade(revision="7419d6bfee5e")
    try:
        db.session.add(MonthClose(unit_id=unit_id, month=NOVEMBER, closed_by_id=manager_id))
        db.session.commit()
        db.session.remove()
    finally:
        upgrade()
    record = close.closed(unit_id, NOVEMBER)
    lines = close.frozen_invoice_lines(record)
    assert [(line.kind, line.price_cents) for line in lines] == [("day", 5000)] * NOVEMBER_DAYS
    assert close.pending_invoice_adjustments(db.session.get(type(people.unit), unit_id), DECEMBER) == []


# --- Property: whatever happens after close, a day's lines add up to what it is worth now -------

@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corrections=st.lists(st.tuples(st.integers(min_value=0, max_value=16), st.booleans()), max_size=6),
       prices=st.lists(st.tuples(st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=9000)),
                       max_size=3),
       priced_at_close=st.booleans(),
       payer=st.sampled_from(["kela", "municipality", "none"]))
def test_invoice_lines_always_add_up_to_the_truth_and_no_day_is_invoiced_twice(people, anna, work, corrections,  # noqa: F811
                                                                                prices, priced_at_close, payer):
    helsinki, kind = work
    for table in (MoneyLine, InvoiceLine, MonthClose, ActivityDay, DayPrice):
        db.session.execute(db.delete(table))
    payers(anna, (payer, date(2020, 1, 1)))
    if priced_at_close:
        price(helsinki, kind, date(2026, 1, 1), 5000)
    db.session.commit()
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=False):
        fill_november(people, anna)
        november = close.close_month(people.unit, NOVEMBER, people.manager)
        db.session.commit()
        frozen = snapshot(november)
        apply_corrections(db.session.scalars(db.select(ActivityDay).order_by(ActivityDay.day)).all(),
                          people.manager, corrections)
        for day, cents in prices:  # set or changed back in time (a date already priced is skipped)
            if db.session.scalar(db.select(DayPrice).where(DayPrice.valid_from == date(2026, 11, day))) is None:
                price(helsinki, kind, date(2026, 11, day), cents)
                db.session.commit()
    december_close = close_december(people, anna)
    assert snapshot(november) == frozen  # the closed month never changed
    for record, month in ((november, NOVEMBER), (december_close, DECEMBER)):  # totals = the sum of its lines
        lines = close.frozen_invoice_lines(record)
        assert invoice_month.month_view(month).sums() == (sum(line.days for line in lines),
                                                          sum(line.amount_cents for line in lines))
    first, last = compensation.month_bounds(NOVEMBER)
    truth = {(row.client_id, row.day, row.orderer_id, row.service_type_id): row.price_cents or 0
             for row in db.session.execute(db.select(basis.invoiced_days(first, last)))}
    invoiced: dict = {}
    for line in db.session.scalars(db.select(InvoiceLine).where(InvoiceLine.day <= last)):
        key = (line.client_id, line.day, line.orderer_id, line.service_type_id)
        days_, amount = invoiced.get(key, (0, 0))
        invoiced[key] = (days_ + line.days, amount + line.amount_cents)
    settled = {key: value for key, value in invoiced.items() if value != (0, 0)}
    assert settled == {key: (1, cents) for key, cents in truth.items()}
    per_day: dict = {}
    for (client_id, day, _orderer, _kind), (days_, _amount) in invoiced.items():
        per_day[(client_id, day)] = per_day.get((client_id, day), 0) + days_
    assert all(count in (0, 1) for count in per_day.values())  # never invoiced twice
    assert close.pending_invoice_adjustments(people.unit, date(2027, 1, 1)) == []
    assert len(close.frozen_invoice_lines(november)) == NOVEMBER_DAYS
