import enum
import secrets
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.i18n import TranslatedName
from webapp.lib.types import UTCDateTime


class Payer(enum.StrEnum):
    """Who pays the client's 9 € a day: Kela (kulukorvaus) or the municipality (toimintaraha)."""

    KELA = "kela"
    MUNICIPALITY = "municipality"
    NONE = "none"


def new_badge_token() -> str:
    return secrets.token_urlsafe(24)


class Municipality(db.Model):
    """A municipality: a client's home, and the orderer (tilaaja) that buys the service."""

    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Diet(TranslatedName, db.Model):
    """A special diet the kitchen must know about (erityisruokavalio)."""

    __tablename__ = "diet"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)


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
