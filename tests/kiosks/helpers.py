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


# --- For the browser tests -------------------------------------------------------------------------

def open_all_day_unit(name="Kiertokulku"):
    """A unit open every day, all day: the screen polls fast whenever the test runs."""
    from datetime import time
    return factories.make_unit(name, weekdays=range(7), opens=time(0), closes=time(23, 59))


def pair_page(page, unit):
    """Make a browser page the unit's paired tablet (the device cookie, as pairing sets it)."""
    secret, kiosk = factories.make_kiosk(unit)
    page.context.add_cookies([{"name": "lasna_kiosk", "value": secret, "domain": "127.0.0.1", "path": "/kiosk",
                               "httpOnly": True, "sameSite": "Strict"}])
    return kiosk
