from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime


class LunchServed(db.Model):
    """How many lunches the kitchen says it served at a unit on a day (a correction is an
    audit event): compared with attendance, it shows lunches nobody checked in for."""

    __tablename__ = "lunch_served"
    __table_args__ = (
        UniqueConstraint("unit_id", "day"),
        CheckConstraint("served >= 0 AND served <= 10000", name="served"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    served: Mapped[int]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    unit = relationship("Unit")
    recorded_by = relationship("Person")
