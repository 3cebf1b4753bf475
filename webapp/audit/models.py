from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime


class AuditEvent(db.Model):
    """Who did what to which record, when and why. Never updated, never deleted."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)

    actor = relationship("Person", foreign_keys=[actor_id])


class AccessRead(db.Model):
    """A staff member was shown a client's record: who, whose, what, why, when and where (Act 703/2023
    §11, the client's right to know who has used her data). One row per client shown; a list or a
    report that names many clients writes one row for each (`in_list`). Never updated; retention
    removes rows older than two years. Diary entries have their own log (diary_read)."""

    __tablename__ = "access_read"
    __table_args__ = (Index("ix_access_read_client_at", "client_id", "at"),
                      Index("ix_access_read_reader_at", "reader_id", "at"),
                      Index("ix_access_read_at", "at"))  # the unusual-reading report; retention

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    reader_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    what: Mapped[str] = mapped_column(String(30))  # a stable code: "client_page", "goals" … (audit.access.WHAT)
    purpose: Mapped[str] = mapped_column(String(20))  # "client_work", "billing" … (audit.access.PURPOSES)
    route: Mapped[str] = mapped_column(String(200))  # the request's path, without its query
    in_list: Mapped[bool] = mapped_column(Boolean, default=False)  # one of many clients a list showed

    reader = relationship("Person", foreign_keys=[reader_id])
