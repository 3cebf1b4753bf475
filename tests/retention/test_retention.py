"""`flask retention`: a client whose last period ended over ten years ago is anonymised — her
documents go, her money stays and still adds up, without her name; access-log rows older than two
years go; `--dry-run` changes nothing. Both databases, frozen time."""
from datetime import date, datetime, timedelta

import pytest
import time_machine

from tests import factories
from tests.money.test_compensation import day_record, rates
from tests.moments import HEL
from webapp import audit
from webapp.audit.models import AuditEvent
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Method
from webapp.clients import hetu
from webapp.clients.models import ClientProfile, ServicePeriod
from webapp.diary.models import DiaryEntry, DiaryRead
from webapp.extensions import db
from webapp.goals.models import Goal, PeriodDocument
from webapp.guidance.models import GuidanceSession
from webapp.lib.fi_ids import parse_hetu
from webapp.money import close, compensation
from webapp.money.models import MoneyLine
from webapp.retention import rules
from webapp.skills.models import Skill

NOW = datetime(2026, 12, 10, 12, tzinfo=HEL)
NOVEMBER_2015 = date(2015, 11, 1)


def count(model, *where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


@pytest.fixture
def old_client(people):
    """Vilma was a client for three days in November 2015: diary, guidance, a goal and a plan, a skill, a certificate,
    a scan, her code, audit events with her name; her November was confirmed and closed (Kela, 9 €)."""
    with time_machine.travel(datetime(2015, 9, 1, 9, tzinfo=HEL), tick=False):
        rates(("kela", date(2001, 9, 1), 900), ("municipality", date(2001, 9, 1), 900))
        person = factories.make_client(people.unit, coach=people.coach, first_name="Vilma", last_name="Vanhanen",
                                       period=False)
        period = factories.make_period(person.client, people.unit, starts_on=date(2015, 11, 2),
                                       ends_on=date(2015, 11, 4))
        period.end_reason = "Vilma muutti Tampereelle"
        person.client.payers[0].valid_from = date(2015, 1, 1)
        hetu.seal(person.client, parse_hetu("131052-308T"))
        audit.record(person, "update", changes={"last_name": ["Vanhanen-Koski", "Vanhanen"]})
        db.session.commit()
    with time_machine.travel(datetime(2015, 11, 20, 12, tzinfo=HEL), tick=False):
        for day in (date(2015, 11, 2), date(2015, 11, 3), date(2015, 11, 4)):
            day_record(person.client, people.unit, day).note = "Vilma kertoi väsymyksestä"
        entry = factories.make_entry(person, date(2015, 11, 2), mood=2, shared=True, went_well="Vilman oma päivä")
        db.session.add(DiaryRead(client_id=person.id, entry_id=entry.id, reader_id=people.coach.id,
                                 read_at=datetime(2015, 11, 3, 10, tzinfo=HEL), place="diary_list"))
        factories.make_guidance(person, people.coach, date(2015, 11, 3), 60, note="Vilman asiat")
        factories.make_goal(period, people.coach, text="Vilma jaksaa")
        factories.make_plan(period, people.coach, signed=True)
        factories.make_skill(person.client, people.coach, shown_on=date(2015, 11, 4))
        scans.record_scan(key="old-scan", unit=people.unit, method=Method.BADGE, client=person.client,
                          scanned_at=datetime(2015, 11, 5, 8, tzinfo=HEL), queued=True)
        db.session.commit()
    with time_machine.travel(datetime(2015, 12, 2, 12, tzinfo=HEL), tick=False):
        factories.make_certificate(period, people.coach)
        assert close.missing(people.unit, NOVEMBER_2015) == []
        close.close_month(people.unit, NOVEMBER_2015, people.manager)
        db.session.commit()
    return person


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["retention", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_dry_run_says_what_would_go_and_changes_nothing(app, people, old_client, now):
    before = {model: count(model) for model in (DiaryEntry, GuidanceSession, Goal, PeriodDocument, Skill, DiaryRead)}
    output = run(app, "--dry-run", "--list")
    assert f"client {old_client.id}: anonymise" in output
    assert "retention (dry run): would anonymise 1 clients (last day before 2016-12-10)" in output
    assert "diary_entry: 1 rows" in output and "guidance_session: 1 rows" in output
    assert {model: count(model) for model in before} == before
    assert db.session.get(ClientProfile, old_client.id).person.first_name == "Vilma"


def test_an_old_client_is_anonymised_and_her_money_still_adds_up(app, people, old_client, now):
    totals = compensation.totals(NOVEMBER_2015, date(2015, 11, 30))
    frozen = sorted((m.day, m.amount_cents, m.payer) for m in db.session.scalars(
        db.select(MoneyLine).where(MoneyLine.client_id == old_client.id)))
    assert totals and frozen and sum(t.amount_cents for t in totals) == 2700
    anna_entry = factories.make_entry(people.client, date(2026, 12, 7), went_well="Annan päivä")

    output = run(app)
    assert "retention: did anonymise 1 clients" in output
    db.session.expire_all()

    vilma = db.session.get(ClientProfile, old_client.id)
    assert (vilma.person.first_name, vilma.person.last_name) == ("Poistettu", f"asiakas {old_client.id}")
    assert vilma.person.email is None and not vilma.person.active and vilma.hetu_sealed is None
    assert vilma.anonymised_at is not None and vilma.pin_hash is None
    for model in (DiaryEntry, GuidanceSession, Skill):
        assert count(model, model.client_id == old_client.id) == 0, model
    periods = db.select(ServicePeriod.id).where(ServicePeriod.client_id == old_client.id)
    assert count(Goal, Goal.period_id.in_(periods)) == count(PeriodDocument, PeriodDocument.period_id.in_(periods)) == 0
    period = db.session.scalar(db.select(ServicePeriod).where(ServicePeriod.client_id == old_client.id))
    assert period.end_reason is None and period.starts_on == date(2015, 11, 2)  # the dates stay
    days = db.session.scalars(db.select(ActivityDay).where(ActivityDay.client_id == old_client.id)).all()
    assert len(days) == 3 and all(d.note is None and d.status == "confirmed" for d in days)

    assert compensation.totals(NOVEMBER_2015, date(2015, 11, 30)) == totals  # the amounts stay
    assert sorted((m.day, m.amount_cents, m.payer) for m in db.session.scalars(
        db.select(MoneyLine).where(MoneyLine.client_id == old_client.id))) == frozen
    trail = " ".join(str((e.changes, e.reason)) for e in db.session.scalars(db.select(AuditEvent)))
    for word in ("Vilma", "Vanhanen", "Tampereelle", "väsymyksestä"):
        assert word not in trail

    anna = db.session.get(ClientProfile, people.client.id)  # a current client is untouched
    assert anna.person.first_name == "Anna" and db.session.get(DiaryEntry, anna_entry.id) is not None

    again = run(app)  # nothing is done twice
    assert "did anonymise 0 clients" in again


def test_access_log_rows_over_two_years_old_go(app, people, now):
    entry = factories.make_entry(people.client, date(2026, 11, 2), shared=True, went_well="Hyvä päivä")
    for at in (datetime(2024, 12, 9, 15, tzinfo=HEL), datetime(2024, 12, 10, 9, tzinfo=HEL), NOW - timedelta(days=3)):
        db.session.add(DiaryRead(client_id=people.client.id, entry_id=entry.id, reader_id=people.coach.id,
                                 read_at=at, place="diary_list"))
    db.session.commit()
    assert "would remove 1 access-log rows read before 2024-12-10" in run(app, "--dry-run")
    assert count(DiaryRead) == 3
    assert "did remove 1 access-log rows" in run(app)
    assert sorted(r.read_at for r in db.session.scalars(db.select(DiaryRead))) == [
        datetime(2024, 12, 10, 9, tzinfo=HEL), NOW - timedelta(days=3)]
    assert db.session.get(DiaryEntry, entry.id) is not None


def test_a_client_with_a_recent_day_or_period_is_kept(app, people, old_client, now):
    with time_machine.travel(datetime(2017, 3, 1, 12, tzinfo=HEL), tick=False):
        day_record(old_client.client, people.unit, date(2017, 3, 1))  # came back for a day in 2017
        db.session.commit()
    assert "would anonymise 0 clients" in run(app, "--dry-run")


def test_every_table_about_a_client_is_named_in_the_rules(app):
    """A new table that points at a client, her periods, her diary or her documents must say what
    retention does with it (webapp/retention/rules.py TABLES)."""
    owners = {"client_profile", "service_period", "diary_entry", "goal", "evaluation", "period_document"}
    found = {table.name for table in db.metadata.sorted_tables
             if any(fk.column.table.name in owners for fk in table.foreign_keys)} | owners
    assert found - set(rules.TABLES) == set()
