"""A logged individual guidance session. A mistaken one is removed with a reason, never deleted."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime

KINDS = ("individual", "social")  # social = social guidance by a social-welfare professional
MIN_MINUTES, MAX_MINUTES = 5, 480
NOTE_MAX = 500
REASON_MAX = 300


class GuidanceSession(db.Model):
    __tablename__ = "guidance_session"
    __table_args__ = (
        CheckConstraint(f"minutes BETWEEN {MIN_MINUTES} AND {MAX_MINUTES}", name="minutes"),
        CheckConstraint(f"kind IN {KINDS}", name="kind"),
        Index("ix_guidance_session_client_day", "client_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    day: Mapped[date] = mapped_column(Date)  # Europe/Helsinki
    minutes: Mapped[int] = mapped_column(SmallInteger)
    kind: Mapped[str] = mapped_column(String(16), default="individual")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    removed_reason: Mapped[str | None] = mapped_column(Text)

    client = relationship("ClientProfile")
    unit = relationship("Unit")
    coach = relationship("Person", foreign_keys=[coach_id])
    created_by = relationship("Person", foreign_keys=[created_by_id])
    removed_by = relationship("Person", foreign_keys=[removed_by_id])
