"""The coach's decisions on day records: the only place where a day is confirmed, left
uncounted, undone, corrected, or recorded by hand (an absence, a remote day, a day the client
forgot to scan).

- A day counts for lunch, money and invoices only when it is **confirmed**.
- One tap confirms a day without flags. A flagged day needs its flag resolved: fix a time
  (with a reason), confirm anyway with a written reason, or mark it not counted (with a reason).
- An on-site day cannot be decided before it has a check-out time.
- Absences and remote days are decisions themselves: they are recorded confirmed.
- Undo puts a decided on-site day back to open; an absence or a remote day recorded by
  mistake is removed.
- A decided day that a closure added later contradicts waits for review (ActivityDay.review,
  see checkin/closures.py): the coach keeps it as it was, with a reason, or changes it (undo, or
  a closed month's correction); any decision ends the wait. (Month close, in the reimbursement work, will stop undo for closed months.)
- Every change is an audit event: who, when, the fields before and after, and why.

Functions here flush and raise DecisionError (with a translated message and an HTTP status)
when a decision cannot be made; the caller commits, or rolls back on an error.
"""
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import lazy_gettext as _  # messages are read in the request that shows them

from webapp import audit
from webapp.checkin.flags import recompute_week
from webapp.checkin.models import AbsenceReason, ActivityDay, Kind, Method, Scan, Status, month_closed
from webapp.checkin.roster import belongs_to_unit, expected_ids
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.lib import clock
from webapp.units.models import Unit

REASON_MAX = 500
MAX_REMOTE_MINUTES = 8 * 60  # at most 8 hours a day
ABSENCE_DAYS_AHEAD = 60  # an absence known in advance (a job interview next week)


class DecisionError(Exception):
    """A decision that cannot be made, with a message for the coach."""

    def __init__(self, message: str, status: int = 409, field: str | None = None, flags: int = 0):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field  # the form field the message belongs to, if any
        self.flags = flags  # the flags the day would carry, when they are the problem


# --- Checks shared by the decisions --------------------------------------------------------------

def clean_reason(reason: str | None, required: bool = True) -> str | None:
    reason = (reason or "").strip()
    if not reason:
        if required:
            raise DecisionError(_("Kirjoita syy."), 400)
        return None
    if len(reason) > REASON_MAX:
        raise DecisionError(_("Syy on liian pitkä (enintään %(max)d merkkiä).", max=REASON_MAX), 400)
    return reason


MONTH_IS_CLOSED = _("Kuukausi on suljettu. Esihenkilö voi korjata päivän; korjaus tulee oikaisuna "
                    "seuraavaan kuukauteen.")
NOT_AHEAD = _("Tätä ei voi kirjata etukäteen.")


def _must_not_be_closed(unit_id: int, on: date) -> None:
    if month_closed(unit_id, on):
        raise DecisionError(MONTH_IS_CLOSED)


def _must_be_open(day: ActivityDay) -> None:
    _must_not_be_closed(day.unit_id, day.day)
    if not day.open:
        raise DecisionError(_("Päivä on jo käsitelty. Peru käsittely ensin, jos sitä pitää muuttaa."))


def _must_have_check_out(day: ActivityDay) -> None:
    if day.onsite and day.check_out_at is None:
        raise DecisionError(_("Lähtöaika puuttuu. Kirjaa lähtöaika ensin."))


def _must_run_here(client: ClientProfile, unit: Unit, on: date) -> None:
    """Hand-made records need an active period at the unit on the day."""
    if not any(p.unit_id == unit.id and p.is_active_on(on) for p in client.periods):
        raise DecisionError(_("Asiakkaalla ei ole tänä päivänä jaksoa tässä toimipisteessä."))


def _must_have_no_record(client: ClientProfile, on: date) -> None:
    existing = db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == client.person_id,
                                                              ActivityDay.day == on))
    if existing is not None:
        raise DecisionError(_("Asiakkaalla on jo merkintä tälle päivälle."))


def _not_in_future(on: date) -> None:
    if on > clock.today():
        raise DecisionError(NOT_AHEAD, 400)


def local_moment(on: date, at: time) -> datetime:
    """A time of day on a Helsinki date, as a UTC moment."""
    return datetime.combine(on, at, clock.HELSINKI).astimezone(timezone.utc)


def _decide(day: ActivityDay, status: Status, actor, reason: str | None, action: str) -> None:
    with db.session.no_autoflush:  # the audit event reads the changes before they are flushed
        day.status = status.value
        day.decided_at = clock.now()
        day.decided_by_id = actor.id
        day.decision_reason = reason
        day.review = None  # a decision is the look the day was waiting for
        audit.record(day, action, reason=reason, actor=actor)


# --- Deciding a day ------------------------------------------------------------------------------

def can_confirm(day: ActivityDay) -> bool:
    """One tap is enough: open, complete and without flags."""
    return day.open and not (day.onsite and day.check_out_at is None) and not day.flags


def confirm(day: ActivityDay, actor) -> None:
    _must_be_open(day)
    _must_have_check_out(day)
    if day.flags:
        raise DecisionError(_("Päivässä on huomautus. Korjaa aika, vahvista syyn kanssa tai merkitse, "
                              "ettei päivää lasketa."))
    _decide(day, Status.CONFIRMED, actor, None, "day_confirmed")


def confirm_anyway(day: ActivityDay, actor, reason: str | None) -> None:
    """A flagged day counts after all, e.g. a shorter day agreed with the orderer."""
    _must_be_open(day)
    _must_have_check_out(day)
    _decide(day, Status.CONFIRMED, actor, clean_reason(reason), "day_confirmed_anyway")


def mark_not_counted(day: ActivityDay, actor, reason: str | None) -> None:
    _must_be_open(day)
    _decide(day, Status.NOT_COUNTED, actor, clean_reason(reason), "day_not_counted")


def keep_after_review(day: ActivityDay, actor, reason: str | None) -> None:
    """The coach looked at a decided day that a later closure contradicts, and it stays as it
    was (the client was here after all, say). Nothing but the wait changes, so a closed month's
    day may be kept too."""
    if day.review is None:
        raise DecisionError(_("Päivässä ei ole tarkistettavaa."))
    reason = clean_reason(reason)
    with db.session.no_autoflush:
        day.review = None
        audit.record(day, "review_kept", reason=reason, actor=actor)


def confirm_all(unit: Unit, on: date, actor) -> int:
    """Confirm every day at unit on `on` that one tap would confirm; the flagged ones stay."""
    days = db.session.scalars(
        db.select(ActivityDay).where(ActivityDay.unit_id == unit.id, ActivityDay.day == on,
                                     ActivityDay.status == Status.OPEN.value, ActivityDay.flags == 0,
                                     ActivityDay.check_out_at.is_not(None))
    ).all()
    for day in days:
        _decide(day, Status.CONFIRMED, actor, None, "day_confirmed")
    return len(days)


def undo(day: ActivityDay, actor, reason: str | None = None) -> bool:
    """Take back a decision. An on-site day goes back to open; an absence or a remote day is
    removed (its audit event keeps every field). True when the record is gone."""
    _must_not_be_closed(day.unit_id, day.day)
    if day.open:
        raise DecisionError(_("Päivää ei ole vielä käsitelty."))
    reason = clean_reason(reason, required=False)
    if day.onsite:
        with db.session.no_autoflush:
            day.reopen()
            audit.record(day, "day_undone", reason=reason, actor=actor)
        return False
    audit.record(day, "day_removed", reason=reason, changes=audit.removal_of(day), actor=actor)
    client_id, on = day.client_id, day.day
    db.session.delete(day)
    db.session.flush()
    recompute_week(client_id, on)
    return True


def correct_closed_day(day: ActivityDay, actor, counted: bool, reason: str | None) -> None:
    """A manager's correction of a decided day in a closed month: it counts after all, or it
    does not. The closed month stays as it was; the difference in money becomes an adjustment
    line of the next month closed (money/close.py)."""
    if not month_closed(day.unit_id, day.day):
        raise DecisionError(_("Kuukausi ei ole suljettu: käsittele päivä päivän näkymässä."))
    if day.open:
        raise DecisionError(_("Päivää ei ole vielä käsitelty."))
    reason = clean_reason(reason)
    status = Status.CONFIRMED if counted else Status.NOT_COUNTED
    if day.status == status:
        raise DecisionError(_("Päivä on jo tässä tilassa."), 400)
    _decide(day, status, actor, reason, "closed_day_corrected")


# --- Correcting times ------------------------------------------------------------------------------

def fix_times(day: ActivityDay, actor, reason: str | None, check_in: time | None = None,
              check_out: time | None = None) -> None:
    """Set the check-in and/or check-out time of an open on-site day (Helsinki times of its
    date), e.g. a missing check-out after closing. The times set are marked made by a coach."""
    _must_be_open(day)
    if not day.onsite:
        raise DecisionError(_("Vain paikan päällä olleen päivän aikoja voi korjata."))
    reason = clean_reason(reason)
    new_in = local_moment(day.day, check_in) if check_in is not None else day.check_in_at
    new_out = local_moment(day.day, check_out) if check_out is not None else day.check_out_at
    _check_times(new_in, new_out)
    if new_in == day.check_in_at and new_out == day.check_out_at:
        raise DecisionError(_("Ajat ovat samat kuin ennen."), 400)
    if new_in != day.check_in_at:
        day.check_in_at, day.check_in_method = new_in, Method.COACH.value
    if new_out != day.check_out_at:
        day.check_out_at, day.check_out_method = new_out, Method.COACH.value
    audit.record(day, "times_fixed", reason=reason, actor=actor)
    db.session.flush()
    recompute_week(day.client_id, day.day)


def _check_times(check_in: datetime, check_out: datetime | None) -> None:
    if check_in > clock.now():
        raise DecisionError(_("Saapumisaika ei voi olla tulevaisuudessa."), 400)
    if check_out is None:
        return
    if check_out < check_in:
        raise DecisionError(_("Lähtöaika ei voi olla ennen saapumisaikaa."), 400)
    if check_out > clock.now():
        raise DecisionError(_("Lähtöaika ei voi olla tulevaisuudessa."), 400)


# --- Records made by hand ------------------------------------------------------------------------

def record_absence(client: ClientProfile, unit: Unit, on: date, reason_code: str, actor,
                   note: str | None = None) -> ActivityDay:
    """An expected client did not come (or will not: a job interview next week)."""
    if reason_code not in AbsenceReason.__members__.values():
        raise DecisionError(_("Valitse poissaolon syy."), 400)
    if on > clock.today() + timedelta(days=ABSENCE_DAYS_AHEAD):
        raise DecisionError(_("Poissaolon voi kirjata enintään %(days)d päivää etukäteen.",
                              days=ABSENCE_DAYS_AHEAD), 400)
    note = clean_reason(note, required=False)
    _must_not_be_closed(unit.id, on)
    _must_run_here(client, unit, on)
    _must_have_no_record(client, on)
    day = ActivityDay(client_id=client.person_id, unit_id=unit.id, day=on, kind=Kind.ABSENT.value,
                      absence_reason=reason_code, note=note, status=Status.CONFIRMED.value,
                      decided_at=clock.now(), decided_by_id=actor.id)
    db.session.add(day)
    audit.record(day, "absence_recorded", reason=note, actor=actor)
    return day


def not_held_refusal(on: date, today: date, month_is_closed: bool) -> DecisionError | None:
    """Why "service not held" cannot be recorded on a day, or None when it can: the one rule
    that both the board's offer and the recording follow. A closure known in advance belongs in
    the unit's closure calendar, so this is for today and past days, in a month still open."""
    if on > today:
        return DecisionError(NOT_AHEAD, 400)
    if month_is_closed:
        return DecisionError(MONTH_IS_CLOSED)
    return None


def service_not_held(unit: Unit, on: date, actor, note: str | None = None) -> int:
    """The unit could not hold the service (a burst pipe, the coaches ill): every expected
    client without a record gets a "not held" day. Returns how many."""
    refusal = not_held_refusal(on, clock.today(), month_closed(unit.id, on))
    if refusal is not None:
        raise refusal
    note = clean_reason(note, required=False)
    expected = expected_ids(unit, on)
    recorded = set(db.session.scalars(db.select(ActivityDay.client_id).where(ActivityDay.day == on,
                                                                             ActivityDay.client_id.in_(expected))))
    for client_id in sorted(expected - recorded):
        day = ActivityDay(client_id=client_id, unit_id=unit.id, day=on, kind=Kind.ABSENT.value,
                          absence_reason=AbsenceReason.NOT_HELD.value, note=note,
                          status=Status.CONFIRMED.value, decided_at=clock.now(), decided_by_id=actor.id)
        db.session.add(day)
        audit.record(day, "absence_recorded", reason=note, actor=actor)
    return len(expected - recorded)


def record_remote(client: ClientProfile, unit: Unit, on: date, minutes: int, actor,
                  note: str | None = None, reason: str | None = None) -> ActivityDay:
    """A remote day, confirmed with the hours the client reported, without any scan. When the
    day carries a flag (under 4 h, a 5th day...), the coach writes why it counts."""
    _not_in_future(on)
    if not 1 <= minutes <= MAX_REMOTE_MINUTES:
        raise DecisionError(_("Kirjaa etäpäivän tunnit (enintään %(hours)d tuntia).",
                              hours=MAX_REMOTE_MINUTES // 60), 400)
    note = clean_reason(note, required=False)
    reason = clean_reason(reason, required=False)
    _must_not_be_closed(unit.id, on)
    _must_run_here(client, unit, on)
    _must_have_no_record(client, on)
    day = ActivityDay(client_id=client.person_id, unit_id=unit.id, day=on, kind=Kind.REMOTE.value,
                      reported_minutes=minutes, note=note)
    db.session.add(day)
    db.session.flush()
    recompute_week(client.person_id, on)
    if day.flags and reason is None:
        raise DecisionError(_("Päivässä on huomautus: kirjoita, miksi päivä lasketaan."), 400, field="reason",
                            flags=day.flags)
    day.status, day.decided_at, day.decided_by_id = Status.CONFIRMED.value, clock.now(), actor.id
    day.decision_reason = reason
    audit.record(day, "remote_day_recorded", reason=reason or note, actor=actor)
    return day


def record_presence(client: ClientProfile, unit: Unit, on: date, check_in: time, check_out: time | None,
                    actor, reason: str | None) -> ActivityDay:
    """The client was here but never scanned: the coach writes the times (why is kept). The day
    is then open like any other."""
    _not_in_future(on)
    _must_not_be_closed(unit.id, on)
    reason = clean_reason(reason)
    if not belongs_to_unit(client, unit, on):
        raise DecisionError(_("Asiakas ei kuulu tähän toimipisteeseen."))
    new_in = local_moment(on, check_in)
    new_out = local_moment(on, check_out) if check_out is not None else None
    _check_times(new_in, new_out)
    _must_have_no_record(client, on)
    day = ActivityDay(client_id=client.person_id, unit_id=unit.id, day=on, kind=Kind.ONSITE.value,
                      check_in_at=new_in, check_in_method=Method.COACH.value, check_out_at=new_out,
                      check_out_method=Method.COACH.value if new_out else None, status=Status.OPEN.value)
    db.session.add(day)
    audit.record(day, "presence_recorded", reason=reason, actor=actor)
    db.session.flush()
    recompute_week(client.person_id, on)
    return day


# --- Refused scans from an offline tablet ------------------------------------------------------------

def mark_handled(scan: Scan, actor) -> bool:
    """The coach has dealt with a refused scan from an offline tablet's queue (recorded the day
    by hand, or found nothing to record): the day board stops showing it. An audit event keeps
    who and when. False when it was handled already."""
    if scan.handled_at is not None:
        return False
    with db.session.no_autoflush:  # the audit event reads the changes before they are flushed
        scan.handled_at = clock.now()
        scan.handled_by_id = actor.id
        audit.record(scan, "handled", actor=actor)
    return True
