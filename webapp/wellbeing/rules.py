"""When the client is asked how she has been, which words she sees, and what her answers add up
to. A score is never a diagnosis: under the instrument's limit it only prompts the coach to talk."""
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.lib import clock
from webapp.wellbeing.models import Instrument, InstrumentWording, SelfAssessment

WHO5 = "who5"
END_WINDOW = timedelta(days=14)  # the end answer: during the last two weeks of a period
SAME_OCCASION = timedelta(days=14)  # WHO-5 asks about the last two weeks: no sooner again
BEFORE_EVALUATION = timedelta(days=14)  # the evaluation answer: in the two weeks before an agreed date

# The agreed evaluation dates of a period. The goals area owns them (the implementation plan and
# each interim evaluation record the next date) and sits above this one, so it passes them in.
_evaluation_days: list[Callable[[object], Iterable[date]]] = []


def add_evaluation_days(source: Callable[[object], Iterable[date]]) -> None:
    """Register source(period) -> the agreed evaluation dates of the period."""
    _evaluation_days.append(source)


def evaluation_days(period) -> list[date]:
    return sorted({day for source in _evaluation_days for day in source(period)})


def instrument(code: str) -> Instrument | None:
    return db.session.scalar(select(Instrument).where(Instrument.code == code, Instrument.active))


def wording(instrument: Instrument, language: str) -> InstrumentWording | None:
    """The current words in this language; else the current words in English, else any."""
    current = [w for w in instrument.wordings if w.replaced_at is None]
    for wanted in (language, "en"):
        found = [w for w in current if w.language == wanted]
        if found:
            return found[-1]
    return current[-1] if current else None


def current_period(client, today: date):
    return next((p for p in client.periods if p.is_active_on(today)), None)


def history(client, instrument: Instrument) -> list[SelfAssessment]:
    """Her answers to one instrument, oldest first."""
    return list(db.session.scalars(
        select(SelfAssessment).where(SelfAssessment.client_id == client.person_id,
                                     SelfAssessment.instrument_id == instrument.id)
        .order_by(SelfAssessment.answered_at, SelfAssessment.id).options(selectinload(SelfAssessment.wording))))


def occasion_due(client, today: date, answers: list[SelfAssessment]) -> str | None:
    """"start" when her current period has no answer yet, "end" in its last two weeks when she
    has not answered in them, "evaluation" in the two weeks before an agreed evaluation date
    (today up to the day itself) when she has not answered in them; else None (she may still
    answer, as "other", if two weeks passed). Never twice within two weeks."""
    period = current_period(client, today)
    if period is None:
        return None
    in_period = [a for a in answers if a.period_id == period.id]
    if not in_period:
        return "start"
    last = clock.to_local(in_period[-1].answered_at).date()
    if today - last < SAME_OCCASION:
        return None
    if period.ends_on - today < END_WINDOW and period.ends_on - last >= END_WINDOW:
        return "end"
    for day in evaluation_days(period):
        if timedelta(0) <= day - today < BEFORE_EVALUATION and day - last >= BEFORE_EVALUATION:
            return "evaluation"
    return None


def may_answer(answers: list[SelfAssessment], today: date, due: str | None) -> bool:
    """When an answer is due, or two weeks after the last one: the questions are about the last
    two weeks, so sooner would ask about the same days again."""
    return due is not None or not answers or today - clock.to_local(answers[-1].answered_at).date() >= SAME_OCCASION


def change(answers: list[SelfAssessment]) -> int | None:
    """The latest score minus the one before (None with fewer than two)."""
    if len(answers) < 2:
        return None
    return answers[-1].score - answers[-2].score


def due_for(client, today: date) -> str | None:
    """The occasion her WHO-5 answer is due for today, if any (for her home page)."""
    who5 = instrument(WHO5)
    return None if who5 is None else occasion_due(client, today, history(client, who5))
