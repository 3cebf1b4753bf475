"""What a period's goals add up to: the T-score at the start and at each evaluation, and the
rules an evaluation keeps."""
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.goals.gas import REACHED, t_score
from webapp.goals.models import Evaluation, Goal, GoalScore, GoalVersion

MAX_GOALS = 8  # GAS works with a few goals; more than this are better split into periods


def goals_of(period) -> list[Goal]:
    """Every goal of the period with all its versions, in the order they were written."""
    return list(db.session.scalars(
        select(Goal).where(Goal.period_id == period.id).order_by(Goal.id)
        .options(selectinload(Goal.versions).selectinload(GoalVersion.created_by), selectinload(Goal.ended_by))))


def active(goals: list[Goal]) -> list[Goal]:
    return [goal for goal in goals if goal.ended_at is None]


def evaluations_of(period) -> list[Evaluation]:
    """Every evaluation of the period, removed ones too, in the order they were held."""
    return list(db.session.scalars(
        select(Evaluation).where(Evaluation.period_id == period.id)
        .order_by(Evaluation.held_on, Evaluation.id)
        .options(selectinload(Evaluation.scores).selectinload(GoalScore.version),
                 selectinload(Evaluation.created_by), selectinload(Evaluation.removed_by))))


def baseline(goals: list[Goal]) -> float | None:
    """T at the start: every goal's first version at its starting level."""
    return t_score((goal.versions[0].weight, goal.versions[0].starting_level) for goal in goals if goal.versions)


def t_of(evaluation: Evaluation) -> float | None:
    return t_score((score.version.weight, score.level) for score in evaluation.scores)


def verdict(t: float | None):
    """T in plain words. Rounded as it is shown, so 49.99 does not read as "as expected"."""
    if t is None:
        return ""
    shown = round(t, 1)
    if shown < REACHED:
        return _l("Tavoitteet toteutuivat odotettua heikommin.")
    if shown == REACHED:
        return _l("Tavoitteet toteutuivat odotetusti.")
    return _l("Tavoitteet toteutuivat odotettua paremmin.")


@dataclass
class Point:
    """One point of the period's T-score line: the start or an evaluation."""
    day: date
    label: str
    t: float | None
    evaluation: Evaluation | None = None


def t_line(period, goals: list[Goal], evaluations: list[Evaluation]) -> list[Point]:
    first = min((goal.versions[0].created_at for goal in goals if goal.versions), default=None)
    line = []
    if first is not None:
        line.append(Point(period.starts_on, _l("Lähtötilanne"), baseline(goals)))
    kinds = {"interim": _l("Väliarviointi"), "final": _l("Loppuarviointi")}
    line += [Point(e.held_on, kinds[e.kind], t_of(e), e) for e in evaluations if e.removed_at is None]
    return line


def scores_by_goal(evaluations: list[Evaluation]) -> dict[int, list[tuple[Evaluation, GoalScore]]]:
    """{goal id: [(evaluation, its score of that goal)]}, for the evaluations not removed."""
    found: dict[int, list] = {}
    for evaluation in evaluations:
        if evaluation.removed_at is not None:
            continue
        for score in evaluation.scores:
            found.setdefault(score.version.goal_id, []).append((evaluation, score))
    return found


def evaluation_problems(period, held_on: date, kind: str, today: date, evaluations: list[Evaluation]) -> list:
    """Why an evaluation on held_on cannot be recorded (empty: it can)."""
    problems = []
    if held_on > today:
        problems.append(_l("Arvioinnin päivä ei voi olla tulevaisuudessa."))
    if not period.starts_on <= held_on <= period.ends_on:
        problems.append(_l("Arvioinnin päivän pitää olla jakson aikana."))
    if kind == "final" and any(e.kind == "final" and e.removed_at is None for e in evaluations):
        problems.append(_l("Jaksolla on jo loppuarviointi. Jos se on kirjattu väärin, poista se ensin."))
    return problems
