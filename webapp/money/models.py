from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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
