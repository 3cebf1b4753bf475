from datetime import date, time

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, String, Table, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db

unit_coach = Table(
    "unit_coach",
    db.metadata,
    Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
)


class Unit(db.Model):
    """A workshop or other place where the activity is held (toimipiste, paja)."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    street_address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    lunch_time: Mapped[time] = mapped_column(Time, default=time(11, 30))
    # The kitchen's forecast counts the absences known by this time of the morning.
    lunch_cutoff: Mapped[time] = mapped_column(Time, default=time(9, 30), server_default="09:30:00")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    coaches = relationship("Person", secondary=unit_coach, back_populates="units",
                           order_by="(Person.last_name, Person.first_name)")
    opening_hours = relationship("OpeningHours", back_populates="unit",
                                 cascade="all, delete-orphan", order_by="OpeningHours.weekday")
    closures = relationship("Closure", back_populates="unit", cascade="all, delete-orphan",
                            order_by="Closure.starts_on")

    def hours_on(self, weekday: int):
        """The OpeningHours row for a weekday (0 = Monday), or None when closed."""
        return next((h for h in self.opening_hours if h.weekday == weekday), None)

    def is_closed_on(self, day: date) -> bool:
        return self.hours_on(day.weekday()) is None or any(
            c.starts_on <= day <= c.ends_on for c in self.closures
        )


class OpeningHours(db.Model):
    __tablename__ = "opening_hours"
    __table_args__ = (
        UniqueConstraint("unit_id", "weekday"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("opens < closes", name="order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    weekday: Mapped[int]  # 0 = Monday, as date.weekday()
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)

    unit = relationship("Unit", back_populates="opening_hours")


class Closure(db.Model):
    """Days the service is not held (palvelua ei järjestetä): holidays and breaks."""

    __tablename__ = "closure"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))

    unit = relationship("Unit", back_populates="closures")
