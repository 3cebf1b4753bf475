"""Reference data kept as data: service types, special diets and municipalities.

Rows are added and edited, never deleted (periods and clients point at them); a service
type that is no longer offered is deactivated instead.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.accounts.access import manager_required
from webapp.reference.models import Diet, Municipality
from webapp.extensions import db
from webapp.reference.models import ServiceType
from webapp.units import bp
from webapp.units.forms import DietForm, MunicipalityForm, ServiceTypeForm
from webapp.units.logic import save_unique

# kind: (model, form, the unique field, its "taken" message, the section's heading, its add button)
KINDS = {
    "service_type": (ServiceType, ServiceTypeForm, "code", _l("Tällä tunnuksella on jo palvelumuoto."),
                     _l("Palvelumuodot"), _l("Lisää palvelumuoto")),
    "diet": (Diet, DietForm, "code", _l("Tällä tunnuksella on jo erityisruokavalio."),
             _l("Erityisruokavaliot"), _l("Lisää erityisruokavalio")),
    "municipality": (Municipality, MunicipalityForm, "name", _l("Tämä kunta on jo listalla."),
                     _l("Kunnat"), _l("Lisää kunta")),
}


def _rows(model):
    order = model.name if model is Municipality else model.name_fi
    return db.session.scalars(db.select(model).order_by(order)).all()


def _page(status=200, **forms):
    sections = []
    for kind, (model, form_class, *_rest) in KINDS.items():
        form = forms.get(kind) or form_class(formdata=None, prefix=kind)
        sections.append({"kind": kind, "title": KINDS[kind][4], "add": KINDS[kind][5], "rows": _rows(model),
                         "form": form})
    return render_template("units/reference.html", sections=sections), status


def _save(kind: str, form, row=None) -> bool:
    """Validate, check the unique field and save with an audit event. False on errors."""
    model, _form_class, unique, taken, *_texts = KINDS[kind]
    row = save_unique(model, form, unique, taken, row)
    if row is None:
        return False
    flash(_("Tallennettu: %(name)s.", name=getattr(row, "name_fi", None) or row.name), "success")
    return True


@bp.get("/settings/reference")
@manager_required
def reference():
    return _page()


def _add(kind: str):
    form = KINDS[kind][1](prefix=kind)
    if _save(kind, form):
        return redirect(url_for("units.reference") + "#" + kind)
    return _page(400, **{kind: form})


def _edit(kind: str, row_id: int):
    model, form_class, *_rest = KINDS[kind]
    row = db.session.get(model, row_id)
    if row is None:
        abort(404)
    form = form_class(obj=row)
    if _save(kind, form, row):
        return redirect(url_for("units.reference") + "#" + kind)
    status = 400 if form.is_submitted() else 200
    return render_template("units/reference_edit.html", form=form, row=row, kind=kind,
                           title=KINDS[kind][4]), status


@bp.post("/settings/reference/service-types")
@manager_required
def service_type_new():
    return _add("service_type")


@bp.route("/settings/reference/service-types/<int:row_id>/edit", methods=["GET", "POST"])
@manager_required
def service_type_edit(row_id: int):
    return _edit("service_type", row_id)


@bp.post("/settings/reference/diets")
@manager_required
def diet_new():
    return _add("diet")


@bp.route("/settings/reference/diets/<int:row_id>/edit", methods=["GET", "POST"])
@manager_required
def diet_edit(row_id: int):
    return _edit("diet", row_id)


@bp.post("/settings/reference/municipalities")
@manager_required
def municipality_new():
    return _add("municipality")


@bp.route("/settings/reference/municipalities/<int:row_id>/edit", methods=["GET", "POST"])
@manager_required
def municipality_edit(row_id: int):
    return _edit("municipality", row_id)
