import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime


class Role(enum.StrEnum):
    ADMIN = "admin"  # the manager / office
    COACH = "coach"
    KITCHEN = "kitchen"
    CLIENT = "client"


STAFF_ROLES = (Role.ADMIN, Role.COACH, Role.KITCHEN)
LANGUAGES = ("fi", "sv", "en")


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


class Person(UserMixin, db.Model):
    """Anyone who signs in: a manager, coach, kitchen worker or client."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(f"role IN {tuple(r.value for r in Role)}", name="role"),
        CheckConstraint(f"language IN {LANGUAGES}", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    # Stored lower-case; clients may have none (they enrol a phone instead).
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2), default="fi")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Flask-Login's id. Replacing it signs the person out on every device at once.
    login_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_login_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    client = relationship("ClientProfile", back_populates="person", uselist=False,
                          foreign_keys="ClientProfile.person_id")
    units = relationship("Unit", secondary="unit_coach", back_populates="coaches",
                         order_by="Unit.name")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return self.login_token

    def sign_out_everywhere(self) -> None:
        self.login_token = new_login_token()

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.role}>"
