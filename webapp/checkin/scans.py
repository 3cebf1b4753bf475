"""Recording scans: the one place where check-ins and check-outs are decided.

Every way in (the phone scanning the kiosk, the kiosk reading a badge, name + PIN, the
offline queue) ends here, so the rules hold the same for all of them:

- each scan is kept once, by its unique key: a re-sent scan gets its first answer again;
- the first scan of a day checks in; a later one asks "Leaving now?" (or, for a scan that
  waited in an offline queue and cannot be asked, checks out);
- a scan within 2 minutes of a recorded time of the client (a check-in, a check-out, or a "No,
  I'm staying" answer) is a duplicate, answered kindly. The window is never measured from a
  duplicate or from an unanswered "Leaving now?": scans a minute apart must not chain into
  "already checked in" for ever, and a client who scans again while the question waits is
  simply asked again;
- a scan on a day recorded as an absence or a remote day means the client came after all: the
  day becomes an on-site day, open for the coach again (an audit event keeps what it was);
- a scan that moves a time of a day the coach has decided reopens it;
- after each change the flags of the client's ISO week are computed again.

Functions here commit: a scan is a unit of work on its own. A recorded scan costs few
statements (a check-in at the door: the kiosk, the client with her periods, the lock, her
week, the unit's calendar, and two INSERTs): the week is read once for both the day and its
flags, the flags are set before the day is written, and the scan is written last, with its
outcome (its unique key still stops a re-sent one; the transaction then rolls back).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, false, update
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.accounts.passwords import verify_secret
from webapp.checkin.flags import recompute_week, store_flags, week_of
from webapp.checkin.models import ActivityDay, Kind, Method, Outcome, Scan, month_closed
from webapp.checkin.roster import belongs_to_unit
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.lib import clock
from webapp.units.models import Unit

DUPLICATE_WINDOW = timedelta(minutes=2)
MAX_QUEUED_AGE = timedelta(days=7)  # an offline kiosk's queue older than this is refused
CLOCK_SKEW = timedelta(minutes=5)  # a tablet's clock may run this much ahead
PIN_MAX_ATTEMPTS = 5
PIN_LOCK = timedelta(minutes=15)
# The scans that set a time of the day: the duplicate window is measured from these (and from
# "staying" answers), never from a duplicate or a question.
RECORDED = (Outcome.CHECKED_IN, Outcome.CHECKED_OUT, Outcome.EARLIER_ARRIVAL)
# The client of a badge, with her periods (her day's flags need them). Built once, like the other
# statements every scan runs: building one costs more than running it. Read fresh, not from a
# session that may have seen her before.
_CLIENT = (db.select(ClientProfile).options(db.joinedload(ClientProfile.person), db.joinedload(ClientProfile.periods))
           .execution_options(populate_existing=True))
CLIENT_BY_BADGE = _CLIENT.where(ClientProfile.badge_token == bindparam("token"))
CLIENT_BY_ID = _CLIENT.where(ClientProfile.person_id == bindparam("client_id"))
LOCK_CLIENT = (db.select(ClientProfile.person_id).where(ClientProfile.person_id == bindparam("client_id"))
               .with_for_update(key_share=True))
# Scans of a client that recorded a time between start and end (this scan is not written yet).
RECORDED_NEAR = db.select(db.func.count()).select_from(Scan).where(
    Scan.client_id == bindparam("client_id"),
    (Scan.outcome.in_([o.value for o in RECORDED]) & (Scan.scanned_at > bindparam("start"))
     & (Scan.scanned_at < bindparam("end")))
    | ((Scan.stayed_at > bindparam("start")) & (Scan.stayed_at < bindparam("end"))))
TAKE_WRITE_LOCK = (update(ClientProfile).where(false()).values(pin_failed_attempts=ClientProfile.pin_failed_attempts)
                   .execution_options(synchronize_session=False))


class Reason:
    """Why a scan was not recorded (stored on the scan; the screens explain each kindly)."""
    UNKNOWN_BADGE = "unknown_badge"  # not a Läsnä badge, or an old card whose token was replaced
    UNKNOWN_CLIENT = "unknown_client"
    NOT_THIS_UNIT = "not_this_unit"
    INACTIVE = "inactive"
    NO_PIN = "no_pin"
    WRONG_PIN = "wrong_pin"
    PIN_LOCKED = "pin_locked"
    TOO_OLD = "too_old"
    IN_FUTURE = "in_future"
    KEY_CONFLICT = "key_conflict"
    MONTH_CLOSED = "month_closed"  # a queued scan from a month the office has closed since


@dataclass
class Result:
    outcome: Outcome
    scan: Scan | None
    day: ActivityDay | None = None
    client: ClientProfile | None = None
    reason: str | None = None
    replay: bool = False  # the answer to a scan that was already recorded
    pin: "PinCheck | None" = None

    @property
    def recorded(self) -> bool:
        return self.outcome != Outcome.REJECTED


# --- Who is it ---------------------------------------------------------------------------------

def client_by_badge(token: str | None) -> ClientProfile | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalars(CLIENT_BY_BADGE, {"token": token}).unique().one_or_none()


def client_by_id(client_id: int) -> ClientProfile | None:
    """The client a name on the kiosk's list stands for (PIN scans), read as a badge's is."""
    return db.session.scalars(CLIENT_BY_ID, {"client_id": client_id}).unique().one_or_none()


@dataclass
class PinCheck:
    ok: bool
    locked_until: datetime | None = None
    attempts_left: int | None = None
    reason: str | None = None


def check_pin(client: ClientProfile, pin: str, *, queued: bool = False) -> PinCheck:
    """Verify a client's PIN. Five wrong ones in a row lock it for 15 minutes; the counter is
    in the database (one UPDATE each, so parallel kiosks and app machines count together).

    queued: the PIN waited in an offline tablet's queue. Nobody could tell the client it was
    wrong, so a wrong one does not count towards the lock (the coach sees it on the day board).
    So that the queue is no way round the lock, at most five queued wrong PINs of a client are
    checked in 15 minutes; later ones are refused unchecked. A queued PIN never touches the
    live counter."""
    now = clock.now()
    if client.pin_hash is None:
        return PinCheck(False, reason=Reason.NO_PIN)
    if client.pin_locked_until is not None and client.pin_locked_until > now:
        return PinCheck(False, locked_until=client.pin_locked_until, reason=Reason.PIN_LOCKED)
    if queued:
        if _queued_wrong_pins(client, now) >= PIN_MAX_ATTEMPTS:
            return PinCheck(False, reason=Reason.PIN_LOCKED)
        if verify_secret(client.pin_hash, pin or ""):
            return PinCheck(True)
        return PinCheck(False, reason=Reason.WRONG_PIN)
    if verify_secret(client.pin_hash, pin or ""):
        if client.pin_failed_attempts or client.pin_locked_until:
            client.pin_failed_attempts = 0
            client.pin_locked_until = None
        return PinCheck(True)
    failed = db.session.execute(
        update(ClientProfile).where(ClientProfile.person_id == client.person_id)
        .values(pin_failed_attempts=ClientProfile.pin_failed_attempts + 1)
        .returning(ClientProfile.pin_failed_attempts)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    if failed >= PIN_MAX_ATTEMPTS:
        until = now + PIN_LOCK
        db.session.execute(
            update(ClientProfile).where(ClientProfile.person_id == client.person_id)
            .values(pin_failed_attempts=0, pin_locked_until=until)
            .execution_options(synchronize_session=False))
        db.session.expire(client, ["pin_failed_attempts", "pin_locked_until"])
        return PinCheck(False, locked_until=until, attempts_left=0, reason=Reason.PIN_LOCKED)
    db.session.expire(client, ["pin_failed_attempts"])
    return PinCheck(False, attempts_left=PIN_MAX_ATTEMPTS - failed, reason=Reason.WRONG_PIN)


def _queued_wrong_pins(client: ClientProfile, now: datetime) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(Scan)
        .where(Scan.client_id == client.person_id, Scan.from_queue.is_(True), Scan.reason == Reason.WRONG_PIN,
               Scan.received_at > now - PIN_LOCK))


def unlock_pin(client: ClientProfile) -> None:
    """A coach lets the client try again at once (the caller records the audit event)."""
    client.pin_failed_attempts = 0
    client.pin_locked_until = None


# --- Recording ---------------------------------------------------------------------------------

def find_scan(key: str) -> Scan | None:
    return db.session.scalar(db.select(Scan).where(Scan.key == key))


def _commit() -> None:
    """Commit without expiring what was just written: the answer on the screen is built from
    these same rows, and reading them all back would double the queries of a scan."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def _replay(scan: Scan, unit: Unit, kiosk_id: int | None) -> Result:
    if scan.unit_id != unit.id or scan.kiosk_id != kiosk_id:
        # Another device's key: say nothing about that scan.
        return Result(Outcome.REJECTED, None, reason=Reason.KEY_CONFLICT, replay=True)
    return Result(Outcome(scan.outcome), scan, scan.day, scan.client, scan.reason, replay=True)


def _problem(client: ClientProfile, unit: Unit, scanned_at: datetime, now: datetime) -> str | None:
    if scanned_at > now + CLOCK_SKEW:
        return Reason.IN_FUTURE
    if scanned_at < now - MAX_QUEUED_AGE:
        return Reason.TOO_OLD
    if not client.person.active:
        return Reason.INACTIVE
    local_day = clock.to_local(scanned_at).date()
    if not belongs_to_unit(client, unit, local_day):
        return Reason.NOT_THIS_UNIT
    if local_day < clock.today().replace(day=1) and month_closed(unit.id, local_day):  # only a queued scan reaches back
        return Reason.MONTH_CLOSED
    return None


def _lock_client(client_id: int) -> None:
    """Serialise scans of one client, before anything about her day is read. PostgreSQL: a row
    lock, FOR NO KEY UPDATE so that it does not wait for the key-share lock a scan's foreign key
    takes on the same row in another transaction (that would deadlock). SQLite has no row
    locks: an UPDATE that matches no row makes this transaction the one writer at once, so
    what follows reads the latest days and nobody writes under it."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(TAKE_WRITE_LOCK)
    else:
        db.session.execute(LOCK_CLIENT, {"client_id": client_id})


def _is_duplicate(scan: Scan, day: ActivityDay) -> bool:
    """Within 2 minutes of a recorded time of the client: the day's check-in or check-out, a
    scan that set one (a time the day has since moved from), or a "staying" answer."""
    t = scan.scanned_at
    for moment in (day.check_in_at, day.check_out_at):
        if moment is not None and abs(t - moment) < DUPLICATE_WINDOW:
            return True
    return db.session.scalar(RECORDED_NEAR, {"client_id": scan.client_id, "start": t - DUPLICATE_WINDOW,
                                             "end": t + DUPLICATE_WINDOW}) > 0


def _trail(day: ActivityDay) -> dict | None:
    """A scan that moves a time already on the day record (a queued earlier arrival, a later
    leaving) leaves an audit event with the times before and after, and which scan did it:
    these changes, to be recorded once the scan has its id (_keep_trail). A first check-in or
    check-out fills an empty time and is its own record in `scan`. A day the coach already
    decided goes back to open, in the same event."""
    if day.id is not None and not day.open and audit.changes_of(day):
        day.reopen()
    changes = audit.changes_of(day)
    return changes if any(before is not None for before, _after in changes.values()) else None


def _keep_trail(day: ActivityDay, scan: Scan, changes: dict | None) -> None:
    if changes:
        audit.record(day, "moved_by_scan", changes={**changes, "scan_id": [None, scan.id]}, reason=scan.key)


def _decide(scan: Scan, day: ActivityDay | None, unit: Unit, queued: bool) -> tuple[Outcome, ActivityDay]:
    t, method = scan.scanned_at, scan.method
    if day is None:
        # unit_id for the flags (computed before the INSERT sets it), unit for its calendar
        day = ActivityDay(client_id=scan.client_id, unit_id=unit.id, unit=unit, day=clock.to_local(t).date(),
                          check_in_at=t, check_in_method=method)
        db.session.add(day)
        return Outcome.CHECKED_IN, day
    if day.kind != Kind.ONSITE:
        # Recorded as absent or remote, and here after all: the scan is the arrival.
        day.kind, day.reported_minutes, day.absence_reason = Kind.ONSITE.value, None, None
        day.check_in_at, day.check_in_method = t, method
        return Outcome.CHECKED_IN, day
    if _is_duplicate(scan, day):
        return Outcome.DUPLICATE, day
    if t < day.check_in_at:
        # A queued scan from before the recorded arrival: it is the arrival. With no check-out
        # yet, the scan that was taken for the arrival becomes the leaving.
        if day.check_out_at is None:
            day.check_out_at, day.check_out_method = day.check_in_at, day.check_in_method
        day.check_in_at, day.check_in_method = t, method
        return Outcome.EARLIER_ARRIVAL, day
    if day.check_out_at is not None and t <= day.check_out_at:
        return Outcome.DUPLICATE, day  # a queued scan from the middle of a recorded day
    if queued:
        day.check_out_at, day.check_out_method = t, method
        return Outcome.CHECKED_OUT, day
    return Outcome.ASKED_LEAVE, day


def record_scan(*, key: str, unit: Unit, method: Method, client: ClientProfile | None,
                scanned_at: datetime | None = None, kiosk_id: int | None = None, queued: bool = False,
                reason: str | None = None, pin: PinCheck | None = None, shown_name: str | None = None) -> Result:
    """Record one scan and decide what it means. client None (or a reason) records a refusal.

    queued: the scan waited in an offline kiosk's queue; it was not asked "Leaving now?", so a
    later scan of the day checks out by itself. A refused one waits for the coach on the day
    board, with shown_name (the name the tablet showed with it) when it has one.
    """
    now = clock.now()
    scanned_at = scanned_at or now
    client_id = client.person_id if client is not None else None
    if reason is None and client is None:
        reason = Reason.UNKNOWN_CLIENT
    if reason is None:
        reason = _problem(client, unit, scanned_at, now)
    scan = Scan(key=key, unit_id=unit.id, kiosk_id=kiosk_id, client_id=client_id, method=method.value,
                scanned_at=scanned_at, received_at=now, outcome=Outcome.REJECTED.value, reason=reason,
                from_queue=queued, shown_name=shown_name if queued and reason is not None else None)
    if reason is not None:
        replay = _write(scan, unit, kiosk_id)
        if replay is not None:
            return replay
        _commit()
        return Result(Outcome.REJECTED, scan, client=client, reason=reason, pin=pin)

    _lock_client(client_id)
    local_day = clock.to_local(scanned_at).date()
    with db.session.no_autoflush:  # the scan and the day are written together, below
        week = week_of(client_id, local_day)
        outcome, day = _decide(scan, next((d for d in week if d.day == local_day), None), unit, queued)
        trail = _trail(day)
        scan.outcome, scan.day = outcome.value, day
        if outcome not in (Outcome.DUPLICATE, Outcome.ASKED_LEAVE):  # those change no day
            store_flags(week if day in week else [*week, day], client.periods)
    replay = _write(scan, unit, kiosk_id)
    if replay is not None:
        return replay
    _keep_trail(day, scan, trail)
    _commit()
    return Result(outcome, scan, day, client, pin=pin)


def _write(scan: Scan, unit: Unit, kiosk_id: int | None) -> Result | None:
    """Write the scan (and what it changed); None when done. When its key is already recorded,
    roll back and give that scan's answer: a re-sent scan is answered, never recorded twice."""
    db.session.add(scan)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return _replay(find_scan(scan.key), unit, kiosk_id)
    return None


def confirm_leave(scan: Scan) -> Result:
    """The client answered "Leaving now?" with yes: check out now. Idempotent."""
    if scan.outcome == Outcome.CHECKED_OUT:
        return Result(Outcome.CHECKED_OUT, scan, scan.day, scan.client, replay=True)
    if scan.outcome != Outcome.ASKED_LEAVE or scan.day is None:
        raise ValueError("this scan did not ask about leaving")
    _lock_client(scan.client_id)
    day = scan.day
    db.session.refresh(day)
    now = clock.now()
    leaving = max(now, day.check_in_at)
    if day.check_out_at is None or day.check_out_at < leaving:
        day.check_out_at, day.check_out_method = leaving, scan.method
        _keep_trail(day, scan, _trail(day))
    scan.outcome = Outcome.CHECKED_OUT.value
    recompute_week(day.client_id, day.day)
    _commit()
    return Result(Outcome.CHECKED_OUT, scan, day, scan.client)


def stay(scan: Scan) -> None:
    """The client answered "Leaving now?" with no: the answer is a recorded time, so a scan in
    the next 2 minutes is a duplicate. The first answer counts; a check-out stays a check-out."""
    if scan.outcome != Outcome.ASKED_LEAVE:
        raise ValueError("this scan did not ask about leaving")
    if scan.stayed_at is None:
        scan.stayed_at = clock.now()
        db.session.commit()


def set_lunch(day: ActivityDay, lunch: bool, actor=None) -> None:
    """The client's answer to "Lunch today?". A changed answer leaves an audit event."""
    if day.lunch is not None and day.lunch != lunch:
        day.lunch = lunch
        audit.record(day, "lunch_changed", actor=actor)
    else:
        day.lunch = lunch
    db.session.commit()


def set_mood(day: ActivityDay, mood: int) -> None:
    if not 1 <= mood <= 5:
        raise ValueError("mood is 1–5")
    day.mood = mood
    db.session.commit()


def day_of(client: ClientProfile, moment: datetime | None = None) -> ActivityDay | None:
    """The client's on-site day today (or on the day of moment), if any. An absence or a remote
    day the coach recorded is not a check-in: the client may still come and scan."""
    local_day = clock.to_local(moment or clock.now()).date()
    return db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == client.person_id,
                                                          ActivityDay.day == local_day,
                                                          ActivityDay.kind == Kind.ONSITE.value))
