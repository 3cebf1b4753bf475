"""The client's own data: everything Läsnä keeps about her, as a printable page and as a JSON
download (her right to her data, and Act 703/2023 §11: the right to know who has used it).

It gathers from many areas (days and scans, the diary, guidance, money, invoicing, Kela's
reports, enrolment, the audit trail), so it lives here in `main`, above them all. The JSON holds
every row; the page shows the same in words, folding long lists into summaries where a row per
line would drown the reader (compensation and invoicing per month). Never a secret: no PIN or
password hash, no badge, login or enrolment code, no device token.
"""
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import SimpleNamespace

from flask import Response, render_template, send_file
from flask_babel import lazy_gettext as _l

from webapp.accounts.access import roles_required
from webapp.accounts.models import Person, Role
from webapp.checkin.labels import scan_story
from webapp.audit.models import AuditEvent
from webapp.checkin.models import ActivityDay, Scan
from webapp.clients.access import own_profile
from webapp.clients.models import ClientProfile
from webapp.reference.models import Municipality
from webapp.diary import entries, reminders
from webapp.diary import entries
from webapp.diary import media as diary_media
from webapp.diary.models import DiaryEntry, DiarySubmission
from webapp.enrolment.models import EnrolmentCode
from webapp.extensions import db
from webapp.certificates import rules as certificates
from webapp.goals.models import Evaluation, EvaluationShare, Goal, PeriodDocument
from webapp.guidance.models import GuidanceSession
from webapp.lib import clock
from webapp.main import bp
from webapp.money import compensation
from webapp.money.models import InvoiceLine, KelaReport, MoneyLine
from webapp.checkin.models import MonthClose
from webapp.reference.models import ServiceType
from webapp.skills import rules as skills
from webapp.units.models import Unit
from webapp.wellbeing.models import SelfAssessment

EVER = date(2000, 1, 1)  # "since the beginning": the export holds every row, however old

OUTCOMES = {
    "checked_in": _l("Kirjautui sisään"),
    "asked_leave": _l("Kysyttiin, oletko lähdössä"),
    "checked_out": _l("Kirjautui ulos"),
    "duplicate": _l("Sama leimaus uudelleen, ei muutosta"),
    "earlier_arrival": _l("Aiempi saapuminen, tuli perille myöhemmin"),
    "rejected": _l("Ei hyväksytty"),
}
REFUSALS = {
    "unknown_badge": _l("Tuntematon kortti"),
    "unknown_client": _l("Tuntematon asiakas"),
    "not_this_unit": _l("Ei tämän toimipisteen asiakas"),
    "inactive": _l("Tunnus ei ollut käytössä"),
    "no_pin": _l("PIN-koodia ei ollut"),
    "wrong_pin": _l("Väärä PIN-koodi"),
    "pin_locked": _l("PIN-koodi oli lukittu"),
    "too_old": _l("Leimaus oli liian vanha"),
    "in_future": _l("Leimauksen aika oli tulevaisuudessa"),
    "key_conflict": _l("Tunniste oli jo käytetty"),
    "month_closed": _l("Kuukausi oli jo suljettu"),
}
GUIDANCE_KINDS = {"individual": _l("Yksilöohjaus"), "social": _l("Sosiaalinen ohjaus")}
# Audit fields that name rows or moments the page already shows; the JSON keeps them.
QUIET_FIELDS = {"id", "client_id", "created_at", "created_by_id", "decided_by_id", "decided_at", "scan_id",
                "entry_id", "person_id"}


@dataclass(frozen=True)
class MonthSum:
    """One month's money on the page: what the day lines add up to."""
    month: date
    label: str  # the payer (compensation) or the orderer and service type (invoicing)
    days: int
    amount_cents: int


def _audit_events(client: ClientProfile, days: list[ActivityDay], sessions, reports) -> list[AuditEvent]:
    """Every audit event about the client: her person and profile rows, her payers and periods,
    her days (a removed day too: its removal keeps the client's id, and so its earlier events are
    found), guidance and Kela reports."""
    removed = {e.entity_id: e.at for e in db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.entity == ActivityDay.__tablename__,
                                    AuditEvent.action == "day_removed"))
               if (e.changes or {}).get("client_id", [None])[0] == client.person_id}
    created = {d.id: d.created_at for d in days}
    ids = {
        "person": [client.person_id], "client_profile": [client.person_id],
        "payer_assignment": [p.id for p in client.payers], "service_period": [p.id for p in client.periods],
        "activity_day": list(created) + list(removed), "guidance_session": [s.id for s in sessions],
        "kela_report": [r.id for r in reports],
    }
    about = db.or_(*(db.and_(AuditEvent.entity == entity, AuditEvent.entity_id.in_(values))
                     for entity, values in ids.items() if values))
    found = db.session.scalars(db.select(AuditEvent).where(about).options(db.joinedload(AuditEvent.actor))
                               .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))

    def hers(event: AuditEvent) -> bool:
        """SQLite may give a removed day's id to a later day: a day's events are those from its
        creation on, a removed one's those up to its removal."""
        if event.entity != ActivityDay.__tablename__:
            return True
        return ((event.entity_id in created and event.at >= created[event.entity_id])
                or (event.entity_id in removed and event.at <= removed[event.entity_id]))

    return [event for event in found if hers(event)]


def _names(person_ids) -> dict[int, str]:
    wanted = {i for i in person_ids if i is not None}
    if not wanted:
        return {}
    return dict(db.session.execute(
        db.select(Person.id, Person.first_name + " " + Person.last_name).where(Person.id.in_(wanted))).all())


def gather(client: ClientProfile) -> SimpleNamespace:
    """Everything about the client, as rows, newest first."""
    me = client.person_id
    days = list(db.session.scalars(
        db.select(ActivityDay).where(ActivityDay.client_id == me)
        .options(db.joinedload(ActivityDay.unit), db.joinedload(ActivityDay.decided_by))
        .order_by(ActivityDay.day.desc())))
    scans = list(db.session.scalars(
        db.select(Scan).where(Scan.client_id == me).options(db.joinedload(Scan.kiosk), db.joinedload(Scan.day))
        .order_by(Scan.scanned_at.desc(), Scan.id.desc())))
    diary = list(db.session.scalars(
        db.select(DiaryEntry).where(DiaryEntry.client_id == me).order_by(DiaryEntry.day.desc())))
    saves = list(db.session.execute(
        db.select(DiarySubmission.received_at, DiaryEntry.day)
        .join(DiaryEntry, DiaryEntry.id == DiarySubmission.entry_id)
        .where(DiarySubmission.client_id == me).order_by(DiarySubmission.received_at.desc())))
    sessions = list(db.session.scalars(
        db.select(GuidanceSession).where(GuidanceSession.client_id == me)
        .options(db.joinedload(GuidanceSession.coach), db.joinedload(GuidanceSession.unit),
                 db.joinedload(GuidanceSession.removed_by))
        .order_by(GuidanceSession.day.desc(), GuidanceSession.id.desc())))
    money_lines = list(db.session.scalars(
        db.select(MoneyLine).where(MoneyLine.client_id == me).options(db.joinedload(MoneyLine.close))
        .join(MonthClose, MonthClose.id == MoneyLine.close_id)
        .order_by(MonthClose.month.desc(), MoneyLine.day.desc(), MoneyLine.id)))
    invoice_lines = list(db.session.scalars(
        db.select(InvoiceLine).where(InvoiceLine.client_id == me).options(db.joinedload(InvoiceLine.close))
        .join(MonthClose, MonthClose.id == InvoiceLine.close_id)
        .order_by(MonthClose.month.desc(), InvoiceLine.day.desc(), InvoiceLine.id)))
    reports = list(db.session.scalars(
        db.select(KelaReport).where(KelaReport.client_id == me).order_by(KelaReport.period_start.desc())))
    codes = list(db.session.scalars(
        db.select(EnrolmentCode).where(EnrolmentCode.client_id == me).options(db.joinedload(EnrolmentCode.created_by))
        .order_by(EnrolmentCode.created_at.desc())))
    period_ids = [p.id for p in client.periods]
    goals = list(db.session.scalars(
        db.select(Goal).where(Goal.period_id.in_(period_ids)).options(db.selectinload(Goal.versions))
        .order_by(Goal.period_id, Goal.id)))
    evaluations = list(db.session.scalars(
        db.select(Evaluation).where(Evaluation.period_id.in_(period_ids)).options(db.selectinload(Evaluation.scores))
        .order_by(Evaluation.held_on.desc(), Evaluation.id.desc())))
    assessments = list(db.session.scalars(
        db.select(SelfAssessment).where(SelfAssessment.client_id == me)
        .options(db.joinedload(SelfAssessment.instrument), db.joinedload(SelfAssessment.wording))
        .order_by(SelfAssessment.answered_at.desc())))
    shares = list(db.session.scalars(
        db.select(EvaluationShare).join(PeriodDocument, PeriodDocument.id == EvaluationShare.document_id)
        .where(PeriodDocument.period_id.in_(period_ids))
        .options(db.joinedload(EvaluationShare.document), db.joinedload(EvaluationShare.entry))
        .order_by(EvaluationShare.consented_at.desc(), EvaluationShare.id.desc())))
    return SimpleNamespace(
        skills=skills.skills_of(client), trainings=skills.trainings_of(client),
        certificates=certificates.of_client(client), shares=shares,
        goals=goals, evaluations=evaluations, assessments=assessments,
        client=client, person=client.person, periods=list(client.periods), days=days, scans=scans,
        entries=diary, saves=saves, reads=entries.reads_of(client, since=EVER), guidance=sessions,
        media=diary_media.media_of(client),
        compensation_days=sorted(compensation.lines(EVER, clock.today(), client_id=me), key=lambda l: l.day,
                                 reverse=True),
        money_lines=money_lines, invoice_lines=invoice_lines, reports=reports, codes=codes,
        events=_audit_events(client, days, sessions, reports),
        people=_names([r.produced_by_id for r in reports] + [r.sent_by_id for r in reports]),
        units=dict(db.session.execute(db.select(Unit.id, Unit.name)).all()),
        orderers=dict(db.session.execute(db.select(Municipality.id, Municipality.name)).all()),
        service_types={t.id: t for t in db.session.scalars(db.select(ServiceType))},
        reminders=reminders.kept_about(client),
    )


# --- The page's summaries ------------------------------------------------------------------------

def compensation_months(data: SimpleNamespace, payer_words: dict) -> list[MonthSum]:
    """The compensation per month and payer as it stands: the days of open months as computed
    now, the frozen lines (with their adjustments) of closed months as they were paid."""
    sums = defaultdict(lambda: [0, 0])
    closed = {(line.close.unit_id, line.close.month) for line in data.money_lines}
    units_of = {d.day: d.unit_id for d in data.days}
    for line in data.compensation_days:
        if (units_of.get(line.day), line.day.replace(day=1)) in closed:
            continue  # its month is closed: its frozen line counts
        key = (line.day.replace(day=1), line.payer)
        sums[key][0] += 1
        sums[key][1] += line.rate_cents or 0
    for line in data.money_lines:
        key = (line.close.month, line.payer)
        sums[key][0] += line.days
        sums[key][1] += line.amount_cents
    return [MonthSum(month, str(payer_words.get(payer, payer)), days, cents)
            for (month, payer), (days, cents) in sorted(sums.items(), key=lambda item: item[0], reverse=True)]


def invoice_months(data: SimpleNamespace) -> list[MonthSum]:
    sums = defaultdict(lambda: [0, 0])
    for line in data.invoice_lines:
        orderer = data.orderers.get(line.orderer_id, "–")
        kind = data.service_types.get(line.service_type_id)
        key = (line.close.month, f"{orderer}, {kind.name}" if kind else orderer)
        sums[key][0] += line.days
        sums[key][1] += line.amount_cents
    return [MonthSum(month, label, days, cents)
            for (month, label), (days, cents) in sorted(sums.items(), key=lambda item: item[0], reverse=True)]


def shown_changes(event: AuditEvent, fields: dict) -> list[tuple[str, object, object]]:
    """The changes of an audit event a person reads: labelled fields, no row ids."""
    quiet = QUIET_FIELDS if event.entity == ActivityDay.__tablename__ else QUIET_FIELDS | {"kind"}  # a day's kind only
    return [(key, values[0], values[1]) for key, values in (event.changes or {}).items()
            if key not in quiet and key in fields and isinstance(values, list) and len(values) == 2]


@bp.app_context_processor
def _mydata_helpers():
    return {"scan_outcome_word": lambda code: str(OUTCOMES.get(code, code or "")),
            "scan_refusal_word": lambda code: str(REFUSALS.get(code, code or "")),
            "guidance_kind_word": lambda code: str(GUIDANCE_KINDS.get(code, code or "")),
            "scan_story": scan_story}


# --- The JSON -------------------------------------------------------------------------------------

def _moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _month(value: date) -> str:
    return value.strftime("%Y-%m")


def _name(person) -> str | None:
    return person.full_name if person is not None else None


def _reminders_json(kept: dict) -> dict:
    choices = kept["choices"]
    return {
        "remind": bool(choices and choices.remind),
        "remind_at": choices.remind_at.strftime("%H:%M") if choices else None,
        "on_reply": bool(choices and choices.on_reply),
        "devices": [{"push_service": d["service"], "created_at": _moment(d["created_at"]),
                     "last_success_at": _moment(d["last_success_at"]), "failures": d["failures"]} for d in kept["devices"]],
        "notifications": [{"kind": n.kind, "day": _day(n.day), "created_at": _moment(n.created_at),
                           "sent_at": _moment(n.sent_at), "devices_reached": n.delivered} for n in kept["notices"]],
    }


def as_json(data: SimpleNamespace, generated_at: datetime) -> dict:
    client, person = data.client, data.person
    return {
        "generated_at": _moment(generated_at),
        "profile": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "preferred_name": client.preferred_name,
            "email": person.email,
            "language": person.language,
            "plain_language": person.plain_language,
            "active": person.active,
            "created_at": _moment(person.created_at),
            "home_unit": client.home_unit.name,
            "own_coach": client.own_coach.full_name if client.own_coach else None,
            "home_municipality": client.home_municipality.name if client.home_municipality else None,
            "diets": [d.name for d in client.diets],
            "diet_note": client.diet_note,
            "travel_compensation": client.travel_compensation,
            "payers": [{"payer": p.payer, "valid_from": _day(p.valid_from)} for p in client.payers],
            "diary_share_default": client.diary_share_default,
            "badge_issued_at": _moment(client.badge_issued_at),
            "pin_set": client.pin_hash is not None,
            "pin_failed_attempts": client.pin_failed_attempts,
            "pin_locked_until": _moment(client.pin_locked_until),
        },
        "periods": [{
            "unit": p.unit.name,
            "starts_on": _day(p.starts_on),
            "ends_on": _day(p.ends_on),
            "planned_weekdays": p.weekdays,
            "hours_per_day": str(p.hours_per_day),
            "service_type": p.service_type.name,
            "mode": p.mode,
            "referral_plan_type": p.referral_plan_type,
            "referral_plan_date": _day(p.referral_plan_date),
            "orderer": p.orderer.name if p.orderer else None,
            "short_period_code": p.short_period_code,
            "short_period_reason": p.short_period_reason,
            "end_reason": p.end_reason,
            "created_at": _moment(p.created_at),
        } for p in data.periods],
        "activity_days": [{
            "day": _day(d.day),
            "unit": d.unit.name,
            "check_in_at": _moment(d.check_in_at),
            "check_in_method": d.check_in_method,
            "check_out_at": _moment(d.check_out_at),
            "check_out_method": d.check_out_method,
            "kind": d.kind,
            "reported_minutes": d.reported_minutes,
            "absence_reason": d.absence_reason,
            "note": d.note,
            "status": d.status,
            "decided_at": _moment(d.decided_at),
            "decision_reason": d.decision_reason,
            "lunch": d.lunch,
            "mood": d.mood,
        } for d in data.days],
        "scans": [{
            "key": s.key,
            "scanned_at": _moment(s.scanned_at),
            "received_at": _moment(s.received_at),
            "unit": data.units.get(s.unit_id),
            "kiosk": s.kiosk.name if s.kiosk else None,
            "method": s.method,
            "outcome": s.outcome,
            "reason": s.reason,
            "day": _day(s.day.day) if s.day else None,
        } for s in data.scans],
        "diary_entries": [{
            "day": _day(e.day),
            "mood": e.mood,
            "energy": e.energy,
            "activities": e.labels,
            "went_well": e.went_well,
            "was_hard": e.was_hard,
            "to_coach": e.to_coach,
            "shared_with_coach": e.shared,
            "created_at": _moment(e.created_at),
            "updated_at": _moment(e.updated_at),
            "notes": [{"text": n.text, "created_at": _moment(n.created_at)} for n in e.notes],
            "replies": [{"text": r.text, "author": r.author.full_name, "created_at": _moment(r.created_at),
                         "read_at": _moment(r.read_at)} for r in e.replies],
        } for e in data.entries],
        "diary_media": [{
            "entry_day": _day(m.entry.day),
            "kind": m.kind,
            "file": diary_media.export_name(m),  # in the ZIP of /me/data/media.zip
            "content_type": m.content_type,
            "bytes": m.bytes,
            "width": m.width,
            "height": m.height,
            "duration_seconds": None if m.duration_ms is None else round(m.duration_ms / 1000, 1),
            "created_at": _moment(m.created_at),
        } for m in data.media],
        "diary_saves": [{"received_at": _moment(received_at), "entry_day": _day(day)}
                        for received_at, day in data.saves],
        "diary_access_log": [{
            "read_at": _moment(r.read_at),
            "reader": r.reader.full_name,
            "reader_role": r.reader.role,
            "entry_day": _day(r.entry.day),
            "place": r.place,
        } for r in data.reads],
        "guidance_sessions": [{
            "day": _day(g.day),
            "minutes": g.minutes,
            "kind": g.kind,
            "note": g.note,
            "unit": g.unit.name,
            "coach": _name(g.coach),
            "created_at": _moment(g.created_at),
            "removed_at": _moment(g.removed_at),
            "removed_by": _name(g.removed_by),
            "removed_reason": g.removed_reason,
        } for g in data.guidance],
        "goals": [{
            "period_starts_on": _day(goal.period.starts_on),
            "ended_at": _moment(goal.ended_at),
            "ended_reason": goal.ended_reason,
            "versions": [{
                "number": v.number, "text": v.text, "weight": v.weight, "starting_level": v.starting_level,
                "levels": {str(level): text for level, text in v.levels if text}, "reason": v.reason,
                "created_at": _moment(v.created_at),
            } for v in goal.versions],
        } for goal in data.goals],
        "evaluations": [{
            "period_starts_on": _day(e.period.starts_on),
            "kind": e.kind,
            "held_on": _day(e.held_on),
            "levels": [{"goal_version": s.version.number, "goal": s.version.text, "level": s.level} for s in e.scores],
            "removed_at": _moment(e.removed_at),
            "removed_reason": e.removed_reason,
        } for e in data.evaluations],
        "wellbeing_answers": [{
            "instrument": a.instrument.name,
            "answered_at": _moment(a.answered_at),
            "statements": a.wording.statements,
            "answers": a.answers,
            "score": a.score,
        } for a in data.assessments],
        "skills": [{
            "skill": k.text,
            "task": k.task,
            "shown_on": _day(k.shown_on),
            "qualification_unit": k.qualification_unit.name if k.qualification_unit else None,
            "qualification": k.qualification_unit.qualification if k.qualification_unit else None,
            "recorded_by": _name(k.created_by),
            "created_at": _moment(k.created_at),
            "removed_at": _moment(k.removed_at),
            "removed_reason": k.removed_reason,
        } for k in data.skills],
        "card_trainings": [{
            "training": t.kind.name,
            "completed_on": _day(t.completed_on),
            "expires_on": _day(t.expires_on),
            "note": t.note,
            "recorded_by": _name(t.created_by),
            "created_at": _moment(t.created_at),
            "removed_at": _moment(t.removed_at),
            "removed_reason": t.removed_reason,
        } for t in data.trainings],
        "certificates": [{
            "kind": c.kind,
            "interim": c.interim,
            "issued_at": _moment(c.issued_at),
            "issued_by": c.issuer_name,
            "language": c.language,
            "starts_on": _day(c.starts_on),
            "ends_on": _day(c.ends_on),
            "days_attended": c.days_attended,
            "work_tasks": c.work_tasks,
            "skills": c.skills,
        } for c in data.certificates],
        "brought_to_evaluations": [{
            "document": s.document.kind,
            "consented_at": _moment(s.consented_at),
            "diary_day": _day(s.entry.day) if s.entry is not None else None,
            "mood_and_energy_trend": s.entry is None,
        } for s in data.shares],
        "compensation_days": [{"day": _day(line.day), "payer": line.payer, "rate_cents": line.rate_cents}
                              for line in data.compensation_days],
        "compensation_lines": [{
            "month": _month(m.close.month),
            "kind": m.kind,
            "day": _day(m.day),
            "payer": m.payer,
            "days": m.days,
            "amount_cents": m.amount_cents,
        } for m in data.money_lines],
        "invoice_lines": [{
            "month": _month(i.close.month),
            "kind": i.kind,
            "day": _day(i.day),
            "orderer": data.orderers.get(i.orderer_id),
            "service_type": data.service_types[i.service_type_id].name if i.service_type_id in data.service_types
            else None,
            "price_cents": i.price_cents,
            "days": i.days,
            "amount_cents": i.amount_cents,
        } for i in data.invoice_lines],
        "kela_reports": [{
            "period_start": _day(r.period_start),
            "period_end": _day(r.period_end),
            "produced_at": _moment(r.produced_at),
            "produced_by": data.people.get(r.produced_by_id),
            "sent_at": _moment(r.sent_at),
            "sent_by": data.people.get(r.sent_by_id),
        } for r in data.reports],
        "enrolment_codes": [{
            "created_at": _moment(c.created_at),
            "created_by": _name(c.created_by),
            "expires_at": _moment(c.expires_at),
            "used_at": _moment(c.used_at),
        } for c in data.codes],
        "reminders": _reminders_json(data.reminders),
        "audit_events": [{
            "at": _moment(e.at),
            "actor": _name(e.actor),
            "actor_role": e.actor.role if e.actor else None,
            "action": e.action,
            "entity": e.entity,
            "changes": e.changes or {},
            "reason": e.reason,
        } for e in data.events],
    }


# --- Routes ---------------------------------------------------------------------------------------

@bp.get("/me/data")
@roles_required(Role.CLIENT)
def my_data():
    client = own_profile()
    return render_template("main/mydata.html", data=gather(client), generated_at=clock.now(),
                           compensation_months=compensation_months, invoice_months=invoice_months,
                           shown_changes=shown_changes)


@bp.get("/me/data.json")
@roles_required(Role.CLIENT)
def my_data_json():
    client = own_profile()
    now = clock.now()
    body = json.dumps(as_json(gather(client), now), ensure_ascii=False, indent=2)
    filename = f"lasna-omat-tiedot-{clock.to_local(now).date().isoformat()}.json"
    return Response(body, content_type="application/json; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })


@bp.get("/me/data/media.zip")
@roles_required(Role.CLIENT)
def my_media_zip():
    """Her diary photos and voice notes as files (the JSON lists them by these names)."""
    client = own_profile()
    filename = f"lasna-kuvat-ja-aanet-{clock.today().isoformat()}.zip"
    response = send_file(diary_media.export_zip(client), mimetype="application/zip", as_attachment=True,
                         download_name=filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
