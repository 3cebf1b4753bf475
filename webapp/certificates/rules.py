"""What a certificate of participation says, and issuing one.

- **Days attended** are the period's realised activity days: the days money counts
  (money.compensation.compensable: confirmed by a coach, on site or remote), from the period's
  start to its end, or to today while it runs. Absences, "not held" days, days marked not
  counted and days still waiting for the coach's decision are not realised days; the issuing
  page tells the coach how many are still waiting, so she can decide them first.
- **Final or interim.** A certificate is final once the period has reached its last day or its
  final evaluation is signed. Before that it can still be issued, marked interim on paper ("the
  period continues"): a client who applies for work or a course in the middle of her period
  needs proof of what she has done so far.
- A period that has not started has nothing to certify.
"""
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.certificates.models import Certificate
from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.diary.models import UnitActivity
from webapp.extensions import db
from webapp.goals.models import PeriodDocument
from webapp.reference.models import organisation
from webapp.money.compensation import compensable
from webapp.skills import rules as skill_rules


class NotYet(Exception):
    """The period has nothing to certify yet; the message is for the coach."""


@dataclass(frozen=True)
class Figures:
    starts_on: date
    ends_on: date
    counted_until: date
    days_attended: int
    days_waiting: int  # days taken part on that the coach has not decided yet
    interim: bool


def final_evaluation_signed(period) -> bool:
    return db.session.scalar(select(func.count()).select_from(PeriodDocument).where(
        PeriodDocument.period_id == period.id, PeriodDocument.kind == "final",
        PeriodDocument.signed_at.is_not(None))) > 0


def _days(period, until: date, condition) -> int:
    return db.session.scalar(select(func.count()).select_from(ActivityDay).where(
        ActivityDay.client_id == period.client_id, ActivityDay.day >= period.starts_on, ActivityDay.day <= until,
        condition))


def figures(period, today: date) -> Figures:
    """The figures a certificate issued today prints. NotYet when the period starts later."""
    if period.starts_on > today:
        raise NotYet
    until = min(period.ends_on, today)
    waiting = (ActivityDay.status == Status.OPEN.value) & (ActivityDay.kind != Kind.ABSENT.value)
    return Figures(starts_on=period.starts_on, ends_on=period.ends_on, counted_until=until,
                   days_attended=_days(period, until, compensable()), days_waiting=_days(period, until, waiting),
                   interim=not (period.ends_on <= today or final_evaluation_signed(period)))


def of_period(period) -> list[Certificate]:
    """The period's certificates, newest first."""
    return list(db.session.scalars(select(Certificate).where(Certificate.period_id == period.id)
                                   .order_by(Certificate.issued_at.desc(), Certificate.id.desc())))


def of_client(client) -> list[Certificate]:
    """Every certificate of the client's periods, newest first."""
    return list(db.session.scalars(
        select(Certificate).where(Certificate.period_id.in_([p.id for p in client.periods]))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())))


def suggested_tasks(period) -> str:
    """What the work-task text starts from: the last certificate's words, else the unit's activities
    (the chips its clients' diaries offer), one a line. The coach edits it with the client."""
    earlier = of_period(period)
    if earlier:
        return earlier[0].work_tasks
    labels = db.session.scalars(select(UnitActivity.label).where(UnitActivity.unit_id == period.unit_id,
                                                                UnitActivity.active)
                                .order_by(UnitActivity.position, UnitActivity.label))
    return "\n".join(labels)


def skills_to_print(period, language: str) -> list[dict]:
    """The skills the client showed in the period and the card trainings valid during it, as the
    certificate prints them in its language: [{"title", "detail"}] (webapp/skills/rules.py picks
    them; a skill's qualification unit, when it has one, is named beside its work task)."""
    skills, trainings = skill_rules.for_certificate(period)
    found = []
    with force_locale(language):
        for group in skill_rules.grouped(skills):
            for skill in group.skills:
                detail = _("työtehtävä: %(task)s, %(day)s", task=skill.task, day=format_date(skill.shown_on, "d.M.yyyy"))
                if group.unit is not None:
                    detail += " · " + _("tutkinnon osa: %(unit)s", unit=group.unit.name)
                found.append({"title": skill.text, "detail": detail})
        for training in trainings:
            done = format_date(training.completed_on, "d.M.yyyy")
            detail = (_("suoritettu %(day)s, voimassa %(until)s asti", day=done,
                        until=format_date(training.expires_on, "d.M.yyyy")) if training.expires_on
                      else _("suoritettu %(day)s", day=done))
            found.append({"title": training.kind.name, "detail": detail})
    return found


def issue(period, by, today: date, *, work_tasks: str, language: str, include_skills: bool,
          skills: list[dict] | None) -> Certificate:
    """A new certificate of the period with today's figures, every printed word copied in.
    skills: the skills and trainings to print ([{"title", "detail"}]), kept only if the client
    wants them (include_skills)."""
    found = figures(period, today)
    unit = period.unit
    address = ", ".join(part for part in (unit.street_address, f"{unit.postal_code} {unit.city}".strip()) if part)
    with_language = getattr(period.service_type, f"name_{language}", "") or period.service_type.name_fi
    certificate = Certificate(
        period_id=period.id, kind="participation", interim=found.interim, language=language,
        work_tasks=work_tasks, include_skills=include_skills, skills=(skills or None) if include_skills else None,
        client_name=period.client.person.full_name, unit_name=unit.name, unit_address=address, unit_city=unit.city,
        organisation=organisation().name, service_type=with_language,
        starts_on=found.starts_on, ends_on=found.ends_on, counted_until=found.counted_until,
        days_attended=found.days_attended, issued_by_id=by.id, issuer_name=by.full_name, issuer_role=by.role)
    db.session.add(certificate)
    return certificate
