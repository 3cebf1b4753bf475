"""Phone enrolment and badge cards.

A coach shows a one-time QR; the client's phone opens it, chooses a PIN and stays signed in.
A client without a phone gets a printable badge card with their personal QR.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError

from webapp import audit
from webapp.audit import access
from webapp.accounts import sessions
from webapp.accounts.access import roles_required, staff_required
from webapp.accounts.models import Role
from webapp.accounts.passwords import hash_secret
from webapp.clients.access import get_client_for
from webapp.clients.models import ClientProfile
from webapp.enrolment import bp
from webapp.enrolment.badge import badge_payload
from webapp.enrolment.codes import SIGNED_OUT, create_code, find_code, mark_used, phone_status
from webapp.enrolment.forms import ConfirmForm, PinForm
from webapp.enrolment.models import EnrolmentCode
from webapp.extensions import db
from webapp.lib.qr import qr_svg
from webapp.lib.forms import EmptyForm


@bp.app_template_global()
def client_page_url(client: ClientProfile) -> str:
    """The client's page (built by the clients area), or home until it exists."""
    try:
        return url_for("clients.detail", client_id=client.person_id)
    except BuildError:
        return url_for("main.home")


@bp.app_template_global("phone_status")
def _phone_status(client: ClientProfile):
    return phone_status(client)


def _staff_client(client_id: int) -> ClientProfile:
    return get_client_for(current_user, client_id)


def _bad_form():
    abort(400)


def _ask_first(client: ClientProfile, *, title: str, text: str, button: str):
    """A CSRF-checked POST that is not yet confirmed gets a confirmation page (posting back to
    the same URL); None once the person has confirmed."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        _bad_form()
    if form.confirmed:
        return None
    return render_template("enrolment/confirm.html", client=client, action=request.path,
                           title=title, text=text, button=button)


# --- 1. The coach makes a one-time code --------------------------------------------------------

@bp.post("/clients/<int:client_id>/enrol")
@staff_required
def start(client_id: int):
    client = _staff_client(client_id)
    if not EmptyForm().validate_on_submit():
        _bad_form()
    secret, code = create_code(client, current_user)
    audit.record(client, "enrolment_code", changes={
        "enrolment_code_id": code.id, "expires_at": code.expires_at.isoformat()})
    db.session.commit()
    url = url_for("enrolment.claim", code=secret, _external=True)
    # Shown once, in this response only: the secret is stored nowhere.
    return render_template(
        "enrolment/start.html", client=client, code=code,
        qr=qr_svg(url, _("QR-koodi, jolla %(name)s yhdistää puhelimensa", name=client.short_name)),
        expires=format_time(code.expires_at, "short"),
    )


@bp.get("/clients/<int:client_id>/enrol/<int:code_id>")
@staff_required
def code_status(client_id: int, code_id: int):
    """The enrol page asks this every few seconds: has the phone used the code yet?"""
    client = _staff_client(client_id)
    code = db.session.get(EnrolmentCode, code_id)
    if code is None or code.client_id != client.person_id:
        abort(404)
    return render_template("enrolment/_code_status.html", client=client, code=code,
                           expired=code.used_at is None and not code.is_usable())


# --- 2. The client's phone claims it ------------------------------------------------------------

def _claimable(secret: str) -> tuple[EnrolmentCode | None, int]:
    """The usable code for this secret, or None and the status to answer with."""
    code = find_code(secret)
    if code is None or not code.client.person.active:
        return None, 404
    if not code.is_usable():
        return None, 410
    return code, 200


def _code_gone(status: int):
    return render_template("enrolment/claim_invalid.html", status=status), status


@bp.route("/enrol/<code>", methods=["GET", "POST"])
def claim(code: str):
    found, status = _claimable(code)
    if found is None:
        return _code_gone(status)
    client = found.client
    form = PinForm()
    if form.validate_on_submit():
        if not mark_used(found):  # another submit got there first
            db.session.rollback()
            return _code_gone(410)
        person = client.person
        client.pin_hash = hash_secret(form.pin.data)
        changes = audit.changes_of(client)
        changes["enrolment_code_id"] = found.id
        audit.record(client, "phone_enrolled", changes=changes, actor=person)
        db.session.commit()
        sessions.start(person, remember=True)  # the remember cookie keeps the phone signed in
        flash(_("Valmista! Puhelimesi on nyt yhdistetty Läsnään."), "success")
        return redirect(url_for("main.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("enrolment/claim.html", form=form, client=client), status


# --- 3. The coach signs the phone out ------------------------------------------------------------

@bp.post("/clients/<int:client_id>/phone/revoke")
@staff_required
def revoke(client_id: int):
    client = _staff_client(client_id)
    question = _ask_first(
        client,
        title=_("Kirjataanko puhelin ulos?"),
        text=_("%(name)s kirjataan ulos puhelimesta ja kaikilta muilta laitteilta. "
               "Puhelimen voi yhdistää uudelleen uudella koodilla.", name=client.display_name),
        button=_("Kirjaa puhelin ulos"),
    )
    if question:
        return question
    client.person.sign_out_everywhere()
    audit.record(client, SIGNED_OUT, changes={"login_token": ["…", "…"]})
    db.session.commit()
    flash(_("%(name)s on kirjattu ulos puhelimesta.", name=client.display_name), "success")
    return redirect(client_page_url(client))


# --- 4. The printable badge card ----------------------------------------------------------------

def _badge_qr(client: ClientProfile):
    return qr_svg(badge_payload(client), _("Henkilökohtainen QR-koodi: %(name)s", name=client.short_name))


@bp.get("/clients/<int:client_id>/badge")
@staff_required
def badge(client_id: int):
    client = _staff_client(client_id)
    access.log_read(current_user, client.person_id, "badge")
    return render_template("enrolment/badge.html", client=client, qr=_badge_qr(client))


@bp.post("/clients/<int:client_id>/badge/regenerate")
@staff_required
def regenerate_badge(client_id: int):
    client = _staff_client(client_id)
    question = _ask_first(
        client,
        title=_("Tehdäänkö uusi kortti?"),
        text=_("Vanha kortti ja sen QR-koodi lakkaavat toimimasta heti. "
               "Tee uusi kortti, jos %(name)s on kadottanut korttinsa.", name=client.display_name),
        button=_("Tee uusi kortti"),
    )
    if question:
        return question
    client.regenerate_badge()
    audit.record(client, "badge_regenerated")
    db.session.commit()
    flash(_("Uusi kortti on tehty. Vanha kortti ei enää toimi. Tulosta uusi kortti."), "success")
    return redirect(url_for("enrolment.badge", client_id=client_id))


# --- 5. The client's own badge on the phone -----------------------------------------------------

@bp.get("/me/badge")
@roles_required(Role.CLIENT)
def my_badge():
    client = current_user.client
    if client is None:
        abort(404)
    return render_template("enrolment/my_badge.html", client=client, qr=_badge_qr(client))

