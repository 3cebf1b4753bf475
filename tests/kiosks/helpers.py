"""Shared steps for the kiosk screen's tests: a paired tablet and its scans, over real HTTP."""
import uuid

from tests import factories
from tests.http import as_kiosk, kiosk_csrf


def pair(http, unit):
    """Make this test client the unit's paired tablet; returns the Kiosk."""
    secret, kiosk = factories.make_kiosk(unit)
    as_kiosk(http, secret)
    return kiosk


def new_key() -> str:
    return str(uuid.uuid4())


def badge_of(person) -> str:
    return "lasna:badge:" + person.client.badge_token


def post_scan(http, **fields):
    """POST /kiosk/scan as the tablet's script does: CSRF token in the header."""
    fields.setdefault("key", new_key())
    return http.post("/kiosk/scan", data=fields, headers={"X-CSRFToken": kiosk_csrf(http)})


def kiosk_post(http, url, **fields):
    return http.post(url, data=fields, headers={"X-CSRFToken": kiosk_csrf(http)})
