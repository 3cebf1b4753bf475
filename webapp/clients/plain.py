"""Plain language (selkokieli) for one client: the client switches it on her phone (the diary's
settings), her coach on her page or while connecting her phone. A change by staff is audited
like every other change of a client."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf

from webapp import audit
from webapp.accounts.access import roles_required, staff_required
from webapp.accounts.models import Role
from webapp.clients import bp, parts
from webapp.clients.access import get_client_for, own_profile
from webapp.extensions import db
from webapp.lib.redirects import safe_next


class PlainLanguageForm(FlaskForm):
    """One switch: "1" turns plain language on, "0" off."""
    plain_language = StringField(validators=[AnyOf(["1", "0"], message=_l("Valitse, onko selkokieli käytössä."))])
    next = HiddenField()  # the client's own switch goes back to the page it was on


def set_plain_language(person, on: bool) -> bool:
    """Turn plain language on or off for a person, with an audit event when it changes (the
    actor is whoever is signed in: the client herself or her coach). The caller commits.
    True when something changed."""
    if person.plain_language == on:
        return False
    person.plain_language = on
    audit.record(person, "update")
    return True


def _part(viewer, client, today):
    return {"on": client.person.plain_language}


parts.add("clients/_plain.html", _part)


@bp.post("/clients/<int:client_id>/plain-language")
@staff_required
def plain_language(client_id: int):
    client = get_client_for(current_user, client_id)
    form = PlainLanguageForm()
    status = 200
    if form.validate_on_submit():
        if set_plain_language(client.person, form.plain_language.data == "1"):
            db.session.commit()
    else:
        status = 400
    if request.htmx:
        return render_template("clients/_plain.html", client=client, form=form,
                               summary={"on": client.person.plain_language}), status, {"Vary": "HX-Request"}
    if status == 400:
        return render_template("clients/_plain.html", client=client, form=form,
                               summary={"on": client.person.plain_language}), 400, {"Vary": "HX-Request"}
    return redirect(url_for("clients.detail", client_id=client.person_id), 303)


@bp.post("/me/plain-language")
@roles_required(Role.CLIENT)
def my_plain_language():
    """The client's own switch (on the diary's settings and her home page)."""
    client = own_profile()
    form = PlainLanguageForm()
    if not form.validate_on_submit():
        flash(_("Valitse, onko selkokieli käytössä."), "error")
        return redirect(url_for("diary.settings"), 303)
    if set_plain_language(client.person, form.plain_language.data == "1"):
        db.session.commit()
    flash(_("Asetus tallennettu."), "success")
    return redirect(safe_next(form.next.data, url_for("diary.settings")), 303)
