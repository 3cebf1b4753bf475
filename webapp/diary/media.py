"""Photos and voice notes on a diary entry: the rules, and the client's and the coach's routes.

- The client adds photos (camera or gallery) and one voice note (at most 2 minutes) to a day she
  can still edit (its day and the next); she removes them on such a day too. An upload on a day
  without an entry makes the entry (empty but for the file).
- A photo is stored re-encoded without metadata (webapp/diary/uploads.py); a voice note as it came,
  once its bytes show that it is WebM or MP4 audio and its length (the file's, where the file says,
  and the phone's) is at most 2 minutes.
- Every upload carries a key (the form's, or the offline queue's): one that arrives twice is
  kept once.
- The bytes live in the file store (webapp/lib/storage.py), never in the database. Each client
  has a quota (MEDIA_QUOTA_BYTES); she sees how much she uses.
- Media follow their entry: the client sees her own; her own coach sees them only while the
  entry is shared (entries.may_read), and every file a staff member opens is written to the
  diary's access log; everyone else gets 404.
"""
import secrets
import tempfile
import zipfile
from datetime import date, timedelta

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy.exc import IntegrityError
from wtforms import FloatField
from wtforms.validators import InputRequired, NumberRange

from webapp.accounts.access import roles_required
from webapp.accounts.models import Person, Role
from webapp.clients.access import own_profile
from webapp.clients.models import ClientProfile
from webapp.diary import bp, entries, uploads
from webapp.diary.entries import DiaryError, KeyConflict, NotYet, TooLate
from webapp.diary.forms import _key_field
from webapp.diary.models import DiaryEntry, DiaryMedia, DiaryRead
from webapp.extensions import db
from webapp.lib import clock, storage
from webapp.lib.errors import render_error
from webapp.lib.urls import day_arg

PHOTO = "photo"
VOICE = "voice"
PHOTOS_PER_DAY = 10
VOICE_SECONDS = uploads.VOICE_SECONDS
# Defaults of the settings (webapp/config.py reads them from the environment).
PHOTO_MAX_BYTES = 12 * 1024 * 1024  # one photo as the phone sends it, before it is made smaller
VOICE_MAX_BYTES = 5 * 1024 * 1024  # 2 minutes at up to ~320 kbit/s; browsers record far less
QUOTA_BYTES = 200 * 1024 * 1024  # per client
LOG_AGAIN_AFTER = timedelta(minutes=1)  # a player asks for a file in parts: one look is one log row
PLACES = {PHOTO: "media_photo", VOICE: "media_voice"}  # diary_read.place


# --- Refusals (message for the client, status for HTTP) -------------------------------------------

class NotWhatItClaims(DiaryError):
    status = 415

    def __init__(self, kind: str):
        super().__init__(_l("Tiedosto ei ole kuva. Valitse valokuva (JPEG, PNG tai WebP).") if kind == PHOTO else
                         _l("Tiedosto ei ole ääniviesti. Äänitä viesti uudelleen tällä sivulla."))


class TooLong(DiaryError):
    def __init__(self):
        super().__init__(_l("Ääniviesti on liian pitkä: enintään 2 minuuttia."))


class TooBig(DiaryError):
    status = 413

    def __init__(self, kind: str, limit: int):
        megabytes = format_decimal(limit / 1024 / 1024, "0.#")
        super().__init__(_l("Kuva on liian suuri: enintään %(mb)s Mt.", mb=megabytes) if kind == PHOTO else
                         _l("Ääniviesti on liian suuri: enintään %(mb)s Mt.", mb=megabytes))


class OverQuota(DiaryError):
    status = 413

    def __init__(self):
        super().__init__(_l("Kuvien ja ääniviestien tila on täynnä. Poista vanhoja, niin voit lisätä uusia."))


class TooMany(DiaryError):
    status = 409

    def __init__(self, kind: str):
        super().__init__(_l("Päivään mahtuu %(count)d kuvaa.", count=PHOTOS_PER_DAY) if kind == PHOTO else
                         _l("Päivällä on jo ääniviesti. Poista se ensin, jos haluat äänittää uuden."))


class NoFile(DiaryError):
    status = 400

    def __init__(self, kind: str):
        super().__init__(_l("Valitse ensin kuva.") if kind == PHOTO else _l("Äänitä ensin viesti."))


# --- Settings --------------------------------------------------------------------------------------

def photo_max_bytes() -> int:
    return current_app.config.get("MEDIA_PHOTO_MAX_BYTES") or PHOTO_MAX_BYTES


def voice_max_bytes() -> int:
    return current_app.config.get("MEDIA_VOICE_MAX_BYTES") or VOICE_MAX_BYTES


def quota_bytes() -> int:
    return current_app.config.get("MEDIA_QUOTA_BYTES") or QUOTA_BYTES


# --- The rules -------------------------------------------------------------------------------------

def used_bytes(client: ClientProfile) -> int:
    return db.session.scalar(db.select(db.func.coalesce(db.func.sum(DiaryMedia.bytes), 0))
                             .where(DiaryMedia.client_id == client.person_id)) or 0


def media_of(client: ClientProfile) -> list[DiaryMedia]:
    """All of the client's media, oldest first (her data export)."""
    return list(db.session.scalars(
        db.select(DiaryMedia).where(DiaryMedia.client_id == client.person_id)
        .options(db.joinedload(DiaryMedia.entry)).order_by(DiaryMedia.created_at, DiaryMedia.id)))


def _replayed(client: ClientProfile, upload_key: str) -> DiaryMedia | None:
    done = db.session.scalar(db.select(DiaryMedia).where(DiaryMedia.upload_key == upload_key))
    if done is not None and done.client_id != client.person_id:
        raise KeyConflict()
    return done


def _check_day(day: date) -> None:
    today = clock.today()
    if day > today:
        raise NotYet()
    if not entries.editable(day, today):
        raise TooLate()


def _entry(client: ClientProfile, day: date) -> DiaryEntry:
    entry = entries.entry_for(client, day)
    if entry is None:
        entry = DiaryEntry(client_id=client.person_id, day=day, shared=client.diary_share_default)
        db.session.add(entry)
        db.session.flush()
    return entry


def _keep(client: ClientProfile, day: date, upload_key: str, kind: str, data: bytes, content_type: str,
          extension: str, **facts) -> tuple[DiaryMedia, bool]:
    """Store the bytes, then the row. Returns (media, replay)."""
    if not upload_key or len(upload_key) > entries.KEY_MAX:
        raise ValueError("an upload needs its key")
    for attempt in (1, 2):
        done = _replayed(client, upload_key)
        if done is not None:
            return done, True
        _check_day(day)
        if used_bytes(client) + len(data) > quota_bytes():
            raise OverQuota()
        key = None
        try:
            entry = _entry(client, day)
            same_kind = [m for m in entry.media if m.kind == kind]
            if (kind == VOICE and same_kind) or (kind == PHOTO and len(same_kind) >= PHOTOS_PER_DAY):
                db.session.rollback()
                raise TooMany(kind)
            key = f"diary/{client.person_id}/{secrets.token_hex(16)}.{extension}"
            storage.current().put(key, data, content_type)
            db.session.add(DiaryMedia(entry_id=entry.id, client_id=client.person_id, kind=kind, key=key,
                                      upload_key=upload_key, content_type=content_type, bytes=len(data), **facts))
            entry.updated_at = clock.now()
            db.session.commit()
            return _replayed(client, upload_key), False
        except IntegrityError:
            # The same upload arrived twice at once, or the day's first save raced this one: look again.
            db.session.rollback()
            if key is not None:
                storage.current().delete(key)
            if attempt == 2:
                raise
        except BaseException:
            db.session.rollback()
            if key is not None:
                storage.current().delete(key)  # never a file without its row
            raise
    raise AssertionError("unreachable")


def add_photo(client: ClientProfile, day: date, upload_key: str, data: bytes) -> tuple[DiaryMedia, bool]:
    done = _replayed(client, upload_key)
    if done is not None:
        return done, True
    _check_day(day)
    if len(data) > photo_max_bytes():
        raise TooBig(PHOTO, photo_max_bytes())
    try:
        photo = uploads.clean_photo(data)
    except uploads.NotAccepted:
        raise NotWhatItClaims(PHOTO) from None
    return _keep(client, day, upload_key, PHOTO, photo.data, photo.content_type, photo.extension,
                 width=photo.width, height=photo.height)


def add_voice(client: ClientProfile, day: date, upload_key: str, data: bytes,
              reported_seconds: float) -> tuple[DiaryMedia, bool]:
    """A voice note as uploaded. Its length: the file's own where it says (WebM blocks or Duration,
    MP4 headers or fragments), and always the phone's; either over 2 minutes (and a second's
    slack for the recorder stopping) is refused."""
    done = _replayed(client, upload_key)
    if done is not None:
        return done, True
    _check_day(day)
    if len(data) > voice_max_bytes():
        raise TooBig(VOICE, voice_max_bytes())
    try:
        voice = uploads.check_voice(data)
    except uploads.NotAccepted:
        raise NotWhatItClaims(VOICE) from None
    limit_ms = (VOICE_SECONDS + 1) * 1000
    if not 0 <= reported_seconds * 1000 <= limit_ms or (voice.duration_ms or 0) > limit_ms:
        raise TooLong()
    duration_ms = voice.duration_ms if voice.duration_ms is not None else round(reported_seconds * 1000)
    return _keep(client, day, upload_key, VOICE, data, voice.content_type, voice.extension,
                 duration_ms=duration_ms)


def remove(client: ClientProfile, media: DiaryMedia) -> None:
    """The client removes a photo or voice note of a day she can still edit: the row, then the file."""
    if media.client_id != client.person_id:
        raise ValueError("not hers")
    if not entries.editable(media.entry.day):
        raise TooLate()
    key = media.key
    db.session.delete(media)
    db.session.commit()
    storage.current().delete(key)


def readable(person: Person, media_id: int) -> DiaryMedia:
    """The media if this person may see it, else 404: the client her own; her own coach while
    the entry is shared."""
    media = db.session.get(DiaryMedia, media_id)
    if media is None or not person.is_authenticated:
        abort(404)
    client = getattr(person, "client", None)
    if person.role == Role.CLIENT and client is not None and client.person_id == media.client_id:
        return media
    entry = media.entry
    if entry.shared and entries.may_read(person, entry.client):
        return media
    abort(404)


def log_view(reader: Person, media: DiaryMedia) -> None:
    """A staff member opened the file: one access-log row (a player's follow-up requests within
    LOG_AGAIN_AFTER are the same look)."""
    place = PLACES[media.kind]
    now = clock.now()
    recent = db.session.scalar(db.select(DiaryRead.id).where(
        DiaryRead.reader_id == reader.id, DiaryRead.entry_id == media.entry_id, DiaryRead.place == place,
        DiaryRead.read_at >= now - LOG_AGAIN_AFTER).limit(1))
    if recent is None:
        entries.log_reads(reader, [media.entry], place)


def usage_text(client: ClientProfile) -> str:
    """"Käytössä 12 / 200 Mt" for the client's diary."""
    used, quota = used_bytes(client), quota_bytes()
    return _("Kuvat ja ääniviestit: käytössä %(used)s / %(quota)s Mt",
             used=format_decimal(used / 1024 / 1024, "0.#"), quota=format_decimal(quota / 1024 / 1024, "0"))


def length_text(media: DiaryMedia) -> str:
    seconds = round((media.duration_ms or 0) / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


# --- Forms -----------------------------------------------------------------------------------------

class PhotoForm(FlaskForm):
    upload_key = _key_field()  # not "key": the day's entry form on the same page has that
    photo = FileField(_l("Lisää kuva"))


class VoiceForm(FlaskForm):
    upload_key = _key_field()
    voice = FileField(_l("Ääniviesti"))
    seconds = FloatField(validators=[InputRequired(message=_l("Äänitä viesti uudelleen tällä sivulla.")),
                                     NumberRange(min=0, max=3600, message=_l("Ääniviesti on liian pitkä: enintään 2 minuuttia."))])


# --- Upload limits ---------------------------------------------------------------------------------

UPLOAD_ENDPOINTS = {"diary.add_photo": photo_max_bytes, "diary.add_voice": voice_max_bytes}


@bp.url_value_preprocessor
def _media_upload_limit(endpoint, values):
    """The app takes small requests (MAX_CONTENT_LENGTH); a photo or voice upload may be bigger.
    Set before anything reads the form (the input guard does, in before_request), with room for
    the form's other fields."""
    limit = UPLOAD_ENDPOINTS.get(endpoint or "")
    if limit is not None:
        request.max_content_length = limit() + 64 * 1024


@bp.errorhandler(413)
def _too_large(error):
    kind = {"diary.add_photo": PHOTO, "diary.add_voice": VOICE}.get(request.endpoint or "")
    if kind is None:
        return render_error(413)
    problem = TooBig(kind, photo_max_bytes() if kind == PHOTO else voice_max_bytes())
    client = getattr(current_user, "client", None) if getattr(current_user, "role", None) == Role.CLIENT else None
    day = day_arg((request.view_args or {}).get("day", ""))
    if client is not None and day is not None and day <= clock.today():
        return _answer(client, day, 413, problem=str(problem.message))  # the form's own page says why
    return render_error(413, str(problem.message))


# --- The client's routes ---------------------------------------------------------------------------

def _day(text: str) -> date:
    day = day_arg(text)
    if day is None or day > clock.today():
        abort(404)
    return day


def media_context(client: ClientProfile, day: date, entry: DiaryEntry | None, problem: str | None = None,
                  done: str | None = None) -> dict:
    """What templates/diary/_media.html needs."""
    return {"media_day": day, "media_entry": entry, "media_editable": entries.editable(day),
            "media_items": list(entry.media) if entry is not None else [],
            "media_usage": usage_text(client), "media_problem": problem, "media_done": done,
            "photo_form": PhotoForm(formdata=None, upload_key=secrets.token_hex(16)),
            "voice_form": VoiceForm(formdata=None, upload_key=secrets.token_hex(16)),
            "media_length": length_text, "voice_seconds": VOICE_SECONDS}


@bp.app_context_processor
def _media_helpers():
    def diary_media(day: date, entry: DiaryEntry | None) -> dict:
        return media_context(own_profile(), day, entry)
    return {"diary_media": diary_media, "media_length": length_text}


def _answer(client: ClientProfile, day: date, status: int = 200, problem: str | None = None,
            done: str | None = None):
    """The media part of the day for a script (it asks with HX-Request), else back to the day."""
    if request.headers.get("HX-Request"):
        db.session.expire_all()
        html = render_template("diary/_media.html",
                               m=media_context(client, day, entries.entry_for(client, day), problem, done))
        return html, status, {"Vary": "HX-Request"}
    if problem:
        html = render_template("diary/media_problem.html", day=day, problem=problem)
        return html, status
    flash(done, "success")
    return redirect(url_for("diary.day", day=day.isoformat()) + "#diary-media", 303)


def _upload(form: FlaskForm, field: str) -> bytes | None:
    upload = getattr(form, field).data
    if upload is None or not hasattr(upload, "read"):
        return None
    return upload.read()


@bp.post("/diary/<diaryday:day>/photos", endpoint="add_photo")
@roles_required(Role.CLIENT)
def add_photo_route(day: str):
    client = own_profile()
    when = _day(day)
    form = PhotoForm()
    if not form.validate_on_submit():
        return _answer(client, when, 400, problem=_("Lataa sivu uudelleen ja yritä uudestaan."))
    data = _upload(form, "photo")
    try:
        if not data:
            raise NoFile(PHOTO)
        add_photo(client, when, form.upload_key.data, data)
    except NotYet:
        abort(404)
    except DiaryError as problem:
        return _answer(client, when, problem.status, problem=str(problem.message))
    return _answer(client, when, done=_("Kuva lisätty."))


@bp.post("/diary/<diaryday:day>/voice", endpoint="add_voice")
@roles_required(Role.CLIENT)
def add_voice_route(day: str):
    client = own_profile()
    when = _day(day)
    form = VoiceForm()
    if not form.validate_on_submit():
        problem = next(iter(form.seconds.errors), None) or _("Lataa sivu uudelleen ja yritä uudestaan.")
        return _answer(client, when, 400, problem=str(problem))
    data = _upload(form, "voice")
    try:
        if not data:
            raise NoFile(VOICE)
        add_voice(client, when, form.upload_key.data, data, form.seconds.data)
    except NotYet:
        abort(404)
    except DiaryError as problem:
        return _answer(client, when, problem.status, problem=str(problem.message))
    return _answer(client, when, done=_("Ääniviesti lisätty."))


class RemoveForm(FlaskForm):
    pass


@bp.post("/diary/<diaryday:day>/media/<int:media_id>/remove")
@roles_required(Role.CLIENT)
def remove_media(day: str, media_id: int):
    client = own_profile()
    when = _day(day)
    media = db.session.get(DiaryMedia, media_id)
    if media is None or media.client_id != client.person_id or media.entry.day != when:
        abort(404)
    if not RemoveForm().validate_on_submit():
        return _answer(client, when, 400, problem=_("Lataa sivu uudelleen ja yritä uudestaan."))
    kind = media.kind
    try:
        remove(client, media)
    except TooLate as problem:
        return _answer(client, when, problem.status, problem=str(problem.message))
    return _answer(client, when, done=_("Kuva poistettu.") if kind == PHOTO else _("Ääniviesti poistettu."))


# --- Opening a file --------------------------------------------------------------------------------

@bp.get("/media/diary/<int:media_id>")
@login_required
def media_file(media_id: int):
    media = readable(current_user, media_id)
    try:
        data = storage.current().get(media.key)
    except storage.Missing:
        abort(404)
    if current_user.role != Role.CLIENT and _first_part(request.range):
        log_view(current_user, media)
    name = f"{media.entry.day.isoformat()}-{media.id}.{media.key.rsplit('.', 1)[-1]}"
    response = Response(data, mimetype=media.content_type, headers={
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'inline; filename="{name}"',
    })
    # A player asks for parts (Range): answer them, as Safari insists.
    return response.make_conditional(request, accept_ranges=True, complete_length=len(data))


def _first_part(asked) -> bool:
    """The whole file or its start: a look. A player's later parts (the end of a WebM, a seek) are
    the same look and are not logged again."""
    return asked is None or not asked.ranges or asked.ranges[0][0] == 0


def export_name(media: DiaryMedia) -> str:
    """The file's name in the client's data export."""
    return f"paivakirja/{media.entry.day.isoformat()}-{media.kind}-{media.id}.{media.key.rsplit('.', 1)[-1]}"


def export_zip(client: ClientProfile):
    """The client's photos and voice notes in one ZIP (stored as they are: already compressed),
    in a temporary file that spills to disk when large. Files missing from the store are left out."""
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    store = storage.current()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_STORED) as archive:
        for media in media_of(client):
            try:
                archive.writestr(export_name(media), store.get(media.key))
            except storage.Missing:
                continue
    spool.seek(0)
    return spool
