"""Slowing down and locking repeated failed sign-ins: passwords (per account and per address) and
kiosk pairing codes (per address). The README's "Sign-in security" has the policy in words.

Each rule counts failures in a row of sign_in_throttle. A few failures are answered at once;
after that each failure makes the next try wait, twice as long each time; from `lock_from` on,
each failure locks for `lock`. A lock always ends by itself, a manager can open it at once, and a
quiet spell (`forget_after`) starts the count again. While locked, a try is refused before any
password is checked (a right password during a lock does not sign in), and is not counted.

Every try is counted *before* the password or code is checked, in one UPDATE that also sets the
wait its count earns, and committed before the check: guesses sent in parallel cannot slip
through between checking and counting, and every process and app machine sees the same counts.
A successful try then clears the count (account, device, pairing) or takes back just its own
count (address: a unit's staff share one address, and their sign-ins are not failures; an
attacker's own working account does not clear the address either).

An attacker could keep a real person's account locked by failing again every 15 minutes. So a
browser that has signed in to an account before carries a signed device cookie, and its tries
are counted for that device instead of for the account (OWASP's "device cookies"): the person
keeps signing in on her own devices while her account is locked for everyone else.
"""
import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, request
from flask_babel import format_time
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, case, delete, literal, null, or_, update
from sqlalchemy.dialects import postgresql, sqlite

from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.types import UTCDateTime

from .models import FailedSignIn, SignInThrottle
from .sessions import client_address


@dataclass(frozen=True)
class Rule:
    scope: str
    slow_from: int  # the failure after which the next try first has to wait
    first_wait: timedelta  # that wait; it doubles with each further failure
    lock_from: int  # from this failure on, each failure locks for `lock`
    lock: timedelta
    forget_after: timedelta  # no failure for this long: the count starts again
    reset_on_success: bool  # a success clears the count (else it takes back only its own try)

    def wait_after(self, failures: int) -> timedelta:
        if failures >= self.lock_from:
            return self.lock
        if failures < self.slow_from:
            return timedelta(0)
        return min(self.first_wait * 2 ** (failures - self.slow_from), self.lock)


SECONDS_15, MINUTES_15 = timedelta(seconds=15), timedelta(minutes=15)
ACCOUNT = Rule("account", 5, SECONDS_15, 10, MINUTES_15, timedelta(hours=24), reset_on_success=True)
DEVICE = Rule("device", 5, SECONDS_15, 10, MINUTES_15, timedelta(hours=24), reset_on_success=True)
ADDRESS = Rule("address", 20, SECONDS_15, 25, MINUTES_15, timedelta(hours=6), reset_on_success=False)
PAIRING = Rule("pairing", 5, SECONDS_15, 10, MINUTES_15, timedelta(hours=24), reset_on_success=True)
RULES = {rule.scope: rule for rule in (ACCOUNT, DEVICE, ADDRESS, PAIRING)}
SCOPE_ORDER = ("account", "device", "address", "pairing")

KEEP_FAILURES = timedelta(days=90)  # the manager's list
FORGET_ALL_AFTER = max(rule.forget_after for rule in RULES.values())


def address_key(address: str | None) -> str:
    """What an address is counted as: an IPv4 address, or an IPv6 /64 network (one home or
    phone gets a whole /64, so single IPv6 addresses would be free to change)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return (address or "unknown")[:64]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def current_address_key() -> str:
    return address_key(client_address())


# --- Trying -----------------------------------------------------------------------------------

@dataclass
class Claim:
    rule: Rule
    id: int
    locked_until: datetime | None  # the wait this try set, if any


@dataclass
class Attempt:
    claims: list[Claim] = field(default_factory=list)
    refused_until: datetime | None = None  # locked: try again at this moment

    @property
    def refused(self) -> bool:
        return self.refused_until is not None

    def retry_after(self) -> int:
        """Seconds for the Retry-After header."""
        return max(1, math.ceil((self.refused_until - clock.now()).total_seconds()))


def _moment(value: datetime):
    return literal(value, UTCDateTime())


def _insert():
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(SignInThrottle)


def _claim(rule: Rule, subject: str, now: datetime) -> Claim | datetime:
    """Count one try, unless locked; returns the claim, or when the lock ends."""
    count = case((SignInThrottle.last_failure_at < _moment(now - rule.forget_after), 1),
                 else_=SignInThrottle.failures + 1)
    waits = [(count >= rule.lock_from, _moment(now + rule.lock))]
    waits += [(count == n, _moment(now + rule.wait_after(n))) for n in range(rule.slow_from, rule.lock_from)]
    for _attempt in range(2):  # a row made by a parallel try between the UPDATE and the INSERT: again
        row = db.session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.scope == rule.scope, SignInThrottle.subject == subject,
                   or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until <= _moment(now)))
            .values(failures=count, last_failure_at=now, locked_until=case(*waits, else_=null()))
            .returning(SignInThrottle.id, SignInThrottle.locked_until)
            .execution_options(synchronize_session=False)
        ).first()
        if row is not None:
            return Claim(rule, row.id, row.locked_until)
        locked = db.session.scalar(db.select(SignInThrottle.locked_until).where(
            SignInThrottle.scope == rule.scope, SignInThrottle.subject == subject))
        if locked is not None:
            return locked
        wait = rule.wait_after(1)
        until = now + wait if wait else None
        new_id = db.session.scalar(
            _insert().values(scope=rule.scope, subject=subject, failures=1, last_failure_at=now, locked_until=until)
            .on_conflict_do_nothing(index_elements=["scope", "subject"]).returning(SignInThrottle.id))
        if new_id is not None:
            return Claim(rule, new_id, until)
    return now + rule.first_wait  # could not count it: safer to say wait


def _locked_until(targets, now: datetime) -> datetime | None:
    return db.session.scalar(
        db.select(db.func.max(SignInThrottle.locked_until))
        .where(or_(*(and_(SignInThrottle.scope == rule.scope, SignInThrottle.subject == subject)
                     for rule, subject in targets)),
               SignInThrottle.locked_until > _moment(now)))


def attempt(*targets: tuple[Rule, str]) -> Attempt:
    """Before checking a password or code: count the try for each (rule, subject), or refuse it
    when any of them is locked. Commits, so the count holds while the check runs."""
    now = clock.now()
    until = _locked_until(targets, now)
    if until is not None:
        return Attempt(refused_until=until)
    claims = []
    for rule, subject in targets:
        claimed = _claim(rule, subject, now)
        if isinstance(claimed, datetime):  # locked by a parallel try a moment ago
            for claim in claims:
                _take_back(claim)
            db.session.commit()
            return Attempt(refused_until=claimed)
        claims.append(claimed)
    db.session.commit()
    return Attempt(claims=claims)


def _take_back(claim: Claim) -> None:
    """Undo one counted try, and the wait it set, if no later try has set another."""
    values = {"failures": case((SignInThrottle.failures > 0, SignInThrottle.failures - 1), else_=0)}
    if claim.locked_until is not None:
        values["locked_until"] = case((SignInThrottle.locked_until == _moment(claim.locked_until), null()),
                                      else_=SignInThrottle.locked_until)
    db.session.execute(update(SignInThrottle).where(SignInThrottle.id == claim.id).values(**values)
                       .execution_options(synchronize_session=False))


def succeeded(attempt_: Attempt) -> None:
    """The password or code was right (the caller commits)."""
    for claim in attempt_.claims:
        if claim.rule.reset_on_success:
            db.session.execute(update(SignInThrottle).where(SignInThrottle.id == claim.id)
                               .values(failures=0, locked_until=None).execution_options(synchronize_session=False))
        else:
            _take_back(claim)


def clear(rule: Rule, subject: str) -> None:
    """Forget the failures of one subject (the caller commits)."""
    db.session.execute(update(SignInThrottle).where(SignInThrottle.scope == rule.scope,
                                                    SignInThrottle.subject == subject)
                       .values(failures=0, locked_until=None).execution_options(synchronize_session=False))


def failed(kind: str, email: str | None = None) -> None:
    """Note a wrong password or code for the manager's list, and let go of what is old. The try
    was counted already; commits."""
    now = clock.now()
    db.session.add(FailedSignIn(at=now, kind=kind, email=email[:254] if email is not None else None,
                                address=client_address()))
    db.session.execute(delete(FailedSignIn).where(FailedSignIn.at < now - KEEP_FAILURES))
    db.session.execute(delete(SignInThrottle).where(
        SignInThrottle.last_failure_at < _moment(now - FORGET_ALL_AFTER),
        or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until < _moment(now))))
    db.session.commit()


def refusal(until: datetime, *, password: bool = False) -> list[str]:
    """What a locked try is told, in the reader's language."""
    seconds = math.ceil((until - clock.now()).total_seconds())
    if seconds < 60:
        lines = [_("Liian monta väärää yritystä. Odota %(seconds)d sekuntia ja yritä sitten uudelleen.",
                   seconds=max(seconds, 1))]
    else:
        lines = [_("Liian monta väärää yritystä. Voit yrittää uudelleen kello %(time)s.",
                   time=format_time(until, "short"))]
    if password and seconds > 5 * 60:
        lines.append(_("Jos et muista salasanaa, esihenkilö voi avata lukituksen ja antaa uuden salasanan."))
    return lines


# --- Devices that signed in before -------------------------------------------------------------

DEVICE_COOKIE = "lasna_device"
DEVICE_COOKIE_MAX_AGE = 400 * 24 * 3600
DEVICE_ACCOUNTS = 5  # the accounts a shared tablet remembers


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="lasna-known-device")


def _email_tag(email: str) -> str:
    """The cookie names accounts by a hash: whoever holds the tablet cannot read who used it."""
    return hashlib.sha256(email.encode("utf-8")).hexdigest()[:20]


def _device() -> dict | None:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 1000:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not (isinstance(data, dict) and isinstance(data.get("n"), str) and isinstance(data.get("a"), list)):
        return None
    return data


def device_subject(email: str) -> str | None:
    """The device subject ("email nonce") when this browser has signed in to email before."""
    data = _device()
    if data is None or _email_tag(email) not in data["a"]:
        return None
    return f"{email} {data['n']}"


def password_targets(email: str) -> list[tuple[Rule, str]]:
    """What a password try is counted against: the address, and the device when it has signed
    in to this account before, else the account."""
    device = device_subject(email)
    return [(ADDRESS, current_address_key()), (DEVICE, device) if device else (ACCOUNT, email)]


def remember_device(response, email: str):
    """After a right password: this browser is a known device of the account from now on."""
    data = _device() or {"n": secrets.token_urlsafe(16), "a": []}
    tag = _email_tag(email)
    accounts = [tag] + [a for a in data["a"] if a != tag][:DEVICE_ACCOUNTS - 1]
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps({"n": data["n"], "a": accounts}),
                        max_age=DEVICE_COOKIE_MAX_AGE, httponly=True, samesite="Lax", path="/login",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", True))
    return response


# --- The manager's view ------------------------------------------------------------------------

def locks_now() -> list[SignInThrottle]:
    """Everything locked or waiting at this moment: accounts first, then devices, addresses and
    kiosk pairing addresses, each soonest-opening first."""
    rows = db.session.scalars(db.select(SignInThrottle).where(
        SignInThrottle.locked_until > _moment(clock.now()))).all()
    return sorted(rows, key=lambda row: (SCOPE_ORDER.index(row.scope), row.locked_until, row.id))


def locked_accounts() -> dict[str, datetime]:
    """{email: until} of the accounts locked or waiting now."""
    return dict(db.session.execute(db.select(SignInThrottle.subject, SignInThrottle.locked_until).where(
        SignInThrottle.scope == ACCOUNT.scope, SignInThrottle.locked_until > _moment(clock.now()))).all())


def device_email(row: SignInThrottle) -> str:
    return row.subject.rsplit(" ", 1)[0]


def unlock(row: SignInThrottle) -> None:
    """Open a lock now (the caller audits and commits). An account's known devices open too."""
    row.failures, row.locked_until = 0, None
    if row.scope == ACCOUNT.scope:
        db.session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.scope == DEVICE.scope,
                   SignInThrottle.subject.startswith(row.subject + " ", autoescape=True))
            .values(failures=0, locked_until=None).execution_options(synchronize_session=False))
