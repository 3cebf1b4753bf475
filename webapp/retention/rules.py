"""What is kept, and for how long (DOMAIN.md: client documents 10 years after the matter closes;
access logs are given 2 years back).

A client whose last service period ended more than ten years ago (and who has had no day record
or period since) is *anonymised*:
- her documents are removed: diary (with its photos and voice notes), guidance notes, goals and
  evaluations, plans and evaluation documents, the WHO-5 and her own evaluation answers, skills,
  trainings, certificates, scans, phone enrolments, sign-in records, diets; and the audit events
  that describe those rows (they repeat their words);
- what the money needs stays, without the person: day records (their free-text notes emptied),
  periods (dates, unit, payer, orderer; the free-text reasons emptied), money and invoice lines,
  Kela report records and payer assignments. The person keeps her row so that those still add up,
  renamed "Poistettu asiakas" with her number, with no e-mail, password, PIN, badge, code or notes.
  Her audit events keep who did what and when, without the values.

Staff reads of any client's diary older than two years are removed from the access log.

`plan(today)` says what would go; `carry_out(plan)` does it in one transaction. Every table that
points at a client, her periods or her diary entries is named in TABLES; tests/retention checks
that a new one cannot be forgotten.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import delete, func, or_, select, update

from webapp.accounts.models import Person, SignIn, new_login_token
from webapp.audit.models import AuditEvent
from webapp.certificates.models import Certificate
from webapp.checkin.models import ActivityDay, Scan
from webapp.clients.models import ClientProfile, ServicePeriod, client_diet, new_badge_token
from webapp.diary.models import (DiaryActivity, DiaryEntry, DiaryMedia, DiaryNote, DiaryRead, DiaryReply,
                                 DiarySubmission)
from webapp.diary.push_models import DiaryReminder, PushNotice, PushSubscription
from webapp.enrolment.models import EnrolmentCode
from webapp.extensions import db
from webapp.goals.models import (ClientAnswer, DocumentReceipt, Evaluation, EvaluationShare, Goal, GoalScore,
                                 GoalVersion, PeriodDocument)
from webapp.guidance.models import GuidanceSession
from webapp.lib import clock, storage
from webapp.lib.dates import add_months
from webapp.skills.models import Skill, Training
from webapp.wellbeing.models import SelfAssessment

DOCUMENT_YEARS = 10
ACCESS_LOG_DAYS = 730
ANONYMOUS_FIRST_NAME = "Poistettu"

# Every table that points at a client (client_profile, her person row), her periods or her diary
# entries, and what happens to its rows when she is anonymised.
REMOVED = "removed"
EMPTIED = "kept, free text emptied"
KEPT = "kept: money needs it"
TABLES = {
    "diary_entry": REMOVED, "diary_activity": REMOVED, "diary_note": REMOVED, "diary_reply": REMOVED,
    "diary_submission": REMOVED, "diary_read": REMOVED, "diary_media": REMOVED, "evaluation_share": REMOVED,
    "guidance_session": REMOVED, "enrolment_code": REMOVED, "skill": REMOVED, "training": REMOVED,
    "self_assessment": REMOVED, "sign_in": REMOVED, "client_diet": REMOVED, "scan": REMOVED,
    "push_subscription": REMOVED, "diary_reminder": REMOVED, "push_notice": REMOVED,
    "goal": REMOVED, "goal_version": REMOVED, "evaluation": REMOVED, "goal_score": REMOVED,
    "period_document": REMOVED, "document_receipt": REMOVED, "client_answer": REMOVED, "certificate": REMOVED,
    "person": EMPTIED, "client_profile": EMPTIED, "activity_day": EMPTIED, "service_period": EMPTIED,
    "audit_event": EMPTIED,
    "money_line": KEPT, "invoice_line": KEPT, "kela_report": KEPT, "payer_assignment": KEPT,
}


@dataclass
class Plan:
    today: date
    document_cutoff: date  # a client whose last day is before this is anonymised
    log_cutoff: datetime  # access-log rows read before this go
    clients: list[int] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows removed
    old_reads: int = 0

    @property
    def removed_rows(self) -> int:
        return sum(self.rows.values())


def last_day_of_each_client():
    """client id -> the last day anything happened: her last period's end, her last day record,
    or (without either) the day she was added."""
    periods = select(ServicePeriod.client_id.label("client_id"), func.max(ServicePeriod.ends_on).label("last")
                     ).group_by(ServicePeriod.client_id)
    days = select(ActivityDay.client_id.label("client_id"), func.max(ActivityDay.day).label("last")
                  ).group_by(ActivityDay.client_id)
    return periods, days


def expired_clients(cutoff: date) -> list[int]:
    """Clients, not yet anonymised, with nothing on or after cutoff."""
    periods, days = (q.subquery() for q in last_day_of_each_client())
    query = (select(ClientProfile.person_id)
             .join(Person, Person.id == ClientProfile.person_id)
             .outerjoin(periods, periods.c.client_id == ClientProfile.person_id)
             .outerjoin(days, days.c.client_id == ClientProfile.person_id)
             .where(ClientProfile.anonymised_at.is_(None),
                    or_(periods.c.last.is_(None), periods.c.last < cutoff),
                    or_(days.c.last.is_(None), days.c.last < cutoff),
                    Person.created_at < datetime.combine(cutoff, time(), timezone.utc))
             .order_by(ClientProfile.person_id))
    return list(db.session.scalars(query))


def _removals(clients: list[int]):
    """(table name, delete statement, what the audit trail calls its rows, their ids) in an order
    that removes children before their parents."""
    entries = select(DiaryEntry.id).where(DiaryEntry.client_id.in_(clients))
    periods = select(ServicePeriod.id).where(ServicePeriod.client_id.in_(clients))
    goals = select(Goal.id).where(Goal.period_id.in_(periods))
    evaluations = select(Evaluation.id).where(Evaluation.period_id.in_(periods))
    documents = select(PeriodDocument.id).where(PeriodDocument.period_id.in_(periods))
    return [
        (PushNotice, PushNotice.client_id.in_(clients)),
        (PushSubscription, PushSubscription.client_id.in_(clients)),
        (DiaryReminder, DiaryReminder.client_id.in_(clients)),
        (DiaryActivity, DiaryActivity.entry_id.in_(entries)),
        (DiaryNote, DiaryNote.entry_id.in_(entries)),
        (DiaryReply, DiaryReply.entry_id.in_(entries)),
        (DiarySubmission, DiarySubmission.client_id.in_(clients)),
        (DiaryRead, DiaryRead.client_id.in_(clients)),
        (EvaluationShare, or_(EvaluationShare.diary_entry_id.in_(entries), EvaluationShare.document_id.in_(documents))),
        (DiaryMedia, DiaryMedia.client_id.in_(clients)),  # the files too: carry_out
        (DiaryEntry, DiaryEntry.client_id.in_(clients)),
        (GuidanceSession, GuidanceSession.client_id.in_(clients)),
        (EnrolmentCode, EnrolmentCode.client_id.in_(clients)),
        (Skill, Skill.client_id.in_(clients)),
        (Training, Training.client_id.in_(clients)),
        (SelfAssessment, SelfAssessment.client_id.in_(clients)),
        (SignIn, SignIn.person_id.in_(clients)),
        (Scan, Scan.client_id.in_(clients)),
        (GoalVersion, GoalVersion.goal_id.in_(goals)),
        (GoalScore, GoalScore.evaluation_id.in_(evaluations)),
        (Goal, Goal.period_id.in_(periods)),
        (Evaluation, Evaluation.period_id.in_(periods)),
        (DocumentReceipt, DocumentReceipt.document_id.in_(documents)),
        (PeriodDocument, PeriodDocument.period_id.in_(periods)),
        (ClientAnswer, ClientAnswer.period_id.in_(periods)),
        (Certificate, Certificate.period_id.in_(periods)),
    ]


def plan(today: date) -> Plan:
    cutoff = add_months(today, -12 * DOCUMENT_YEARS)
    log_cutoff = clock.start_of_day(today - timedelta(days=ACCESS_LOG_DAYS))
    found = Plan(today, cutoff, log_cutoff, clients=expired_clients(cutoff))
    if found.clients:
        for model, where in _removals(found.clients):
            found.rows[model.__tablename__] = db.session.scalar(select(func.count()).select_from(model).where(where))
        found.rows["client_diet"] = db.session.scalar(
            select(func.count()).select_from(client_diet).where(client_diet.c.client_id.in_(found.clients)))
    found.old_reads = db.session.scalar(select(func.count()).select_from(DiaryRead).where(
        DiaryRead.read_at < log_cutoff, ~DiaryRead.client_id.in_(found.clients)))
    return found


def carry_out(found: Plan) -> None:
    """Anonymise the plan's clients and drop the old access log, in one transaction."""
    clients = found.clients
    files = list(db.session.scalars(select(DiaryMedia.key).where(DiaryMedia.client_id.in_(clients)))) if clients else []
    if clients:
        for model, where in _removals(clients):
            ids = list(db.session.scalars(select(model.id).where(where))) if hasattr(model, "id") else []
            db.session.execute(delete(model).where(where).execution_options(synchronize_session=False))
            if ids:  # the audit events about removed rows repeat their words
                db.session.execute(delete(AuditEvent).where(AuditEvent.entity == model.__tablename__,
                                                            AuditEvent.entity_id.in_(ids)))
        db.session.execute(delete(client_diet).where(client_diet.c.client_id.in_(clients)))
        _empty(clients)
    db.session.execute(delete(DiaryRead).where(DiaryRead.read_at < found.log_cutoff))
    db.session.commit()
    store = storage.current()
    for key in files:  # the photos and voice notes, once their rows are gone
        store.delete(key)


def _empty(clients: list[int]) -> None:
    now = clock.now()
    for client_id in clients:
        db.session.execute(update(Person).where(Person.id == client_id).values(
            first_name=ANONYMOUS_FIRST_NAME, last_name=f"asiakas {client_id}", email=None, password_hash=None,
            active=False, login_token=new_login_token()))
        db.session.execute(update(ClientProfile).where(ClientProfile.person_id == client_id).values(
            preferred_name="", diet_note="", pin_hash=None, hetu_sealed=None, own_coach_id=None,
            badge_token=new_badge_token(), pin_failed_attempts=0, pin_locked_until=None,
            anonymised_at=now))
    db.session.execute(update(ActivityDay).where(ActivityDay.client_id.in_(clients)).values(
        note=None, decision_reason=None))
    db.session.execute(update(ServicePeriod).where(ServicePeriod.client_id.in_(clients)).values(
        end_reason=None, short_period_reason=None))
    periods = select(ServicePeriod.id).where(ServicePeriod.client_id.in_(clients))
    days = select(ActivityDay.id).where(ActivityDay.client_id.in_(clients))
    for entity, ids in (("person", clients), ("client_profile", clients), ("service_period", periods),
                        ("activity_day", days)):
        db.session.execute(update(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id.in_(ids))
                           .values(changes={"anonymised": True}, reason=None))
