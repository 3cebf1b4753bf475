from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime


class Kiosk(db.Model):
    """A tablet by a unit's door that clients check in at.

    The tablet holds a long-lived device cookie; only its SHA-256 is kept here. A pairing code
    (also stored hashed, single use, short-lived) is how the cookie is first handed out.
    """

    __tablename__ = "kiosk"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    device_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pairing_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pairing_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Offline PIN scans are sealed with the public key in the tablet and opened here.
    private_key_pem: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    paired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    unit = relationship("Unit")
    created_by = relationship("Person", foreign_keys=[created_by_id])
    revoked_by = relationship("Person", foreign_keys=[revoked_by_id])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_paired(self) -> bool:
        return self.device_token_hash is not None and not self.is_revoked

    def pairing_open(self) -> bool:
        return (self.pairing_code_hash is not None and not self.is_revoked
                and self.pairing_expires_at is not None and clock.now() < self.pairing_expires_at)
