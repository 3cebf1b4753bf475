"""What a client's skills and trainings add up to: a card's expiry and whether it is running out,
the rows a page or a certificate shows, and the rules a new row keeps.

For others (the certificate of participation, the evaluations' prefill):

    skills, trainings = rules.for_certificate(period)

gives the skills shown during the period and the trainings valid at some time during it, none
removed, oldest first; `grouped(skills)` puts them under their qualification units.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.lib.dates import add_months
from webapp.skills.models import QualificationUnit, Skill, Training, TrainingKind

SOON_DAYS = 60  # a card that runs out within this many days is marked
EARLIEST = date(1950, 1, 1)  # a day before this is a typing mistake


def expiry_for(kind: TrainingKind, completed_on: date) -> date | None:
    """The day a card of this kind completed on completed_on stops being valid (None: it does not)."""
    if kind.valid_months is None:
        return None
    return add_months(completed_on, kind.valid_months)


def status(training: Training, today: date) -> str:
    """"expired", "soon" (within SOON_DAYS), "valid", or "lasting" (no expiry)."""
    if training.expires_on is None:
        return "lasting"
    if training.expires_on < today:
        return "expired"
    if training.expires_on <= today + timedelta(days=SOON_DAYS):
        return "soon"
    return "valid"


STATUS_WORDS = {
    "expired": _l("Vanhentunut"),
    "soon": _l("Vanhenee pian"),
    "valid": _l("Voimassa"),
    "lasting": _l("Ei vanhene"),
}


def skills_of(client, *, removed=True) -> list[Skill]:
    """The client's skills, newest day first; removed ones too unless removed=False."""
    query = (select(Skill).where(Skill.client_id == client.person_id)
             .options(joinedload(Skill.qualification_unit), joinedload(Skill.created_by), joinedload(Skill.removed_by))
             .order_by(Skill.shown_on.desc(), Skill.id.desc()))
    if not removed:
        query = query.where(Skill.removed_at.is_(None))
    return list(db.session.scalars(query))


def trainings_of(client, *, removed=True) -> list[Training]:
    """The client's card trainings, newest first; removed ones too unless removed=False."""
    query = (select(Training).where(Training.client_id == client.person_id)
             .options(joinedload(Training.kind), joinedload(Training.created_by), joinedload(Training.removed_by))
             .order_by(Training.completed_on.desc(), Training.id.desc()))
    if not removed:
        query = query.where(Training.removed_at.is_(None))
    return list(db.session.scalars(query))


def for_certificate(period) -> tuple[list[Skill], list[Training]]:
    """(skills, trainings) for a certificate of the period: the skills the client showed between the
    period's first and last day, and the card trainings valid at some time during it (completed by
    its last day, not expired before its first), none removed, oldest first."""
    skills = list(db.session.scalars(
        select(Skill).where(Skill.client_id == period.client_id, Skill.removed_at.is_(None),
                            Skill.shown_on >= period.starts_on, Skill.shown_on <= period.ends_on)
        .options(joinedload(Skill.qualification_unit), joinedload(Skill.created_by))
        .order_by(Skill.shown_on, Skill.id)))
    trainings = list(db.session.scalars(
        select(Training).where(Training.client_id == period.client_id, Training.removed_at.is_(None),
                               Training.completed_on <= period.ends_on,
                               or_(Training.expires_on.is_(None), Training.expires_on >= period.starts_on))
        .options(joinedload(Training.kind)).order_by(Training.completed_on, Training.id)))
    return skills, trainings


@dataclass
class Group:
    """The skills mapped to one qualification unit (unit None: "Muut taidot")."""
    unit: QualificationUnit | None
    skills: list[Skill]


def grouped(skills: list[Skill]) -> list[Group]:
    """Skills under their qualification units, by qualification and unit name; unmapped ones last."""
    groups: dict[int | None, Group] = {}
    for skill in skills:
        key = skill.qualification_unit_id
        groups.setdefault(key, Group(skill.qualification_unit, [])).skills.append(skill)
    mapped = sorted((g for k, g in groups.items() if k is not None),
                    key=lambda g: (g.unit.qualification.casefold(), g.unit.name.casefold()))
    return mapped + ([groups[None]] if None in groups else [])


def corrections(rows) -> dict[int, list[AuditEvent]]:
    """{row id: its "correct" events, oldest first} for skills or trainings, in one query."""
    rows = list(rows)
    if not rows:
        return {}
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == rows[0].__tablename__, AuditEvent.action == "correct",
                                 AuditEvent.entity_id.in_([row.id for row in rows]))
        .options(joinedload(AuditEvent.actor)).order_by(AuditEvent.at, AuditEvent.id))
    found: dict[int, list[AuditEvent]] = {}
    for event in events:
        found.setdefault(event.entity_id, []).append(event)
    return found


def period_on(client, day: date):
    """The client's period that day falls in (the latest to start, if they overlap), else None."""
    covering = [p for p in client.periods if p.starts_on <= day <= p.ends_on]
    return max(covering, key=lambda p: p.starts_on) if covering else None


def skill_day_problems(client, day: date, today: date) -> list:
    """Why a skill cannot be dated day (empty: it can)."""
    if day > today:
        return [_l("Päivä ei voi olla tulevaisuudessa.")]
    if period_on(client, day) is None:
        return [_l("Päivän pitää osua asiakkaan jaksolle: taito näytetään työtoiminnassa.")]
    return []


def training_day_problems(completed_on: date, expires_on: date | None, today: date) -> tuple[list, list]:
    """(problems of the day completed, problems of the expiry day); empty lists: both fine."""
    done, expiry = [], []
    if completed_on > today:
        done.append(_l("Päivä ei voi olla tulevaisuudessa."))
    elif completed_on < EARLIEST:
        done.append(_l("Tarkista vuosi."))
    if expires_on is not None and expires_on < completed_on:
        expiry.append(_l("Viimeinen voimassaolopäivä ei voi olla ennen koulutuksen päivää."))
    return done, expiry


def qualification_units(*, include=None) -> list[QualificationUnit]:
    """The units in use, by qualification and name, and include (a row's current unit) even if not."""
    found = list(db.session.scalars(select(QualificationUnit).where(QualificationUnit.active.is_(True))
                                    .order_by(QualificationUnit.qualification, QualificationUnit.name)))
    if include is not None and include not in found:
        found.append(include)
    return found


def training_kinds(*, include=None) -> list[TrainingKind]:
    found = list(db.session.scalars(select(TrainingKind).where(TrainingKind.active.is_(True))
                                    .order_by(TrainingKind.name_fi)))
    if include is not None and include not in found:
        found.append(include)
    return found
