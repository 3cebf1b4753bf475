"""The invoice basis (webapp/money/invoice_basis.py) on both databases: which days are invoiced, to
which orderer, for which service type, at which day price."""
from datetime import date

from tests import factories
from tests.money.test_compensation import day_record
from webapp.extensions import db
from webapp.money import invoice_basis as basis
from webapp.invoicing.month import client_rows
from webapp.money import compensation
from webapp.money.models import DayPrice
from webapp.clients.models import ServicePeriod

FIRST, LAST = compensation.month_bounds(date(2026, 11, 1))


def price(orderer, kind, valid_from, cents):
    db.session.add(DayPrice(orderer_id=orderer.id, service_type_id=kind.id, valid_from=valid_from, price_cents=cents))


def summary(lines):
    return [(line.orderer_id, line.service_type_id, line.price_cents, line.days, line.amount_cents) for line in lines]


def test_only_confirmed_days_on_site_or_remote_are_invoiced(people):
    helsinki, work = factories.make_municipality(), factories.service_type()
    price(helsinki, work, date(2026, 1, 1), 5000)
    anna = people.client.client
    day_record(anna, people.unit, date(2026, 11, 2))
    day_record(anna, people.unit, date(2026, 11, 3), kind="remote")
    day_record(anna, people.unit, date(2026, 11, 4), kind="absent")
    day_record(anna, people.unit, date(2026, 11, 5), status="open")
    day_record(anna, people.unit, date(2026, 11, 9), status="not_counted")
    day_record(anna, people.unit, date(2026, 10, 30))  # another month
    day_record(anna, people.unit, date(2026, 12, 1))  # another month
    db.session.commit()
    assert summary(basis.invoice_lines(FIRST, LAST)) == [(helsinki.id, work.id, 5000, 2, 10000)]


def test_a_price_change_mid_month_applies_from_its_day(people):
    helsinki, work = factories.make_municipality(), factories.service_type()
    price(helsinki, work, date(2026, 1, 1), 5000)
    price(helsinki, work, date(2026, 11, 16), 5250)
    price(helsinki, work, date(2026, 12, 1), 9900)  # not yet
    anna, pekka = people.client.client, people.other_client.client
    for on in (date(2026, 11, 2), date(2026, 11, 13), date(2026, 11, 16), date(2026, 11, 30)):
        day_record(anna, people.unit, on)
    day_record(pekka, people.other_unit, date(2026, 11, 17))
    db.session.commit()
    lines = basis.invoice_lines(FIRST, LAST)
    assert summary(lines) == [(helsinki.id, work.id, 5000, 2, 10000), (helsinki.id, work.id, 5250, 3, 15750)]
    assert [line.clients for line in lines] == [1, 2]


def test_a_period_that_changes_orderer_mid_month_splits_the_days(people):
    helsinki, espoo = factories.make_municipality(), factories.make_municipality("Espoo")
    work = factories.service_type()
    price(helsinki, work, date(2026, 1, 1), 5000)
    price(espoo, work, date(2026, 1, 1), 6000)
    anna = people.client.client
    first_period = db.session.scalar(db.select(ServicePeriod).where(ServicePeriod.client_id == anna.person_id))
    first_period.ends_on = date(2026, 11, 15)
    second = factories.make_period(anna, people.unit, starts_on=date(2026, 11, 16))
    second.orderer = espoo
    for on in (date(2026, 11, 2), date(2026, 11, 13), date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)):
        day_record(anna, people.unit, on)
    db.session.commit()
    assert summary(basis.invoice_lines(FIRST, LAST)) == [(helsinki.id, work.id, 5000, 2, 10000),
                                                         (espoo.id, work.id, 6000, 3, 18000)]
    assert [(c.client_id, c.days, c.amount_cents) for c in client_rows(FIRST, espoo.id, work.id)] == [
        (anna.person_id, 3, 18000)]


def test_each_service_type_has_its_own_price(people):
    helsinki, work, coaching = factories.make_municipality(), factories.service_type(), factories.service_type("coach")
    price(helsinki, work, date(2026, 1, 1), 5000)
    price(helsinki, coaching, date(2026, 1, 1), 7000)
    pekka = people.other_client.client
    period = db.session.scalar(db.select(ServicePeriod).where(ServicePeriod.client_id == pekka.person_id))
    period.service_type = coaching
    day_record(people.client.client, people.unit, date(2026, 11, 2))
    day_record(pekka, people.other_unit, date(2026, 11, 2))
    db.session.commit()
    assert sorted(summary(basis.invoice_lines(FIRST, LAST))) == sorted([(helsinki.id, work.id, 5000, 1, 5000),
                                                                        (helsinki.id, coaching.id, 7000, 1, 7000)])


def test_days_without_a_price_are_a_problem_line_not_dropped(people):
    helsinki, work = factories.make_municipality(), factories.service_type()
    price(helsinki, work, date(2026, 11, 10), 5000)
    anna = people.client.client
    day_record(anna, people.unit, date(2026, 11, 2))
    day_record(anna, people.unit, date(2026, 11, 3))
    day_record(anna, people.unit, date(2026, 11, 10))
    db.session.commit()
    lines = basis.invoice_lines(FIRST, LAST)
    assert sorted(summary(lines), key=str) == sorted([(helsinki.id, work.id, None, 2, 0),
                                                      (helsinki.id, work.id, 5000, 1, 5000)], key=str)
    assert [line.problem for line in lines if line.price_cents is None] == [True]
    drill = client_rows(FIRST, helsinki.id, work.id)
    assert [(c.days, c.amount_cents, c.unpriced) for c in drill] == [(3, 5000, 2)]


def test_a_day_outside_any_period_at_its_unit_has_no_orderer(people):
    helsinki, work = factories.make_municipality(), factories.service_type()
    price(helsinki, work, date(2026, 1, 1), 5000)
    anna = people.client.client
    day_record(anna, people.other_unit, date(2026, 11, 2))  # her period is at people.unit
    day_record(anna, people.unit, date(2027, 3, 3))  # after the period (another month, not counted here)
    pekka = people.other_client.client
    period = db.session.scalar(db.select(ServicePeriod).where(ServicePeriod.client_id == pekka.person_id))
    period.orderer_id = None
    day_record(pekka, people.other_unit, date(2026, 11, 4))
    db.session.commit()
    lines = basis.invoice_lines(FIRST, LAST)
    assert sorted(summary(lines), key=str) == sorted([(None, None, None, 1, 0), (None, work.id, None, 1, 0)], key=str)
    assert all(line.problem for line in lines)
    assert [c.client_id for c in client_rows(FIRST, None, None)] == [anna.person_id]
    assert [c.client_id for c in client_rows(FIRST, None, work.id)] == [pekka.person_id]


def test_the_drill_down_adds_up_to_the_lines(people):
    helsinki, work = factories.make_municipality(), factories.service_type()
    price(helsinki, work, date(2026, 1, 1), 5000)
    price(helsinki, work, date(2026, 11, 20), 5500)
    for client, unit in ((people.client.client, people.unit), (people.other_client.client, people.other_unit)):
        for on in (date(2026, 11, 2), date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 23)):
            day_record(client, unit, on)
    db.session.commit()
    lines = basis.invoice_lines(FIRST, LAST)
    drill = client_rows(FIRST, helsinki.id, work.id)
    assert sum(line.days for line in lines) == sum(c.days for c in drill) == 8
    assert sum(line.amount_cents for line in lines) == sum(c.amount_cents for c in drill) == 2 * (2 * 5000 + 2 * 5500)


def test_overlapping_periods_bill_the_newest_and_a_day_once(people):
    """Periods at one unit may overlap: the one that starts last wins, and on the same start the
    one created last; a day is invoiced once whatever the overlap."""
    helsinki, espoo, vantaa = (factories.make_municipality(), factories.make_municipality("Espoo"),
                               factories.make_municipality("Vantaa"))
    work = factories.service_type()
    for orderer, cents in ((helsinki, 5000), (espoo, 6000), (vantaa, 7000)):
        price(orderer, work, date(2026, 1, 1), cents)
    anna = people.client.client
    first_period = db.session.scalar(db.select(ServicePeriod).where(ServicePeriod.client_id == anna.person_id))
    first_period.orderer = helsinki
    later = factories.make_period(anna, people.unit, starts_on=date(2026, 11, 10), ends_on=date(2026, 12, 31))
    later.orderer = espoo
    db.session.flush()
    same_start = factories.make_period(anna, people.unit, starts_on=date(2026, 11, 20), ends_on=date(2026, 11, 30))
    same_start.orderer = espoo
    newest = factories.make_period(anna, people.unit, starts_on=date(2026, 11, 20), ends_on=date(2026, 11, 30))
    newest.orderer = vantaa
    for on in (date(2026, 11, 2), date(2026, 11, 10), date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 30)):
        day_record(anna, people.unit, on)
    db.session.commit()
    assert summary(basis.invoice_lines(FIRST, LAST)) == [(helsinki.id, work.id, 5000, 1, 5000),
                                                         (espoo.id, work.id, 6000, 2, 12000),
                                                         (vantaa.id, work.id, 7000, 2, 14000)]
    rows = db.session.execute(db.select(basis.invoiced_days(FIRST, LAST))).all()
    assert len(rows) == len({row.day_id for row in rows}) == 5
