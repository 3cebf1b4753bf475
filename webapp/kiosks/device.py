"""Pairing a tablet and knowing, on each request, which kiosk (if any) is asking.

The tablet's only credential is the device cookie, handed out once when the tablet shows a
pairing code the manager made. Only hashes are stored. A revoked kiosk's cookie stops
working on its next request.
"""
import secrets
from datetime import timedelta
from functools import wraps

from flask import current_app, g, render_template, request
from sqlalchemy import bindparam, update

from webapp.accounts.models import Person
from webapp.enrolment.codes import hash_code
from webapp.extensions import db
from webapp.checkin.models import Kiosk
from webapp.kiosks.sealing import new_private_key_pem
from webapp.lib import clock
from webapp.units.models import Unit

COOKIE = "lasna_kiosk"
COOKIE_MAX_AGE = 400 * 24 * 3600  # browsers cap cookies at 400 days; the kiosk renews it daily
PAIRING_MINUTES = 15
PAIRING_DIGITS = 8
LAST_SEEN_EVERY = timedelta(minutes=1)
# Every request of every tablet (a poll each 1.5 s) asks this: built once, as building a
# statement costs more than running it.
KIOSK_BY_TOKEN = (db.select(Kiosk).where(Kiosk.device_token_hash == bindparam("token_hash"))
                  .options(db.joinedload(Kiosk.unit)))


def new_pairing_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PAIRING_DIGITS))


def normalise_code(text: str) -> str:
    """What people type: spaces and dashes between the digit groups are fine."""
    return "".join(c for c in (text or "") if c.isdigit())


def create_kiosk(unit: Unit, name: str, created_by: Person) -> tuple[str, Kiosk]:
    """A new kiosk waiting to be paired; returns the pairing code (never stored) and the row."""
    kiosk = Kiosk(unit=unit, name=name, created_by=created_by, private_key_pem=new_private_key_pem())
    db.session.add(kiosk)
    code = open_pairing(kiosk)
    return code, kiosk


def open_pairing(kiosk: Kiosk) -> str:
    """A fresh one-time pairing code for kiosk (also to pair it again after its cookie was lost).
    The tablet that held the old device cookie keeps it until the new code is used."""
    code = new_pairing_code()
    kiosk.pairing_code_hash = hash_code(code)
    kiosk.pairing_expires_at = clock.now() + timedelta(minutes=PAIRING_MINUTES)
    db.session.flush()
    return code


def claim_pairing(code: str) -> tuple[str, Kiosk] | None:
    """Use a pairing code: exactly one caller wins; returns the new device secret and kiosk."""
    code = normalise_code(code)
    if len(code) != PAIRING_DIGITS:
        return None
    kiosk = db.session.scalar(db.select(Kiosk).where(Kiosk.pairing_code_hash == hash_code(code)))
    if kiosk is None or not kiosk.pairing_open():
        return None
    secret = secrets.token_urlsafe(32)
    now = clock.now()
    won = db.session.execute(
        update(Kiosk)
        .where(Kiosk.id == kiosk.id, Kiosk.pairing_code_hash == hash_code(code),
               Kiosk.pairing_expires_at > now, Kiosk.revoked_at.is_(None))
        .values(pairing_code_hash=None, pairing_expires_at=None, device_token_hash=hash_code(secret),
                paired_at=now, last_seen_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not won:
        return None
    db.session.refresh(kiosk)
    return secret, kiosk


def revoke(kiosk: Kiosk, by: Person) -> None:
    kiosk.revoked_at = clock.now()
    kiosk.revoked_by = by
    kiosk.device_token_hash = None
    kiosk.pairing_code_hash = None
    kiosk.pairing_expires_at = None


def kiosk_from_secret(secret: str | None) -> Kiosk | None:
    if not secret or len(secret) > 100:
        return None
    kiosk = db.session.scalar(KIOSK_BY_TOKEN, {"token_hash": hash_code(secret)})
    if kiosk is None or kiosk.is_revoked:
        return None
    return kiosk


def current_kiosk() -> Kiosk | None:
    """The paired kiosk this request comes from, or None."""
    if "kiosk" not in g:
        g.kiosk = kiosk_from_secret(request.cookies.get(COOKIE))
    return g.kiosk


def note_seen(kiosk: Kiosk) -> None:
    """Remember when the kiosk last called in, at most once a minute (not a write per poll)."""
    now = clock.now()
    if kiosk.last_seen_at is None or now - kiosk.last_seen_at > LAST_SEEN_EVERY:
        db.session.execute(update(Kiosk).where(Kiosk.id == kiosk.id).values(last_seen_at=now)
                           .execution_options(synchronize_session=False))
        db.session.commit()


def set_device_cookie(response, secret: str):
    response.set_cookie(COOKIE, secret, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Strict", path="/kiosk",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", True))
    return response


def not_paired():
    """What a tablet without a (valid) device cookie sees: never a login form."""
    return render_template("kiosks/not_paired.html"), 403


def kiosk_required(view):
    """For the tablet's routes: a paired, unrevoked kiosk, else the "not paired" page (403)."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        kiosk = current_kiosk()
        if kiosk is None:
            return not_paired()
        note_seen(kiosk)
        return view(*args, **kwargs)
    return wrapped
