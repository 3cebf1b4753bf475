import enum
from datetime import date, datetime, timedelta

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint,
                        text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime


class Method(enum.StrEnum):
    """How a check-in or check-out was made."""
    PHONE = "phone"  # the client's phone scanned the kiosk's rotating code
    BADGE = "badge"  # the kiosk's camera read the client's personal QR
    PIN = "pin"  # name and PIN on the kiosk
    COACH = "coach"  # set by a coach


class Flag(enum.IntFlag):
    """What the coach needs to look at before confirming a day. Stored as a bit mask."""
    OUTSIDE_PERIOD = 1  # no active period at this unit on the day
    FIFTH_DAY = 2  # the 5th (or later) day in the ISO week
    OVER_32H = 4  # the week's hours pass 32 on this day
    UNPLANNED_DAY = 8  # in a period, but not one of its planned weekdays
    CLOSURE_DAY = 16  # the unit is closed (closure or no opening hours)
    SHORT_DAY = 32  # checked out after less than 4 hours


class Review(enum.StrEnum):
    """Why a decided day waits for the coach to look at it again (the decision itself stays)."""
    CLOSURE = "closure"  # the unit was marked closed on the day after the day was decided


class Kind(enum.StrEnum):
    """What a day record says happened."""
    ONSITE = "onsite"  # came to the unit: check-in (and check-out) times
    REMOTE = "remote"  # took part remotely: the hours the client reported, no scan
    ABSENT = "absent"  # was expected and did not come, for a reason (AbsenceReason)


class Status(enum.StrEnum):
    """Where the coach's decision on a day stands. Only confirmed days count for money."""
    OPEN = "open"
    CONFIRMED = "confirmed"
    NOT_COUNTED = "not_counted"


class AbsenceReason(enum.StrEnum):
    """The reasons Kela's absence report (TT3) knows, plus "service not held"."""
    OWN_ILLNESS = "own_illness"  # a certificate is needed past 3 days
    CHILD_ILLNESS = "child_illness"  # a child under 10, at most 4 days
    JOB_INTERVIEW = "job_interview"  # or similar
    OFFICE_OF_TRUST = "office_of_trust"  # a public office of trust
    OTHER = "other"  # the client loses that day's benefit
    NOT_HELD = "not_held"  # the unit did not hold the service: not an absence of the client


def _in(column: str, enum_type) -> str:
    return f"{column} IN {tuple(m.value for m in enum_type)}"


class ActivityDay(db.Model):
    """One client's day at a unit: the record that lunch counts and compensation come from.

    An on-site day has scan times; a remote day the reported minutes; an absence its reason.
    The coach decides each: confirmed (counts), not counted, or still open; who, when and why
    are kept here, and every change is an audit event.
    """

    __tablename__ = "activity_day"
    __table_args__ = (
        UniqueConstraint("client_id", "day"),
        Index("ix_activity_day_unit_day", "unit_id", "day"),
        CheckConstraint(_in("kind", Kind), name="kind"),
        CheckConstraint(_in("status", Status), name="status"),
        CheckConstraint("(kind = 'onsite' AND check_in_at IS NOT NULL AND check_in_method IS NOT NULL)"
                        " OR (kind <> 'onsite' AND check_in_at IS NULL AND check_in_method IS NULL"
                        " AND check_out_at IS NULL AND check_out_method IS NULL)", name="times"),
        CheckConstraint("(kind = 'remote' AND reported_minutes BETWEEN 1 AND 720)"
                        " OR (kind <> 'remote' AND reported_minutes IS NULL)", name="reported"),
        CheckConstraint(f"(kind = 'absent' AND {_in('absence_reason', AbsenceReason)})"
                        " OR (kind <> 'absent' AND absence_reason IS NULL)", name="absence"),
        CheckConstraint("(status = 'open' AND decided_at IS NULL AND decided_by_id IS NULL)"
                        " OR (status <> 'open' AND decided_at IS NOT NULL)", name="decided"),
        CheckConstraint(f"check_in_method IS NULL OR {_in('check_in_method', Method)}", name="in_method"),
        CheckConstraint(f"check_out_method IS NULL OR check_out_method IN {tuple(m.value for m in Method)}",
                        name="out_method"),
        CheckConstraint("check_out_at IS NULL OR check_out_at >= check_in_at", name="order"),
        CheckConstraint("mood IS NULL OR mood BETWEEN 1 AND 5", name="mood"),
        CheckConstraint(f"review IS NULL OR review IN ('{Review.CLOSURE.value}')", name="review"),
        # The day board looks up a unit's days waiting for a look: few rows, so a partial index.
        Index("ix_activity_day_review", "unit_id", "day", sqlite_where=text("review IS NOT NULL"),
              postgresql_where=text("review IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    day: Mapped[date] = mapped_column(Date)  # the date in Europe/Helsinki
    kind: Mapped[str] = mapped_column(String(8), default=Kind.ONSITE.value, server_default=Kind.ONSITE.value)
    check_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    check_in_method: Mapped[str | None] = mapped_column(String(8))
    check_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    check_out_method: Mapped[str | None] = mapped_column(String(8))
    lunch: Mapped[bool | None] = mapped_column(Boolean)  # None: not asked or not answered
    mood: Mapped[int | None] = mapped_column(SmallInteger)  # the one-tap mood at arrival, 1–5
    flags: Mapped[int] = mapped_column(default=0)
    reported_minutes: Mapped[int | None] = mapped_column(SmallInteger)  # a remote day's hours
    absence_reason: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)  # the coach's note on an absence or remote day
    status: Mapped[str] = mapped_column(String(12), default=Status.OPEN.value, server_default=Status.OPEN.value)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)  # why a flagged day counts, or does not
    review: Mapped[str | None] = mapped_column(String(12))  # a Review: decided, but to be looked at again
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    client = relationship("ClientProfile")
    unit = relationship("Unit")
    decided_by = relationship("Person", foreign_keys=[decided_by_id])

    @property
    def onsite(self) -> bool:
        return self.kind == Kind.ONSITE

    @property
    def attended(self) -> bool:
        """Took part, on site or remotely (whether or not the day counts is the status)."""
        return self.kind != Kind.ABSENT

    @property
    def open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def confirmed(self) -> bool:
        return self.status == Status.CONFIRMED

    def reopen(self) -> None:
        """Back to open: the day changed after the coach decided, so the coach decides again
        (the audit event of the change keeps the decision that was)."""
        self.status = Status.OPEN.value
        self.decided_at = self.decided_by_id = self.decision_reason = self.review = None

    @property
    def flag_set(self) -> Flag:
        return Flag(self.flags)

    @property
    def duration(self) -> timedelta | None:
        """On site: check-in to check-out; remote: the reported time; absent: None."""
        if self.kind == Kind.REMOTE:
            return timedelta(minutes=self.reported_minutes)
        if self.check_out_at is None or self.check_in_at is None:
            return None
        return self.check_out_at - self.check_in_at

    @property
    def hours(self) -> float | None:
        """Real elapsed hours (a DST change in the night does not matter: times are UTC)."""
        duration = self.duration
        return None if duration is None else duration.total_seconds() / 3600


class Outcome(enum.StrEnum):
    CHECKED_IN = "checked_in"
    ASKED_LEAVE = "asked_leave"  # a later scan: the kiosk or phone asks "Leaving now?"
    CHECKED_OUT = "checked_out"
    DUPLICATE = "duplicate"  # within 2 minutes of the previous scan: answered kindly, not recorded
    EARLIER_ARRIVAL = "earlier_arrival"  # a queued scan from before the recorded check-in
    REJECTED = "rejected"


class Scan(db.Model):
    """Every scan at a kiosk or by a phone, exactly once: the key is unique, so a replayed or
    re-sent scan (the offline queue, a reloaded page) finds its first answer instead of
    counting twice. The trail of how each day record came about."""

    __tablename__ = "scan"
    __table_args__ = (
        Index("ix_scan_unit_received", "unit_id", "received_at"),
        Index("ix_scan_unit_scanned", "unit_id", "scanned_at"),
        CheckConstraint(f"method IN {tuple(m.value for m in Method)}", name="method"),
        CheckConstraint(f"outcome IN {tuple(o.value for o in Outcome)}", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosk.id"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"),
                                                  index=True)
    method: Mapped[str] = mapped_column(String(8))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when it happened (queued scans: earlier)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32))  # why a scan was rejected
    day_id: Mapped[int | None] = mapped_column(ForeignKey("activity_day.id", ondelete="SET NULL"))
    # "No, I'm staying" to this scan's "Leaving now?": a recorded time, like a check-in.
    stayed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Sent by an offline tablet's queue (nobody was there to see the answer). A refused one
    # waits on the day board until a coach has handled it.
    from_queue: Mapped[bool] = mapped_column(Boolean, default=False)
    shown_name: Mapped[str | None] = mapped_column(String(80))  # the name the tablet showed, if refused
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    day = relationship("ActivityDay")
    client = relationship("ClientProfile")
    kiosk = relationship("Kiosk")
    handled_by = relationship("Person", foreign_keys=[handled_by_id])

    @property
    def queued(self) -> bool:
        """Sent later than it happened: it waited in an offline kiosk's queue."""
        return self.received_at - self.scanned_at > timedelta(minutes=1)


# --- Shared with the areas above: the door tablet, and a closed month ------------------------
# (kiosks pairs and runs the tablet; money closes a month. Check-in and the day's decisions need
# both facts, so the tables live down here.)

class Kiosk(db.Model):
    """A tablet by a unit's door that clients check in at.

    The tablet holds a long-lived device cookie; only its SHA-256 is kept here. A pairing code
    (also stored hashed, single use, short-lived) is how the cookie is first handed out.
    """

    __tablename__ = "kiosk"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    device_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pairing_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pairing_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Offline PIN scans are sealed with the public key in the tablet and opened here.
    private_key_pem: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    paired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    unit = relationship("Unit")
    created_by = relationship("Person", foreign_keys=[created_by_id])
    revoked_by = relationship("Person", foreign_keys=[revoked_by_id])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_paired(self) -> bool:
        return self.device_token_hash is not None and not self.is_revoked

    def pairing_open(self) -> bool:
        return (self.pairing_code_hash is not None and not self.is_revoked
                and self.pairing_expires_at is not None and clock.now() < self.pairing_expires_at)


class MonthClose(db.Model):
    """A unit's month, closed by a manager once every day is decided. A closed month never
    changes: its money lines are frozen, and a later correction of one of its days becomes an
    adjustment line in the next month that is closed."""

    __tablename__ = "month_close"
    __table_args__ = (UniqueConstraint("unit_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))

    unit = relationship("Unit")
    closed_by = relationship("Person")


def month_closed(unit_id: int, on: date) -> bool:
    """Is the unit's month of this day closed? Then its days stay as they are: a late scan is
    refused, and a decision becomes a correction (see money/close.py)."""
    return db.session.scalar(db.select(MonthClose.id).where(MonthClose.unit_id == unit_id,
                                                            MonthClose.month == on.replace(day=1))) is not None
