"""Writing, sharing and reading diary entries: the rules in one place.

- One entry per client and day; every field optional, so one tap is an entry.
- The client edits an entry on its day and the next; after that it is read-only and a later
  note can be added.
- Each save carries a unique key (the form's, or the offline draft's): a save that arrives
  twice is applied once.
- Only the client's own coach reads shared entries, and each read is logged for the client.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from webapp.accounts.models import Person, Role
from webapp.clients.models import ClientProfile
from webapp.diary.models import (LABEL_MAX, NOTE_MAX, REPLY_MAX, SCALE, TEXT_MAX, DiaryActivity, DiaryEntry,
                                 DiaryNote, DiaryRead, DiaryReply, DiarySubmission, UnitActivity)
from webapp.extensions import db
from webapp.lib import clock, pictograms

EDIT_DAYS = 1  # an entry can be changed on its day and this many days after
MAX_LABELS = 12
KEY_MAX = 64


class DiaryError(Exception):
    """A save the rules refuse; message is for the client (translated), status for HTTP."""
    status = 422

    def __init__(self, message):
        super().__init__(message)  # lazy: translated when shown
        self.message = message


class TooLate(DiaryError):
    def __init__(self):
        super().__init__(_l("Tätä päivää ei voi enää muuttaa. Voit lisätä siihen myöhemmän merkinnän."))


class NotYet(DiaryError):
    status = 404

    def __init__(self):
        super().__init__(_l("Tälle päivälle ei voi vielä kirjoittaa."))


class KeyConflict(DiaryError):
    status = 409

    def __init__(self):
        super().__init__(_l("Tallennus ei onnistunut. Lataa sivu uudelleen ja yritä uudestaan."))


@dataclass
class Answers:
    """What the client wrote. None or "" means left empty."""
    mood: int | None = None
    energy: int | None = None
    activities: list[str] = field(default_factory=list)
    went_well: str = ""
    was_hard: str = ""
    to_coach: str = ""
    shared: bool = False

    def __post_init__(self):
        for name in ("mood", "energy"):
            value = getattr(self, name)
            if value is not None and value not in SCALE:
                raise ValueError(f"{name} must be 1–5")
        for name in ("went_well", "was_hard", "to_coach"):
            text = (getattr(self, name) or "").strip()
            if len(text) > TEXT_MAX:
                raise ValueError(f"{name} is too long")
            setattr(self, name, text)
        self.activities = clean_labels(self.activities)


def clean_labels(labels) -> list[str]:
    """Trimmed, non-empty, each once (case-insensitively), at most MAX_LABELS."""
    seen, kept = set(), []
    for label in labels or ():
        label = " ".join(str(label).split())
        if not label:
            continue
        if len(label) > LABEL_MAX:
            raise ValueError("activity is too long")
        if label.casefold() not in seen:
            seen.add(label.casefold())
            kept.append(label)
    if len(kept) > MAX_LABELS:
        raise ValueError("too many activities")
    return kept


# --- The client's own diary -----------------------------------------------------------------------

def editable(day: date, today: date | None = None) -> bool:
    today = today or clock.today()
    return today - timedelta(days=EDIT_DAYS) <= day <= today


def entry_for(client: ClientProfile, day: date) -> DiaryEntry | None:
    return db.session.scalar(db.select(DiaryEntry).where(DiaryEntry.client_id == client.person_id,
                                                         DiaryEntry.day == day))


def entries_between(client: ClientProfile, first: date, last: date) -> list[DiaryEntry]:
    return list(db.session.scalars(
        db.select(DiaryEntry).where(DiaryEntry.client_id == client.person_id,
                                    DiaryEntry.day >= first, DiaryEntry.day <= last)
        .order_by(DiaryEntry.day.desc())))


def _replayed(client: ClientProfile, key: str) -> DiaryEntry | None:
    done = db.session.get(DiarySubmission, key)
    if done is None:
        return None
    if done.client_id != client.person_id:
        raise KeyConflict()
    return db.session.get(DiaryEntry, done.entry_id)


def save_entry(client: ClientProfile, day: date, key: str, answers: Answers) -> tuple[DiaryEntry, bool]:
    """Write the day's entry as answered (every field replaced). Returns (entry, replay):
    replay is True when this key was saved before, and nothing was changed now."""
    if not key or len(key) > KEY_MAX:
        raise ValueError("a save needs its key")
    for attempt in (1, 2):
        entry = _replayed(client, key)
        if entry is not None:
            return entry, True
        today = clock.today()
        if day > today:
            raise NotYet()
        if not editable(day, today):
            raise TooLate()
        entry = entry_for(client, day)
        if entry is None:
            entry = DiaryEntry(client_id=client.person_id, day=day)
            db.session.add(entry)
        entry.mood, entry.energy = answers.mood, answers.energy
        entry.went_well, entry.was_hard, entry.to_coach = answers.went_well, answers.was_hard, answers.to_coach
        entry.shared = answers.shared
        entry.activities = [DiaryActivity(label=label, position=i) for i, label in enumerate(answers.activities)]
        entry.updated_at = clock.now()
        try:
            db.session.flush()
            db.session.add(DiarySubmission(key=key, client_id=client.person_id, entry_id=entry.id))
            db.session.commit()
            return entry, False
        except IntegrityError:
            # The same draft arrived twice at once, or two first saves of the day raced:
            # the other one won; look again.
            db.session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def set_shared(entry: DiaryEntry, shared: bool) -> None:
    """Share or stop sharing an entry. Allowed for any of the client's entries, old ones too:
    sharing is the client's choice, not part of what they wrote."""
    entry.shared = shared
    db.session.commit()


def set_share_default(client: ClientProfile, shared: bool) -> None:
    client.diary_share_default = shared
    db.session.commit()


def add_note(entry: DiaryEntry, key: str, text: str) -> tuple[DiaryNote, bool]:
    """A later note on an entry (any age). Returns (note, replay)."""
    text = (text or "").strip()
    if not text or len(text) > NOTE_MAX:
        raise ValueError("a note needs text, at most NOTE_MAX characters")
    if not key or len(key) > KEY_MAX:
        raise ValueError("a note needs its key")
    existing = db.session.scalar(db.select(DiaryNote).where(DiaryNote.key == key))
    if existing is not None:
        if existing.entry_id != entry.id:
            raise KeyConflict()
        return existing, True
    note = DiaryNote(entry_id=entry.id, key=key, text=text)
    db.session.add(note)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return add_note(entry, key, text)
    return note, False


def chips_for(client: ClientProfile) -> list[str]:
    """The activity chips offered: the home unit's, then the client's own earlier ones."""
    unit_labels = list(db.session.scalars(
        db.select(UnitActivity.label).where(UnitActivity.unit_id == client.home_unit_id, UnitActivity.active)
        .order_by(UnitActivity.position, UnitActivity.label)))
    known = {label.casefold() for label in unit_labels}
    own = db.session.execute(
        db.select(DiaryActivity.label, db.func.max(DiaryEntry.day).label("last"))
        .join(DiaryEntry, DiaryEntry.id == DiaryActivity.entry_id)
        .where(DiaryEntry.client_id == client.person_id)
        .group_by(DiaryActivity.label).order_by(db.text("last DESC")).limit(20))
    return unit_labels + [label for label, _last in own if label.casefold() not in known][:8]


def chip_pictures(client: ClientProfile):
    """label -> the name of its picture: the one the client's unit chose for that activity, else
    the one its words suggest (lib/pictograms.for_label), else the pencil of her own words."""
    chosen = {label.casefold(): name for label, name in db.session.execute(
        db.select(UnitActivity.label, UnitActivity.pictogram)
        .where(UnitActivity.unit_id == client.home_unit_id, UnitActivity.pictogram.is_not(None)))
        if pictograms.known(name)}

    def picture(label: str) -> str:
        return chosen.get((label or "").casefold()) or pictograms.for_label(label)
    return picture


# --- Staff reading shared entries -----------------------------------------------------------------

def may_read(person: Person, client: ClientProfile) -> bool:
    """Only the client's own coach reads their shared entries (managers do not)."""
    return (person.is_authenticated and person.role == Role.COACH and person.active
            and client.own_coach_id == person.id)


def shared_entries(client: ClientProfile, limit: int | None = None, before: date | None = None) -> list[DiaryEntry]:
    """The client's shared entries, newest first (only those before a day, if given)."""
    query = (db.select(DiaryEntry).where(DiaryEntry.client_id == client.person_id, DiaryEntry.shared)
             .order_by(DiaryEntry.day.desc()))
    if before is not None:
        query = query.where(DiaryEntry.day < before)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def log_reads(reader: Person, entries, place: str) -> None:
    """Write one access-log row per entry shown to a staff member, and commit."""
    now = clock.now()
    db.session.add_all([DiaryRead(client_id=e.client_id, entry_id=e.id, reader_id=reader.id, read_at=now,
                                  place=place) for e in entries])
    db.session.commit()


def reads_of(client: ClientProfile, since: date | None = None) -> list[DiaryRead]:
    """The client's access log, newest first (2 years back by default, as the law asks)."""
    since = since or clock.today() - timedelta(days=730)
    return list(db.session.scalars(
        db.select(DiaryRead).where(DiaryRead.client_id == client.person_id,
                                   DiaryRead.read_at >= clock.start_of_day(since))
        .options(db.joinedload(DiaryRead.reader), db.joinedload(DiaryRead.entry))
        .order_by(DiaryRead.read_at.desc(), DiaryRead.id.desc())))


def unread_replies(client: ClientProfile) -> list[DiaryReply]:
    """The coach's replies the client has not yet seen in their day, newest first."""
    return list(db.session.scalars(
        db.select(DiaryReply).join(DiaryEntry, DiaryEntry.id == DiaryReply.entry_id)
        .where(DiaryEntry.client_id == client.person_id, DiaryReply.read_at.is_(None))
        .options(db.contains_eager(DiaryReply.entry), db.joinedload(DiaryReply.author))
        .order_by(DiaryReply.created_at.desc(), DiaryReply.id.desc())))


def mark_replies_read(entry: DiaryEntry | None) -> None:
    """The client opened the day: its replies are read (they leave her home page)."""
    unread = [answer for answer in (entry.replies if entry is not None else []) if answer.read_at is None]
    if unread:
        now = clock.now()
        for answer in unread:
            answer.read_at = now
        db.session.commit()


def reply(entry: DiaryEntry, author: Person, text: str) -> DiaryReply:
    text = (text or "").strip()
    if not text or len(text) > REPLY_MAX:
        raise ValueError("a reply needs text, at most REPLY_MAX characters")
    if not entry.shared:
        raise ValueError("only a shared entry can be answered")
    answer = DiaryReply(entry_id=entry.id, author_id=author.id, text=text)
    db.session.add(answer)
    db.session.commit()
    return answer
