"""The manager's unit screens: the list, a unit's page with its closure calendar, the form."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice
from sqlalchemy.orm import selectinload

from webapp import audit
from webapp.accounts.access import manager_required
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.htmx import render_page_or_fragment
from webapp.units import bp
from webapp.units.closures import closure_days
from webapp.units.forms import WEEKDAYS, ClosureForm, HolidaysForm, RemoveClosureForm, UnitForm
from webapp.units.logic import active_coaches, add_holidays, closures_split, hours_as_data, name_taken, save_unit
from webapp.units.models import Closure, Unit


def get_unit(unit_id: int) -> Unit:
    """The one way to fetch a unit for these screens: 404 when there is none."""
    unit = db.session.scalar(
        db.select(Unit).where(Unit.id == unit_id)
        .options(selectinload(Unit.opening_hours), selectinload(Unit.coaches), selectinload(Unit.closures))
    )
    if unit is None:
        abort(404)
    return unit


@bp.get("/units")
@manager_required
def index():
    units = db.session.scalars(
        db.select(Unit).options(selectinload(Unit.coaches)).order_by(Unit.active.desc(), Unit.name)
    ).all()
    return render_template("units/index.html", units=units)


def _coach_choices(form: UnitForm, unit: Unit | None) -> None:
    coaches = {p.id: p for p in active_coaches()}
    for person in (unit.coaches if unit is not None else ()):
        coaches.setdefault(person.id, person)  # a deactivated coach can still be taken off
    form.coaches.choices = [
        SelectChoice(p.id, p.full_name if p.active else _("%(name)s (ei käytössä)", name=p.full_name))
        for p in sorted(coaches.values(), key=lambda p: (p.last_name, p.first_name))
    ]


def _unit_form(unit: Unit | None):
    form = UnitForm(data=None if unit is None else {
        "name": unit.name, "street_address": unit.street_address, "postal_code": unit.postal_code,
        "city": unit.city, "lunch_time": unit.lunch_time, "active": unit.active,
        "hours": hours_as_data(unit), "coaches": [c.id for c in unit.coaches],
    })
    if unit is None and not form.is_submitted():
        for entry, day in zip(form.hours.entries, hours_as_data(None)):
            entry.form.is_open.data = day["is_open"]
    _coach_choices(form, unit)
    return form


def _save_unit_form(form: UnitForm, unit: Unit | None):
    """Validate and save; the answer is a redirect, or None when the form has errors."""
    if not form.validate_on_submit():
        return None
    if name_taken(Unit, Unit.name, form.name.data, unit.id if unit else None):
        form.name.errors.append(_("Toimipiste tällä nimellä on jo olemassa."))
        return None
    creating = unit is None
    unit = unit or Unit()
    try:
        save_unit(unit, form, creating=creating)
        db.session.commit()
    except IntegrityError:  # someone took the name a moment ago
        db.session.rollback()
        form.name.errors.append(_("Toimipiste tällä nimellä on jo olemassa."))
        return None
    flash(_("Toimipiste %(name)s on tallennettu.", name=unit.name), "success")
    return redirect(url_for("units.detail", unit_id=unit.id))


@bp.route("/units/new", methods=["GET", "POST"])
@manager_required
def new():
    form = _unit_form(None)
    if (done := _save_unit_form(form, None)) is not None:
        return done
    status = 400 if form.is_submitted() else 200
    return render_template("units/form.html", form=form, unit=None, weekdays=WEEKDAYS), status


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@manager_required
def edit(unit_id: int):
    unit = get_unit(unit_id)
    form = _unit_form(unit)
    if (done := _save_unit_form(form, unit)) is not None:
        return done
    status = 400 if form.is_submitted() else 200
    return render_template("units/form.html", form=form, unit=unit, weekdays=WEEKDAYS), status


def _closure_context(unit: Unit, closure_form=None, holidays_form=None, message=None, conflicts=(),
                     remove_form=None, remove_errors_for=None) -> dict:
    """conflicts: the confirmed days a closure being added would fall on (the warning);
    remove_form with remove_errors_for: a deletion refused for its reason, shown at its closure."""
    today = clock.today()
    upcoming, past = closures_split(unit, today)
    return {
        "unit": unit, "upcoming": upcoming, "past": past, "weekdays": WEEKDAYS,
        "closure_form": closure_form or ClosureForm(formdata=None),
        "holidays_form": holidays_form or HolidaysForm(formdata=None, year=today.year),
        "message": message, "conflicts": conflicts,
        "remove_form": remove_form or RemoveClosureForm(formdata=None), "remove_errors_for": remove_errors_for,
    }


@bp.get("/units/<int:unit_id>")
@manager_required
def detail(unit_id: int):
    unit = get_unit(unit_id)
    return render_page_or_fragment("units/detail.html", "units/_closures.html", **_closure_context(unit))


def _closures_answer(unit: Unit, status: int = 200, message: tuple[str, str] | None = None, **forms):
    """After a closure change: htmx gets the list fragment with the message in it; a plain
    form post is redirected to the page (the message flashed), or sees its errors there."""
    if status == 200 and not request.htmx:
        if message:
            flash(message[0], message[1])
        return redirect(url_for("units.detail", unit_id=unit.id) + "#closures")
    body, headers = render_page_or_fragment("units/detail.html", "units/_closures.html",
                                            **_closure_context(unit, message=message, **forms))
    return body, status, headers


def _marked_words(marked: int) -> str:
    return ngettext("%(num)d käsitelty päivä odottaa ohjaajan tarkistusta päivän näkymässä.",
                    "%(num)d käsiteltyä päivää odottaa ohjaajan tarkistusta päivän näkymässä.", marked)


@bp.post("/units/<int:unit_id>/closures")
@manager_required
def closure_add(unit_id: int):
    """Add a closure. When days are already confirmed in it, the first post only shows them and
    asks again (409); the same dates posted with the confirmation are saved, and those days
    wait for the coach on the day board, unchanged."""
    unit = get_unit(unit_id)
    form = ClosureForm()
    if not form.validate_on_submit():
        return _closures_answer(unit, 400, closure_form=form)
    first, last = form.first_and_last
    days = closure_days()
    decided = days.decided_in(unit, first, last)
    if decided and form.confirm.data != form.days_seen():
        form.confirm.data = form.days_seen()
        return _closures_answer(unit, 409, closure_form=form, conflicts=decided)
    closure = Closure(unit=unit, starts_on=first, ends_on=last, reason=form.reason.data)
    db.session.add(closure)
    audit.record(closure, "create")
    marked = days.closure_added(unit, first, last, closure.reason)
    db.session.commit()
    words = _("Sulkupäivä lisätty: %(reason)s.", reason=closure.reason)
    if marked:
        return _closures_answer(unit, message=(f"{words} {_marked_words(marked)}", "warning"))
    return _closures_answer(unit, message=(words, "success"))


@bp.post("/units/<int:unit_id>/closures/<int:closure_id>/delete")
@manager_required
def closure_delete(unit_id: int, closure_id: int):
    """Remove a closure: the manager confirms it by writing why (kept in the audit event)."""
    unit = get_unit(unit_id)
    closure = next((c for c in unit.closures if c.id == closure_id), None)
    if closure is None:
        abort(404)
    form = RemoveClosureForm()
    if not form.validate_on_submit():
        return _closures_answer(unit, 400, remove_form=form, remove_errors_for=closure.id)
    first, last, reason = closure.starts_on, closure.ends_on, closure.reason
    audit.record(closure, "delete", reason=form.reason.data, changes={
        "starts_on": [first.isoformat(), None], "ends_on": [last.isoformat(), None], "reason": [reason, None]})
    unit.closures.remove(closure)
    db.session.delete(closure)
    closure_days().closure_removed(unit, first, last, form.reason.data)
    db.session.commit()
    return _closures_answer(unit, message=(_("Sulkupäivä poistettu: %(reason)s.", reason=reason), "success"))


@bp.post("/units/<int:unit_id>/holidays")
@manager_required
def holidays_add(unit_id: int):
    unit = get_unit(unit_id)
    form = HolidaysForm()
    if not form.validate_on_submit():
        return _closures_answer(unit, 400, holidays_form=form)
    added = add_holidays(unit, form.year.data)
    days = closure_days()
    marked = sum(days.closure_added(unit, c.starts_on, c.ends_on, c.reason) for c in added)
    db.session.commit()
    if added:
        words = ngettext("Lisättiin %(num)d pyhäpäivä vuodelle %(year)d.",
                         "Lisättiin %(num)d pyhäpäivää vuodelle %(year)d.", len(added), year=form.year.data)
        message = (f"{words} {_marked_words(marked)}", "warning") if marked else (words, "success")
    else:
        message = (_("Vuoden %(year)d pyhäpäivät olivat jo kalenterissa.", year=form.year.data), "info")
    return _closures_answer(unit, message=message)
