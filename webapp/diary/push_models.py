"""Reminders and notices by Web Push: the client's devices, her choices, and what was sent.

Nothing here holds diary text: a notification says only that it is time to write, or that the
coach answered.
"""
from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, ForeignKey, SmallInteger, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime

ENDPOINT_MAX = 1000


class PushSubscription(db.Model):
    """One browser on one of the client's devices that agreed to show notifications: where its
    push service takes messages (endpoint) and the keys that encrypt them for that browser alone.
    A push service that answers 404 or 410 has forgotten it: the row is removed then."""

    __tablename__ = "push_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(ENDPOINT_MAX), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))  # the browser's public key (base64url)
    auth: Mapped[str] = mapped_column(String(50))  # its 16-byte auth secret (base64url)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(SmallInteger, default=0)  # in a row; a success sets it to 0


class DiaryReminder(db.Model):
    """The client's choices: remind her to write on her expected days at a time (Helsinki), and
    tell her when her coach answers. No row: nothing is sent."""

    __tablename__ = "diary_reminder"

    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"),
                                           primary_key=True)
    remind: Mapped[bool] = mapped_column(Boolean, default=False)
    remind_at: Mapped[time] = mapped_column(Time, default=time(15, 0))
    on_reply: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PushNotice(db.Model):
    """A notification decided for a client: the day's reminder (key "reminder:<client>:<day>") or
    a reply's notice ("reply:<reply id>"). The unique key makes each one happen once, even when
    two sending runs overlap. sent_at stays empty while a reply's notice waits for quiet hours
    to end."""

    __tablename__ = "push_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "reminder" | "reply"
    day: Mapped[date] = mapped_column(Date)  # the diary day it is about
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("diary_reply.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered: Mapped[int] = mapped_column(SmallInteger, default=0)  # devices whose push service took it

    reply = relationship("DiaryReply")
