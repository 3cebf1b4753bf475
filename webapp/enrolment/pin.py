"""The client's kiosk PIN, on the coach's side: open a locked PIN, or let the client choose a
new one on the coach's tablet.

Five wrong PINs at the kiosk lock it for 15 minutes (checkin.scans.check_pin; the counter is
in the database). The coach of the client's unit, or a manager, may open it at once.
"""
from datetime import datetime

from flask import abort, flash, redirect, render_template
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user

from webapp import audit
from webapp.accounts.access import staff_required
from webapp.accounts.passwords import hash_secret
from webapp.checkin.scans import unlock_pin
from webapp.clients.access import get_client_for
from webapp.clients.models import ClientProfile
from webapp.enrolment import bp
from webapp.enrolment.forms import PinForm
from webapp.enrolment.routes import client_page_url
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.forms import EmptyForm


@bp.app_template_global("pin_locked_until")
def pin_locked_until(client: ClientProfile) -> datetime | None:
    """When the client's locked PIN opens again, or None when it is not locked."""
    until = client.pin_locked_until
    return until if until is not None and until > clock.now() else None


@bp.post("/clients/<int:client_id>/pin/unlock")
@staff_required
def pin_unlock(client_id: int):
    client = get_client_for(current_user, client_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    was_locked = pin_locked_until(client)
    if was_locked is None and not client.pin_failed_attempts:
        flash(_("PIN-koodi ei ollut lukittu."), "info")
        return redirect(client_page_url(client))
    unlock_pin(client)
    audit.record(client, "pin_unlocked")
    db.session.commit()
    if was_locked:
        flash(_("PIN-koodin lukitus on avattu. %(name)s voi kirjautua PIN-koodilla heti.",
                name=client.display_name), "success")
    else:
        flash(_("Väärien yritysten laskuri on nollattu."), "success")
    return redirect(client_page_url(client))


@bp.route("/clients/<int:client_id>/pin", methods=["GET", "POST"])
@staff_required
def pin_set(client_id: int):
    """A page the coach hands to the client: the client types a new PIN twice."""
    client = get_client_for(current_user, client_id)
    form = PinForm()
    if form.validate_on_submit():
        client.pin_hash = hash_secret(form.pin.data)
        unlock_pin(client)  # a new PIN starts with a clean slate
        audit.record(client, "pin_set")  # the hash is masked in the trail
        db.session.commit()
        flash(_("Uusi PIN-koodi on tallennettu. Se toimii kioskilla heti."), "success")
        return redirect(client_page_url(client))
    status = 400 if form.is_submitted() else 200
    locked = pin_locked_until(client)
    return render_template("enrolment/pin.html", form=form, client=client,
                           locked_until=format_time(locked, "short") if locked else None), status
