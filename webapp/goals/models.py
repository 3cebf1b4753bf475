"""A period's goals, their versions and the evaluations that score them.

A goal's words and levels are never overwritten: a revision is a new GoalVersion, and each score
points at the version it scored. An evaluation recorded by mistake is removed with a reason and
kept, like every correction in Läsnä.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.goals.gas import LEVELS
from webapp.lib import clock
from webapp.lib.types import UTCDateTime

TEXT_MAX = 500
LEVEL_MAX = 300
REASON_MAX = 300
DOCUMENT_TEXT_MAX = 5000
MAX_WEIGHT = 5
STARTING_LEVELS = (-2, -1)
EVALUATION_KINDS = ("interim", "final")
LEVEL_COLUMNS = {-2: "level_minus_2", -1: "level_minus_1", 0: "level_0", 1: "level_plus_1", 2: "level_plus_2"}


class Goal(db.Model):
    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("service_period.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    # A goal given up (reached early, no longer the client's aim) is ended with a reason, never deleted.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    ended_reason: Mapped[str | None] = mapped_column(Text)

    period = relationship("ServicePeriod")
    versions = relationship("GoalVersion", back_populates="goal", order_by="GoalVersion.number")
    ended_by = relationship("Person", foreign_keys=[ended_by_id])

    @property
    def current(self) -> "GoalVersion":
        return self.versions[-1]


class GoalVersion(db.Model):
    """One wording of a goal: the client's own words, five levels, a weight and a starting level."""
    __tablename__ = "goal_version"
    __table_args__ = (
        UniqueConstraint("goal_id", "number", name="uq_goal_version_number"),
        CheckConstraint(f"weight BETWEEN 1 AND {MAX_WEIGHT}", name="weight"),
        CheckConstraint(f"starting_level IN {STARTING_LEVELS}", name="starting_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(SmallInteger)  # 1, 2, … within the goal
    text: Mapped[str] = mapped_column(Text)
    weight: Mapped[int] = mapped_column(SmallInteger, default=1)
    starting_level: Mapped[int] = mapped_column(SmallInteger, default=-1)
    level_minus_2: Mapped[str] = mapped_column(Text, default="")
    level_minus_1: Mapped[str] = mapped_column(Text, default="")
    level_0: Mapped[str] = mapped_column(Text)  # the expected result: always written
    level_plus_1: Mapped[str] = mapped_column(Text, default="")
    level_plus_2: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str | None] = mapped_column(Text)  # why a later version was written
    after_evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))

    goal = relationship("Goal", back_populates="versions")
    created_by = relationship("Person")
    after_evaluation = relationship("Evaluation")

    def form_data(self) -> dict:
        """What a form to revise this version starts from."""
        return {name: getattr(self, name) for name in ("text", "weight", "starting_level", *LEVEL_COLUMNS.values())}

    def level_text(self, level: int) -> str:
        return getattr(self, LEVEL_COLUMNS[level])

    @property
    def levels(self) -> list[tuple[int, str]]:
        """[(level, its description)], from +2 down to −2, as GAS forms are read."""
        return [(level, self.level_text(level)) for level in reversed(LEVELS)]


class Evaluation(db.Model):
    """An interim or final evaluation of a period: here, the goals' levels on the day it was held."""
    __tablename__ = "evaluation"
    __table_args__ = (CheckConstraint(f"kind IN {EVALUATION_KINDS}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("service_period.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="interim")
    held_on: Mapped[date] = mapped_column(Date)  # Europe/Helsinki
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    removed_reason: Mapped[str | None] = mapped_column(Text)

    period = relationship("ServicePeriod")
    created_by = relationship("Person", foreign_keys=[created_by_id])
    removed_by = relationship("Person", foreign_keys=[removed_by_id])
    scores = relationship("GoalScore", back_populates="evaluation", cascade="all, delete-orphan")


class GoalScore(db.Model):
    __tablename__ = "goal_score"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "goal_version_id", name="uq_goal_score"),
        CheckConstraint(f"level BETWEEN {min(LEVELS)} AND {max(LEVELS)}", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    goal_version_id: Mapped[int] = mapped_column(ForeignKey("goal_version.id"), index=True)
    level: Mapped[int] = mapped_column(SmallInteger)

    evaluation = relationship("Evaluation", back_populates="scores")
    version = relationship("GoalVersion")


DOCUMENT_KINDS = ("plan", "interim", "final")


class NextStep(db.Model):
    """Where a client goes after the service (jatkopolku): a list kept as data, seeded with work,
    education, employment services, a work trial, social rehabilitation, health care, continues,
    dropped out and other."""
    __tablename__ = "next_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_fi: Mapped[str] = mapped_column(String(120))
    name_sv: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def name(self, language: str) -> str:
        return getattr(self, f"name_{language}", None) or self.name_fi


class DocumentTemplate(db.Model):
    """What a period document asks, per kind and service type (None: every type). Data, not code:
    seeded with seed 001's required contents, changed by adding a row."""
    __tablename__ = "document_template"
    __table_args__ = (CheckConstraint(f"kind IN {DOCUMENT_KINDS}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    service_type_id: Mapped[int | None] = mapped_column(ForeignKey("service_type.id"))
    # [{"key": "measures", "title": {"fi": …, "sv": …, "en": …}, "required": true}, …]
    sections: Mapped[list] = mapped_column(JSON)
    asks_next_evaluation: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PeriodDocument(db.Model):
    """One version of a plan or an evaluation document. A draft is edited; a signed version is
    locked, and a later change is a new version (same series) with who, when and why."""
    __tablename__ = "period_document"
    __table_args__ = (
        UniqueConstraint("period_id", "kind", "series", "version", name="uq_period_document_version"),
        CheckConstraint(f"kind IN {DOCUMENT_KINDS}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("service_period.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    series: Mapped[int] = mapped_column(SmallInteger, default=1)  # the plan: 1; each interim evaluation its own
    version: Mapped[int] = mapped_column(SmallInteger, default=1)
    template_id: Mapped[int] = mapped_column(ForeignKey("document_template.id"))
    contents: Mapped[dict] = mapped_column(JSON, default=dict)  # {section key: text}
    next_evaluation_on: Mapped[date | None] = mapped_column(Date)
    next_step_id: Mapped[int | None] = mapped_column(ForeignKey("next_step.id"))  # the final evaluation's
    change_reason: Mapped[str | None] = mapped_column(Text)  # why this version (from version 2 on)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # The GAS evaluation held for this interim or final evaluation (one per evaluation series).
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation.id"))
    # What Läsnä knew (webapp.goals.prefill), frozen when the version was signed: a draft shows
    # today's figures, a signed version exactly those it was signed with.
    figures: Mapped[dict | None] = mapped_column(JSON)

    period = relationship("ServicePeriod")
    template = relationship("DocumentTemplate")
    evaluation = relationship("Evaluation")
    next_step = relationship("NextStep")
    created_by = relationship("Person", foreign_keys=[created_by_id])
    signed_by = relationship("Person", foreign_keys=[signed_by_id])


CLIENT_TEXT_MAX = 2000


class ClientAnswer(db.Model):
    """The client's own part of an evaluation, written on her phone before the meeting, in plain
    words. It belongs to the evaluation (kind and series), whichever version staff are on."""
    __tablename__ = "client_answer"
    __table_args__ = (UniqueConstraint("period_id", "kind", "series", name="uq_client_answer_evaluation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("service_period.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    series: Mapped[int] = mapped_column(SmallInteger)
    went_well: Mapped[str] = mapped_column(Text, default="")
    to_change: Mapped[str] = mapped_column(Text, default="")
    next_wish: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class DocumentReceipt(db.Model):
    """The client read a signed document on her phone: when, and what she said about it."""
    __tablename__ = "document_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("period_document.id", ondelete="CASCADE"), unique=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    comment: Mapped[str] = mapped_column(Text, default="")

    document = relationship("PeriodDocument")


class EvaluationShare(db.Model):
    """Something of her diary the client chose to bring to an evaluation, with her consent: one
    entry (its text), or, with diary_entry_id empty, her mood and energy trend. She chooses on
    her phone and may withdraw until the evaluation is signed (the row is then deleted). It
    belongs to the evaluation (kind and series) through the document version she chose on."""
    __tablename__ = "evaluation_share"
    __table_args__ = (UniqueConstraint("document_id", "diary_entry_id", name="uq_evaluation_share_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("period_document.id", ondelete="CASCADE"), index=True)
    diary_entry_id: Mapped[int | None] = mapped_column(ForeignKey("diary_entry.id", ondelete="CASCADE"), index=True)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    document = relationship("PeriodDocument")
    entry = relationship("DiaryEntry")
