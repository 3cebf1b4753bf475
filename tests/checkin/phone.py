"""Helpers for the phone check-in tests: a kiosk's code as its screen would show it."""
from webapp.checkin import codes
from webapp.checkin.models import ActivityDay, Scan
from webapp.extensions import db


def kiosk_url(kiosk, moment=None) -> str:
    """The link in the kiosk's QR right now (or at moment)."""
    return f"/k/{codes.make_code(kiosk.id, moment)}"


def scans() -> list[Scan]:
    return db.session.scalars(db.select(Scan).order_by(Scan.id)).all()


def days() -> list[ActivityDay]:
    return db.session.scalars(db.select(ActivityDay).order_by(ActivityDay.id)).all()


def scan_id_of(response) -> int:
    """The scan id in the result page URL a /k/ answer redirects to."""
    location = response.headers["Location"]
    assert "/checkin/scans/" in location, location
    return int(location.rsplit("/", 1)[1])
