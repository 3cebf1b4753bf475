"""The outcomes report, on Wednesday 18.11.2026: figures per orderer and unit, groups of fewer
than 5 clients shown without figures, and the exports."""
from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import event

from tests import factories
from tests.conftest import seed_instruments_and_templates
from tests.http import login, text
from tests.moments import DURING_THE_DAY, HEL
from tests.reports.test_pdf import pdf_download_text
from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.extensions import db
from webapp.goals.models import NextStep
from webapp.lib import clock
from webapp.reports import outcomes
from webapp.reports.routes import _outcomes_table
from webapp.wellbeing import rules as wellbeing
from webapp.wellbeing.models import SelfAssessment


@pytest.fixture(autouse=True)
def wednesday(app):
    with time_machine.travel(DURING_THE_DAY, tick=False):
        seed_instruments_and_templates()
        yield


def attend(client, first, last, every=1):
    """Records of taking part (remote, still open: open days count for the rate too) on the
    client's planned days first..last, every n-th one."""
    period = client.periods[0]
    day, n = first, 0
    while day <= last:
        if period.is_planned_on(day):
            if n % every == 0:
                db.session.add(ActivityDay(client_id=client.person_id, unit_id=period.unit_id, day=day,
                                           kind=Kind.REMOTE.value, reported_minutes=240,
                                           status=Status.OPEN.value))
            n += 1
        day += timedelta(days=1)
    db.session.commit()


def test_weekdays_between_counts_each_weekday():
    assert outcomes.weekdays_between(date(2026, 11, 2), date(2026, 11, 8), 0) == 1  # Mon–Sun, Mondays
    assert outcomes.weekdays_between(date(2026, 11, 3), date(2026, 11, 9), 0) == 1
    assert outcomes.weekdays_between(date(2026, 11, 3), date(2026, 11, 8), 0) == 0
    assert outcomes.weekdays_between(date(2026, 9, 1), date(2026, 11, 17), 2) == 11  # Wednesdays
    assert outcomes.weekdays_between(date(2026, 11, 9), date(2026, 11, 8), 0) == 0


def test_attendance_against_the_plan_matches_the_client_page_rule(people):
    anna = people.client.client  # Mon–Thu from 1.9.2026; unit open Mon–Fri
    attend(anna, date(2026, 9, 1), date(2026, 11, 17), every=2)
    [group] = [g for g in outcomes.outcomes(people.manager, date(2026, 1, 1), date(2026, 12, 31), clock.today())
               if g.unit == people.unit.name]
    planned = sum(outcomes.weekdays_between(date(2026, 9, 1), date(2026, 11, 17), w) for w in range(4))
    assert group.planned == planned and group.attended == (planned + 1) // 2


def test_goals_reached_who5_change_and_next_steps(people):
    period = people.client.client.periods[0]
    goal = factories.make_goal(period, people.coach)
    factories.make_evaluation(period, people.coach, {goal: -1}, held_on=date(2026, 10, 1))
    factories.make_evaluation(period, people.coach, {goal: 0}, held_on=date(2026, 11, 1))  # the latest: T 50
    who5 = wellbeing.instrument(wellbeing.WHO5)
    wording = wellbeing.wording(who5, "fi")
    for day, score in ((date(2026, 9, 3), 40), (date(2026, 11, 10), 56)):
        db.session.add(SelfAssessment(client_id=people.client.id, period_id=period.id, instrument_id=who5.id,
                                      wording_id=wording.id, answers=[2] * 5, raw=score // 4, score=score,
                                      answered_at=datetime.combine(day, datetime.min.time(), HEL) + timedelta(hours=10)))
    final = factories.make_plan(period, people.coach, signed=True, kind="final")
    final.next_step_id = db.session.scalar(db.select(NextStep.id).where(NextStep.code == "work_trial"))
    db.session.commit()
    [group] = [g for g in outcomes.outcomes(people.manager, date(2026, 1, 1), date(2026, 12, 31), clock.today())
               if g.unit == people.unit.name]
    assert (group.evaluated, group.reached, group.who5_changes, dict(group.next_steps)) == (
        1, 1, [16], {"work_trial": 1})


def many_clients(people, n):
    clients = [people.client.client] + [
        factories.make_client(people.unit, coach=people.coach, first_name=f"Asiakas{i}").client for i in range(n - 1)]
    return clients


def test_a_group_of_fewer_than_five_shows_no_figures(http, people):
    many_clients(people, 4)
    login(http, people.manager)
    page = text(http.get("/reports/outcomes?year=2026"))
    assert people.unit.name in page and page.count("alle 5") >= 7


def test_five_clients_show_their_figures_but_no_count_of_one_to_four(http, people):
    clients = many_clients(people, 5)
    for client in clients:
        attend(client, date(2026, 9, 1), date(2026, 11, 17))
    login(http, people.manager)
    csv = http.get("/reports/outcomes?year=2026&format=csv").get_data(as_text=True)
    line = next(row for row in csv.splitlines() if people.unit.name in row)
    cells = line.split(";")
    assert cells[2] == "5" and cells[3] == "5" and cells[4] == "0" and cells[5] == "100 %"
    assert http.get("/reports/outcomes?year=2026&format=xlsx").status_code == 200
    assert "Palvelun tulokset 2026" in text(http.get("/reports/outcomes?year=2026&format=print"))


@pytest.mark.parametrize("year", ["1999", "2027", "abc", "²"])
def test_a_bad_year_is_404(http, people, year):
    login(http, people.manager)
    assert http.get(f"/reports/outcomes?year={year}").status_code == 404


@pytest.mark.parametrize("who, status", [("coach", 403), ("client", 403), ("kitchen", 403)])
def test_only_managers(http, people, who, status):
    login(http, getattr(people, who))
    assert http.get("/reports/outcomes").status_code == status
    assert http.get("/reports/outcomes?format=pdf").status_code == status


def test_it_runs_in_a_fixed_number_of_queries(people, app):
    many_clients(people, 6)
    counted = []
    listener = lambda *args: counted.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        outcomes.outcomes(people.manager, date(2026, 1, 1), date(2026, 12, 31), clock.today())
        few = len(counted)
        for i in range(10):
            factories.make_client(people.other_unit, coach=people.other_coach, first_name=f"Lisä{i}")
        counted.clear()
        outcomes.outcomes(people.manager, date(2026, 1, 1), date(2026, 12, 31), clock.today())
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(counted) == few


def test_a_share_that_would_show_one_to_four_people_is_hidden(app):
    group = outcomes.Group("Helsinki", "Paja", clients=set(range(6)), evaluated=5, reached=1)
    with app.test_request_context():
        assert _outcomes_table([group], {})[1][0][6] == "alle 5"  # 1 reached: 20 % of 5 is one person
        group.reached = 0
        assert _outcomes_table([group], {})[1][0][6] == "0 % (0/5)"
        group.evaluated, group.reached = 10, 5
        assert _outcomes_table([group], {})[1][0][6] == "50 % (5/10)"


def test_only_planned_weekdays_count_and_a_day_not_held_is_not_planned(people):
    """Anna is planned Mon–Thu: a Friday she took part is not attendance against the plan, and a
    planned day the service was not held is neither planned nor attended."""
    anna = people.client.client
    attend(anna, date(2026, 11, 2), date(2026, 11, 12))  # Mon 2.11.–Thu 12.11.: 8 planned days
    for day in (date(2026, 11, 6), date(2026, 11, 13)):  # Fridays, taken part though not planned
        db.session.add(ActivityDay(client_id=anna.person_id, unit_id=people.unit.id, day=day,
                                   kind=Kind.REMOTE.value, reported_minutes=240, status=Status.OPEN.value))
    db.session.add(ActivityDay(client_id=anna.person_id, unit_id=people.unit.id, day=date(2026, 11, 16),
                               kind=Kind.ABSENT.value, absence_reason="not_held", status=Status.OPEN.value))
    db.session.commit()
    [group] = [g for g in outcomes.outcomes(people.manager, date(2026, 1, 1), date(2026, 12, 31), clock.today())
               if g.unit == people.unit.name]
    planned = sum(outcomes.weekdays_between(date(2026, 9, 1), date(2026, 11, 17), w) for w in range(4)) - 1
    assert (group.planned, group.attended) == (planned, 8)


@pytest.mark.parametrize("day", [date(2026, 11, 16) + timedelta(days=n) for n in range(7)]
                         + [date(2000, 1, 3), date(2024, 2, 29), date(2099, 12, 31)])
def test_the_database_finds_each_weekday_bit(app, day):
    found = db.session.scalar(db.select(outcomes.weekday_bit(db.literal(day, db.Date))))
    assert found == 1 << day.weekday()


def test_the_pdf_has_the_title_a_figure_and_who_produced_it(http, people):
    clients = many_clients(people, 5)
    for client in clients:
        attend(client, date(2026, 9, 1), date(2026, 11, 17))
    login(http, people.manager)
    words = pdf_download_text(http.get("/reports/outcomes?year=2026&format=pdf"), "tulokset-2026.pdf")
    assert "Palvelun tulokset 2026" in words and people.unit.name in words and "100 %" in words
    assert f"Tuottanut {people.manager.full_name}" in words and "sivu 1/1" in words
