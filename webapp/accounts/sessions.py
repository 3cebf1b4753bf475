"""Sessions the server can end.

Flask's session cookie and Flask-Login's remember cookie are signed, not stored: on their own, a
copy taken before logging out would keep working. So every sign-in makes a record (SignIn) with a
random key, and both cookies carry the person's login token and that key (Person.sign_in_id).
The user loader accepts a cookie only while its record is open and the token is the person's:

- logging out ends this device's record (other devices stay signed in);
- signing out everywhere, a new password, or a deactivated account gives the person a new login
  token and ends every record (Person.sign_out_everywhere);
- a record lasts at most as long as the remember cookie (REMEMBER_COOKIE_DURATION).

Cookies made before these records existed carry the login token alone. The migration gave each
person one record for them, keyed by the token; the first request with such a cookie ends that
record and continues on a new record of its own, with new cookies. An enrolled phone stays signed
in through the upgrade; any other copy of the old cookie stops working then.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, or_, update

from webapp.extensions import db
from webapp.lib import clock

from .models import Person, SignIn

ADDRESS_MAX = 45  # SignIn.address
KEEP_ENDED = timedelta(days=90)  # ended records are kept this long, then removed


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def client_address() -> str | None:
    """The address the request came from: the client's own behind the proxy (ProxyFix)."""
    return (request.remote_addr or "")[:ADDRESS_MAX] or None


def _longest() -> timedelta:
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=duration)


def _open_record(person: Person) -> str:
    """A new sign-in record for person on this device; returns its key (kept only in cookies)."""
    key = secrets.token_urlsafe(32)
    now = clock.now()
    db.session.execute(delete(SignIn).where(SignIn.person_id == person.id, or_(
        SignIn.ended_at < now - KEEP_ENDED, SignIn.created_at < now - _longest())))
    db.session.add(SignIn(person_id=person.id, key_hash=hash_key(key), created_at=now,
                          address=client_address()))
    person.sign_in_key = key
    return key


def start(person: Person, *, remember: bool = False) -> None:
    """Sign person in on this device: a record of its own, then Flask-Login's cookies."""
    _open_record(person)
    db.session.commit()
    login_user(person, remember=remember)


def end_current() -> None:
    """Log out here: this device's record ends, the person's other devices stay signed in."""
    key = getattr(current_user, "sign_in_key", None)
    if key:
        db.session.execute(update(SignIn).where(SignIn.key_hash == hash_key(key), SignIn.ended_at.is_(None))
                           .values(ended_at=clock.now()).execution_options(synchronize_session=False))
        db.session.commit()
    logout_user()


def load(sign_in_id: str) -> Person | None:
    """Flask-Login's user loader: the person whose cookie this is, while its record is open."""
    token, separator, key = sign_in_id.partition(":")
    if not separator:
        return _from_an_old_cookie(token)
    person = db.session.scalar(
        db.select(Person).join(SignIn, SignIn.person_id == Person.id)
        .where(Person.login_token == token, SignIn.key_hash == hash_key(key), SignIn.ended_at.is_(None),
               SignIn.created_at > clock.now() - _longest()))
    if person is not None:
        person.sign_in_key = key
    return person


def _from_an_old_cookie(token: str) -> Person | None:
    """A cookie from before sign-in records: once, onto a record of its own (see the top)."""
    if not token:
        return None
    found = db.session.execute(
        db.select(Person, SignIn.id).join(SignIn, SignIn.person_id == Person.id)
        .where(Person.login_token == token, SignIn.key_hash == hash_key(token), SignIn.ended_at.is_(None))
    ).first()
    if found is None:
        return None
    person, old_id = found
    won = db.session.execute(update(SignIn).where(SignIn.id == old_id, SignIn.ended_at.is_(None))
                             .values(ended_at=clock.now()).execution_options(synchronize_session=False)
                             ).rowcount == 1
    if not won:  # another request with the same old cookie got there first
        db.session.rollback()
        return None
    _open_record(person)
    db.session.commit()
    session["_user_id"] = person.sign_in_id()
    if current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies:
        session["_remember"] = "set"  # Flask-Login writes the new remember cookie on the way out
    return person
