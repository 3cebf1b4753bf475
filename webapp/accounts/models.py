import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, update
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
    # Plain language (selkokieli): shorter words, bigger text and fewer items on the client's
    # screens. Chosen by the client on her phone, or set by a coach (webapp/clients/plain.py).
    plain_language: Mapped[bool] = mapped_column(Boolean, default=False)
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

    # The key of the sign-in record this request runs under, set by accounts.sessions (never
    # stored: the database keeps only its hash).
    sign_in_key = None

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return self.login_token

    def sign_in_id(self) -> str:
        """What the session and remember cookies carry (Flask-Login's id_attribute): the login
        token and the key of this device's sign-in record. accounts.sessions.start sets the key."""
        if not self.sign_in_key:
            raise RuntimeError("sign people in through accounts.sessions.start, which makes their sign-in record")
        return f"{self.login_token}:{self.sign_in_key}"

    def sign_out_everywhere(self) -> None:
        """A new login token and every sign-in record ended: each cookie anywhere stops working."""
        self.login_token = new_login_token()
        if self.id is not None:
            with db.session.no_autoflush:  # the caller's audit.record still sees the changes
                db.session.execute(
                    update(SignIn).where(SignIn.person_id == self.id, SignIn.ended_at.is_(None))
                    .values(ended_at=clock.now()).execution_options(synchronize_session=False))

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.role}>"


class SignIn(db.Model):
    """One browser or phone signed in: its session and remember cookies carry the person's login
    token and this record's key (Person.sign_in_id). Logging out ends this record only; signing out
    everywhere ends them all. Only the key's SHA-256 is stored."""

    __tablename__ = "sign_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where it came from (request.remote_addr behind the proxy); none for the records the
    # migration made for sessions older than these records.
    address: Mapped[str | None] = mapped_column(String(45))

    person = relationship("Person")


class SignInThrottle(db.Model):
    """Failed tries counted for one account, device, address or kiosk-pairing address
    (accounts.throttle has the rules). In the database, so every process and app machine counts
    together, like the kiosk PIN's counter."""

    __tablename__ = "sign_in_throttle"
    __table_args__ = (
        CheckConstraint("scope IN ('account', 'device', 'address', 'pairing')", name="scope"),
        db.UniqueConstraint("scope", "subject", name="uq_sign_in_throttle_scope_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    # account: the email (lower-case); device: the email and the device's nonce; address and
    # pairing: the IPv4 address or the IPv6 /64 network
    subject: Mapped[str] = mapped_column(String(300))
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FailedSignIn(db.Model):
    """A wrong password or kiosk pairing code, for the manager's list. Kept 90 days."""

    __tablename__ = "failed_sign_in"
    __table_args__ = (CheckConstraint("kind IN ('password', 'pairing')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254))  # as typed; none for a pairing code
    address: Mapped[str | None] = mapped_column(String(45))
