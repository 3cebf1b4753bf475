"""Instruments are data: an instrument, its wording in each language, and the answers.

A wording is never edited: a manager who replaces it (with an official translation, say) adds a
new row and the old one is marked replaced, so every answer keeps the words it was given with.
A wording that is not the instrument's official text says so (official = False), and staff
screens mark scores answered with it.
"""
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime

OCCASIONS = ("start", "evaluation", "end", "other")


class Instrument(db.Model):
    __tablename__ = "instrument"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    items: Mapped[int] = mapped_column(SmallInteger)  # how many statements
    answer_max: Mapped[int] = mapped_column(SmallInteger)  # each answered 0…answer_max
    multiplier: Mapped[int] = mapped_column(SmallInteger, default=1)  # score = raw sum × multiplier
    score_max: Mapped[int] = mapped_column(SmallInteger)
    talk_below: Mapped[int | None] = mapped_column(SmallInteger)  # under this, the coach is prompted to talk
    licence: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    wordings = relationship("InstrumentWording", back_populates="instrument", order_by="InstrumentWording.id")

    def score_of(self, answers: list[int]) -> tuple[int, int]:
        """(raw sum, score) of a full set of answers."""
        raw = sum(answers)
        return raw, raw * self.multiplier


class InstrumentWording(db.Model):
    __tablename__ = "instrument_wording"
    __table_args__ = (Index("ix_instrument_wording_current", "instrument_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2))
    official: Mapped[bool] = mapped_column(Boolean, default=False)
    intro: Mapped[str] = mapped_column(Text)  # "Over the last two weeks"
    statements: Mapped[list] = mapped_column(JSON)  # [str] × instrument.items
    answers: Mapped[list] = mapped_column(JSON)  # [str] × (answer_max + 1); index = the answer's value
    source: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    instrument = relationship("Instrument", back_populates="wordings")
    created_by = relationship("Person", foreign_keys=[created_by_id])


class SelfAssessment(db.Model):
    """One set of answers the client gave, in the words she was shown."""
    __tablename__ = "self_assessment"
    __table_args__ = (Index("ix_self_assessment_client", "client_id", "answered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("service_period.id", ondelete="SET NULL"))
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"))
    wording_id: Mapped[int] = mapped_column(ForeignKey("instrument_wording.id"))
    occasion: Mapped[str] = mapped_column(String(16), default="other")
    answers: Mapped[list] = mapped_column(JSON)
    raw: Mapped[int] = mapped_column(SmallInteger)
    score: Mapped[int] = mapped_column(SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    instrument = relationship("Instrument")
    wording = relationship("InstrumentWording")
