"""The day board's panels: resolving a flagged day and recording days by hand.

Each GET answers htmx with a panel (a non-modal dialog for #panel) and anyone else with a
full page. A POST that works commits and answers with the refreshed board; bad input answers
with the form again, its message and 400 (or the refused decision's status), nothing saved.

Staff only (clients and the kitchen 403); a day, unit or client the person may not see is 404.
"""
from datetime import date, time

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from webapp.accounts.access import staff_required
from webapp.audit import access
from webapp.approvals import bp, decisions
from webapp.approvals.access import board_day, client_id_arg, get_day_for
from webapp.approvals.decisions import DecisionError
from webapp.checkin.labels import ABSENCE_HINTS, ABSENCE_REASONS, flag_labels
from webapp.approvals.routes import board_answer
from webapp.approvals.resolve_forms import (AbsenceForm, ConfirmAnywayForm, FixTimesForm, KeepForm, NotCountedForm,
                                            NotHeldForm, PresenceForm, RemoteForm)
from webapp.checkin.models import ActivityDay, month_closed
from webapp.checkin.roster import expected_ids
from webapp.clients.access import get_client_for
from webapp.extensions import db
from webapp.lib import clock
from webapp.units.access import get_unit_for

# The same msgid as decisions.record_remote's, so the reason field can be marked.


FIX_TIMES = ("approvals/forms/_fix_times.html", _l("Korjaa ajat"))
CONFIRM_ANYWAY = ("approvals/forms/_confirm_anyway.html", _l("Vahvista syyn kanssa"))
NOT_COUNTED = ("approvals/forms/_not_counted.html", _l("Päivää ei lasketa"))
ABSENCE = ("approvals/forms/_absence.html", _l("Kirjaa poissaolo"))
REMOTE = ("approvals/forms/_remote.html", _l("Kirjaa etäpäivä"))
PRESENCE = ("approvals/forms/_presence.html", _l("Oli paikalla, mutta ei leimannut"))
NOT_HELD = ("approvals/forms/_not_held.html", _l("Palvelua ei järjestetty"))
KEEP = ("approvals/forms/_keep.html", _l("Pidä päivä ennallaan"))


# --- Answers ---------------------------------------------------------------------------------------

def board_url(unit, on: date) -> str:
    return url_for("approvals.board", unit_id=unit.id, day=on.isoformat())


def _panel(which: tuple, status: int = 200, **context):
    """The panel for htmx, else the whole page around it."""
    fragment, heading = which
    page = not request.htmx or request.htmx.boosted
    context.setdefault("problem", None)
    context.setdefault("blocked", False)
    context.setdefault("needs_reason", False)
    context.setdefault("flags", [])
    form = context.get("form")
    # The first field with an error takes the focus; else each form says which field comes first.
    context["focus"] = next((field.name for field in form if field.errors), None) if form else None
    template = "approvals/forms/page.html" if page else fragment
    html = render_template(template, fragment=fragment, page=page, heading=heading,
                           back=board_url(context["unit"], context["on"]), **context)
    return html, status, {"Vary": "HX-Request", "Cache-Control": "no-store"}


def _done(unit, on: date, message: str):
    """Saved: commit and show the board. htmx: the rows go to #board (the form was aimed at
    #panel, which the answer empties); without htmx: 303 to the board."""
    db.session.commit()
    answer = board_answer(unit, on, message=message)
    if not request.htmx:
        return answer
    body, status, headers = answer
    return body, status, {**headers, "HX-Retarget": "#board", "HX-Reswap": "innerHTML"}


def _refused(error: DecisionError) -> str:
    db.session.rollback()
    return str(error.message)


# --- Resolving a day record ------------------------------------------------------------------------

def _day_context(record: ActivityDay, action: str) -> dict:
    if request.method == "GET":  # the panel shows the client's day
        access.log_read(current_user, record.client_id, "days")
    return dict(record=record, unit=record.unit, on=record.day, client=record.client,
                flags=flag_labels(record.flags), action=url_for(action, day_id=record.id))


def _local(moment) -> time | None:
    return clock.to_local(moment).time().replace(second=0, microsecond=0) if moment else None


def _blocked(record: ActivityDay, onsite_only=False, needs_check_out=False) -> str | None:
    """Why this day cannot take the form at all (GET shows it instead of the form)."""
    if not record.open:
        return _("Päivä on jo käsitelty. Peru käsittely ensin, jos sitä pitää muuttaa.")
    if onsite_only and not record.onsite:
        return _("Vain paikan päällä olleen päivän aikoja voi korjata.")
    if needs_check_out and record.onsite and record.check_out_at is None:
        return _("Lähtöaika puuttuu. Kirjaa lähtöaika ensin.")
    return None


@bp.route("/days/<int:day_id>/times", methods=["GET", "POST"])
@staff_required
def fix_times(day_id: int):
    """Set the check-in and check-out times (a missing check-out after closing), with a reason."""
    record = get_day_for(current_user, day_id)
    context = _day_context(record, "approvals.fix_times")
    old_in, old_out = _local(record.check_in_at), _local(record.check_out_at)
    needs_check_out = record.onsite and record.check_out_at is not None
    if request.method == "GET":
        form = FixTimesForm(formdata=None, check_in=old_in, check_out=old_out)
        problem = _blocked(record, onsite_only=True)
        return _panel(FIX_TIMES, 409 if problem else 200, form=form, problem=problem,
                      blocked=bool(problem), **context)
    form = FixTimesForm(needs_check_out=needs_check_out)
    if not form.validate_on_submit():
        return _panel(FIX_TIMES, 400, form=form, **context)
    new_in = form.check_in.data if form.check_in.data != old_in else None
    new_out = form.check_out.data if form.check_out.data not in (None, old_out) else None
    try:
        decisions.fix_times(record, current_user, form.reason.data, check_in=new_in, check_out=new_out)
    except DecisionError as error:
        problem = _refused(error)
        return _panel(FIX_TIMES, error.status, form=form, problem=problem, **context)
    return _done(record.unit, record.day, _("Ajat korjattu: %(name)s.", name=record.client.display_name))


@bp.route("/days/<int:day_id>/confirm-anyway", methods=["GET", "POST"])
@staff_required
def confirm_anyway(day_id: int):
    """A flagged day counts after all, with a written reason."""
    record = get_day_for(current_user, day_id)
    context = _day_context(record, "approvals.confirm_anyway")
    if request.method == "GET":
        problem = _blocked(record, needs_check_out=True)
        return _panel(CONFIRM_ANYWAY, 409 if problem else 200,
                      form=ConfirmAnywayForm(formdata=None), problem=problem, blocked=bool(problem), **context)
    form = ConfirmAnywayForm()
    if not form.validate_on_submit():
        return _panel(CONFIRM_ANYWAY, 400, form=form, **context)
    try:
        decisions.confirm_anyway(record, current_user, form.reason.data)
    except DecisionError as error:
        problem = _refused(error)
        return _panel(CONFIRM_ANYWAY, error.status, form=form, problem=problem,
                      blocked=error.status == 409, **context)
    return _done(record.unit, record.day, _("Päivä vahvistettu: %(name)s.", name=record.client.display_name))


@bp.route("/days/<int:day_id>/not-counted", methods=["GET", "POST"])
@staff_required
def not_counted(day_id: int):
    """The day does not count (a reason is required)."""
    record = get_day_for(current_user, day_id)
    context = _day_context(record, "approvals.not_counted")
    if request.method == "GET":
        problem = _blocked(record)
        return _panel(NOT_COUNTED, 409 if problem else 200,
                      form=NotCountedForm(formdata=None), problem=problem, blocked=bool(problem), **context)
    form = NotCountedForm()
    if not form.validate_on_submit():
        return _panel(NOT_COUNTED, 400, form=form, **context)
    try:
        decisions.mark_not_counted(record, current_user, form.reason.data)
    except DecisionError as error:
        problem = _refused(error)
        return _panel(NOT_COUNTED, error.status, form=form, problem=problem,
                      blocked=error.status == 409, **context)
    return _done(record.unit, record.day, _("Päivää ei lasketa: %(name)s.", name=record.client.display_name))


@bp.route("/days/<int:day_id>/keep", methods=["GET", "POST"])
@staff_required
def keep(day_id: int):
    """A decided day that a later closure contradicts stays as it was (a reason is required)."""
    record = get_day_for(current_user, day_id)
    context = _day_context(record, "approvals.keep")
    context["closure"] = next((c for c in record.unit.closures if c.starts_on <= record.day <= c.ends_on), None)
    nothing = _("Päivässä ei ole tarkistettavaa.") if record.review is None else None
    if request.method == "GET":
        return _panel(KEEP, 409 if nothing else 200, form=KeepForm(formdata=None), problem=nothing,
                      blocked=bool(nothing), **context)
    form = KeepForm()
    if not form.validate_on_submit():
        return _panel(KEEP, 400, form=form, **context)
    try:
        decisions.keep_after_review(record, current_user, form.reason.data)
    except DecisionError as error:
        problem = _refused(error)
        return _panel(KEEP, error.status, form=form, problem=problem, blocked=error.status == 409, **context)
    return _done(record.unit, record.day, _("Päivä pidetään ennallaan: %(name)s.", name=record.client.display_name))


# --- Records made by hand --------------------------------------------------------------------------

def _unit_and_day(unit_id: int):
    unit = get_unit_for(current_user, unit_id)
    return unit, board_day(request.args.get("day"))


def _client_context(unit_id: int, action: str) -> dict:
    unit, on = _unit_and_day(unit_id)
    client = get_client_for(current_user, client_id_arg(request.args.get("client")))
    if request.method == "GET":
        access.log_read(current_user, client.person_id, "days")
    return dict(unit=unit, on=on, client=client,
                action=url_for(action, unit_id=unit.id, client=client.person_id, day=on.isoformat()))


@bp.route("/units/<int:unit_id>/absence", methods=["GET", "POST"])
@staff_required
def absence(unit_id: int):
    """An expected client is away: one of the six reasons, an optional note."""
    context = _client_context(unit_id, "approvals.absence")
    context.update(hints=ABSENCE_HINTS, reasons=ABSENCE_REASONS)
    if request.method == "GET":
        return _panel(ABSENCE, form=AbsenceForm(formdata=None), **context)
    form = AbsenceForm()
    if not form.validate_on_submit():
        return _panel(ABSENCE, 400, form=form, **context)
    try:
        decisions.record_absence(context["client"], context["unit"], context["on"], form.reason.data,
                                 current_user, note=form.note.data)
    except DecisionError as error:
        problem = _refused(error)
        return _panel(ABSENCE, error.status, form=form, problem=problem, **context)
    return _done(context["unit"], context["on"],
                 _("Poissaolo kirjattu: %(name)s.", name=context["client"].display_name))


@bp.route("/units/<int:unit_id>/remote", methods=["GET", "POST"])
@staff_required
def remote(unit_id: int):
    """A remote day with the hours the client reported; a reason when the day has a flag."""
    context = _client_context(unit_id, "approvals.remote")
    if request.method == "GET":
        return _panel(REMOTE, form=RemoteForm(formdata=None), **context)
    form = RemoteForm()
    if not form.validate_on_submit():
        return _panel(REMOTE, 400, form=form, **context)
    client, unit, on = context["client"], context["unit"], context["on"]
    try:
        decisions.record_remote(client, unit, on, form.total, current_user, note=form.note.data,
                                reason=form.reason.data)
    except DecisionError as error:
        flags = []
        if error.field == "reason":
            flags = flag_labels(error.flags)
            form.reason.errors = [str(error.message)]
        problem = _refused(error)
        return _panel(REMOTE, error.status, form=form, flags=flags,
                      problem=None if form.reason.errors else problem, needs_reason=bool(form.reason.errors),
                      **context)
    return _done(unit, on, _("Etäpäivä kirjattu: %(name)s.", name=client.display_name))


@bp.route("/units/<int:unit_id>/presence", methods=["GET", "POST"])
@staff_required
def presence(unit_id: int):
    """The client was here but did not scan: the coach writes the times and why."""
    context = _client_context(unit_id, "approvals.presence")
    if request.method == "GET":
        return _panel(PRESENCE, form=PresenceForm(formdata=None), **context)
    form = PresenceForm()
    if not form.validate_on_submit():
        return _panel(PRESENCE, 400, form=form, **context)
    try:
        decisions.record_presence(context["client"], context["unit"], context["on"], form.check_in.data,
                                  form.check_out.data, current_user, form.reason.data)
    except DecisionError as error:
        problem = _refused(error)
        return _panel(PRESENCE, error.status, form=form, problem=problem, **context)
    return _done(context["unit"], context["on"],
                 _("Läsnäolo kirjattu: %(name)s.", name=context["client"].display_name))


def _not_held_count(unit, on: date) -> int:
    """Expected clients without any record on the day: those service_not_held marks."""
    expected = expected_ids(unit, on)
    if not expected:
        return 0
    recorded = set(db.session.scalars(db.select(ActivityDay.client_id).where(ActivityDay.day == on,
                                                                             ActivityDay.client_id.in_(expected))))
    return len(expected - recorded)


@bp.route("/units/<int:unit_id>/not-held", methods=["GET", "POST"])
@staff_required
def not_held(unit_id: int):
    """The unit did not hold the service: every expected client without a record is marked."""
    unit, on = _unit_and_day(unit_id)
    count = _not_held_count(unit, on)
    context = dict(unit=unit, on=on, client=None, count=count,
                   action=url_for("approvals.not_held", unit_id=unit.id, day=on.isoformat()))
    nobody = _("Kaikilla tälle päivälle odotetuilla asiakkailla on jo merkintä.") if count == 0 else None
    refusal = decisions.not_held_refusal(on, clock.today(), month_closed(unit.id, on))
    if request.method == "GET":
        if refusal is not None and not nobody:  # the board does not offer it: the same rule, said here
            return _panel(NOT_HELD, 409, form=NotHeldForm(formdata=None, count=str(count)),
                          problem=str(refusal.message), blocked=True, **context)
        return _panel(NOT_HELD, 409 if nobody else 200,
                      form=NotHeldForm(formdata=None, count=str(count)), problem=nobody, blocked=bool(nobody),
                      **context)
    form = NotHeldForm()
    if not form.validate_on_submit():
        return _panel(NOT_HELD, 400, form=form, **context)
    if nobody:
        return _panel(NOT_HELD, 409, form=form, problem=nobody, blocked=True, **context)
    if refusal is not None:
        return _panel(NOT_HELD, refusal.status, form=form, problem=str(refusal.message), blocked=True, **context)
    if form.count.data != str(count):
        form.count.data = str(count)
        if not form.count.raw_data or not form.count.raw_data[0]:
            return _panel(NOT_HELD, 400, form=form, problem=_("Tarkista luku ja vahvista uudelleen."), **context)
        return _panel(NOT_HELD, 409, form=form, problem=_("Tilanne muuttui. Tarkista luku ja vahvista uudelleen."),
                      **context)
    try:
        marked = decisions.service_not_held(unit, on, current_user, note=form.note.data)
    except DecisionError as error:
        problem = _refused(error)
        return _panel(NOT_HELD, error.status, form=form, problem=problem,
                      **context)
    return _done(unit, on, ngettext("Palvelua ei järjestetty: merkittiin %(num)d asiakas.",
                                    "Palvelua ei järjestetty: merkittiin %(num)d asiakasta.", marked))
