"""The skills a client has shown, her card trainings, and the reference data they point at.

A skill or a training is never deleted: one recorded by mistake is removed with who, when and why,
and stays on the coach's page struck through. A correction changes the row and its audit event
keeps the values before and after with the reason (webapp/audit).
"""
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.i18n import TranslatedName
from webapp.lib.types import UTCDateTime

TEXT_MAX = 300
NOTE_MAX = 500
REASON_MAX = 300
MAX_VALID_MONTHS = 240  # twenty years: no card is valid longer


class QualificationUnit(db.Model):
    """A unit of a vocational qualification (tutkinnon osa), as ePerusteet names it. `example` marks
    the rows Läsnä ships: a manager checks them (editing clears the mark) or takes them out of use."""
    __tablename__ = "qualification_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    qualification: Mapped[str] = mapped_column(String(200))  # the tutkinto, e.g. "Puhtaus- ja ... perustutkinto"
    name: Mapped[str] = mapped_column(String(200))  # the tutkinnon osa
    code: Mapped[str] = mapped_column(String(40), default="")  # ePerusteet's code, when known
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    example: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


class TrainingKind(TranslatedName, db.Model):
    """A kind of card training and how long its card is valid (no expiry: valid_months is None)."""
    __tablename__ = "training_kind"
    __table_args__ = (CheckConstraint(f"valid_months IS NULL OR valid_months BETWEEN 1 AND {MAX_VALID_MONTHS}",
                                      name="valid_months"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    valid_months: Mapped[int | None] = mapped_column(SmallInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Skill(db.Model):
    """A skill the client showed in a work task on a day, in plain words, as her coach saw it."""
    __tablename__ = "skill"
    __table_args__ = (Index("ix_skill_client_day", "client_id", "shown_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)  # "Osaa annostella pesuaineen oikein"
    task: Mapped[str] = mapped_column(Text)  # "Porraskäytävien siivous"
    shown_on: Mapped[date] = mapped_column(Date)  # Europe/Helsinki
    qualification_unit_id: Mapped[int | None] = mapped_column(ForeignKey("qualification_unit.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    removed_reason: Mapped[str | None] = mapped_column(Text)

    qualification_unit = relationship("QualificationUnit")
    created_by = relationship("Person", foreign_keys=[created_by_id])
    removed_by = relationship("Person", foreign_keys=[removed_by_id])


class Training(db.Model):
    """A card training the client completed; expires_on is the kind's validity unless corrected."""
    __tablename__ = "training"
    __table_args__ = (Index("ix_training_client_day", "client_id", "completed_on"),
                      CheckConstraint("expires_on IS NULL OR expires_on >= completed_on", name="expiry"))

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    kind_id: Mapped[int] = mapped_column(ForeignKey("training_kind.id"), index=True)
    completed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    removed_reason: Mapped[str | None] = mapped_column(Text)

    kind = relationship("TrainingKind")
    created_by = relationship("Person", foreign_keys=[created_by_id])
    removed_by = relationship("Person", foreign_keys=[removed_by_id])
