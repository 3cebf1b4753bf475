"""What the service achieved, per orderer and unit: the report municipalities ask providers for.

For the periods running in a span (a calendar year by default), grouped by orderer and unit:
clients, periods started and ended, attendance against the plan, the share of evaluated periods
whose goals were reached (the latest evaluation's GAS T ≥ 50), the mean change in WHO-5 from a
period's first answer to its last, and the next steps of the signed final evaluations.

A group of fewer than SMALL clients shows no figure (only "fewer than 5"), and so does any count
of 1–4 inside a larger group: a figure about so few people could point at one of them.

Built in a fixed number of queries whatever the number of clients; the periods are chosen once,
as a subquery the other queries share (not a list of thousands of ids to bind). Attendance is counted as
approvals/month.attendance_rate counts it, up to yesterday: planned weekdays on which the unit
was open (no closure, opening hours that weekday) and the service held; attended days are those
planned days with a record of taking part that counts (on site or remote, not "not counted").
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Date, Integer, Select, and_, case, cast, func, literal, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.functions import FunctionElement

from webapp.checkin.models import AbsenceReason, ActivityDay, Kind, Status
from webapp.clients.access import visible_clients
from webapp.clients.models import ClientProfile, ServicePeriod
from webapp.extensions import db
from webapp.goals.gas import REACHED, t_score
from webapp.goals.models import Evaluation, GoalScore, NextStep, PeriodDocument
from webapp.reference.models import Municipality
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


A_MONDAY = date(1900, 1, 1)


class weekday_bit(FunctionElement):
    """The bit of a date's weekday as ServicePeriod.planned_weekdays has it: Monday 1, Tuesday 2, ...
    Sunday 64. Integer arithmetic on the days since a Monday, once per day row of the year: the
    outcomes report's main cost. (EXTRACT(dow) makes a numeric per row on PostgreSQL, and mapping
    it through a CASE cost more than the rest of the count.)"""
    type = Integer()
    inherit_cache = True
    name = "weekday_bit"


def _bit_of(days_since_a_monday):
    return literal_column("1").op("<<")(days_since_a_monday % 7).self_group()  # in brackets: & binds as tight


@compiles(weekday_bit)
def _weekday_bit(element, compiler, **kw):  # PostgreSQL: date − date is the days between
    (day,) = element.clauses
    return compiler.process(_bit_of(day - literal(A_MONDAY, Date)), **kw)


@compiles(weekday_bit, "sqlite")
def _weekday_bit_sqlite(element, compiler, **kw):  # julianday() of a midnight is n − 0.5, day n a Monday when n % 7 = 0
    (day,) = element.clauses
    return compiler.process(_bit_of(cast(func.julianday(day), Integer) + 1), **kw)


def _counts(running: Select, first: date, last: date) -> dict[int, tuple[int, int]]:
    """{period id: (days taken part on a planned weekday, days "not held")} inside each period of
    `running` (a select of period ids) and first..last. The weekday test is done by the database
    on the period's planned-weekday bits."""
    planned_day = ServicePeriod.planned_weekdays.op("&")(weekday_bit(ActivityDay.day)) != 0  # once a row, not per sum
    took_part = and_(ActivityDay.kind != Kind.ABSENT.value, ActivityDay.status != Status.NOT_COUNTED.value)
    not_held = and_(ActivityDay.kind == Kind.ABSENT.value, ActivityDay.absence_reason == AbsenceReason.NOT_HELD.value)
    rows = db.session.execute(
        select(ServicePeriod.id, func.sum(case((took_part, 1), else_=0)), func.sum(case((not_held, 1), else_=0)))
        .join(ActivityDay, and_(ActivityDay.client_id == ServicePeriod.client_id,
                                ActivityDay.day >= ServicePeriod.starts_on, ActivityDay.day <= ServicePeriod.ends_on))
        .where(ServicePeriod.id.in_(running), ActivityDay.day.between(first, last), planned_day)
        .group_by(ServicePeriod.id))
    return {period_id: (int(part or 0), int(held or 0)) for period_id, part, held in rows}


def _latest_t(running: Select) -> dict[int, float]:
    """{period id: T of its latest evaluation not removed}."""
    evaluations = db.session.scalars(
        select(Evaluation).where(Evaluation.period_id.in_(running), Evaluation.removed_at.is_(None))
        .order_by(Evaluation.held_on, Evaluation.id)
        .options(selectinload(Evaluation.scores).selectinload(GoalScore.version)))
    latest = {e.period_id: e for e in evaluations}
    return {pid: t_score((s.version.weight, s.level) for s in e.scores) for pid, e in latest.items()}


def _who5_changes(running: Select) -> dict[int, int]:
    """{period id: last WHO-5 score − first} for periods with at least two answers."""
    answers: dict[int, list[int]] = {}
    for period_id, score in db.session.execute(
            select(SelfAssessment.period_id, SelfAssessment.score)
            .where(SelfAssessment.period_id.in_(running))
            .order_by(SelfAssessment.answered_at, SelfAssessment.id)):
        answers.setdefault(period_id, []).append(score)
    return {pid: scores[-1] - scores[0] for pid, scores in answers.items() if len(scores) >= 2}


def _next_steps(running: Select) -> dict[int, str]:
    """{period id: the next step's code} from each period's latest signed final evaluation."""
    rows = db.session.execute(
        select(PeriodDocument.period_id, NextStep.code)
        .join(NextStep, NextStep.id == PeriodDocument.next_step_id)
        .where(PeriodDocument.period_id.in_(running), PeriodDocument.kind == "final",
               PeriodDocument.signed_at.is_not(None))
        .order_by(PeriodDocument.version))
    return dict(rows.all())


def _planned_days(unit: Unit, start: date, end: date, planned_weekdays: int) -> int:
    """Planned weekdays start..end (bits as ServicePeriod.planned_weekdays) on which the unit was open:
    opening hours that weekday, no closure."""
    open_days = {hours.weekday for hours in unit.opening_hours}
    return sum(weekdays_between(start, end, weekday) - sum(
        weekdays_between(max(start, c.starts_on), min(end, c.ends_on), weekday) for c in unit.closures)
        for weekday in range(7) if planned_weekdays & (1 << weekday) and weekday in open_days)


def outcomes(viewer, first: date, last: date, today: date) -> list[Group]:
    """The groups of periods running in first..last, the way the viewer may see them."""
    visible = visible_clients(viewer).with_only_columns(ClientProfile.person_id)
    running = (ServicePeriod.client_id.in_(visible), ServicePeriod.starts_on <= last, ServicePeriod.ends_on >= first)
    # Plain rows, not thousands of ORM objects: the report needs a few columns of each period
    periods = db.session.execute(
        select(ServicePeriod.id, ServicePeriod.client_id, ServicePeriod.unit_id, ServicePeriod.starts_on,
               ServicePeriod.ends_on, ServicePeriod.planned_weekdays, Municipality.name.label("orderer"))
        .outerjoin(Municipality, Municipality.id == ServicePeriod.orderer_id).where(*running)).all()
    units = {unit.id: unit for unit in db.session.scalars(
        select(Unit).where(Unit.id.in_(select(ServicePeriod.unit_id).where(*running)))
        .options(selectinload(Unit.opening_hours), selectinload(Unit.closures)))}
    until = min(last, today - timedelta(days=1))  # today is not over
    ids = select(ServicePeriod.id).where(*running)
    counts = _counts(ids, first, until) if periods else {}
    t_scores, changes, steps = _latest_t(ids), _who5_changes(ids), _next_steps(ids)
    plans: dict[tuple, int] = {}  # most periods of a unit share their span and weekdays: count them once
    groups: dict[tuple, Group] = {}
    for period in periods:
        unit = units[period.unit_id]
        key = (period.orderer, unit.name)
        group = groups.setdefault(key, Group(*key))
        group.clients.add(period.client_id)
        group.started += first <= period.starts_on <= last
        group.ended += first <= period.ends_on <= until
        start, end = max(first, period.starts_on), min(until, period.ends_on)
        plan = (unit.id, start, end, period.planned_weekdays)
        if plan not in plans:
            plans[plan] = _planned_days(unit, start, end, period.planned_weekdays)
        planned = plans[plan]
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
