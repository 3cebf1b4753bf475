from datetime import timedelta

from sqlalchemy import func

import pytest
import time_machine

from tests.conftest import reseed_reference_data
from tests.http import post
from tests.moments import DURING_THE_DAY
from webapp.accounts.models import Person
from webapp.clients.models import ClientProfile
from webapp.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF
from webapp.extensions import db
from webapp.periods.models import ServicePeriod
from webapp.units.models import Unit


@pytest.fixture(autouse=True)
def seeded(app):
    reseed_reference_data()


def test_demo_loads_once_and_then_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and "loaded 2 units" in first.output
    counts = [db.session.scalar(db.select(func.count()).select_from(m)) for m in (Unit, Person, ServicePeriod)]
    second = runner.invoke(args=["demo"])
    assert "already loaded" in second.output
    assert counts == [db.session.scalar(db.select(func.count()).select_from(m)) for m in (Unit, Person, ServicePeriod)]
    assert counts[0] == 2 and counts[2] == 12


def test_every_demo_client_has_an_own_coach_a_payer_and_a_current_period(app):
    app.test_cli_runner().invoke(args=["demo"])
    clients = db.session.scalars(db.select(ClientProfile)).all()
    assert len(clients) == 12
    for client in clients:
        assert client.own_coach and client.own_coach.role == "coach"
        assert client.payers
        assert client.periods and client.periods[0].service_type is not None


def test_the_demo_logins_in_the_readme_work(app, http):
    app.test_cli_runner().invoke(args=["demo"])
    for _role, _first, _last, email, password, *_ in STAFF:
        assert post(http, "/login", {"email": email, "password": password}).status_code == 302, email
        post(http, "/logout")
    assert post(http, "/login", {"email": CLIENT_EMAIL, "password": CLIENT_PASSWORD}).status_code == 302


def test_the_demo_has_weeks_of_attendance_and_tablets_waiting_to_be_paired(app):
    from webapp.checkin.models import ActivityDay, Scan
    from webapp.checkin.scans import check_pin
    from webapp.demo import CLIENT_PIN, HISTORY_WEEKS
    from webapp.kiosks import device
    from webapp.kiosks.models import Kiosk
    from webapp.lib import clock

    result = app.test_cli_runner().invoke(args=["demo"])
    codes = [line.split(" code ")[1][:9].replace(" ", "") for line in result.output.splitlines() if "pair" in line]
    days = db.session.scalars(db.select(ActivityDay).where(ActivityDay.kind == "onsite")).all()
    assert len(days) > 50
    assert min(d.day for d in days) >= clock.today() - timedelta(weeks=HISTORY_WEEKS)
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

    app.test_cli_runner().invoke(args=["demo"])
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

    app.test_cli_runner().invoke(args=["demo"])
    assert db.session.scalar(db.select(func.count()).select_from(GuidanceSession)) > 5
    manager = db.session.scalar(db.select(Person).where(Person.email == "johtaja@example.fi"))
    behind = rules.behind(manager, clock.today())
    assert 0 < len(behind) < len(db.session.scalars(db.select(ClientProfile)).all())


def test_the_demo_has_decided_days_absences_and_remote_days_and_leaves_the_last_two_days_open(app):
    from webapp.audit.models import AuditEvent
    from webapp.checkin.models import ActivityDay

    with time_machine.travel(DURING_THE_DAY, tick=False):  # a Wednesday: yesterday and today were open days
        app.test_cli_runner().invoke(args=["demo"])
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
