"""What the service achieved, per orderer and unit: the report municipalities ask providers for.

For the periods running in a span (a calendar year by default), grouped by orderer and unit:
clients, periods started and ended, attendance against the plan, the share of evaluated periods
whose goals were reached (the latest evaluation's GAS T ≥ 50), the mean change in WHO-5 from a
period's first answer to its last, and the next steps of the signed final evaluations.

A group of fewer than SMALL clients shows no figure (only "fewer than 5"), and so does any count
of 1–4 inside a larger group: a figure about so few people could point at one of them.

Built in a fixed number of queries whatever the number of clients. Attendance is counted as
approvals/month.attendance_rate counts it, up to yesterday: planned weekdays on which the unit
was open (no closure, opening hours that weekday) and the service held; attended days are those
planned days with a record of taking part that counts (on site or remote, not "not counted").
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Integer, and_, case, cast, extract, func, select
from sqlalchemy.orm import selectinload

from webapp.checkin.models import AbsenceReason, ActivityDay, Kind, Status
from webapp.clients.access import visible_clients
from webapp.clients.models import ClientProfile, ServicePeriod
from webapp.extensions import db
from webapp.goals.gas import REACHED, t_score
from webapp.goals.models import Evaluation, GoalScore, NextStep, PeriodDocument
from webapp.units.models import Unit
from webapp.wellbeing.models import SelfAssessment

SMALL = 5


@dataclass
class Group:
    orderer: str | None
    unit: str
    clients: set = field(default_factory=set)
    started: int = 0
    ended: int = 0
    planned: int = 0
    attended: int = 0
    evaluated: int = 0
    reached: int = 0
    who5_changes: list = field(default_factory=list)
    next_steps: Counter = field(default_factory=Counter)

    @property
    def small(self) -> bool:
        return len(self.clients) < SMALL

    @property
    def rate(self) -> float | None:
        return self.attended / self.planned if self.planned else None

    @property
    def reached_share(self) -> float | None:
        return self.reached / self.evaluated if self.evaluated else None

    @property
    def who5_change(self) -> float | None:
        return sum(self.who5_changes) / len(self.who5_changes) if self.who5_changes else None


def shown(count: int) -> int | None:
    """A count as it may be shown: None (fewer than 5) for 1–4."""
    return None if 0 < count < SMALL else count


def weekdays_between(first: date, last: date, weekday: int) -> int:
    """How many days first..last (inclusive) fall on weekday (0 = Monday)."""
    if last < first:
        return 0
    start = first + timedelta(days=(weekday - first.weekday()) % 7)
    return 0 if start > last else (last - start).days // 7 + 1


def _counts(periods: list[ServicePeriod], first: date, last: date) -> dict[int, tuple[int, int]]:
    """{period id: (days taken part on a planned weekday, days "not held")} inside each period and
    first..last. The weekday test is done by the database on the period's planned-weekday bits."""
    ids = [p.id for p in periods]
    if not ids:
        return {}
    # Monday = bit 0, as ServicePeriod.planned_weekdays; extract("dow") is 0 on Sunday on both databases
    bit = case({1: 1, 2: 2, 3: 4, 4: 8, 5: 16, 6: 32, 0: 64}, value=cast(extract("dow", ActivityDay.day), Integer))
    planned_day = ServicePeriod.planned_weekdays.op("&")(bit) != 0
    took_part = and_(planned_day, ActivityDay.kind != Kind.ABSENT.value, ActivityDay.status != Status.NOT_COUNTED.value)
    not_held = and_(planned_day, ActivityDay.kind == Kind.ABSENT.value,
                    ActivityDay.absence_reason == AbsenceReason.NOT_HELD.value)
    rows = db.session.execute(
        select(ServicePeriod.id, func.sum(case((took_part, 1), else_=0)), func.sum(case((not_held, 1), else_=0)))
        .join(ActivityDay, and_(ActivityDay.client_id == ServicePeriod.client_id,
                                ActivityDay.day >= ServicePeriod.starts_on, ActivityDay.day <= ServicePeriod.ends_on))
        .where(ServicePeriod.id.in_(ids), ActivityDay.day.between(first, last))
        .group_by(ServicePeriod.id))
    return {period_id: (int(part or 0), int(held or 0)) for period_id, part, held in rows}


def _latest_t(periods: list[ServicePeriod]) -> dict[int, float]:
    """{period id: T of its latest evaluation not removed}."""
    evaluations = db.session.scalars(
        select(Evaluation).where(Evaluation.period_id.in_([p.id for p in periods]), Evaluation.removed_at.is_(None))
        .order_by(Evaluation.held_on, Evaluation.id)
        .options(selectinload(Evaluation.scores).selectinload(GoalScore.version)))
    latest = {e.period_id: e for e in evaluations}
    return {pid: t_score((s.version.weight, s.level) for s in e.scores) for pid, e in latest.items()}


def _who5_changes(periods: list[ServicePeriod]) -> dict[int, int]:
    """{period id: last WHO-5 score − first} for periods with at least two answers."""
    answers: dict[int, list[int]] = {}
    for period_id, score in db.session.execute(
            select(SelfAssessment.period_id, SelfAssessment.score)
            .where(SelfAssessment.period_id.in_([p.id for p in periods]))
            .order_by(SelfAssessment.answered_at, SelfAssessment.id)):
        answers.setdefault(period_id, []).append(score)
    return {pid: scores[-1] - scores[0] for pid, scores in answers.items() if len(scores) >= 2}


def _next_steps(periods: list[ServicePeriod]) -> dict[int, str]:
    """{period id: the next step's code} from each period's latest signed final evaluation."""
    rows = db.session.execute(
        select(PeriodDocument.period_id, NextStep.code)
        .join(NextStep, NextStep.id == PeriodDocument.next_step_id)
        .where(PeriodDocument.period_id.in_([p.id for p in periods]), PeriodDocument.kind == "final",
               PeriodDocument.signed_at.is_not(None))
        .order_by(PeriodDocument.version))
    return dict(rows.all())


def outcomes(viewer, first: date, last: date, today: date) -> list[Group]:
    """The groups of periods running in first..last, the way the viewer may see them."""
    visible = visible_clients(viewer).with_only_columns(ClientProfile.person_id)
    periods = list(db.session.scalars(
        select(ServicePeriod).where(ServicePeriod.client_id.in_(visible), ServicePeriod.starts_on <= last,
                                    ServicePeriod.ends_on >= first)
        .options(selectinload(ServicePeriod.orderer),
                 selectinload(ServicePeriod.unit).selectinload(Unit.opening_hours),
                 selectinload(ServicePeriod.unit).selectinload(Unit.closures))))
    until = min(last, today - timedelta(days=1))  # today is not over
    counts = _counts(periods, first, until)
    t_scores, changes, steps = _latest_t(periods), _who5_changes(periods), _next_steps(periods)
    groups: dict[tuple, Group] = {}
    for period in periods:
        key = (period.orderer.name if period.orderer else None, period.unit.name)
        group = groups.setdefault(key, Group(*key))
        group.clients.add(period.client_id)
        group.started += first <= period.starts_on <= last
        group.ended += first <= period.ends_on <= until
        start, end = max(first, period.starts_on), min(until, period.ends_on)
        open_days = {hours.weekday for hours in period.unit.opening_hours}
        planned = sum(weekdays_between(start, end, weekday) - sum(
            weekdays_between(max(start, c.starts_on), min(end, c.ends_on), weekday) for c in period.unit.closures)
            for weekday in set(period.weekdays) & open_days)
        took_part, not_held = counts.get(period.id, (0, 0))
        planned = max(0, planned - not_held)
        group.planned += planned
        group.attended += min(took_part, planned)
        if period.id in t_scores and t_scores[period.id] is not None:
            group.evaluated += 1
            group.reached += round(t_scores[period.id], 1) >= REACHED
        if period.id in changes:
            group.who5_changes.append(changes[period.id])
        if period.id in steps:
            group.next_steps[steps[period.id]] += 1
    return sorted(groups.values(), key=lambda g: (g.orderer or "~", g.unit))
