"""Who the kiosk lists and accepts: the unit's clients, today's expected ones first."""
from datetime import date, timedelta

from tests import factories
from tests.moments import MORNING
from webapp.checkin.roster import belongs_to_unit, expected_ids, roster, unit_clients
from webapp.extensions import db
from webapp.units.models import Closure

WEDNESDAY = MORNING.date()


def names(clients):
    return [c.person.first_name for c in clients]


def test_expected_clients_come_first(people):
    factories.make_client(people.unit, first_name="Aatu", period=False)  # at home here, no period
    fridays = factories.make_client(people.unit, first_name="Bertta", period=False)
    factories.make_period(fridays.client, people.unit, weekdays=(4,))
    expected, others = roster(people.unit, WEDNESDAY)
    assert names(expected) == ["Anna"]
    assert names(others) == ["Aatu", "Bertta"]


def test_a_closed_day_expects_nobody(people):
    db.session.add(Closure(unit=people.unit, starts_on=WEDNESDAY, ends_on=WEDNESDAY, reason="Kesätauko"))
    db.session.commit()
    assert expected_ids(people.unit, WEDNESDAY) == set()
    assert expected_ids(people.unit, WEDNESDAY + timedelta(days=3)) == set()  # Saturday


def test_a_visitor_with_a_period_here_is_listed_and_accepted(people):
    visitor = people.other_client.client
    assert not belongs_to_unit(visitor, people.unit, WEDNESDAY)
    factories.make_period(visitor, people.unit, starts_on=date(2026, 11, 1), ends_on=date(2027, 2, 1))
    db.session.refresh(visitor)
    assert belongs_to_unit(visitor, people.unit, WEDNESDAY)
    assert not belongs_to_unit(visitor, people.unit, date(2026, 10, 30))
    assert "Pekka" in names(unit_clients(people.unit, WEDNESDAY))


def test_inactive_clients_are_not_listed(people):
    people.client.active = False
    db.session.commit()
    assert names(unit_clients(people.unit, WEDNESDAY)) == []
    assert not belongs_to_unit(people.client.client, people.unit, WEDNESDAY)
