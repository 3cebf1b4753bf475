from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func

from tests.conftest import reseed_reference_data
from tests.http import post
from tests.moments import DURING_THE_DAY, HEL
from tests.snapshots import SNAPSHOTS
from webapp.accounts.models import Person
from webapp.clients.models import ClientProfile
from webapp.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF
from webapp.extensions import db
from webapp.lib import clock
from webapp.goals import documents
from webapp.goals import rules as goal_rules
from webapp.wellbeing import rules as wellbeing_rules
from webapp.wellbeing.models import SelfAssessment
from webapp.clients.models import ServicePeriod
from webapp.units.models import Unit


@pytest.fixture(autouse=True)
def seeded(app):
    reseed_reference_data()


def loaded_demo(app):
    """The demo, loaded by its command; on the same tables at the same moment only once, its rows
    put back after that (tests/snapshots.py). The tests of the command itself and of what it
    prints run it themselves."""
    def load():
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0 and "demo: loaded" in result.output, result.output
    SNAPSHOTS.keep("demo", load)


def test_demo_loads_once_and_then_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and "loaded 2 units" in first.output
    counts = [db.session.scalar(db.select(func.count()).select_from(m)) for m in (Unit, Person, ServicePeriod)]
    second = runner.invoke(args=["demo"])
    assert "already loaded" in second.output
    assert counts == [db.session.scalar(db.select(func.count()).select_from(m)) for m in (Unit, Person, ServicePeriod)]
    assert counts[0] == 2 and counts[2] == 14


def test_every_demo_client_has_an_own_coach_a_payer_and_a_period_current_but_two(app):
    loaded_demo(app)
    clients = db.session.scalars(db.select(ClientProfile)).all()
    assert len(clients) == 14
    for client in clients:
        assert client.own_coach and client.own_coach.role == "coach"
        assert client.payers
        assert client.periods and client.periods[0].service_type is not None
    ended = [c for c in clients if c.periods[0].ends_on < clock.today()]
    assert sorted(c.person.first_name for c in ended) == ["Kirsi", "Ville"]
    assert all(c.periods[0].end_reason for c in ended)


def test_the_demo_logins_in_the_readme_work(app, http):
    loaded_demo(app)
    for _role, _first, _last, email, password, *_ in STAFF:
        assert post(http, "/login", {"email": email, "password": password}).status_code == 302, email
        post(http, "/logout")
    assert post(http, "/login", {"email": CLIENT_EMAIL, "password": CLIENT_PASSWORD}).status_code == 302


def test_the_demo_has_months_of_attendance_and_tablets_waiting_to_be_paired(app):
    from webapp.checkin.models import ActivityDay, Scan
    from webapp.checkin.scans import check_pin
    from webapp.demo import CLIENT_PIN, history_start
    from webapp.kiosks import device
    from webapp.checkin.models import Kiosk
    from webapp.lib import clock

    result = app.test_cli_runner().invoke(args=["demo"])
    codes = [line.split(" code ")[1][:9].replace(" ", "") for line in result.output.splitlines() if "pair" in line]
    days = db.session.scalars(db.select(ActivityDay).where(ActivityDay.kind == "onsite")).all()
    assert len(days) > 50
    assert min(d.day for d in days) >= history_start(clock.today())
    assert all(d.check_out_at is None or d.check_out_at > d.check_in_at for d in days)
    # every recorded arrival and leaving has its scan, as if it had come from a kiosk
    scans = db.session.scalar(db.select(func.count()).select_from(Scan))
    assert scans == len(days) + sum(1 for d in days if d.check_out_at is not None)
    assert any(d.flags for d in days)  # a few days for the coach to look at
    assert len(codes) == 2 and db.session.scalar(db.select(func.count()).select_from(Kiosk)) == 2
    assert device.claim_pairing(codes[0]) is not None
    aino = db.session.scalar(db.select(Person).where(Person.email == CLIENT_EMAIL))
    assert check_pin(aino.client, CLIENT_PIN).ok


def test_the_demo_has_a_diary_some_of_it_shared_and_read_by_the_own_coach(app):
    from webapp.diary.models import DiaryEntry, DiaryRead, DiaryReply, UnitActivity

    loaded_demo(app)
    entries = db.session.scalars(db.select(DiaryEntry)).all()
    aino = db.session.scalar(db.select(Person).where(Person.email == CLIENT_EMAIL))
    assert sum(1 for e in entries if e.client_id == aino.id) >= 5
    assert any(e.shared for e in entries) and not all(e.shared for e in entries)
    reads = db.session.scalars(db.select(DiaryRead)).all()
    assert reads and all(r.entry.shared and r.reader_id == r.entry.client.own_coach_id for r in reads)
    assert db.session.scalar(db.select(func.count()).select_from(DiaryReply)) > 0
    assert db.session.scalar(db.select(func.count()).select_from(UnitActivity)) >= 10


def test_the_demo_has_guidance_with_some_clients_behind(app):
    from webapp.guidance import rules
    from webapp.guidance.models import GuidanceSession
    from webapp.lib import clock

    loaded_demo(app)
    assert db.session.scalar(db.select(func.count()).select_from(GuidanceSession)) > 5
    manager = db.session.scalar(db.select(Person).where(Person.email == "johtaja@example.fi"))
    behind = rules.behind(manager, clock.today())
    assert 0 < len(behind) < len(db.session.scalars(db.select(ClientProfile)).all())


def test_the_demo_has_decided_days_absences_and_remote_days_and_leaves_the_last_two_days_open(app):
    from webapp.audit.models import AuditEvent
    from webapp.checkin.models import ActivityDay

    with time_machine.travel(DURING_THE_DAY, tick=False):  # a Wednesday: yesterday and today were open days
        loaded_demo(app)
    days = db.session.scalars(db.select(ActivityDay)).all()
    kinds = {d.kind for d in days}
    assert kinds == {"onsite", "remote", "absent"}
    assert len({d.absence_reason for d in days if d.kind == "absent"}) >= 3
    old = [d for d in days if d.day < DURING_THE_DAY.date() - timedelta(days=1)]
    assert old and all(not d.open for d in old)
    assert any(d.status == "not_counted" for d in old) and any(d.decision_reason for d in old)
    recent = [d for d in days if d.day >= DURING_THE_DAY.date() - timedelta(days=1)]
    assert recent and all(d.open for d in recent if d.kind == "onsite")
    decided = db.session.scalar(db.select(func.count()).select_from(AuditEvent)
                                .where(AuditEvent.entity == "activity_day"))
    assert decided >= len(old)  # every decision left its trail


# A Wednesday mid-month, the first of a month (yesterday belongs to a month to close) and New
# Year's Day (inside the Christmas closure; the months to close are November and December).
DEMO_DAYS = [DURING_THE_DAY, datetime(2026, 12, 1, 9, 0, tzinfo=HEL), datetime(2027, 1, 1, 12, 0, tzinfo=HEL)]


@pytest.mark.parametrize("moment", DEMO_DAYS, ids=lambda m: m.date().isoformat())
def test_the_demo_closes_the_last_two_months_and_leaves_a_correction_pending(app, moment):
    from webapp.lib.dates import shift_month
    from webapp.checkin.models import ActivityDay
    from webapp.money import invoice_basis as basis
    from webapp.money import close, compensation
    from webapp.checkin.models import MonthClose

    with time_machine.travel(moment, tick=False):
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        today = moment.date()
        units = db.session.scalars(db.select(Unit)).all()
        closed = {(c.unit_id, c.month) for c in db.session.scalars(db.select(MonthClose))}
        months = [shift_month(today, -2), shift_month(today, -1)]
        assert closed == {(u.id, m) for u in units for m in months}  # the current month stays open
        for unit in units:
            for month in months:
                assert close.missing(unit, month) == []
            assert close.first_open_month(unit) == today.replace(day=1)
        first, _last = compensation.month_bounds(months[0])
        assert all(not d.open for d in db.session.scalars(
            db.select(ActivityDay).where(ActivityDay.day.between(first, months[1] + timedelta(days=40)),
                                         ActivityDay.day < today.replace(day=1))))
        pending = {u.name: close.pending_adjustments(u, today) for u in units}
        first_unit = min(pending)  # the close screen opens with it
        assert [len(found) for _name, found in sorted(pending.items())] == [1, 0]
        pending = pending[first_unit]
        assert pending[0].days in (-1, 1) and pending[0].amount_cents != 0
        corrected = db.session.scalars(db.select(ActivityDay).where(ActivityDay.client_id == pending[0].client_id,
                                                                    ActivityDay.day == pending[0].day)).one()
        assert corrected.decision_reason and corrected.day >= months[1]
        for month in [*months, today.replace(day=1)]:
            lines = basis.invoice_lines(*compensation.month_bounds(month))
            assert (lines or month > months[1]) and not any(line.problem for line in lines), month
        prices = {line.price_cents for m in months for line in basis.invoice_lines(*compensation.month_bounds(m))}
        assert {6200, 6500} <= prices  # the raise shows: the older month at 62 €, the newer at 65 €


def test_the_demo_has_kela_reports_sent_and_due_and_lunches_served(app, http):
    from webapp.lunch import counts
    from webapp.lunch.models import LunchServed
    from webapp.money.models import KelaReport
    from webapp.reports import kela

    with time_machine.travel(DURING_THE_DAY, tick=False):
        loaded_demo(app)
        today = DURING_THE_DAY.date()
        reports = db.session.scalars(db.select(KelaReport)).all()
        sent = [r for r in reports if r.sent_at is not None]
        assert len(sent) >= 2 and all(r.sent_at > r.produced_at and r.period_end < today for r in sent)
        manager = db.session.scalar(db.select(Person).where(Person.email == "johtaja@example.fi"))
        due, total = kela.due(manager, today)
        assert total > 0 and {d.start for d in due} == {kela.latest_ended(today)}
        assert any(d.report is not None for d in due) and any(d.report is None for d in due)  # printed or not
        assert not {(d.client.person_id, d.start) for d in due} & {(r.client_id, r.period_start) for r in sent}
        served = db.session.scalars(db.select(LunchServed)).all()
        assert len(served) > 20 and all(s.day < today for s in served)
        unit = db.session.scalars(db.select(Unit).order_by(Unit.name)).first()
        month = counts.month_totals(unit, today.replace(day=1))
        assert month.served > 0 and month.final > 0 and month.warnings < len(month.days) / 4


def test_the_money_pages_answer_the_demo_logins(app, http):
    with time_machine.travel(DURING_THE_DAY, tick=False):
        loaded_demo(app)
        unit = db.session.scalars(db.select(Unit).order_by(Unit.name)).first()
        post(http, "/login", {"email": "johtaja@example.fi", "password": "demo-johtaja-2026"})
        for url in ["/money/compensation", f"/money/close?unit={unit.id}", "/invoicing", "/invoicing/prices",
                    "/reports/kela", "/reports/kela/due", "/reports/travel", f"/units/{unit.id}/lunch"]:
            assert http.get(url).status_code == 200, url
        page = http.get("/invoicing?month=2026-10").get_data(as_text=True)
        assert "65,00" in page
        close_screen = http.get("/money/close").get_data(as_text=True)  # the first unit, the month to close
        adjustments = close_screen[close_screen.index('data-testid="adjustments"'):]
        assert "<tbody>" in adjustments and "Ei oikaisuja" not in adjustments
        post(http, "/logout")
        post(http, "/login", {"email": "keittio@example.fi", "password": "demo-keittio-2026"})
        assert http.get(f"/kitchen?unit={unit.id}&day=2026-11-16").status_code == 200


def test_the_demo_has_goals_for_every_client_and_interim_evaluations(app, http):
    with time_machine.travel(DURING_THE_DAY, tick=False):
        loaded_demo(app)
        periods = db.session.scalars(db.select(ServicePeriod)).all()
        assert all(2 <= len(goal_rules.goals_of(period)) <= 3 for period in periods)
        evaluated = [period for period in periods if goal_rules.evaluations_of(period)]
        assert 0 < len(evaluated) < len(periods)  # the newest clients have not had theirs yet
        for period in evaluated:
            evaluations = goal_rules.evaluations_of(period)
            assert [e.kind for e in evaluations] == (["interim", "final"] if period.end_reason else ["interim"])
            assert all(e.held_on < DURING_THE_DAY.date() for e in evaluations)
            assert all(len(e.scores) == len(goal_rules.goals_of(period)) for e in evaluations)
        post(http, "/login", {"email": STAFF[1][3], "password": STAFF[1][4]})
        coach = db.session.scalar(db.select(Person).where(Person.email == STAFF[1][3]))
        mine = next(p for p in evaluated if p.client.own_coach_id == coach.id and not p.end_reason)
        page = http.get(f"/periods/{mine.id}/goals").get_data(as_text=True)
        assert "Väliarviointi" in page and "T " in page
        kinds = {d.kind: d for d in documents.documents_of(mine)}
        assert set(kinds) == {"plan", "interim"}
        assert all(d.signed_at is not None and not documents.missing(d) for d in kinds.values())
        assert "Allekirjoitettu" in http.get(f"/periods/{mine.id}/documents").get_data(as_text=True)


def test_the_demo_has_who5_answers_some_under_50_and_new_clients_still_to_answer(app, http):
    with time_machine.travel(DURING_THE_DAY, tick=False):
        loaded_demo(app)
        answers = db.session.scalars(db.select(SelfAssessment)).all()
        assert answers and all(a.score == 4 * sum(a.answers) for a in answers)
        latest = {}
        for a in sorted(answers, key=lambda a: a.answered_at):
            latest[a.client_id] = a
        assert any(a.score < 50 for a in latest.values()) and any(a.score >= 50 for a in latest.values())
        clients = db.session.scalars(db.select(ClientProfile)).all()
        assert any(wellbeing_rules.due_for(c, DURING_THE_DAY.date()) == "start" for c in clients)


def test_the_demo_has_two_finished_periods_with_a_final_evaluation_a_next_step_and_a_certificate(app, http):
    from webapp.certificates.models import Certificate
    from webapp.skills.models import Skill, Training
    with time_machine.travel(DURING_THE_DAY, tick=False):
        loaded_demo(app)
        ended = [p for p in db.session.scalars(db.select(ServicePeriod)) if p.end_reason]
        assert len(ended) == 2
        for period in ended:
            final = next(d for d in documents.documents_of(period) if d.kind == "final")
            assert final.signed_at is not None and final.next_step is not None and not documents.missing(final)
            [certificate] = db.session.scalars(db.select(Certificate).where(Certificate.period_id == period.id)).all()
            assert not certificate.interim and certificate.days_attended > 10 and certificate.skills
            assert wellbeing_rules.instrument(wellbeing_rules.WHO5) is not None
            assert [a.occasion for a in db.session.scalars(db.select(SelfAssessment).where(
                SelfAssessment.period_id == period.id).order_by(SelfAssessment.answered_at))][-1] == "end"
        assert db.session.scalar(db.select(func.count()).select_from(Skill).where(Skill.removed_at.is_not(None))) == 1
        assert db.session.scalar(db.select(func.count()).select_from(Training)) >= 5
        coach = db.session.get(Person, certificate.period.client.own_coach_id)
        password = next(s[4] for s in STAFF if s[3] == coach.email)
        post(http, "/login", {"email": coach.email, "password": password})
        page = http.get(f"/periods/{certificate.period_id}/certificates").get_data(as_text=True)
        assert certificate.client_name in page and f"certificate-{certificate.id}" in page
        pdf = http.get(f"/certificates/{certificate.id}/pdf")
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
