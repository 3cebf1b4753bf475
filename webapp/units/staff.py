"""The manager's staff screens: managers, coaches and the kitchen. Clients are never handled here."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice
from sqlalchemy.orm import selectinload

from webapp import audit
from webapp.accounts import throttle
from webapp.accounts.access import manager_required
from webapp.accounts.models import STAFF_ROLES, Person, Role
from webapp.accounts.passwords import hash_secret
from webapp.extensions import db
from webapp.units import bp
from webapp.units.forms import NewStaffForm, StaffForm
from webapp.units.logic import name_taken
from webapp.units.models import Unit

STAFF = tuple(r.value for r in STAFF_ROLES)


def get_staff_member(person_id: int) -> Person:
    """A manager, coach or kitchen worker by id; 404 for anyone else (clients included)."""
    person = db.session.scalar(
        db.select(Person).where(Person.id == person_id, Person.role.in_(STAFF))
        .options(selectinload(Person.units))
    )
    if person is None:
        abort(404)
    return person


@bp.get("/staff")
@manager_required
def staff():
    people = db.session.scalars(
        db.select(Person).where(Person.role.in_(STAFF)).options(selectinload(Person.units))
        .order_by(Person.active.desc(), Person.last_name, Person.first_name)
    ).all()
    return render_template("units/staff.html", people=people, locked=throttle.locked_accounts())


def _unit_choices(form, person: Person | None) -> None:
    units = db.session.scalars(db.select(Unit).order_by(Unit.name)).all()
    mine = {u.id for u in person.units} if person else set()
    form.units.choices = [
        SelectChoice(u.id, u.name if u.active else _("%(name)s (ei käytössä)", name=u.name))
        for u in units if u.active or u.id in mine
    ]


def _check_rules(form, person: Person | None) -> bool:
    """The rules a form alone cannot know; each break is an error on its field."""
    ok = True
    if name_taken(Person, Person.email, form.email.data, person.id if person else None):
        form.email.errors.append(_("Tällä sähköpostiosoitteella on jo tunnus."))
        ok = False
    if person is not None and person.id == current_user.id:
        if form.role.data != Role.ADMIN.value:
            form.role.errors.append(_("Et voi poistaa itseltäsi esihenkilön oikeuksia."))
            ok = False
        if not form.active.data:
            form.active.errors.append(_("Et voi poistaa omaa tunnustasi käytöstä."))
            ok = False
    return ok


def _save(form, person: Person | None):
    """Validate and save; the answer is a redirect, or None when the form has errors."""
    if not form.validate_on_submit() or not _check_rules(form, person):
        return None
    creating = person is None
    chosen = set(form.units.data or ()) if form.role.data == Role.COACH.value else set()
    units = db.session.scalars(db.select(Unit).where(Unit.id.in_(chosen)).order_by(Unit.name)).all() \
        if chosen else []
    before_units = [] if creating else [u.id for u in person.units]
    was_active = True if creating else person.active
    with db.session.no_autoflush:
        person = person or Person()
        person.first_name, person.last_name = form.first_name.data, form.last_name.data
        person.email, person.role = form.email.data, form.role.data
        person.language, person.active = form.language.data, form.active.data
        person.units = units
        if form.password.data:
            person.password_hash = hash_secret(form.password.data)
            if not creating:
                person.sign_out_everywhere()  # a new password: old sessions end
        if was_active and not person.active:
            person.sign_out_everywhere()
        if creating:
            db.session.add(person)
        changes = audit.changes_of(person)
    after_units = sorted(u.id for u in units)
    if sorted(before_units) != after_units:
        changes["units"] = [sorted(before_units) or None, after_units]
    try:
        audit.record(person, "create" if creating else "update", changes=changes)
        db.session.commit()
    except IntegrityError:  # the same email saved a moment ago elsewhere
        db.session.rollback()
        form.email.errors.append(_("Tällä sähköpostiosoitteella on jo tunnus."))
        return None
    flash(_("%(name)s on tallennettu.", name=person.full_name), "success")
    return redirect(url_for("units.staff"))


@bp.route("/staff/new", methods=["GET", "POST"])
@manager_required
def staff_new():
    form = NewStaffForm()
    if not form.is_submitted():
        form.role.data = Role.COACH.value
    _unit_choices(form, None)
    if (done := _save(form, None)) is not None:
        return done
    status = 400 if form.is_submitted() else 200
    return render_template("units/staff_form.html", form=form, person=None), status


@bp.route("/staff/<int:person_id>/edit", methods=["GET", "POST"])
@manager_required
def staff_edit(person_id: int):
    person = get_staff_member(person_id)
    form = StaffForm(data={
        "first_name": person.first_name, "last_name": person.last_name, "email": person.email,
        "role": person.role, "language": person.language, "active": person.active,
        "units": [u.id for u in person.units],
    })
    _unit_choices(form, person)
    if (done := _save(form, person)) is not None:
        return done
    status = 400 if form.is_submitted() else 200
    return render_template("units/staff_form.html", form=form, person=person), status
