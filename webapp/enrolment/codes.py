"""One-time enrolment codes: made for a coach to show as QR, claimed once by the client's phone.

The secret only ever lives in the QR and the URL; the database keeps its SHA-256.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from webapp.accounts.models import Person
from webapp.audit.models import AuditEvent
from webapp.clients.models import ClientProfile
from webapp.enrolment.models import EnrolmentCode
from webapp.extensions import db
from webapp.lib import clock

SIGNED_OUT = "phone_signed_out"


def hash_code(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_code(client: ClientProfile, created_by: Person) -> tuple[str, EnrolmentCode]:
    """A new code for client; the client's earlier unused codes stop working at once.

    Returns the secret (to put in the QR, never stored) and the row.
    """
    now = clock.now()
    db.session.execute(
        update(EnrolmentCode)
        .where(EnrolmentCode.client_id == client.person_id,
               EnrolmentCode.used_at.is_(None),
               EnrolmentCode.expires_at > now)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    secret = secrets.token_urlsafe(32)
    code = EnrolmentCode(
        client_id=client.person_id,
        code_hash=hash_code(secret),
        created_by_id=created_by.id,
        created_at=now,
        expires_at=now + timedelta(minutes=current_app.config["ENROLMENT_CODE_MINUTES"]),
    )
    db.session.add(code)
    db.session.flush()
    return secret, code


def find_code(secret: str) -> EnrolmentCode | None:
    """The code this secret belongs to, usable or not; None if there is no such code."""
    if not secret or len(secret) > 100:
        return None
    return db.session.scalar(db.select(EnrolmentCode).where(EnrolmentCode.code_hash == hash_code(secret)))


def mark_used(code: EnrolmentCode) -> bool:
    """Claim the code: True for exactly one caller, however many submit at once.

    The check and the write are one UPDATE, so two requests racing past an is_usable()
    check cannot both win.
    """
    now = clock.now()
    result = db.session.execute(
        update(EnrolmentCode)
        .where(EnrolmentCode.id == code.id,
               EnrolmentCode.used_at.is_(None),
               EnrolmentCode.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


@dataclass
class PhoneStatus:
    enrolled_at: datetime | None
    signed_out_at: datetime | None

    @property
    def connected(self) -> bool:
        """A phone was enrolled and not signed out since (it may still have been reset by hand)."""
        return self.enrolled_at is not None and (
            self.signed_out_at is None or self.signed_out_at < self.enrolled_at)


def phone_status(client: ClientProfile) -> PhoneStatus:
    enrolled_at = db.session.scalar(
        db.select(db.func.max(EnrolmentCode.used_at)).where(EnrolmentCode.client_id == client.person_id))
    signed_out_at = db.session.scalar(
        db.select(db.func.max(AuditEvent.at)).where(
            AuditEvent.entity == ClientProfile.__tablename__,
            AuditEvent.entity_id == client.person_id,
            AuditEvent.action == SIGNED_OUT,
        ))
    return PhoneStatus(enrolled_at, signed_out_at)
