"""The kiosk screen on the tablet by the door.

Everything here needs the tablet's device cookie (device.kiosk_required), and a kiosk only
ever sees and touches its own unit. The screen shows the clock, the unit, today's arrivals
(short names: it is a shared screen) and three ways in: the phone scans the rotating code,
the camera reads a badge, or name + PIN. The scripts in kiosk/ keep badge and PIN scans
working while the network is down: they queue them (PINs sealed, see sealing.py) and send
them to POST /kiosk/scan when it returns; the scan key makes every scan count once.
"""
import hashlib
import re
import threading
from datetime import UTC, datetime, timedelta

from flask import (
    abort,
    current_app,
    g,
    make_response,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import format_date, format_time, get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.routing import BuildError

from webapp.config import ROOT
from webapp.checkin import scans
from webapp.checkin.codes import make_code, window_at
from webapp.checkin.display import duration_text
from webapp.checkin.flags import MIN_HOURS_PER_DAY
from webapp.checkin.models import ActivityDay, Method, Outcome, Scan
from webapp.checkin.roster import arrivals, belongs_to_unit, roster
from webapp.checkin.scans import Reason
from webapp.clients.models import ClientProfile
from webapp.enrolment.badge import token_from_payload
from webapp.extensions import db
from webapp.kiosks import bp, sealing
from webapp.kiosks.device import current_kiosk, kiosk_required
from webapp.lib import clock
from webapp.lib.qr import qr_svg
from webapp.lib.urls import MAX_ID

KIOSK_DIR = ROOT / "kiosk"
KEY_PATTERN = re.compile(r"[A-Za-z0-9:_-]{1,80}")
PIN_PATTERN = re.compile(r"[0-9]{4}")
TICKET_SALT = "lasna.kiosk-ticket"
TICKET_SECONDS = 180
GREETING_SECONDS = 8
POLL_OPEN = "1500ms"  # while the unit is open (or within an hour of it), or after any activity
POLL_CLOSED = "45s"
AWAKE_MARGIN = timedelta(hours=1)
ACTIVE_FOR = timedelta(minutes=5)  # after a scan at the unit (or a touch on the tablet) it polls fast
SINCE_AT_MOST = timedelta(minutes=2)  # how far back a poll's ?since= may reach for greetings


@bp.get("/kiosk/app/<path:filename>")
def asset(filename: str):
    """The tablet's scripts and the vendored QR decoder, from kiosk/ (scripts only)."""
    if not filename.endswith(".js"):
        abort(404)
    return send_from_directory(KIOSK_DIR, filename, max_age=3600)


# --- The screen ------------------------------------------------------------------------------------

_qr_cache: dict[tuple, object] = {}
_qr_lock = threading.Lock()


def code_url(code: str) -> str:
    """The absolute link a phone opens when it scans the kiosk's code."""
    try:
        return url_for("checkin.scan_code", code=code, _external=True)
    except BuildError:  # the phone's route is not there (yet): the address it will have
        return request.host_url + "k/" + code


def kiosk_qr(kiosk, moment: datetime):
    """The QR of the kiosk's current 30-second code, made once per (kiosk, window, host)."""
    window = window_at(moment)
    cache_key = (kiosk.id, window, request.host_url, current_app.config["SECRET_KEY"])
    svg = _qr_cache.get(cache_key)
    if svg is None:
        svg = qr_svg(code_url(make_code(kiosk.id, moment)), _("Kirjautumiskoodi puhelimelle"))
        with _qr_lock:
            for old in [k for k in _qr_cache if k[1] < window - 1]:
                _qr_cache.pop(old, None)
            _qr_cache[cache_key] = svg
    return svg


def open_hours(unit, local: datetime) -> bool:
    """The unit is open, or opens or closes within the hour."""
    day = local.date()
    hours = unit.hours_on(day.weekday())
    if hours is None or unit.is_closed_on(day):
        return False
    opens = datetime.combine(day, hours.opens, local.tzinfo) - AWAKE_MARGIN
    closes = datetime.combine(day, hours.closes, local.tzinfo) + AWAKE_MARGIN
    return opens <= local <= closes


def recently_active(unit, now: datetime) -> bool:
    """Someone scanned at the unit (any door, any way, even a refused scan) a few minutes ago."""
    return db.session.scalar(db.select(Scan.id).where(Scan.unit_id == unit.id, Scan.received_at >= now - ACTIVE_FOR)
                             .limit(1)) is not None


def poll_interval(unit, local: datetime, active: bool = False) -> str:
    """Fast while people come and go: in opening hours, and for a few minutes after any activity
    (a phone that checks in at night is greeted, a revoked tablet finds out soon); slow at night
    and on closed days. active: someone is using this tablet now."""
    if active or open_hours(unit, local) or recently_active(unit, local):
        return POLL_OPEN
    return POLL_CLOSED


def since_arg(raw: str | None, now: datetime) -> datetime | None:
    """?since= of a poll: when the live part the screen shows was made (whole seconds since the
    epoch, as this server wrote it), reaching back two minutes at most; else None."""
    if not raw or not re.fullmatch(r"[0-9]{1,11}", raw):
        return None
    moment = datetime.fromtimestamp(int(raw), UTC)
    return max(moment, now - SINCE_AT_MOST) if moment <= now else None


def greetings(kiosk, now: datetime, shown_until: datetime | None = None) -> list[dict]:
    """Check-ins (and phone check-outs) that this screen did not show itself: mostly phones that
    scanned its code. Those of the last few seconds, and any since the screen's last live part
    (shown_until): a slow poll at night must not miss them. The screen keeps each for a few
    seconds itself, however the polls go (kiosk.js)."""
    since = now - timedelta(seconds=GREETING_SECONDS)
    if shown_until is not None:
        since = min(since, shown_until)
    found = db.session.scalars(
        db.select(Scan).where(Scan.unit_id == kiosk.unit_id, Scan.received_at >= since,
                              Scan.outcome.in_([Outcome.CHECKED_IN.value, Outcome.EARLIER_ARRIVAL.value]))
        .order_by(Scan.received_at, Scan.id)
        .options(db.joinedload(Scan.client).joinedload(ClientProfile.person))
    ).all()
    result = [{"id": f"in{s.id}", "text": _("Tervetuloa, %(name)s!", name=s.client.called)}
              for s in found
              if s.client is not None and not s.queued
              and (s.method == Method.PHONE.value
                   or (s.method in (Method.BADGE.value, Method.PIN.value) and s.kiosk_id != kiosk.id))]
    leaving = db.session.scalars(
        db.select(ActivityDay).where(ActivityDay.unit_id == kiosk.unit_id, ActivityDay.check_out_at >= since,
                                     ActivityDay.check_out_method == Method.PHONE.value)
        .options(db.joinedload(ActivityDay.client).joinedload(ClientProfile.person))
    ).all()
    result += [{"id": f"out{d.id}", "text": _("Hei hei, %(name)s! Kiitos päivästä.", name=d.client.called)}
               for d in leaving]
    return result


def live_context(kiosk, since: datetime | None = None, active: bool = False) -> dict:
    now = clock.now()
    local = clock.to_local(now)
    unit = kiosk.unit
    days = arrivals(unit, local.date())
    rows = [{"name": d.client.short_name, "in": format_time(d.check_in_at, "short"),
             "out": format_time(d.check_out_at, "short") if d.check_out_at else None} for d in days]
    hello = greetings(kiosk, now, since)
    interval = poll_interval(unit, local, active)
    state = repr((kiosk.id, unit.name, window_at(now), local.date(), interval, request.host_url,
                  [(d.id, d.check_in_at, d.check_out_at) for d in days], [g["id"] for g in hello],
                  str(get_locale())))
    version = hashlib.sha256(state.encode()).hexdigest()[:16]
    return {
        "version": version, "interval": interval, "arrivals": rows, "greetings": hello,
        "since": int(now.timestamp()),
        "qr": kiosk_qr(kiosk, now), "clock_text": format_time(now, "short"),
        "date_text": format_date(now, "full"), "unit": unit,
    }


@bp.get("/kiosk")
@kiosk_required
def screen():
    kiosk = current_kiosk()
    return render_template(
        "kiosks/screen.html", kiosk=kiosk, seal_key=sealing.public_key_spki_b64(kiosk.private_key_pem),
        names=name_groups(kiosk), **live_context(kiosk))


@bp.get("/kiosk/live")
@kiosk_required
def live():
    """The changing part of the screen; 204 when nothing changed since version v. since: when
    the part the screen shows was made; active=1: someone is using the tablet."""
    context = live_context(current_kiosk(), since=since_arg(request.args.get("since"), clock.now()),
                           active=request.args.get("active") == "1")
    if request.args.get("v") == context["version"]:
        return "", 204, {"Cache-Control": "no-store"}
    return render_template("kiosks/_live.html", **context)


@bp.get("/kiosk/csrf")
@kiosk_required
def csrf():
    """A fresh CSRF token for the tablet's scripts (the offline queue asks before sending)."""
    response = make_response(generate_csrf())
    response.mimetype = "text/plain"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/kiosk/sw.js")
@kiosk_required
def service_worker():
    """The service worker; its scope covers the screen at /kiosk and everything under it."""
    response = send_from_directory(KIOSK_DIR, "sw.js", mimetype="application/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/kiosk"
    return response


# --- Names and the PIN pad -------------------------------------------------------------------------

def short_labels(clients: list[ClientProfile]) -> dict[int, str]:
    """First name and initial; more of the family name only where two would look the same."""
    def label(c, letters):
        last = c.person.last_name
        return f"{c.called} {last[:letters]}." if letters < len(last) else f"{c.called} {last}"

    labels = {}
    for client in clients:
        letters = 1
        while letters < len(client.person.last_name) and any(
                other is not client and label(other, letters) == label(client, letters) for other in clients):
            letters += 1
        labels[client.person_id] = label(client, letters)
    return labels


def badge_hint(token: str) -> str:
    """A one-way hint of a badge token (SHA-256, 96 bits), so that the tablet can name a badge it
    reads while offline. It cannot be turned back into the card, and the server accepts only
    the card itself."""
    return hashlib.sha256(f"lasna-badge:{token}".encode()).hexdigest()[:24]


def name_groups(kiosk) -> dict:
    expected, rest = roster(kiosk.unit, clock.today())
    labels = short_labels(expected + rest)

    def entry(c):
        return {"id": c.person_id, "label": labels[c.person_id], "badge": badge_hint(c.badge_token),
                "plain": c.person.plain_language}
    return {"expected": [entry(c) for c in expected], "rest": [entry(c) for c in rest]}


def unit_client(kiosk, client_id, day) -> ClientProfile | None:
    """A client of the kiosk's unit on day, else None (the caller answers 404)."""
    try:
        client_id = int(client_id)
    except (TypeError, ValueError):
        return None
    if not 0 < client_id <= MAX_ID:
        return None
    client = scans.client_by_id(client_id)
    if client is None or not belongs_to_unit(client, kiosk.unit, day):
        return None
    return client


def message(status: int, title: str, text: str = "", headers: dict | None = None):
    """A short kind message in the screen's panel."""
    return render_template("kiosks/_message.html", title=title, text=text), status, headers or {}


def not_here(headers: dict | None = None):
    return message(404, _("Nimeä ei löytynyt"), _("Valitse nimesi listasta uudelleen tai kysy ohjaajalta."),
                   headers)


@bp.get("/kiosk/names")
@kiosk_required
def names():
    return render_template("kiosks/_names.html", names=name_groups(current_kiosk()))


@bp.get("/kiosk/names/<client_id>")
@kiosk_required
def pin_pad(client_id: str):
    """The pad for one name. The id is read by unit_client, like the one a PIN scan sends, so
    anything that is not this unit's client gets the kiosk's own kind "not found" answer."""
    kiosk = current_kiosk()
    client = unit_client(kiosk, client_id, clock.today())
    if client is None:
        return not_here()
    label = short_labels([client])[client.person_id]
    g.plain_language = client.person.plain_language  # her own mode once she has chosen her name
    return render_template("kiosks/_pinpad.html", client={"id": client.person_id, "label": label})


# --- Scans ------------------------------------------------------------------------------------------

def _ticket_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TICKET_SALT)


def make_ticket(scan: Scan, kiosk) -> str:
    return _ticket_serializer().dumps({"scan": scan.id, "kiosk": kiosk.id})


def scan_from_ticket(kiosk) -> Scan | None:
    """The scan a result on this kiosk's screen was about, if its ticket is genuine and fresh."""
    raw = request.form.get("ticket", "")
    if not raw or len(raw) > 300:
        return None
    try:
        data = _ticket_serializer().loads(raw, max_age=TICKET_SECONDS)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("kiosk") != kiosk.id or not isinstance(data.get("scan"), int):
        return None
    scan = db.session.get(Scan, data["scan"])
    if scan is None or scan.kiosk_id != kiosk.id or scan.unit_id != kiosk.unit_id:
        return None
    return scan


def result_response(result: scans.Result, kiosk, *, queued: bool = False, client_id=None):
    """The result fragment with its outcome headers: 200 recorded, 422 refused."""
    outcome = result.outcome
    day = result.day
    client = result.client
    context = {
        "outcome": outcome.value, "Outcome": Outcome, "reason": result.reason, "queued": queued,
        "name": client.called if client is not None and outcome != Outcome.REJECTED else "",
        "ticket": make_ticket(result.scan, kiosk) if result.scan is not None and not queued else None,
        "check_in": format_time(day.check_in_at, "short") if day is not None else "",
        "check_out": format_time(day.check_out_at, "short") if day is not None and day.check_out_at else "",
        "duration": duration_text(day) if day is not None and day.check_out_at else "",
        "short_day": day is not None and day.hours is not None and day.hours < MIN_HOURS_PER_DAY,
        "ask_lunch": (day is not None and day.lunch is None and day.check_out_at is None
                      and outcome in (Outcome.CHECKED_IN, Outcome.DUPLICATE, Outcome.EARLIER_ARRIVAL)),
        "attempts_left": result.pin.attempts_left if result.pin is not None else None,
        "locked_until": None, "retry_client": None,
    }
    locked = result.pin.locked_until if result.pin is not None else None
    if result.reason == Reason.PIN_LOCKED and locked is None and client is not None:
        locked = client.pin_locked_until
    if locked is not None:
        context["locked_until"] = format_time(locked, "short")
    if result.reason == Reason.WRONG_PIN and client is not None:
        context["retry_client"] = {"id": client.person_id, "label": short_labels([client])[client.person_id]}
    if client is not None:  # the answer to her own badge or PIN, in her own mode
        g.plain_language = client.person.plain_language
    if context["retry_client"] is not None:
        context["retry_client"]["plain"] = client.person.plain_language
    headers = {"X-Lasna-Outcome": outcome.value}
    if result.reason:
        headers["X-Lasna-Reason"] = result.reason
    status = 200 if result.recorded else 422
    return render_template("kiosks/_result.html", **context), status, headers


def malformed(text: str | None = None, reason: str = "malformed"):
    return message(400, _("Kirjaus ei onnistunut"), text or _("Yritä uudelleen tai kysy ohjaajalta."),
                   {"X-Lasna-Outcome": Outcome.REJECTED.value, "X-Lasna-Reason": reason})


def shown_name(raw: str | None) -> str | None:
    """The name the tablet showed with a queued scan (its names list): one line, 80 characters."""
    name = " ".join((raw or "").split())[:80]
    return name or None


def parse_at(raw: str | None) -> datetime | None:
    """An ISO 8601 moment with its offset (the tablet sends UTC); ValueError otherwise."""
    if raw is None or raw == "":
        return None
    if len(raw) > 40:
        raise ValueError("too long")
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        raise ValueError("no offset")
    return moment.astimezone(UTC)


@bp.post("/kiosk/scan")
@kiosk_required
def scan():
    """One badge or PIN scan, live or from the offline queue (see the module docstring)."""
    kiosk = current_kiosk()
    form = request.form
    key, kind = form.get("key", ""), form.get("kind", "")
    if not KEY_PATTERN.fullmatch(key) or kind not in ("badge", "pin"):
        return malformed()
    try:
        scanned_at = parse_at(form.get("at"))
    except ValueError:
        return malformed()
    queued = form.get("queued") == "1"
    common = {"key": key, "unit": kiosk.unit, "kiosk_id": kiosk.id, "scanned_at": scanned_at, "queued": queued,
              "shown_name": shown_name(form.get("name")) if queued else None}

    if kind == "badge":
        payload = form.get("badge", "")
        if not payload:
            return malformed()
        token = token_from_payload(payload[:200])
        client = scans.client_by_badge(token)
        if client is None:
            result = scans.record_scan(method=Method.BADGE, client=None, reason=Reason.UNKNOWN_BADGE, **common)
        else:
            result = scans.record_scan(method=Method.BADGE, client=client, **common)
        return result_response(result, kiosk, queued=queued)

    day = clock.to_local(scanned_at or clock.now()).date()
    client = unit_client(kiosk, form.get("client"), day)
    if client is None:
        if not (form.get("client") or "").isdigit():
            return malformed()
        if queued:  # chosen from a list that has changed since: kept for the coach, by the name shown
            scans.record_scan(method=Method.PIN, client=None, reason=Reason.NOT_THIS_UNIT, **common)
        return not_here({"X-Lasna-Outcome": Outcome.REJECTED.value, "X-Lasna-Reason": Reason.NOT_THIS_UNIT})
    if form.get("sealed"):
        try:
            content = sealing.unseal(kiosk.private_key_pem, form["sealed"][:2000])
        except sealing.Unsealable:
            return malformed(reason="bad_sealed_box")
        if content.get("key") != key or str(content.get("client")) != str(client.person_id):
            return malformed(reason="bad_sealed_box")
        pin = content.get("pin")
    else:
        pin = form.get("pin")
    if not isinstance(pin, str) or not PIN_PATTERN.fullmatch(pin):
        return malformed()
    if scans.find_scan(key) is not None:  # a re-sent scan: its first answer, no second PIN try
        return result_response(scans.record_scan(method=Method.PIN, client=client, **common), kiosk,
                               queued=queued)
    check = scans.check_pin(client, pin, queued=queued)
    if not check.ok:
        result = scans.record_scan(method=Method.PIN, client=client, reason=check.reason, pin=check, **common)
    else:
        result = scans.record_scan(method=Method.PIN, client=client, pin=check, **common)
    return result_response(result, kiosk, queued=queued)


def bad_ticket():
    return message(400, _("Kysymys ehti vanhentua"),
                   _("Ei hätää. Näytä korttisi tai valitse nimesi uudelleen."))


@bp.post("/kiosk/leave")
@kiosk_required
def leave():
    """Yes to "Leaving now?": check out now."""
    kiosk = current_kiosk()
    found = scan_from_ticket(kiosk)
    if found is None or found.outcome not in (Outcome.ASKED_LEAVE.value, Outcome.CHECKED_OUT.value):
        return bad_ticket()
    return result_response(scans.confirm_leave(found), kiosk)


@bp.post("/kiosk/stay")
@kiosk_required
def stay():
    """No to "Leaving now?": kept, so the next 2 minutes' scans are kind duplicates."""
    kiosk = current_kiosk()
    found = scan_from_ticket(kiosk)
    if found is None or found.outcome != Outcome.ASKED_LEAVE.value:
        return bad_ticket()
    scans.stay(found)
    return render_template("kiosks/_stay_done.html", name=found.client.called)


@bp.post("/kiosk/lunch")
@kiosk_required
def lunch():
    """The answer to "Lunch today?"."""
    kiosk = current_kiosk()
    found = scan_from_ticket(kiosk)
    if found is None or found.day is None:
        return bad_ticket()
    answer = request.form.get("lunch")
    if answer not in ("yes", "no"):
        return message(400, _("Valitse Kyllä tai Ei."))
    scans.set_lunch(found.day, answer == "yes")
    return render_template("kiosks/_lunch_done.html", lunch=answer == "yes", name=found.client.called)
