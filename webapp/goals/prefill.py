"""What Läsnä already knows, for a plan or an evaluation: the figures of the document's span.

The span runs from the period's start (an interim evaluation: from the day after the previous
evaluation held) to the document's day (the GAS evaluation held for it, else the day it was
signed, else today; never past the period's end). Every figure comes from the rule that already
counts it elsewhere:

- attendance: approvals.month.attendance_rate, one day at a time, so each planned day not
  attended can be told by its reason (an absence's reason, "not counted", or no record);
- hours: the days that count (approvals.week.counts) with their durations, per 4 weeks;
- guidance: guidance.rules, done against required in the 3 months up to the document's day;
- WHO-5: the client's answers in the span (wellbeing.rules.history);
- mood and energy, and diary entries: only what the client chose to bring (EvaluationShare).

figures() returns plain JSON (dates as ISO text) so that signing can freeze it on the version.
"""
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from webapp.approvals.month import attendance_rate
from webapp.approvals.week import counts
from webapp.checkin.models import ActivityDay, Kind
from webapp.clients.models import ServicePeriod
from webapp.diary.models import DiaryEntry
from webapp.extensions import db
from webapp.goals.models import Evaluation, EvaluationShare, PeriodDocument
from webapp.guidance import rules as guidance
from webapp.lib import clock
from webapp.skills import rules as skill_rules
from webapp.wellbeing import rules as wellbeing

BLOCK_DAYS = 28  # hours and the mood trend are shown per 4 weeks
NO_RECORD = "no_record"  # a planned day gone by without any record
NOT_COUNTED = "not_counted"  # a record the coach marked not to count


@dataclass(frozen=True)
class Span:
    """A part of a period, shaped as attendance_rate reads a period."""
    period: ServicePeriod
    starts_on: date
    ends_on: date

    def is_planned_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on and self.period.is_planned_on(day)


def _held(period: ServicePeriod) -> list[Evaluation]:
    return list(db.session.scalars(select(Evaluation).where(
        Evaluation.period_id == period.id, Evaluation.removed_at.is_(None)).order_by(Evaluation.held_on)))


def document_day(document: PeriodDocument, today: date) -> date:
    """The day the document speaks of."""
    if document.evaluation is not None and document.evaluation.removed_at is None:
        day = document.evaluation.held_on
    elif document.signed_at is not None:
        day = clock.to_local(document.signed_at).date()
    else:
        day = today
    return max(document.period.starts_on, min(day, document.period.ends_on))


def span_of(document: PeriodDocument, today: date) -> tuple[date, date]:
    """(first, last) day of what the document looks back on, both included."""
    period = document.period
    last = document_day(document, today)
    first = period.starts_on
    if document.kind == "interim":
        earlier = [e.held_on for e in _held(period) if e.held_on < last and e.id != document.evaluation_id]
        if earlier:
            first = max(first, earlier[-1] + timedelta(days=1))
    return first, max(first, last)


def _blocks(first: date, last: date):
    """4 ISO weeks at a time from the week of first, cut to first..last."""
    start = first - timedelta(days=first.weekday())
    while start <= last:
        yield max(start, first), min(last, start + timedelta(days=BLOCK_DAYS - 1))
        start += timedelta(days=BLOCK_DAYS)


def attendance(period: ServicePeriod, records: dict, first: date, last: date, today: date) -> dict:
    """Planned and attended days of the span, and each planned day not attended by its reason."""
    until = min(today, last + timedelta(days=1))  # the span's last day is over unless it is today
    planned = attended = extra = 0
    absent: Counter = Counter()
    day = first
    while day <= last:
        record = records.get(day)
        rate = attendance_rate(Span(period, day, day), [record] if record else [], until, period.unit.is_closed_on)
        if rate is not None:
            planned += rate.planned
            attended += rate.attended
            extra += rate.extra
            if not rate.attended:
                if record is None:
                    absent[NO_RECORD] += 1
                elif record.kind == Kind.ABSENT:
                    absent[str(record.absence_reason)] += 1
                else:
                    absent[NOT_COUNTED] += 1
        elif record is not None and counts(record):
            extra += 1
        day += timedelta(days=1)
    return {"planned": planned, "attended": attended, "extra": extra,
            "percent": round(100 * attended / planned) if planned else None, "absent": dict(sorted(absent.items()))}


def hours(records: dict, first: date, last: date) -> list[dict]:
    """Per 4 weeks: the weeks she took part in, and the average hours and days of such a week."""
    rows = []
    for start, end in _blocks(first, last):
        weeks: dict[date, list[int]] = {}
        for day, record in records.items():
            if start <= day <= end and counts(record):
                monday = day - timedelta(days=day.weekday())
                minutes = int(record.duration.total_seconds() // 60) if record.duration is not None else 0
                weeks.setdefault(monday, []).append(minutes)
        rows.append({"first": start.isoformat(), "last": end.isoformat(), "weeks": len(weeks),
                     "hours": round(sum(sum(m) for m in weeks.values()) / 60 / len(weeks), 1) if weeks else None,
                     "days": round(sum(len(m) for m in weeks.values()) / len(weeks), 1) if weeks else None})
    return rows


def guidance_figures(period: ServicePeriod, last: date) -> dict:
    done = guidance.totals([period.client_id], last)[period.client_id]
    first, _ = guidance.window(last)
    return {"first": first.isoformat(), "last": last.isoformat(), "done": done,
            "required": guidance.required_minutes(period.starts_on, last)}


def who5(period: ServicePeriod, first: date, last: date) -> list[dict]:
    instrument = wellbeing.instrument(wellbeing.WHO5)
    if instrument is None:
        return []
    answers = [a for a in wellbeing.history(period.client, instrument)
               if first <= clock.to_local(a.answered_at).date() <= last]
    return [{"on": clock.to_local(a.answered_at).date().isoformat(), "score": a.score,
             "low": instrument.talk_below is not None and a.score < instrument.talk_below} for a in answers]


# --- What the client chose to bring ----------------------------------------------------------------

def shares(document: PeriodDocument) -> list[EvaluationShare]:
    """Her choices for this evaluation (any version of it)."""
    return list(db.session.scalars(
        select(EvaluationShare).join(PeriodDocument, PeriodDocument.id == EvaluationShare.document_id)
        .where(PeriodDocument.period_id == document.period_id, PeriodDocument.kind == document.kind,
               PeriodDocument.series == document.series)
        .order_by(EvaluationShare.id)))


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def trend(period: ServicePeriod, first: date, last: date) -> list[dict]:
    """Mood and energy from her diary per 4 weeks: averages and the number of days answered."""
    entries = list(db.session.scalars(select(DiaryEntry).where(
        DiaryEntry.client_id == period.client_id, DiaryEntry.day.between(first, last))))
    rows = []
    for start, end in _blocks(first, last):
        inside = [e for e in entries if start <= e.day <= end]
        moods = [e.mood for e in inside if e.mood is not None]
        energies = [e.energy for e in inside if e.energy is not None]
        rows.append({"first": start.isoformat(), "last": end.isoformat(), "mood": _average(moods),
                     "energy": _average(energies), "days": len([e for e in inside if e.mood or e.energy])})
    return rows


def chosen_entries(chosen: list[EvaluationShare], first: date, last: date) -> list[dict]:
    entries = sorted((s.entry for s in chosen if s.entry is not None and first <= s.entry.day <= last),
                     key=lambda e: e.day)
    return [{"id": e.id, "day": e.day.isoformat(), "went_well": e.went_well, "was_hard": e.was_hard,
             "to_coach": e.to_coach} for e in entries]


# --- Skills and card trainings ---------------------------------------------------------------------

def skills(period: ServicePeriod, first: date, last: date) -> list[dict]:
    """The skills the client showed in the span (with the qualification unit a skill maps to) and
    the card trainings valid at its end, from webapp/skills; removed ones are left out. A training's
    name is kept in every language (a signed version is read later, in its reader's language)."""
    client = period.client
    found = [{"name": skill.text + (f" ({skill.qualification_unit.name})" if skill.qualification_unit else ""),
              "on": skill.shown_on.isoformat()}
             for skill in reversed(skill_rules.skills_of(client, removed=False)) if first <= skill.shown_on <= last]
    found += [{"name": training.kind.name_fi, "on": training.completed_on.isoformat(),  # frozen in every language
               "names": {"fi": training.kind.name_fi, "sv": training.kind.name_sv, "en": training.kind.name_en}}
              for training in reversed(skill_rules.trainings_of(client, removed=False))
              if training.completed_on <= last and (training.expires_on is None or training.expires_on >= last)]
    return found


# --- All of it -------------------------------------------------------------------------------------

def figures(document: PeriodDocument, today: date) -> dict:
    period = document.period
    first, last = span_of(document, today)
    records = {r.day: r for r in db.session.scalars(select(ActivityDay).where(
        ActivityDay.client_id == period.client_id, ActivityDay.day.between(first, last)))}
    chosen = shares(document) if document.kind != "plan" else []
    trend_shared = any(s.diary_entry_id is None for s in chosen)
    return {
        "first": first.isoformat(), "last": last.isoformat(),
        "plan": {"days": len(period.weekdays), "hours_per_day": float(period.hours_per_day)},
        "attendance": attendance(period, records, first, last, today),
        "hours": hours(records, first, last),
        "guidance": guidance_figures(period, last),
        "who5": who5(period, first, last),
        "trend": trend(period, first, last) if trend_shared else None,
        "entries": chosen_entries(chosen, first, last),
        "skills": skills(period, first, last),
    }


def freeze(document: PeriodDocument, today: date) -> None:
    """Called at signing: the version keeps the figures it was signed with."""
    document.figures = figures(document, today)


def shown(document: PeriodDocument, today: date) -> dict:
    """A signed version's frozen figures; a draft's live ones."""
    if document.signed_at is not None and document.figures is not None:
        return document.figures
    return figures(document, today)
