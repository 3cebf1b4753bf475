import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.i18n import TranslatedName
from webapp.lib.types import UTCDateTime


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


class ServiceType(TranslatedName, db.Model):
    """Kinds of service, kept as data: the reform of 2025–2026 changes them."""

    __tablename__ = "service_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


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
