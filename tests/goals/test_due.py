"""What is due, on Wednesday 18.11.2026 (the test client's period runs 1.9.2026–2.3.2027)."""
from datetime import date

import pytest

from tests import factories
from tests.http import login, text
from webapp.extensions import db
from webapp.goals import due
from webapp.lib import clock


def anna_period(people):
    return people.client.client.periods[0]


def whats(viewer):
    return [(d.client.person_id, d.what, d.day, d.late) for d in due.due_for(viewer, clock.today())]


def test_a_period_without_a_signed_plan_is_late_after_its_first_month(people):
    anna = people.client.id
    assert (anna, "plan", date(2026, 10, 1), True) in whats(people.coach)
    factories.make_plan(anna_period(people), people.coach)  # a draft is not enough
    assert (anna, "plan", date(2026, 10, 1), True) in whats(people.coach)


@pytest.mark.parametrize("agreed, shown, late", [
    (date(2026, 11, 10), True, True), (date(2026, 11, 18), True, False), (date(2026, 12, 2), True, False),
    (date(2026, 12, 3), False, False)])
def test_the_agreed_interim_evaluation_shows_two_weeks_ahead_and_then_late(people, agreed, shown, late):
    plan = factories.make_plan(anna_period(people), people.coach, signed=True)
    plan.next_evaluation_on = agreed
    db.session.commit()
    found = [w for w in whats(people.coach) if w[0] == people.client.id and w[1] == "interim"]
    assert found == ([(people.client.id, "interim", agreed, late)] if shown else [])
    assert not [w for w in whats(people.coach) if w[0] == people.client.id and w[1] == "plan"]


def test_a_period_ending_within_30_days_needs_its_final_evaluation(people):
    period = anna_period(people)
    period.ends_on = date(2026, 12, 10)
    db.session.commit()
    assert (people.client.id, "final", date(2026, 12, 10), False) in whats(people.coach)
    period.ends_on = date(2026, 11, 17)  # ended yesterday without one: late
    db.session.commit()
    assert (people.client.id, "final", date(2026, 11, 17), True) in whats(people.coach)
    final = factories.make_plan(period, people.coach, signed=True)
    final.kind = "final"
    db.session.commit()
    assert [w for w in whats(people.coach) if w[0] == people.client.id] == []


def test_a_client_nearing_24_months_is_listed(people):
    factories.make_period(people.client.client, people.unit, starts_on=date(2025, 1, 1), ends_on=date(2026, 8, 31))
    db.session.expire_all()
    assert (people.client.id, "months", date(2027, 3, 2), False) in whats(people.coach)


def test_each_coach_sees_the_clients_they_may_see_and_the_manager_all(people):
    assert {w[0] for w in whats(people.coach)} == {people.client.id}
    assert {w[0] for w in whats(people.other_coach)} == {people.other_client.id}
    assert {w[0] for w in whats(people.manager)} == {people.client.id, people.other_client.id}


def test_the_page_and_the_coachs_card(http, people):
    login(http, people.coach)
    page = text(http.get("/documents/due"))
    assert "Anna Asiakas" in page and "Toteutussuunnitelma puuttuu" in page and "Myöhässä" in page
    assert "Pekka" not in page
    assert "1 suunnitelma tai arviointi erääntyy" in text(http.get("/clients/mine"))
