"""Diary reminders and the coach's reply notices, sent by Web Push (webapp/diary/push.py).

The rules, in one place:
- A reminder goes on a day the client is expected (the one rule of that:
  clients.search.is_expected_on, her periods' planned weekdays at an open unit), at or after the
  time she chose (Helsinki), at most LATEST hours late, never in quiet hours (config QUIET_HOURS),
  never once the day's entry exists, and once a day at most: the day's PushNotice row is written
  (and committed) before anything is sent, so two overlapping runs cannot both send it.
- A reply's notice goes right after the coach's reply is saved, if the client wants it. In quiet
  hours it waits, and `flask reminders send` sends it when they end (unless she has read the
  reply by then). A failure never touches the reply itself.
- No diary text and no health data in a notification: only that it is time to write, or that
  the coach answered, and the page to open.
"""
from datetime import date, datetime, time, timedelta

import click
from babel.dates import format_time as babel_format_time
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from webapp.accounts.models import Person
from webapp.clients.models import ClientProfile
from webapp.clients.search import is_expected_on
from webapp.diary import push
from webapp.diary.models import DiaryEntry, DiaryReply
from webapp.diary.push_models import DiaryReminder, PushNotice, PushSubscription
from webapp.extensions import db
from webapp.lib import clock

LATEST = timedelta(hours=3)  # a reminder later than this after her time is not the one she asked for
REMINDER_TTL_MAX = 4 * 3600  # a phone that was off gets the reminder at most 4 hours late...
REPLY_TTL = 2 * 24 * 3600  # ...and a reply's notice within two days
REPLY_WAITS_AT_MOST = timedelta(days=2)  # a notice held over quiet hours, then no more
KEEP_NOTICES = timedelta(days=90)
DEFAULT_TIME = time(15, 0)
REMINDER, REPLY = "reminder", "reply"


# --- Quiet hours ---------------------------------------------------------------------------------

def quiet_hours() -> tuple[time, time]:
    return current_app.config["QUIET_HOURS"]


def is_quiet(at: time, quiet: tuple[time, time] | None = None) -> bool:
    """The wall-clock time (Helsinki) falls in quiet hours (start inclusive, end exclusive)."""
    start, end = quiet or quiet_hours()
    if start > end:  # across midnight: 20:00–08:00
        return at >= start or at < end
    return start <= at < end


def clock_text(at: time) -> str:
    """A wall-clock time in the reader's language (15.00 in Finnish), no time zone involved."""
    return babel_format_time(at, "short", locale=get_locale())


def _quiet_starts(local_now: datetime) -> datetime:
    """The next moment quiet hours begin, from local_now (Helsinki, aware)."""
    start, _end = quiet_hours()
    moment = datetime.combine(local_now.date(), start, clock.HELSINKI)
    return moment if moment > local_now else moment + timedelta(days=1)


# --- The client's choices ------------------------------------------------------------------------

def choices_for(client: ClientProfile) -> DiaryReminder:
    """Her choices, or the defaults (everything off) when she has made none."""
    found = db.session.get(DiaryReminder, client.person_id)
    return found or DiaryReminder(client_id=client.person_id, remind=False, remind_at=DEFAULT_TIME, on_reply=False)


def save_choices(client: ClientProfile, *, remind: bool, remind_at: time | None, on_reply: bool) -> DiaryReminder:
    if remind_at is not None and remind and is_quiet(remind_at):
        raise ValueError("a reminder cannot fall in quiet hours")
    found = db.session.get(DiaryReminder, client.person_id)
    if found is None:
        found = DiaryReminder(client_id=client.person_id, remind_at=DEFAULT_TIME)
        db.session.add(found)
    found.remind, found.on_reply = bool(remind), bool(on_reply)
    if remind_at is not None:
        found.remind_at = remind_at.replace(second=0, microsecond=0)
    found.updated_at = clock.now()
    db.session.commit()
    return found


def turn_off(client: ClientProfile) -> None:
    """One tap: no reminders and no reply notices (her devices stay known, for turning them on)."""
    found = db.session.get(DiaryReminder, client.person_id)
    if found is not None and (found.remind or found.on_reply):
        found.remind = found.on_reply = False
        found.updated_at = clock.now()
        db.session.commit()


def kept_about(client: ClientProfile) -> dict:
    """What the reminders keep about her, for her data export: her choices, her devices (by push
    service; an endpoint is a key to her browser and is not shown) and the notifications decided."""
    found = db.session.get(DiaryReminder, client.person_id)
    return {
        "choices": found,
        "devices": [{"service": push.service_of(s), "created_at": s.created_at, "last_success_at": s.last_success_at,
                     "failures": s.failures} for s in push.subscriptions_of(client.person_id)],
        "notices": list(db.session.scalars(db.select(PushNotice).where(PushNotice.client_id == client.person_id)
                                           .order_by(PushNotice.created_at.desc(), PushNotice.id.desc()))),
    }


# --- What a notification says --------------------------------------------------------------------

def _language(client_id: int) -> str:
    person = db.session.get(Person, client_id)
    return person.language if person is not None and person.language else "fi"


def reminder_message(client_id: int, local_now: datetime) -> push.Message:
    ttl = int(min(REMINDER_TTL_MAX, (_quiet_starts(local_now) - local_now).total_seconds()))
    with force_locale(_language(client_id)):
        return push.Message(title=_("Päiväkirja"), body=_("On aika kirjoittaa päiväkirjaan. Miten päiväsi meni?"),
                            url="/diary", tag="diary-reminder", ttl=max(60, ttl), urgency="normal",
                            topic="diary-reminder")


def reply_message(client_id: int, day: date) -> push.Message:
    with force_locale(_language(client_id)):
        return push.Message(title=_("Päiväkirja"), body=_("Ohjaajasi vastasi päiväkirjaasi."),
                            url=f"/diary/{day.isoformat()}", tag="diary-reply", ttl=REPLY_TTL, urgency="low",
                            topic="diary-reply")


# --- Sending -------------------------------------------------------------------------------------

def _claim(key: str, client_id: int, kind: str, day: date, reply_id: int | None = None) -> PushNotice | None:
    """Write the notice's row first: None when it already exists (sent, or being sent, once)."""
    notice = PushNotice(key=key, client_id=client_id, kind=kind, day=day, reply_id=reply_id)
    db.session.add(notice)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return notice


def _deliver(notice: PushNotice, message: push.Message) -> push.Outcome:
    outcome = push.send(notice.client_id, message)
    notice.sent_at, notice.delivered = clock.now(), outcome.delivered
    db.session.commit()
    return outcome


def due_reminders(now: datetime | None = None) -> list[ClientProfile]:
    """The clients whose reminder is due now (see the module's rules)."""
    local_now = clock.to_local(now or clock.now())
    today, at = local_now.date(), local_now.time().replace(tzinfo=None)
    if is_quiet(at):
        return []
    earliest = (datetime.combine(today, at) - LATEST).time() if at >= (datetime.min + LATEST).time() else time(0)
    sent_today = db.select(PushNotice.client_id).where(PushNotice.kind == REMINDER, PushNotice.day == today)
    written = db.select(DiaryEntry.client_id).where(DiaryEntry.day == today)
    with_device = db.select(PushSubscription.client_id)
    candidates = db.session.scalars(
        db.select(ClientProfile)
        .join(DiaryReminder, DiaryReminder.client_id == ClientProfile.person_id)
        .join(Person, Person.id == ClientProfile.person_id)
        .where(DiaryReminder.remind.is_(True), DiaryReminder.remind_at <= at, DiaryReminder.remind_at >= earliest,
               Person.active.is_(True), ClientProfile.person_id.in_(with_device),
               ClientProfile.person_id.not_in(sent_today), ClientProfile.person_id.not_in(written))
        .order_by(ClientProfile.person_id)).all()
    return [client for client in candidates if is_expected_on(client, today)]


def send_reminders(now: datetime | None = None) -> tuple[int, push.Outcome]:
    """Send every due reminder once. Returns (reminders sent, what the push services said)."""
    now = now or clock.now()
    local_now = clock.to_local(now)
    total, sent = push.Outcome(), 0
    for client in due_reminders(now):
        notice = _claim(f"{REMINDER}:{client.person_id}:{local_now.date().isoformat()}", client.person_id,
                        REMINDER, local_now.date())
        if notice is None:
            continue  # another run got there first
        try:
            outcome = _deliver(notice, reminder_message(client.person_id, local_now))
        except SQLAlchemyError:
            db.session.rollback()
            current_app.logger.exception("the reminder of client %s was not sent", client.person_id)
            continue
        sent += 1
        total.delivered += outcome.delivered
        total.failed += outcome.failed
        total.removed += outcome.removed
    return sent, total


def _wants_reply_notice(client_id: int) -> bool:
    found = db.session.get(DiaryReminder, client_id)
    person = db.session.get(Person, client_id)
    return bool(found is not None and found.on_reply and person is not None and person.active)


def reply_written(reply: DiaryReply) -> None:
    """Called after a coach's reply is committed: tell the client, if she wants to know. In
    quiet hours the notice waits for `flask reminders send`. Never raises: the reply is saved."""
    try:
        entry = db.session.get(DiaryEntry, reply.entry_id)
        if entry is None or not _wants_reply_notice(entry.client_id) or not push.enabled():
            return
        notice = _claim(f"{REPLY}:{reply.id}", entry.client_id, REPLY, entry.day, reply.id)
        if notice is None or is_quiet(clock.local_now().time().replace(tzinfo=None)):
            return
        _deliver(notice, reply_message(entry.client_id, entry.day))
    except Exception:  # whatever went wrong, the reply is saved and the coach goes on
        db.session.rollback()
        current_app.logger.exception("the notice of reply %s was not sent", reply.id)


def send_waiting_replies(now: datetime | None = None) -> int:
    """Notices held over quiet hours: sent now, unless she has read the reply already or it
    waited too long. Returns how many were sent."""
    now = now or clock.now()
    if is_quiet(clock.to_local(now).time().replace(tzinfo=None)):
        return 0
    sent = 0
    waiting = db.session.scalars(db.select(PushNotice).where(PushNotice.kind == REPLY, PushNotice.sent_at.is_(None))
                                 .order_by(PushNotice.id)).all()
    for notice in waiting:
        # Mark it taken before sending, so an overlapping run skips it.
        taken = db.session.execute(db.update(PushNotice).where(PushNotice.id == notice.id, PushNotice.sent_at.is_(None))
                                   .values(sent_at=now)).rowcount
        db.session.commit()
        if not taken:
            continue
        stale = notice.reply is None or notice.reply.read_at is not None or now - notice.created_at > REPLY_WAITS_AT_MOST
        if stale or not _wants_reply_notice(notice.client_id):
            continue
        _deliver(notice, reply_message(notice.client_id, notice.day))
        sent += 1
    return sent


def forget_old_notices(now: datetime | None = None) -> int:
    """What was sent is kept KEEP_NOTICES long (enough for "once a day" and for her export), then
    forgotten: a notice holds no diary text, but less kept is less to lose."""
    cutoff = (now or clock.now()) - KEEP_NOTICES
    gone = db.session.execute(db.delete(PushNotice).where(PushNotice.created_at < cutoff,
                                                          PushNotice.sent_at.is_not(None))).rowcount
    db.session.commit()
    return gone


# --- The command ---------------------------------------------------------------------------------

reminders_cli = AppGroup("reminders", help="Diary reminders and reply notices by Web Push.")


@reminders_cli.command("send")
def send_command():
    """Send the reminders that are due and the reply notices that waited. Run it every few
    minutes (a scheduled machine or cron); each reminder goes once a day at most."""
    if not push.enabled():
        click.echo("reminders: push is off (no VAPID key); nothing sent")
        return
    sent, outcome = send_reminders()
    replies = send_waiting_replies()
    forget_old_notices()
    click.echo(f"reminders: {sent} sent, {outcome.delivered} delivered, {outcome.failed} failed, "
               f"{outcome.removed} devices removed; reply notices: {replies} sent")
