from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime


class EnrolmentCode(db.Model):
    """A one-time code a coach shows as QR so a client's phone can sign in.

    Only a hash of the code is stored: a database leak gives nobody a way in.
    """

    __tablename__ = "enrolment_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client_profile.person_id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client = relationship("ClientProfile")
    created_by = relationship("Person")

    def is_usable(self) -> bool:
        return self.used_at is None and clock.now() < self.expires_at
