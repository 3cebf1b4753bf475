"""The own coach's view of shared entries: read them (each read logged for the client) and
answer with a short note. Only the client's own coach; everyone else gets 404."""
from datetime import date

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from webapp.clients.access import get_client_for
from webapp.clients.models import ClientProfile
from webapp.diary import bp, entries, reminders
from webapp.diary.models import REPLY_MAX, DiaryEntry
from webapp.extensions import db
from webapp.lib.urls import day_arg
from webapp.lib.errors import render_error

PAGE = 60  # shared entries on one page; older ones through ?before=


class ReplyForm(FlaskForm):
    text = TextAreaField("", validators=[
        InputRequired(message=_l("Kirjoita vastaus.")),
        Length(max=REPLY_MAX, message=_l("Vastaus on liian pitkä (enintään %(max)d merkkiä).", max=REPLY_MAX)),
    ])


def _readable_client(client_id: int) -> ClientProfile:
    """The client if the signed-in person is their own coach, else 404 (never say why)."""
    client = get_client_for(current_user, client_id)
    if not entries.may_read(current_user, client):
        abort(404)
    return client


@bp.app_context_processor
def _coach_helpers():
    def diary_may_read(client: ClientProfile) -> bool:
        return current_user.is_authenticated and entries.may_read(current_user, client)
    return {"diary_may_read": diary_may_read}


def _before_arg() -> date | None:
    raw = request.args.get("before")
    if not raw:
        return None
    before = day_arg(raw)
    if before is None:
        abort(400)
    return before


@bp.get("/clients/<int:client_id>/diary")
@login_required
def coach_diary(client_id: int):
    client = _readable_client(client_id)
    before = _before_arg()
    shown = entries.shared_entries(client, limit=PAGE + 1, before=before)
    older = shown[PAGE - 1].day if len(shown) > PAGE else None
    shown = shown[:PAGE]
    entries.log_reads(current_user, shown, "diary_list")
    return render_template("diary/coach_diary.html", client=client, shown=shown, older=older, before=before,
                           form=ReplyForm()), {"Cache-Control": "no-store"}


@bp.post("/clients/<int:client_id>/diary/<int:entry_id>/reply")
@login_required
def coach_reply(client_id: int, entry_id: int):
    client = _readable_client(client_id)
    entry = db.session.get(DiaryEntry, entry_id)
    if entry is None or entry.client_id != client.person_id or not entry.shared:
        abort(404)
    form = ReplyForm()
    if form.validate_on_submit() and form.text.data.strip():
        answer = entries.reply(entry, current_user, form.text.data)
        reminders.reply_written(answer)  # after the commit; a push that fails never undoes the reply
        if not request.htmx:
            return redirect(url_for("diary.coach_diary", client_id=client.person_id) + f"#entry-{entry.id}", 303)
        db.session.refresh(entry)
        return render_template("diary/coach_replies.html", client=client, entry=entry, form=ReplyForm(formdata=None))
    message = str(form.text.errors[0]) if form.text.errors else _("Kirjoita vastaus.")
    form.text.errors = [message]
    if not request.htmx:
        return render_error(400, message)
    return render_template("diary/coach_replies.html", client=client, entry=entry, form=form), 400


from webapp.diary import access_log, units  # noqa: F401
