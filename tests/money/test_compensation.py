"""The daily compensation (webapp/money/compensation.py) on both databases: which days are
paid, by whom, at what rate — and, property-based, that it always agrees with the rules written
out plainly in Python."""
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.checkin.models import ActivityDay
from webapp.clients.models import PayerAssignment
from webapp.extensions import db
from webapp.lib import clock
from webapp.money import compensation
from webapp.money.models import CompensationRate

NOVEMBER = date(2026, 11, 1)
FIRST, LAST = compensation.month_bounds(NOVEMBER)


def day_record(client, unit, on: date, kind="onsite", status="confirmed") -> ActivityDay:
    record = ActivityDay(client_id=client.person_id, unit_id=unit.id, day=on, kind=kind, status=status)
    if kind == "onsite":
        record.check_in_at = datetime.combine(on, time(8), clock.HELSINKI)
        record.check_out_at = record.check_in_at + timedelta(hours=5)
        record.check_in_method = record.check_out_method = "badge"
    elif kind == "remote":
        record.reported_minutes = 300
    else:
        record.absence_reason = "own_illness"
    if status != "open":
        record.decided_at = clock.now()
    db.session.add(record)
    return record


def rates(*rows):
    db.session.add_all([CompensationRate(payer=p, valid_from=v, amount_cents=c) for p, v, c in rows])


def payers(client, *rows):
    db.session.execute(db.delete(PayerAssignment).where(PayerAssignment.client_id == client.person_id))
    db.session.add_all([PayerAssignment(client_id=client.person_id, payer=p, valid_from=v) for p, v in rows])


def a_november(people):
    """Two clients' November: Kela's rate rises on the 16th; Anna (Kela) has a day on site, a
    remote day and an open day at unit A; Pekka (the municipality) a day at unit B."""
    rates(("kela", date(2001, 9, 1), 900), ("municipality", date(2001, 9, 1), 900),
          ("kela", date(2026, 11, 16), 1000))
    payers(people.other_client.client, ("municipality", date(2020, 1, 1)))
    day_record(people.client.client, people.unit, date(2026, 11, 2))
    day_record(people.client.client, people.unit, date(2026, 11, 17), kind="remote")
    day_record(people.client.client, people.unit, date(2026, 11, 18), status="open")
    day_record(people.other_client.client, people.other_unit, date(2026, 11, 3))
    db.session.commit()


def test_only_confirmed_days_on_site_or_remote_are_paid(people):
    rates(("kela", date(2001, 9, 1), 900))
    anna = people.client.client  # Kela since 2020
    day_record(anna, people.unit, date(2026, 11, 2))
    day_record(anna, people.unit, date(2026, 11, 3), kind="remote")
    day_record(anna, people.unit, date(2026, 11, 4), kind="absent")
    day_record(anna, people.unit, date(2026, 11, 5), status="open")
    day_record(anna, people.unit, date(2026, 11, 9), status="not_counted")
    day_record(anna, people.unit, date(2026, 10, 30))  # another month
    db.session.commit()
    assert [(line.day, line.payer, line.rate_cents) for line in compensation.lines(FIRST, LAST)] == [
        (date(2026, 11, 2), "kela", 900), (date(2026, 11, 3), "kela", 900)]
    assert compensation.client_month(anna.person_id, NOVEMBER) == (2, 1800)


def test_a_payer_change_mid_month_splits_the_days_and_none_pays_nothing(people):
    rates(("kela", date(2001, 9, 1), 900), ("municipality", date(2001, 9, 1), 900))
    anna = people.client.client
    payers(anna, ("kela", date(2020, 1, 1)), ("municipality", date(2026, 11, 10)), ("none", date(2026, 11, 20)))
    for on in (date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 19), date(2026, 11, 20)):
        day_record(anna, people.unit, on)
    db.session.commit()
    assert [(t.payer, t.days, t.amount_cents) for t in compensation.totals(FIRST, LAST)] == [
        ("kela", 1, 900), ("municipality", 2, 1800)]


def test_a_rate_change_mid_month_applies_from_its_day(people):
    rates(("kela", date(2001, 9, 1), 900), ("kela", date(2026, 11, 16), 1050))
    anna = people.client.client
    for on in (date(2026, 11, 13), date(2026, 11, 16)):
        day_record(anna, people.unit, on)
    db.session.commit()
    assert [line.rate_cents for line in compensation.lines(FIRST, LAST)] == [900, 1050]
    assert compensation.client_month(anna.person_id, NOVEMBER) == (2, 1950)


def test_a_day_before_any_rate_is_listed_without_one(people):
    rates(("kela", date(2026, 11, 16), 900))
    day_record(people.client.client, people.unit, date(2026, 11, 2))
    db.session.commit()
    [total] = compensation.totals(FIRST, LAST)
    assert (total.days, total.amount_cents, total.unrated) == (1, 0, 1)


def test_units_and_clients_are_kept_apart(people):
    rates(("kela", date(2001, 9, 1), 900))
    day_record(people.client.client, people.unit, date(2026, 11, 2))
    day_record(people.other_client.client, people.other_unit, date(2026, 11, 2))
    db.session.commit()
    assert [line.client_id for line in compensation.lines(FIRST, LAST, unit_id=people.other_unit.id)] == [
        people.other_client.id]
    assert compensation.client_month(people.client.id, NOVEMBER) == (1, 900)


# --- The rules written out plainly, against random months ------------------------------------------

KINDS = st.sampled_from(["onsite", "remote", "absent"])
STATUSES = st.sampled_from(["open", "confirmed", "not_counted"])
NOVEMBER_DAYS = st.integers(min_value=1, max_value=30).map(lambda d: date(2026, 11, d))
# Changes of payer or rate: often on a day of the month itself (where "from on or before" bites),
# sometimes long before or after it.
AROUND = st.one_of(NOVEMBER_DAYS, st.integers(min_value=-60, max_value=60).map(
    lambda d: date(2026, 11, 15) + timedelta(days=d)))


def expected_lines(days, payer_rows, rate_rows):
    """The rules in plain Python: for each confirmed on-site or remote day, the newest payer from
    on or before it; 'none' or no payer: no line; the newest rate of that payer, or None."""
    result = []
    for on, kind, status in sorted(days):
        if status != "confirmed" or kind == "absent":
            continue
        known = [(v, p) for p, v in payer_rows if v <= on]
        if not known or max(known)[1] == "none":
            continue
        payer = max(known)[1]
        rated = [(v, c) for p, v, c in rate_rows if p == payer and v <= on]
        result.append((on, payer, max(rated)[1] if rated else None))
    return result


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.dictionaries(NOVEMBER_DAYS, st.tuples(KINDS, STATUSES), min_size=1, max_size=16),
       payer_rows=st.dictionaries(AROUND, st.sampled_from(["kela", "municipality", "none"]), min_size=1, max_size=4),
       rate_rows=st.dictionaries(st.tuples(st.sampled_from(["kela", "municipality"]), AROUND),
                                 st.integers(min_value=0, max_value=2000), min_size=1, max_size=6))
def test_the_money_always_follows_the_rules(people, days, payer_rows, rate_rows):
    anna = people.client.client
    db.session.execute(db.delete(ActivityDay))
    db.session.execute(db.delete(CompensationRate))
    payers(anna, *[(p, v) for v, p in payer_rows.items()])
    rates(*[(p, v, c) for (p, v), c in rate_rows.items()])
    for on, (kind, status) in days.items():
        day_record(anna, people.unit, on, kind, status)
    db.session.commit()

    plain_days = [(on, kind, status) for on, (kind, status) in days.items()]
    want = expected_lines(plain_days, [(p, v) for v, p in payer_rows.items()],
                          [(p, v, c) for (p, v), c in rate_rows.items()])
    got = compensation.lines(FIRST, LAST)
    assert [(line.day, line.payer, line.rate_cents) for line in got] == want
    assert len({line.day_id for line in got}) == len(got)  # never a day paid twice or by two payers
    totals = compensation.totals(FIRST, LAST)
    assert sum(t.days for t in totals) == len(got)
    assert sum(t.amount_cents for t in totals) == sum(line.rate_cents or 0 for line in got)
    for total in totals:  # each payer's total is the sum of its lines
        mine = [line for line in got if line.payer == total.payer]
        assert (total.days, total.amount_cents) == (len(mine), sum(line.rate_cents or 0 for line in mine))


def test_days_before_the_first_payer_or_of_a_client_without_any_are_listed_apart(people):
    """Such days are no line (nobody pays them) but they are a problem to fix, unlike payer "none"."""
    rates(("kela", date(2001, 9, 1), 900))
    anna, pekka = people.client.client, people.other_client.client
    payers(anna, ("kela", date(2026, 11, 10)))
    db.session.execute(db.delete(PayerAssignment).where(PayerAssignment.client_id == pekka.person_id))
    day_record(anna, people.unit, date(2026, 11, 2))
    day_record(anna, people.unit, date(2026, 11, 3), kind="remote")
    day_record(anna, people.unit, date(2026, 11, 4), kind="absent")  # not compensable: no problem
    day_record(anna, people.unit, date(2026, 11, 10))
    day_record(pekka, people.other_unit, date(2026, 11, 5))
    db.session.commit()
    assert [(line.day, line.payer) for line in compensation.lines(FIRST, LAST)] == [(date(2026, 11, 10), "kela")]
    assert compensation.days_without_payer(FIRST, LAST) == [
        compensation.Unpaid(anna.person_id, people.unit.id, date(2026, 11, 2)),
        compensation.Unpaid(anna.person_id, people.unit.id, date(2026, 11, 3)),
        compensation.Unpaid(pekka.person_id, people.other_unit.id, date(2026, 11, 5))]
    assert [u.day for u in compensation.days_without_payer(FIRST, LAST, unit_id=people.other_unit.id)] == [
        date(2026, 11, 5)]
    assert compensation.days_without_payer(date(2026, 11, 10), LAST) == []
