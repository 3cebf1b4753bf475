import enum
import secrets
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (Boolean, CheckConstraint, Column, Date, ForeignKey, Numeric, String, Table, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime


class Payer(enum.StrEnum):
    """Who pays the client's 9 € a day: Kela (kulukorvaus) or the municipality (toimintaraha)."""

    KELA = "kela"
    MUNICIPALITY = "municipality"
    NONE = "none"


def new_badge_token() -> str:
    return secrets.token_urlsafe(24)


client_diet = Table(
    "client_diet",
    db.metadata,
    Column("client_id", ForeignKey("client_profile.person_id", ondelete="CASCADE"), primary_key=True),
    Column("diet_id", ForeignKey("diet.id", ondelete="CASCADE"), primary_key=True),
)


class ClientProfile(db.Model):
    __tablename__ = "client_profile"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    own_coach_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    home_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    home_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    travel_compensation: Mapped[bool] = mapped_column(Boolean, default=False)
    diet_note: Mapped[str] = mapped_column(Text, default="")
    # The personal QR on the badge card and in the phone app. Replacing it voids the old card.
    badge_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_badge_token)
    badge_issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    pin_failed_attempts: Mapped[int] = mapped_column(default=0)
    pin_locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    diary_share_default: Mapped[bool] = mapped_column(Boolean, default=False)  # new entries shared?
    # Henkilötunnus, sealed with LASNA_HETU_KEYS (clients/hetu.py); never stored or logged in the clear.
    hetu_sealed: Mapped[str | None] = mapped_column(Text)
    # Set when the retention rules anonymised her (retention/rules.py): her name and documents are gone.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person = relationship("Person", back_populates="client", foreign_keys=[person_id])
    own_coach = relationship("Person", foreign_keys=[own_coach_id])
    home_unit = relationship("Unit")
    home_municipality = relationship("Municipality")
    diets = relationship("Diet", secondary=client_diet, order_by="Diet.code")
    payers = relationship("PayerAssignment", back_populates="client",
                          cascade="all, delete-orphan", order_by="PayerAssignment.valid_from")
    periods = relationship("ServicePeriod", back_populates="client",
                           order_by="ServicePeriod.starts_on.desc()")

    @property
    def called(self) -> str:
        """The name the client wants to be called by: the preferred name, else the first name."""
        return self.preferred_name or self.person.first_name

    @property
    def display_name(self) -> str:
        """The name the client wants to be called, with the family name."""
        return f"{self.called} {self.person.last_name}"

    @property
    def short_name(self) -> str:
        """First name and initial: what a shared screen may show."""
        return f"{self.called} {self.person.last_name[:1]}."

    def payer_on(self, day: date) -> str:
        current = Payer.NONE.value
        for assignment in self.payers:
            if assignment.valid_from <= day:
                current = assignment.payer
        return current

    def regenerate_badge(self) -> None:
        self.badge_token = new_badge_token()
        self.badge_issued_at = clock.now()


class PayerAssignment(db.Model):
    """Who pays the daily compensation from a date on. Effective-dated: it changes."""

    __tablename__ = "payer_assignment"
    __table_args__ = (
        UniqueConstraint("client_id", "valid_from"),
        CheckConstraint(f"payer IN {tuple(p.value for p in Payer)}", name="payer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"))
    payer: Mapped[str] = mapped_column(String(16))
    valid_from: Mapped[date] = mapped_column(Date)

    client = relationship("ClientProfile", back_populates="payers")


# --- Service periods ---------------------------------------------------------------------------

class Mode(enum.StrEnum):
    ON_SITE = "on_site"
    REMOTE = "remote"
    HYBRID = "hybrid"


class ReferralPlan(enum.StrEnum):
    ACTIVATION = "activation"  # aktivointisuunnitelma
    MULTI_PROFESSIONAL = "multi_professional"  # monialainen työllistymissuunnitelma


class ShortReason(enum.StrEnum):
    """Why a period is shorter than three months: the office picks one (words in clients/labels.py)."""
    TRIAL = "trial"  # a trial or introductory period
    ORDERER_DECISION = "orderer_decision"  # the orderer's decision covers a shorter time
    NEXT_STEP = "next_step"  # work, education or another service starts soon
    CONTINUATION = "continuation"  # continues an earlier period
    OTHER = "other"  # said in words (short_period_reason)


class ServicePeriod(db.Model):
    """A client's service period (jakso) at one unit."""

    __tablename__ = "service_period"
    __table_args__ = (
        CheckConstraint("starts_on <= ends_on", name="order"),
        CheckConstraint("planned_weekdays > 0 AND planned_weekdays < 128", name="weekdays"),
        CheckConstraint(f"mode IN {tuple(m.value for m in Mode)}", name="mode"),
        CheckConstraint(
            f"referral_plan_type IS NULL OR referral_plan_type IN {tuple(r.value for r in ReferralPlan)}",
            name="referral",
        ),
        CheckConstraint(
            f"short_period_code IS NULL OR short_period_code IN {tuple(r.value for r in ShortReason)}",
            name="short_code",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # Bit n set = planned on weekday n (0 = Monday).
    planned_weekdays: Mapped[int]
    hours_per_day: Mapped[Decimal] = mapped_column(Numeric(3, 1))
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_type.id"))
    mode: Mapped[str] = mapped_column(String(16), default=Mode.ON_SITE.value)
    referral_plan_type: Mapped[str | None] = mapped_column(String(24))
    referral_plan_date: Mapped[date | None] = mapped_column(Date)
    orderer_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    # Why a period is shorter than three months: a ShortReason, required for such a period,
    # and the office's own words (required when the reason is "other").
    short_period_code: Mapped[str | None] = mapped_column(String(20))
    short_period_reason: Mapped[str | None] = mapped_column(Text)
    # Set when a period is ended before its planned end date.
    end_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    client = relationship("ClientProfile", back_populates="periods")
    unit = relationship("Unit")
    service_type = relationship("ServiceType")
    orderer = relationship("Municipality")

    @property
    def weekdays(self) -> list[int]:
        return [d for d in range(7) if self.planned_weekdays & (1 << d)]

    @weekdays.setter
    def weekdays(self, days) -> None:
        self.planned_weekdays = sum(1 << d for d in set(days))

    def is_planned_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on and bool(self.planned_weekdays & (1 << day.weekday()))

    def is_active_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on
