"""The coach's day board: one unit, one date. Confirm a day with one tap, confirm all days
without flags, undo a decision; the rows refresh themselves as clients check in.

Staff only (clients and the kitchen 403); a unit or a day record the person may not see is 404.

How the page is put together:
- `#board` holds the rows (`_board.html`); a poller `#board-poll` outside it asks every few
  seconds whether the rows changed (the hash of the rendered rows). Unchanged: a new poller that
  waits twice as long (5 → 10 → 20 → 40 → 60 s). Changed: the rows, out of band, and a poller
  that waits the first time again. Only today's board polls.
- `#panel` (outside the board) holds a form loaded for one row (the resolve forms, undo).
- Every action answers with `board_answer`: the rows, a fresh poller, the message and an empty
  panel; without htmx a 303 back to the board.
"""
import hashlib
from datetime import date, timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from webapp.accounts.access import staff_required
from webapp.accounts.models import Role
from webapp.audit import access
from webapp.approvals import board as boards
from webapp.approvals import bp, decisions
from webapp.approvals.access import board_day, get_day_for, get_refused_scan_for, on_board
from webapp.approvals.decisions import DecisionError
from webapp.checkin.labels import ABSENCE_REASONS, FLAGS, KINDS, METHODS, REFUSALS, STATUSES
from webapp.checkin.display import duration_text
from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.urls import number_arg
from webapp.units.access import get_unit_for
from webapp.units.models import Unit

MAX_WAIT = 60  # seconds between polls at most
NO_STORE = {"Cache-Control": "no-store", "Vary": "HX-Request"}


# --- Helpers ----------------------------------------------------------------------------------

def first_wait() -> int:
    """Seconds before the first poll (config BOARD_POLL_SECONDS, 5 by default)."""
    return current_app.config.get("BOARD_POLL_SECONDS", 5)


def _wait_arg(value: str | None) -> int:
    first = first_wait()
    wait = number_arg(value)
    return first if wait is None else min(max(wait, first), MAX_WAIT)


def _units_for(person) -> list[Unit]:
    """The units whose board the person may open: a coach's own, every active unit for a manager."""
    if person.role == Role.ADMIN:
        units = db.session.scalars(db.select(Unit).where(Unit.active.is_(True))).all()
    else:
        units = [u for u in person.units if u.active] or list(person.units)
    return sorted(units, key=lambda u: (u.name.casefold(), u.id))


def _rows(unit: Unit, on: date, *, log: bool = False) -> tuple[Markup, str]:
    """The rendered rows of the board and their version (a hash that ignores the CSRF token).
    log: write the clients shown into the access log (the page itself; its polls and the rows an
    action answers with show the same people again)."""
    board = boards.build(unit, on)
    if log:
        access.log_list(current_user, [row.client.person_id for row in board.rows], "day_board")
    html = render_template("approvals/_board.html", board=board, unit=unit, day=on, today=clock.today(),
                           STATUSES=STATUSES, KINDS=KINDS,
                           METHODS=METHODS, ABSENCE_REASONS=ABSENCE_REASONS, FLAGS=FLAGS, REFUSALS=REFUSALS,
                           duration_text=duration_text)
    version = hashlib.sha256(html.replace(generate_csrf(), "").encode()).hexdigest()[:20]
    return Markup(html), version


def _poller(unit: Unit, on: date, version: str, wait: int, oob: bool = False) -> str:
    return render_template("approvals/_poll.html", unit=unit, day=on, version=version, wait=wait,
                           poll=on == clock.today(), oob=oob)


def _page(unit: Unit, on: date, status: int = 200, message: str | None = None, problem: bool = False,
          panel: str | None = None):
    rows, version = _rows(unit, on, log=True)
    today = clock.today()
    previous, following = on - timedelta(days=1), on + timedelta(days=1)
    return render_template(
        "approvals/board.html", unit=unit, day=on, today=today, rows=rows, units=_units_for(current_user),
        poller=Markup(_poller(unit, on, version, first_wait())), message=message, problem=problem,
        panel=Markup(panel) if panel else None,
        previous=previous if on_board(previous) else None, following=following if on_board(following) else None,
    ), status, NO_STORE


def board_answer(unit: Unit, day: date, *, message: str | None = None, status: int = 200, problem: bool = False):
    """The answer to an action on the board. htmx: the rows (for #board), a fresh poller, the
    message and an empty #panel, all in one. Without htmx: 303 back to the board (the message
    as a flash), or for an error status the board page itself with the message.

    `day` is the board's date (a date; an ActivityDay is taken as its date)."""
    if isinstance(day, ActivityDay):
        day = day.day
    if request.htmx:
        rows, version = _rows(unit, day)
        body = "".join([
            str(rows),
            _poller(unit, day, version, first_wait(), oob=True),
            render_template("approvals/_message.html", message=message, problem=problem, oob=True),
            '<div id="panel" hx-swap-oob="innerHTML"></div>',
        ])
        return body, status, NO_STORE
    if status < 400:
        if message:
            flash(message, "warning" if problem else "success")
        return redirect(url_for("approvals.board", unit_id=unit.id, day=day.isoformat()), 303)
    return _page(unit, day, status, message=message, problem=problem)


def _refused(unit: Unit, day: date, error: DecisionError):
    db.session.rollback()
    return board_answer(unit, day, message=str(error.message), status=error.status, problem=True)


# --- The board --------------------------------------------------------------------------------

@bp.get("/board")
@staff_required
def board_home():
    units = _units_for(current_user)
    if not units:
        return render_template("approvals/no_unit.html"), {"Cache-Control": "no-store"}
    return redirect(url_for("approvals.board", unit_id=units[0].id))


@bp.get("/units/<int:unit_id>/board")
@staff_required
def board(unit_id: int):
    unit = get_unit_for(current_user, unit_id)
    return _page(unit, board_day(request.args.get("day")))


@bp.get("/units/<int:unit_id>/board/poll")
@staff_required
def board_poll(unit_id: int):
    """Has the board changed since version v? Unchanged: a poller waiting twice as long.
    Changed: the rows out of band and a poller waiting the first time again."""
    unit = get_unit_for(current_user, unit_id)
    on = board_day(request.args.get("day"))
    wait = _wait_arg(request.args.get("wait"))
    if on != clock.today():  # the day has turned: polling stops
        return _poller(unit, on, "", wait), NO_STORE
    rows, version = _rows(unit, on)
    if version == request.args.get("v", ""):
        return _poller(unit, on, version, min(wait * 2, MAX_WAIT)), NO_STORE
    return (_poller(unit, on, version, first_wait())
            + f'<div id="board" hx-swap-oob="innerHTML">{rows}</div>'), NO_STORE


# --- Decisions --------------------------------------------------------------------------------

@bp.post("/days/<int:day_id>/confirm")
@staff_required
def confirm(day_id: int):
    record = get_day_for(current_user, day_id)
    unit, on, name = record.unit, record.day, record.client.display_name
    try:
        decisions.confirm(record, current_user)
    except DecisionError as error:
        return _refused(unit, on, error)
    db.session.commit()
    return board_answer(unit, on, message=_("Päivä vahvistettu: %(name)s.", name=name))


@bp.post("/units/<int:unit_id>/board/confirm-all")
@staff_required
def confirm_all(unit_id: int):
    unit = get_unit_for(current_user, unit_id)
    on = board_day(request.args.get("day"))
    count = decisions.confirm_all(unit, on, current_user)
    db.session.commit()
    if count:
        message = ngettext("Vahvistettiin %(num)d päivä.", "Vahvistettiin %(num)d päivää.", count)
    else:
        message = _("Ei vahvistettavia päiviä.")
    return board_answer(unit, on, message=message)


@bp.route("/days/<int:day_id>/undo", methods=["GET", "POST"])
@staff_required
def undo(day_id: int):
    """GET: a small form (reason optional) for the panel. POST: take the decision back."""
    record = get_day_for(current_user, day_id)
    unit, on = record.unit, record.day
    if request.method == "GET":
        access.log_read(current_user, record.client_id, "days")
        return _undo_form(record, 409 if record.open else 200,
                          problem=_("Päivää ei ole vielä käsitelty.") if record.open else None)
    name = record.client.display_name
    reason = request.form.get("reason", "")
    try:
        removed = decisions.undo(record, current_user, reason)
    except DecisionError as error:
        if error.status == 400:  # the reason: the form again, with its message
            db.session.rollback()
            return _undo_form(get_day_for(current_user, day_id), 400, problem=str(error.message), reason=reason)
        return _refused(unit, on, error)
    db.session.commit()
    message = (_("Merkintä poistettu: %(name)s.", name=name) if removed
               else _("Käsittely peruttu: %(name)s. Päivä on taas käsittelemättä.", name=name))
    return board_answer(unit, on, message=message)


def _undo_form(record, status: int, problem: str | None = None, reason: str = ""):
    html = render_template("approvals/_undo.html", record=record, problem=problem, reason=reason,
                           STATUSES=STATUSES, KINDS=KINDS)
    if request.htmx:
        return html, status, {**NO_STORE, "HX-Retarget": "#panel", "HX-Reswap": "innerHTML"}
    return _page(record.unit, record.day, status, panel=html)


# --- Refused scans from an offline tablet -------------------------------------------------------

@bp.post("/scans/<int:scan_id>/handled")
@staff_required
def refused_handled(scan_id: int):
    """The coach has dealt with a scan an offline tablet queued and the server refused: the
    notice leaves the board (audited)."""
    scan = get_refused_scan_for(current_user, scan_id)
    unit, on = db.session.get(Unit, scan.unit_id), clock.to_local(scan.scanned_at).date()
    name = scan.client.display_name if scan.client is not None else (scan.shown_name or "–")
    if not decisions.mark_handled(scan, current_user):
        return board_answer(unit, on, message=_("Ilmoitus oli jo merkitty käsitellyksi."))
    db.session.commit()
    return board_answer(unit, on, message=_("Merkitty käsitellyksi: %(name)s.", name=name))
