"""An issued certificate: every word and figure it printed, frozen at issue time.

The client's and the unit's names, the dates and the number of days are copied here rather than
read again, so the PDF drawn a year later is the one the client was given. A re-issue is a new
row; none is ever changed.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import LANGUAGES
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime

KINDS = ("participation",)  # the competence certificate (osaamistodistus) would be another kind
WORK_TASKS_MAX = 2000


class Certificate(db.Model):
    __tablename__ = "certificate"
    __table_args__ = (
        CheckConstraint("kind IN ('participation')", name="kind"),
        CheckConstraint(f"language IN {LANGUAGES}", name="language"),
        CheckConstraint("starts_on <= ends_on", name="order"),
        CheckConstraint("days_attended >= 0", name="days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("service_period.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="participation")
    # Issued while the period still runs (not ended, no signed final evaluation): says so on paper.
    interim: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(2), default="fi")
    work_tasks: Mapped[str] = mapped_column(Text)
    include_skills: Mapped[bool] = mapped_column(Boolean, default=False)  # the client wants them on it
    # The skills and trainings printed: [{"title": …, "detail": …}]; None when none were printed.
    skills: Mapped[list | None] = mapped_column(JSON)
    # What the paper says, as it said it on the day of issue.
    client_name: Mapped[str] = mapped_column(String(201))
    unit_name: Mapped[str] = mapped_column(String(120))
    unit_address: Mapped[str] = mapped_column(String(320), default="")
    unit_city: Mapped[str] = mapped_column(String(100), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    service_type: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    counted_until: Mapped[date] = mapped_column(Date)  # the days attended are counted up to this day
    days_attended: Mapped[int]
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    issuer_name: Mapped[str] = mapped_column(String(201))
    issuer_role: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    period = relationship("ServicePeriod")
    issued_by = relationship("Person")

    @property
    def issued_on(self) -> date:
        return clock.to_local(self.issued_at).date()
