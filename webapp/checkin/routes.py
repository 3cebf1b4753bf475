"""Check-in from the client's phone.

The kiosk shows a QR that changes every 30 seconds: a link to /k/<code>. The client's
enrolled phone (signed in as the client, remember cookie) opens it and is checked in; a later
scan of the day asks "Leaving now?". The phone then answers "Lunch today?" and, if the client
wants, a one-tap mood. Where the phone's camera app opens a browser without the app's sign-in
(iPhones), the app's own scanner (/me/scan) reads the code inside the app.
"""
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts.access import roles_required
from webapp.accounts.models import Role
from webapp.checkin import bp
from webapp.checkin.codes import BadCode, CodeProblem, read_code
from webapp.checkin.display import duration_text
from webapp.checkin.flags import MIN_HOURS_PER_DAY
from webapp.checkin.models import ActivityDay, Method, Outcome, Scan
from webapp.checkin.scans import Reason, confirm_leave, day_of, find_scan, record_scan, set_lunch, set_mood
from webapp.clients.access import own_profile
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.checkin.models import Kiosk
from webapp.lib import clock
from webapp.lib.htmx import render_page_or_fragment
from webapp.lib.urls import number_arg
from webapp.lib.forms import EmptyForm

# "Leaving now?" must be answered while the client is still at the kiosk: an old question
# answered from home would record a check-out time that nobody saw happen.
LEAVE_ANSWER_WINDOW = timedelta(minutes=10)

MOODS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
WELCOME = (Outcome.CHECKED_IN, Outcome.EARLIER_ARRIVAL)


# --- Helpers for the templates -------------------------------------------------------------------

def _mood_choices():
    """Five faces, each with its word: the face is decoration, the word carries the meaning."""
    return [
        (1, "😞", _("Tosi huono")),
        (2, "🙁", _("Huono")),
        (3, "😐", _("Ihan ok")),
        (4, "🙂", _("Hyvä")),
        (5, "😄", _("Tosi hyvä")),
    ]


def _clock(moment) -> str:
    return format_time(moment, "short") if moment is not None else ""


@bp.app_template_global("checkin_today")
def checkin_today() -> ActivityDay | None:
    """Today's day record of the signed-in client, for the home page's "today" card."""
    if not current_user.is_authenticated or current_user.role != Role.CLIENT or current_user.client is None:
        return None
    return day_of(current_user.client)


@bp.app_context_processor
def _checkin_helpers():
    return {"checkin_clock": _clock, "checkin_duration": duration_text, "short_day_hours": MIN_HOURS_PER_DAY}


def _own_scan(scan_id: int) -> Scan:
    """The signed-in client's own scan, else 404 (never say whose it is)."""
    scan = db.session.get(Scan, scan_id)
    if scan is None or scan.client_id != current_user.id:
        abort(404)
    return scan


def _pending_leave(client: ClientProfile, day: ActivityDay | None) -> Scan | None:
    """Today's unanswered "Leaving now?" that can still be answered."""
    if day is None or day.check_out_at is not None:
        return None
    scan = db.session.scalar(
        db.select(Scan).where(Scan.client_id == client.person_id, Scan.day_id == day.id,
                              Scan.outcome.notin_([Outcome.DUPLICATE.value, Outcome.REJECTED.value]))
        .order_by(Scan.scanned_at.desc(), Scan.id.desc()).limit(1))
    if scan is None or scan.outcome != Outcome.ASKED_LEAVE or scan.stayed_at is not None or _leave_expired(scan):
        return None  # (answered "staying" at the kiosk: not waiting any more)
    return scan


def _leave_expired(scan: Scan) -> bool:
    return clock.now() - scan.scanned_at > LEAVE_ANSWER_WINDOW


def _kind_conflict(message: str, back: str):
    """409 with a kind message. htmx does not swap 4xx answers here, so it is sent to a page
    that shows the message instead."""
    if request.htmx:
        flash(message, "info")
        return "", 409, {"HX-Redirect": back}
    return render_template("checkin/problem.html", title=_("Tämä ei onnistunut nyt"), text=message,
                           back=back), 409


def _answered(day: ActivityDay, scan: Scan | None = None):
    """After a lunch or mood answer: the answers fragment for htmx, else back to the page."""
    if request.htmx:
        return (render_template("checkin/_answers.html", day=day, scan=scan, moods=_mood_choices()),
                {"Vary": "HX-Request"})
    if scan is not None:
        return redirect(url_for("checkin.scan_result", scan_id=scan.id), 303)
    return redirect(url_for("checkin.today"), 303)


# --- The kiosk's code ----------------------------------------------------------------------------

def _code_problem(status: int, title: str, text: str, *, other_ways: bool = True):
    return render_template("checkin/problem.html", title=title, text=text, other_ways=other_ways), status


def _stale():
    return _code_problem(410, _("Koodi on ehtinyt vanhentua"),
                         _("Koodi on ehtinyt vanhentua. Skannaa kioskin näytöltä uusi koodi."))


@bp.get("/k/<code>")
def scan_code(code: str):
    """The link in the kiosk's QR code: checks the signed-in client in (or asks about leaving).

    This GET changes state on purpose, without a CSRF token. The code is signed with the app's
    SECRET_KEY and names one kiosk and one 30-second window; it is accepted for at most 60
    seconds. Only the kiosk's own screen shows one, so opening a fresh code proves the phone
    is at the kiosk now, which is what a check-in records; another site cannot make one, and
    a link to an old code does nothing. The scan key holds the client and the code, so
    reloading the page (or a link preview fetching it again) finds the first answer instead of
    scanning twice. The camera app can only open a link, so a POST is not possible here.
    """
    try:
        kiosk_id = read_code(code)
    except BadCode as problem:
        if problem.problem == CodeProblem.STALE:
            # A reload of a code that was already used: the same answer again, not "expired".
            if current_user.is_authenticated and current_user.role == Role.CLIENT:
                earlier = find_scan(_scan_key(current_user.id, code))
                if earlier is not None and earlier.client_id == current_user.id:
                    return redirect(url_for("checkin.scan_result", scan_id=earlier.id), 303)
            return _stale()
        return _code_problem(400, _("Tämä ei ole Läsnän kioskikoodi"),
                             _("Skannaa koodi toimipisteen kioskin näytöltä."))
    kiosk = db.session.get(Kiosk, kiosk_id)
    if kiosk is None or kiosk.is_revoked:
        return _code_problem(410, _("Tämä kioski ei ole enää käytössä"),
                             _("Kysy ohjaajalta, missä voit kirjautua tänään."))
    if not current_user.is_authenticated:
        return render_template("checkin/not_connected.html"), 403
    if current_user.role != Role.CLIENT:
        return _code_problem(403, _("Tällä koodilla kirjautuvat vain asiakkaat"),
                             _("Olet kirjautunut Läsnään henkilökunnan tunnuksella. Kioskin koodi on asiakkaiden "
                               "puhelimia varten."), other_ways=False)
    client = own_profile()
    result = record_scan(key=_scan_key(client.person_id, code), unit=kiosk.unit, kiosk_id=kiosk.id,
                         method=Method.PHONE, client=client)
    if result.scan is None:
        return _code_problem(409, _("Kirjautuminen ei onnistunut"),
                             _("Skannaa kioskin näytöltä uusi koodi."))
    return redirect(url_for("checkin.scan_result", scan_id=result.scan.id), 303)


def _scan_key(person_id: int, code: str) -> str:
    return f"phone:{person_id}:{code}"


def _rejection(scan: Scan) -> tuple[int, str, str]:
    if scan.reason == Reason.NOT_THIS_UNIT:
        unit = scan.kiosk.unit.name if scan.kiosk is not None else ""
        return 403, _("Tämä kioski on toisessa toimipisteessä"), _(
            "Tämä on toimipisteen %(unit)s kioski. Kirjaudu sisään omassa toimipisteessäsi. Jos olet tänään "
            "täällä, kerro ohjaajalle, niin hän merkitsee päivän.", unit=unit)
    if scan.reason == Reason.INACTIVE:
        return 403, _("Tunnuksesi ei ole nyt käytössä"), _("Kysy ohjaajalta, niin hän auttaa.")
    return 422, _("Kirjautuminen ei onnistunut"), _("Kysy ohjaajalta, niin hän merkitsee päivän.")


@bp.get("/checkin/scans/<int:scan_id>")
@roles_required(Role.CLIENT)
def scan_result(scan_id: int):
    """What the phone shows after scanning: welcome, "Leaving now?", already checked in, or why not."""
    scan = _own_scan(scan_id)
    outcome = Outcome(scan.outcome)
    status, title, text = 200, None, None
    if outcome == Outcome.REJECTED:
        status, title, text = _rejection(scan)
    elif outcome == Outcome.DUPLICATE and scan.day is not None:
        # Scanned twice while "Leaving now?" waits for an answer: ask it again, kindly.
        pending = _pending_leave(scan.client, scan.day)
        if pending is not None:
            scan, outcome = pending, Outcome.ASKED_LEAVE
    body, headers = render_page_or_fragment(
        "checkin/result.html", "checkin/_result.html", scan=scan, day=scan.day, outcome=outcome, Outcome=Outcome,
        title=title, text=text, welcome=outcome in WELCOME, leave_expired=_leave_expired(scan), moods=_mood_choices())
    return body, status, headers


# --- Today, lunch, mood, leaving -----------------------------------------------------------------

@bp.get("/checkin")
@roles_required(Role.CLIENT)
def today():
    client = own_profile()
    day = day_of(client)
    body, headers = render_page_or_fragment(
        "checkin/today.html", "checkin/_today.html",
        day=day, pending=_pending_leave(client, day), moods=_mood_choices())
    return body, headers


def _today_or_conflict():
    day = day_of(own_profile())
    if day is None:
        return None, _kind_conflict(_("Et ole vielä kirjautunut sisään tänään. Skannaa ensin kioskin koodi."),
                                    url_for("checkin.today"))
    return day, None


def _scan_from_form() -> Scan | None:
    """The result page sends its scan back, so a plain form returns there afterwards."""
    scan_id = number_arg(request.form.get("scan"))
    if scan_id is None:
        return None
    scan = db.session.get(Scan, scan_id)
    return scan if scan is not None and scan.client_id == current_user.id else None


@bp.post("/checkin/lunch")
@roles_required(Role.CLIENT)
def lunch():
    if not EmptyForm().validate_on_submit():
        abort(400)
    answer = request.form.get("lunch")
    if answer not in ("yes", "no"):
        abort(400)
    day, problem = _today_or_conflict()
    if problem:
        return problem
    set_lunch(day, answer == "yes", actor=current_user)
    return _answered(day, _scan_from_form())


@bp.post("/checkin/mood")
@roles_required(Role.CLIENT)
def mood():
    if not EmptyForm().validate_on_submit():
        abort(400)
    value = MOODS.get(request.form.get("mood", ""))
    if value is None:
        abort(400)
    day, problem = _today_or_conflict()
    if problem:
        return problem
    set_mood(day, value)
    return _answered(day, _scan_from_form())


@bp.post("/checkin/leave/<int:scan_id>")
@roles_required(Role.CLIENT)
def leave(scan_id: int):
    """The answer "Yes, I'm leaving now" to a later scan of the day."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    scan = _own_scan(scan_id)
    if scan.outcome not in (Outcome.ASKED_LEAVE, Outcome.CHECKED_OUT):
        return _kind_conflict(_("Tähän ei voi vastata lähteväni. Skannaa kioskin koodi, kun lähdet."),
                              url_for("checkin.today"))
    if scan.outcome == Outcome.ASKED_LEAVE and _leave_expired(scan):
        return _kind_conflict(_("Kysymys ehti vanhentua. Skannaa kioskin koodi uudelleen, kun lähdet."),
                              url_for("checkin.today"))
    result = confirm_leave(scan)
    if request.htmx:
        return render_template("checkin/_result.html", scan=result.scan, day=result.day,
                               outcome=Outcome.CHECKED_OUT, Outcome=Outcome, welcome=False,
                               leave_expired=False, moods=_mood_choices()), {"Vary": "HX-Request"}
    return redirect(url_for("checkin.scan_result", scan_id=scan.id), 303)


# --- The in-app scanner --------------------------------------------------------------------------

@bp.get("/me/scan")
@roles_required(Role.CLIENT)
def scanner():
    """Reads the kiosk's code with the phone's camera inside the app (for phones whose camera
    app opens a browser that is not signed in)."""
    own_profile()
    return render_template("checkin/scanner.html")
