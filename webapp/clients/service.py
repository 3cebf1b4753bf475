"""Creating and changing clients: the person, the profile and the effective-dated payer.

Views and the CSV import both go through here, so every client is saved the same way and
every change leaves an audit event.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp import audit
from webapp.accounts.models import Person, Role
from webapp.accounts.passwords import hash_secret
from webapp.clients import hetu
from webapp.clients.models import ClientProfile, PayerAssignment
from webapp.reference.models import Diet, Municipality
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.fi_ids import parse_hetu
from webapp.units.models import Unit


def active_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.active).order_by(Unit.name)))


def active_coaches() -> list[Person]:
    return list(db.session.scalars(
        select(Person).where(Person.role == Role.COACH.value, Person.active)
        .options(selectinload(Person.units)).order_by(Person.last_name, Person.first_name)))


def municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def diets() -> list[Diet]:
    return list(db.session.scalars(select(Diet).order_by(Diet.code)))


def email_taken(email: str, except_person_id: int | None = None) -> bool:
    query = select(Person.id).where(func.lower(Person.email) == email.lower())
    if except_person_id is not None:
        query = query.where(Person.id != except_person_id)
    return db.session.scalar(query) is not None


def prepare_form(form, profile: ClientProfile | None = None) -> None:
    """Fill the choices from the reference data in the database."""
    units = active_units()
    if profile is not None and profile.home_unit not in units:
        units.append(profile.home_unit)  # an archived unit stays selectable for its clients
    form.home_unit.choices = [("", _("Valitse toimipiste"))] + [(u.id, u.name) for u in units]
    form.own_coach.choices = [("", _("Valitse omaohjaaja"))] + [
        (c.id, f"{c.full_name} ({', '.join(u.name for u in c.units)})") for c in active_coaches()]
    form.home_municipality.choices = [("", _("Ei tiedossa"))] + [(m.id, m.name) for m in municipalities()]
    form.diets.choices = [(d.id, d.name) for d in diets()]


def fill_form(form, profile: ClientProfile, today: date) -> None:
    person = profile.person
    form.first_name.data = person.first_name
    form.last_name.data = person.last_name
    form.preferred_name.data = profile.preferred_name
    form.email.data = person.email or ""
    form.language.data = person.language
    form.plain_language.data = person.plain_language
    form.home_unit.data = profile.home_unit_id
    form.own_coach.data = profile.own_coach_id
    form.home_municipality.data = profile.home_municipality_id
    form.travel_compensation.data = profile.travel_compensation
    form.diets.data = [d.id for d in profile.diets]
    form.diet_note.data = profile.diet_note
    form.payer.data = profile.payer_on(today)
    form.payer_from.data = today


def check_form(form, profile: ClientProfile | None = None) -> bool:
    """The checks that need the database. Adds field errors; True when all is well."""
    ok = True
    email = (form.email.data or "").strip().lower()
    if email and email_taken(email, profile.person_id if profile else None):
        form.email.errors.append(_("Tällä sähköpostilla on jo tunnus."))
        ok = False
    if form.home_unit.data is not None and form.own_coach.data is not None:
        coach = db.session.get(Person, form.own_coach.data)
        if coach is None or form.home_unit.data not in {u.id for u in coach.units}:
            form.own_coach.errors.append(_("Omaohjaajan pitää olla valitun toimipisteen ohjaaja."))
            ok = False
    if form.hetu.data and form.hetu.data.strip():
        if not hetu.in_use():
            form.hetu.errors.append(_("Henkilötunnusta ei voi tallentaa: ylläpito ei ole asettanut salausavainta."))
            ok = False
        elif parse_hetu(form.hetu.data, clock.today()) is None:
            form.hetu.errors.append(_("Tarkista henkilötunnus: muoto on ppkkvv, välimerkki (esim. - tai A), "
                                      "kolme numeroa ja tarkiste, esimerkiksi 131052-308T."))
            ok = False
    if profile is not None and _payer_changes(form, profile):
        if any(p.valid_from == form.payer_from.data for p in profile.payers):
            form.payer_from.errors.append(
                _("Tälle päivälle on jo merkitty maksaja. Valitse toinen päivä."))
            ok = False
    return ok


def _payer_changes(form, profile: ClientProfile) -> bool:
    return profile.payer_on(form.payer_from.data) != form.payer.data


def _diet_codes(profile) -> list[str]:
    return sorted(d.code for d in profile.diets)


def save(form, profile: ClientProfile | None = None) -> ClientProfile:
    """Create a client (profile None) or change one from a validated form, with audit events.
    The caller commits."""
    # No flush until every change is made: the audit reads the changes from the session.
    with db.session.no_autoflush:
        creating = profile is None
        if creating:
            person = Person(role=Role.CLIENT.value)
            profile = ClientProfile(person=person)
            db.session.add(profile)
            diets_before = []
        else:
            person = profile.person
            diets_before = _diet_codes(profile)
        person.first_name = form.first_name.data.strip()
        person.last_name = form.last_name.data.strip()
        person.email = (form.email.data or "").strip().lower() or None
        person.language = form.language.data
        person.plain_language = bool(form.plain_language.data)
        if form.password.data:
            person.password_hash = hash_secret(form.password.data)
        profile.preferred_name = (form.preferred_name.data or "").strip()
        # Foreign keys set directly, so the audit sees them change before the flush.
        profile.home_unit_id = form.home_unit.data
        profile.own_coach_id = form.own_coach.data
        profile.home_municipality_id = form.home_municipality.data or None
        profile.travel_compensation = bool(form.travel_compensation.data)
        profile.diet_note = (form.diet_note.data or "").strip()
        profile.diets = list(db.session.scalars(select(Diet).where(Diet.id.in_(form.diets.data or []))))
        if form.hetu.data and form.hetu.data.strip():
            hetu.seal(profile, parse_hetu(form.hetu.data))
        elif form.hetu_remove.data:
            hetu.seal(profile, None)
        new_payer = None
        if creating or _payer_changes(form, profile):
            new_payer = PayerAssignment(payer=form.payer.data, valid_from=form.payer_from.data)
            profile.payers.append(new_payer)
        record_changes(person, profile, new_payer, diets_before, creating)
    return profile


def record_changes(person, profile, new_payer, diets_before, creating, reason=None) -> None:
    """Audit the person, the profile and a new payer row. Changes are read before the first
    flush (audit.record flushes), so all three are taken first."""
    action = "create" if creating else "update"
    person_changes = audit.changes_of(person)
    profile_changes = audit.changes_of(profile)
    diets_after = _diet_codes(profile)
    if diets_after != diets_before:
        profile_changes["diets"] = [diets_before, diets_after]
    payer_changes = audit.changes_of(new_payer) if new_payer is not None else None
    if creating or person_changes:
        audit.record(person, action, changes=person_changes, reason=reason)
    if creating or profile_changes:
        audit.record(profile, action, changes=profile_changes, reason=reason)
    if new_payer is not None:
        audit.record(new_payer, "create", changes=payer_changes, reason=reason)
