"""The provider's own details (one row): a manager keeps them; Kela's TT3, the invoices and the
certificates print them. Every change is in the audit trail."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from webapp import audit
from webapp.accounts.access import manager_required
from webapp.extensions import db
from webapp.reference.models import organisation
from webapp.units import bp
from webapp.units.forms import OrganisationForm


@bp.route("/settings/organisation", methods=["GET", "POST"])
@manager_required
def organisation_settings():
    row = organisation()
    form = OrganisationForm(obj=row)
    if form.validate_on_submit():
        creating = row.id is None
        form.populate_obj(row)
        db.session.add(row)
        audit.record(row, "create" if creating else "update")  # reads the changes, then flushes
        db.session.commit()
        flash(_("Palveluntuottajan tiedot tallennettu."), "success")
        return redirect(url_for("units.organisation_settings"), 303)
    status = 400 if form.errors else 200
    return render_template("units/organisation.html", form=form), status
