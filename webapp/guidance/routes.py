"""Coaches log individual guidance sessions; everyone sees who is behind the 6 h rule.

Staff only (clients and the kitchen 403); a client the staff member may not see is 404.
"""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp import audit
from webapp.audit import access
from webapp.accounts.access import staff_required
from webapp.clients.access import get_client_for
from webapp.extensions import db
from webapp.guidance import bp, rules
from webapp.guidance.forms import RemoveForm, SessionForm
from webapp.guidance.models import GuidanceSession
from webapp.lib import clock
from webapp.lib.errors import render_error
from webapp.units.access import get_unit_for, visible_units


@bp.app_template_filter("hours_minutes")
def _hours_minutes(minutes):
    return rules.hours_minutes(minutes)


@bp.app_context_processor
def _guidance_helpers():
    def guidance_status(client):
        """(done, required, missing) minutes for the client page's guidance section."""
        done, required = rules.status(client, clock.today())
        return done, required, max(0, required - done)
    return {"guidance_status": guidance_status}


def _sessions(client):
    return list(db.session.scalars(
        db.select(GuidanceSession).where(GuidanceSession.client_id == client.person_id)
        .order_by(GuidanceSession.day.desc(), GuidanceSession.id.desc())))


def _context(client, form=None, remove_form=None, remove_errors_for=None):
    today = clock.today()
    done, required = rules.status(client, today)
    if form is None:
        form = SessionForm(formdata=None, day=today)
    return dict(client=client, sessions=_sessions(client), done=done, required=required,
                missing=max(0, required - done), window=rules.window(today), form=form,
                remove_form=remove_form or RemoveForm(formdata=None), remove_errors_for=remove_errors_for)


def _panel(client, status=200, **kw):
    template = "guidance/_panel.html" if request.htmx else "guidance/client.html"
    return render_template(template, **_context(client, **kw)), status, {"Cache-Control": "no-store"}


@bp.get("/clients/<int:client_id>/guidance")
@staff_required
def client_sessions(client_id: int):
    client = get_client_for(current_user, client_id)
    access.log_read(current_user, client.person_id, "guidance")
    return render_template("guidance/client.html", **_context(client)), {"Cache-Control": "no-store"}


@bp.post("/clients/<int:client_id>/guidance")
@staff_required
def log_session(client_id: int):
    client = get_client_for(current_user, client_id)
    form = SessionForm()
    if not form.validate_on_submit():
        return _panel(client, 400, form=form)
    today = clock.today()
    session = GuidanceSession(client_id=client.person_id, unit_id=rules.current_unit_id(client, today),
                              coach_id=current_user.id, created_by_id=current_user.id, day=form.day.data,
                              minutes=form.minutes.data, kind=form.kind.data, note=(form.note.data or "").strip())
    db.session.add(session)
    audit.record(session, "create")
    db.session.commit()
    if not request.htmx:
        return redirect(url_for("guidance.client_sessions", client_id=client.person_id), 303)
    return _panel(client)


@bp.post("/guidance/<int:session_id>/remove")
@staff_required
def remove_session(session_id: int):
    session = db.session.get(GuidanceSession, session_id)
    if session is None:
        abort(404)
    client = get_client_for(current_user, session.client_id)
    if session.removed_at is not None:
        return render_error(409, _("Tämä merkintä on jo poistettu."))
    form = RemoveForm()
    if not form.validate_on_submit() or not form.reason.data.strip():
        if not form.reason.errors:
            form.reason.errors = [_("Kerro, miksi merkintä poistetaan.")]
        if not request.htmx:
            return render_error(400, " ".join(str(e) for e in form.reason.errors))
        return _panel(client, 400, remove_form=form, remove_errors_for=session.id)
    session.removed_at = clock.now()
    session.removed_by_id = current_user.id
    session.removed_reason = form.reason.data.strip()
    audit.record(session, "remove", reason=session.removed_reason)
    db.session.commit()
    if not request.htmx:
        return redirect(url_for("guidance.client_sessions", client_id=client.person_id), 303)
    return _panel(client)


@bp.get("/guidance/behind")
@staff_required
def behind():
    raw = request.args.get("unit")
    unit = get_unit_for(current_user, raw) if raw else None
    choices = visible_units(current_user)
    rows = rules.behind(current_user, clock.today(), unit.id if unit else None)
    access.log_list(current_user, [row.client.person_id for row in rows], "guidance_behind")
    return render_template("guidance/behind.html", rows=rows, unit=unit, units=choices,
                           window=rules.window(clock.today())), {"Cache-Control": "no-store"}
