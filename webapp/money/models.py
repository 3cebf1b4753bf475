from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime

PAYING = ("kela", "municipality")  # the payers that pay a daily compensation ("none" does not)


class CompensationRate(db.Model):
    """The daily compensation a payer pays from a date on (9 € in 2026). Data, not code: the
    rate has changed before and will again. The rate of a day is the newest one not after it."""

    __tablename__ = "compensation_rate"
    __table_args__ = (
        UniqueConstraint("payer", "valid_from"),
        CheckConstraint(f"payer IN {PAYING}", name="payer"),
        CheckConstraint("amount_cents >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payer: Mapped[str] = mapped_column(String(16))
    valid_from: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class MoneyLine(db.Model):
    """One frozen line of a closed month: a compensable day ("day"), or an adjustment
    ("adjustment") that corrects a day of an earlier closed month (days -1/+1 and the amount
    taken back or paid later). The sum of a day's lines is what was paid for it."""

    __tablename__ = "money_line"
    __table_args__ = (
        Index("ix_money_line_close", "close_id"),
        Index("ix_money_line_client_day", "client_id", "day"),
        CheckConstraint("kind IN ('day', 'adjustment')", name="kind"),
        CheckConstraint(f"payer IN {PAYING}", name="payer"),
        CheckConstraint("days IN (-1, 0, 1)", name="days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    close_id: Mapped[int] = mapped_column(ForeignKey("month_close.id"))  # the closed month it belongs to
    kind: Mapped[str] = mapped_column(String(12))
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id"))
    day: Mapped[date] = mapped_column(Date)  # the day it pays for (an adjustment: the original day)
    payer: Mapped[str] = mapped_column(String(16))
    days: Mapped[int]
    amount_cents: Mapped[int]

    close = relationship("MonthClose")


class InvoiceLine(db.Model):
    """One frozen line of the provider's invoice basis in a closed month, like `MoneyLine`: an
    invoiced day ("day") at the price it had when the month was closed, or an adjustment
    ("adjustment") of a day of an earlier closed month (a correction, a price set or changed back
    in time). The sum of a day's lines is what the orderer was invoiced for it. Clients whose
    payer is "none" have no money line but are invoiced, so invoicing keeps its own lines.

    orderer_id / service_type_id are None when the day had no service period with an orderer;
    price_cents is None when no day price was in force (frozen without a price: a price added
    later becomes an adjustment). For an adjustment, price_cents is the day's price now (or the
    price taken back, when the day is no longer invoiced)."""

    __tablename__ = "invoice_line"
    __table_args__ = (
        Index("ix_invoice_line_close", "close_id"),
        Index("ix_invoice_line_client_day", "client_id", "day"),
        CheckConstraint("kind IN ('day', 'adjustment')", name="kind"),
        CheckConstraint("days IN (-1, 0, 1)", name="days"),
        CheckConstraint("price_cents IS NULL OR price_cents >= 0", name="price"),
        CheckConstraint("kind = 'adjustment' OR (days = 1 AND amount_cents = COALESCE(price_cents, 0))",
                        name="day_line"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    close_id: Mapped[int] = mapped_column(ForeignKey("month_close.id"))  # the closed month it belongs to
    kind: Mapped[str] = mapped_column(String(12))
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id"))
    day: Mapped[date] = mapped_column(Date)  # the day it invoices (an adjustment: the original day)
    orderer_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    service_type_id: Mapped[int | None] = mapped_column(ForeignKey("service_type.id"))
    price_cents: Mapped[int | None]
    days: Mapped[int]
    amount_cents: Mapped[int]

    close = relationship("MonthClose")


class DayPrice(db.Model):
    """What the orderer pays the provider for one confirmed day of a service type, from a date
    on (invoicing). Effective-dated data like the compensation rate."""

    __tablename__ = "day_price"
    __table_args__ = (UniqueConstraint("orderer_id", "service_type_id", "valid_from"),
                      CheckConstraint("price_cents >= 0", name="price"))

    id: Mapped[int] = mapped_column(primary_key=True)
    orderer_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_type.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    price_cents: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    orderer = relationship("Municipality")
    service_type = relationship("ServiceType")


class KelaReport(db.Model):
    """A Kela absence report (TT3) produced for a client and a two-week period; sent_at when
    the office marks it sent. A client's report is due when a period has ended unsent."""

    __tablename__ = "kela_report"
    __table_args__ = (UniqueConstraint("client_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    produced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    produced_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
