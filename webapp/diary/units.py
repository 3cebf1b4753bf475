"""A unit's activity chips: what its clients' diaries offer as "what did I do today".

The manager and the unit's own coaches keep the list. A chip is never deleted, only switched
off: old entries keep their labels as they were written."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import AnyOf, DataRequired, Length

from webapp import audit
from webapp.accounts.access import staff_required
from webapp.diary import bp
from webapp.diary.models import LABEL_MAX, UnitActivity
from webapp.extensions import db
from webapp.lib import pictograms
from webapp.lib.htmx import render_page_or_fragment
from webapp.units.access import get_unit_for
from webapp.units.models import Unit


class ActivityForm(FlaskForm):
    label = StringField(_l("Uusi toiminta"), filters=[lambda v: " ".join(v.split()) if v else v],
                        validators=[DataRequired(message=_l("Kirjoita toiminnan nimi.")),
                                    Length(max=LABEL_MAX, message=_l("Nimi on liian pitkä (enintään %(max)d merkkiä).",
                                                                     max=LABEL_MAX))])
    pictogram = StringField(_l("Kuva"), filters=[lambda v: (v or "").strip()],
                            validators=[AnyOf(["", *pictograms.CHOICES], message=_l("Valitse kuva luettelosta."))])


class PictureForm(FlaskForm):
    """A picture for one of the unit's activities: a name from lib/pictograms, or none (then the
    picture its words suggest)."""
    pictogram = StringField(_l("Kuva"), filters=[lambda v: (v or "").strip()],
                            validators=[AnyOf(["", *pictograms.CHOICES], message=_l("Valitse kuva luettelosta."))])


def _activities(unit: Unit) -> list[UnitActivity]:
    return list(db.session.scalars(db.select(UnitActivity).where(UnitActivity.unit_id == unit.id)
                                   .order_by(UnitActivity.position, UnitActivity.label)))


def _picker_choices() -> list[tuple[str, str]]:
    return [(name, pictograms.describe(name)) for name in pictograms.CHOICES]


def _answer(unit: Unit, form: ActivityForm, status: int = 200, done: str | None = None):
    response, headers = render_page_or_fragment("diary/unit_activities.html", "diary/unit_activity_list.html",
                                                unit=unit, activities=_activities(unit), form=form, done=done,
                                                picture_for=_picture_for, picker_choices=_picker_choices())
    return response, status, headers


@bp.get("/units/<int:unit_id>/activities")
@staff_required
def unit_activities(unit_id: int):
    unit = get_unit_for(current_user, unit_id)
    return _answer(unit, ActivityForm(formdata=None))


@bp.post("/units/<int:unit_id>/activities")
@staff_required
def unit_activity_add(unit_id: int):
    unit = get_unit_for(current_user, unit_id)
    form = ActivityForm()
    if form.validate_on_submit():
        label = form.label.data
        taken = {a.label.casefold() for a in _activities(unit)}
        if label.casefold() in taken:
            form.label.errors = [_("Toimipisteellä on jo tämä toiminta.")]
        else:
            last = db.session.scalar(db.select(db.func.max(UnitActivity.position))
                                     .where(UnitActivity.unit_id == unit.id))
            activity = UnitActivity(unit_id=unit.id, label=label, active=True, position=(last or 0) + 1,
                                    pictogram=form.pictogram.data or None)
            db.session.add(activity)
            audit.record(activity, "create")
            db.session.commit()
            if not request.htmx:
                return redirect(url_for("diary.unit_activities", unit_id=unit.id), 303)
            return _answer(unit, ActivityForm(formdata=None), done=_("Lisätty: %(label)s", label=label))
    if not form.label.errors and not form.pictogram.errors:
        form.label.errors = [_("Kirjoita toiminnan nimi.")]
    return _answer(unit, form, 400)


@bp.post("/units/<int:unit_id>/activities/<int:activity_id>/toggle")
@staff_required
def unit_activity_toggle(unit_id: int, activity_id: int):
    unit = get_unit_for(current_user, unit_id)
    activity = db.session.get(UnitActivity, activity_id)
    if activity is None or activity.unit_id != unit.id:
        abort(404)
    activity.active = not activity.active
    audit.record(activity, "update")
    db.session.commit()
    if not request.htmx:
        return redirect(url_for("diary.unit_activities", unit_id=unit.id), 303)
    done = (_("Käytössä: %(label)s", label=activity.label) if activity.active
            else _("Pois käytöstä: %(label)s", label=activity.label))
    return _answer(unit, ActivityForm(formdata=None), done=done)


def _picture_for(activity: UnitActivity) -> str:
    """The picture the clients see beside this activity: the chosen one, else its words'."""
    return activity.pictogram if pictograms.known(activity.pictogram) else pictograms.for_label(activity.label)


def _unit_activity(unit: Unit, activity_id: int) -> UnitActivity:
    activity = db.session.get(UnitActivity, activity_id)
    if activity is None or activity.unit_id != unit.id:
        abort(404)
    return activity


@bp.route("/units/<int:unit_id>/activities/<int:activity_id>/picture", methods=["GET", "POST"])
@staff_required
def unit_activity_picture(unit_id: int, activity_id: int):
    """Choose the activity's picture from the set: radio buttons with the pictures (no JavaScript)."""
    unit = get_unit_for(current_user, unit_id)
    activity = _unit_activity(unit, activity_id)
    if request.method == "GET":
        form = PictureForm(formdata=None, pictogram=activity.pictogram or "")
        status = 200
    else:
        form = PictureForm()
        if form.validate_on_submit():
            activity.pictogram = form.pictogram.data or None
            audit.record(activity, "update")
            db.session.commit()
            return redirect(url_for("diary.unit_activities", unit_id=unit.id), 303)
        status = 400
    return render_template("diary/unit_activity_picture.html", unit=unit, activity=activity, form=form,
                           picture_for=_picture_for, picker_choices=_picker_choices(),
                           auto_picture=pictograms.for_label(activity.label)), status
