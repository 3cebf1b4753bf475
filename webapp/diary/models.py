"""The wellbeing diary: the client's own words about how they are doing.

Health-related personal data. An entry is private unless the client shares it; only the
client's own coach reads shared entries, and every read by staff is kept in `diary_read`
so the client can see who has read their diary and when.
"""
from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, SmallInteger, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime

SCALE = range(1, 6)  # mood and energy: 1 (lowest) … 5 (highest)
LABEL_MAX = 40  # an activity chip
TEXT_MAX = 4000  # each free-text answer
NOTE_MAX = 2000  # a later note
REPLY_MAX = 1000  # the coach's short answer
PICTOGRAM_MAX = 40  # a pictogram's name


class DiaryEntry(db.Model):
    """One client's diary for one day (Europe/Helsinki). Every field may be empty."""

    __tablename__ = "diary_entry"
    __table_args__ = (
        UniqueConstraint("client_id", "day"),
        CheckConstraint("mood IS NULL OR mood BETWEEN 1 AND 5", name="mood"),
        CheckConstraint("energy IS NULL OR energy BETWEEN 1 AND 5", name="energy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    mood: Mapped[int | None] = mapped_column(SmallInteger)
    energy: Mapped[int | None] = mapped_column(SmallInteger)
    went_well: Mapped[str] = mapped_column(Text, default="")
    was_hard: Mapped[str] = mapped_column(Text, default="")
    to_coach: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    client = relationship("ClientProfile")
    activities = relationship("DiaryActivity", cascade="all, delete-orphan", order_by="DiaryActivity.position",
                              lazy="selectin")
    notes = relationship("DiaryNote", cascade="all, delete-orphan", order_by="DiaryNote.created_at",
                         lazy="selectin")
    replies = relationship("DiaryReply", cascade="all, delete-orphan", order_by="DiaryReply.created_at",
                           lazy="selectin")
    media = relationship("DiaryMedia", back_populates="entry", order_by="DiaryMedia.id", lazy="selectin",
                         passive_deletes=True)  # the files go through diary/media.py, never by cascade

    @property
    def labels(self) -> list[str]:
        return [a.label for a in self.activities]

    @property
    def is_empty(self) -> bool:
        return (self.mood is None and self.energy is None and not self.activities and not self.went_well
                and not self.was_hard and not self.to_coach and not self.notes and not self.media)


class DiaryActivity(db.Model):
    """A "what did I do today" chip chosen on an entry; the label is kept as it was chosen."""

    __tablename__ = "diary_activity"

    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entry.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(LABEL_MAX), primary_key=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)


class UnitActivity(db.Model):
    """The activities a unit offers as chips in its clients' diaries (e.g. "Puutyöt")."""

    __tablename__ = "unit_activity"
    __table_args__ = (UniqueConstraint("unit_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(LABEL_MAX))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    # A picture from webapp/lib/pictograms (its name); none: the picture its words suggest
    pictogram: Mapped[str | None] = mapped_column(String(PICTOGRAM_MAX))

    unit = relationship("Unit")


class DiaryNote(db.Model):
    """Something the client adds to an entry after its editing window has passed."""

    __tablename__ = "diary_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entry.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # a re-sent note is kept once
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class DiaryReply(db.Model):
    """The own coach's short answer to a shared entry, shown to the client: on her home page
    until she opens the day it answers (read_at), and in that day's entry always."""

    __tablename__ = "diary_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entry.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when the client opened the day

    author = relationship("Person")
    entry = relationship("DiaryEntry", viewonly=True)


class DiarySubmission(db.Model):
    """Each save of an entry, by the unique key its form (or offline draft) carried: a draft
    sent twice, or re-sent after a lost answer, is applied once."""

    __tablename__ = "diary_submission"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entry.id", ondelete="CASCADE"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class DiaryRead(db.Model):
    """The access log: a staff member read a client's diary entry (Act 703/2023 §11)."""

    __tablename__ = "diary_read"
    __table_args__ = (Index("ix_diary_read_client_at", "client_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entry.id", ondelete="CASCADE"), index=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    place: Mapped[str] = mapped_column(String(20))  # which screen showed it: "entry", "client_page" …

    entry = relationship("DiaryEntry")
    reader = relationship("Person")


class DiaryMedia(db.Model):
    """A photo or a voice note on a diary entry. The bytes live in the file store
    (webapp/lib/storage.py) under `key`; this row says what and whose they are. Photos are
    re-encoded without any metadata; voice notes are kept as uploaded."""

    __tablename__ = "diary_media"
    __table_args__ = (
        CheckConstraint("kind IN ('photo', 'voice')", name="kind"),
        Index("ix_diary_media_client_id", "client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entry.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # "photo" or "voice"
    key: Mapped[str] = mapped_column(String(200), unique=True)  # where the bytes are in the store
    upload_key: Mapped[str] = mapped_column(String(64), unique=True)  # a re-sent upload is kept once
    content_type: Mapped[str] = mapped_column(String(40))
    bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)  # photos
    height: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)  # voice notes
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    entry = relationship("DiaryEntry", back_populates="media")
