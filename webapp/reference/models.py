"""Reference data the office keeps as data, not code: municipalities (homes and orderers),
special diets, and the kinds of service (the reform of 2025–2026 changes them). Clients, periods
and invoicing point at these rows; the pages that keep them are under units (units/reference.py)."""
from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.lib.i18n import TranslatedName


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


class ServiceType(TranslatedName, db.Model):
    """Kinds of service, kept as data: the reform of 2025–2026 changes them."""

    __tablename__ = "service_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Organisation(db.Model):
    """The provider that runs this Läsnä (one row): its name, business ID and contact details on
    Kela's reports, invoices and certificates. A manager keeps it (units/organisation.py)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    business_id: Mapped[str] = mapped_column(String(9), default="")  # Y-tunnus, 1234567-8
    street_address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")

    @property
    def address(self) -> str:
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street_address, place) if part)


def organisation() -> Organisation:
    """The provider's row; an empty one (not saved) until a manager fills it in."""
    return db.session.scalar(db.select(Organisation).order_by(Organisation.id).limit(1)) or Organisation(
        name="", business_id="", street_address="", postal_code="", city="", phone="", email="")
