"""The client's own data: everything Läsnä keeps about them, as a printable page and as a JSON
download, and who has read their diary (Act 703/2023 §11: the right to know who has used
their data). Never a secret: no PIN or password hash, no badge or login token."""
import json
from datetime import UTC, date, datetime
from types import SimpleNamespace

from flask import Response, render_template
from flask_babel import lazy_gettext as _l

from webapp.accounts.access import roles_required
from webapp.accounts.models import Role
from webapp.approvals.labels import METHODS
from webapp.checkin.models import ActivityDay
from webapp.clients.access import own_profile
from webapp.clients.models import ClientProfile
from webapp.diary import bp, entries
from webapp.diary.models import DiaryEntry
from webapp.extensions import db
from webapp.lib import clock

ACCESS_LOG_SHOWN = 500  # rows on the access-log page; the JSON download has them all

ROLE_WORDS = {
    Role.ADMIN.value: _l("esihenkilö"),
    Role.COACH.value: _l("ohjaaja"),
    Role.KITCHEN.value: _l("keittiö"),
    Role.CLIENT.value: _l("asiakas"),
}




def role_word(role: str) -> str:
    return str(ROLE_WORDS.get(role, role))


def method_word(method: str | None) -> str:
    return str(METHODS.get(method, method or ""))


@bp.app_context_processor
def _mydata_helpers():
    return {"role_word": role_word, "method_word": method_word}


def gather(client: ClientProfile) -> SimpleNamespace:
    """Everything about the client, as rows: profile, periods, days, diary, access log."""
    days = list(db.session.scalars(
        db.select(ActivityDay).where(ActivityDay.client_id == client.person_id)
        .options(db.joinedload(ActivityDay.unit)).order_by(ActivityDay.day.desc())))
    diary = list(db.session.scalars(
        db.select(DiaryEntry).where(DiaryEntry.client_id == client.person_id).order_by(DiaryEntry.day.desc())))
    return SimpleNamespace(client=client, person=client.person, periods=list(client.periods), days=days,
                           entries=diary, reads=entries.reads_of(client))


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


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
            "replies": [{"text": r.text, "author": r.author.full_name, "created_at": _moment(r.created_at)}
                        for r in e.replies],
        } for e in data.entries],
        "diary_access_log": [{
            "read_at": _moment(r.read_at),
            "reader": r.reader.full_name,
            "reader_role": r.reader.role,
            "entry_day": _day(r.entry.day),
            "place": r.place,
        } for r in data.reads],
    }


@bp.get("/me/data")
@roles_required(Role.CLIENT)
def my_data():
    client = own_profile()
    return render_template("diary/mydata.html", data=gather(client), generated_at=clock.now())


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


@bp.get("/diary/access")
@roles_required(Role.CLIENT)
def access():
    client = own_profile()
    reads = entries.reads_of(client)
    shown = reads[:ACCESS_LOG_SHOWN]
    groups = []  # [(local date, [reads])], newest first
    for read in shown:
        day = clock.to_local(read.read_at).date()
        if not groups or groups[-1][0] != day:
            groups.append((day, []))
        groups[-1][1].append(read)
    return render_template("diary/access.html", groups=groups, total=len(reads), shown=len(shown),
                           cap=ACCESS_LOG_SHOWN)
