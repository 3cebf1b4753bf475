"""Skills and card trainings: a coach records them on the client's page, the client sees her own
on her phone, a coach prints the competence certificate (osaamistodistus) of a period, and a
manager keeps the qualification units and the kinds of card training.

Staff who may see the client (a coach of her unit, her own coach, a manager) record, correct and
remove; the client and the kitchen get 403, other staff 404. /me/skills is the client's own (staff
403). /settings/skills is a manager's. A success redirects (303); a refusal draws the form again
with its messages (400) and saves nothing.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp import audit
from webapp.audit import access
from webapp.accounts.access import manager_required, roles_required, staff_required
from webapp.accounts.models import Role
from webapp.clients import parts as client_page
from webapp.clients.access import get_client_for, own_profile
from webapp.clients.models import ServicePeriod
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.errors import render_error
from webapp.lib.pdf import pdf_bytes, pdf_response
from webapp.lib.text import plain_code, unique_code
from webapp.skills import bp, rules
from webapp.skills.forms import (CorrectSkillForm, CorrectTrainingForm, QualificationUnitForm, RemoveForm, SkillForm,
                                 TrainingForm, TrainingKindForm)
from webapp.skills.models import QualificationUnit, Skill, Training, TrainingKind

NO_STORE = {"Cache-Control": "no-store"}


@bp.app_context_processor
def _skill_words():
    return {"training_status": rules.status, "training_status_word": rules.STATUS_WORDS}


# --- Fetching, through the one access helper ----------------------------------------------------

def _client(client_id: int):
    return get_client_for(current_user, client_id)  # 404 for staff who may not see her


def _skill(skill_id: int) -> Skill:
    skill = db.session.get(Skill, skill_id)
    if skill is None:
        abort(404)
    _client(skill.client_id)
    return skill


def _training(training_id: int) -> Training:
    training = db.session.get(Training, training_id)
    if training is None:
        abort(404)
    _client(training.client_id)
    return training


def _period(period_id: int) -> ServicePeriod:
    period = db.session.get(ServicePeriod, period_id)
    if period is None:
        abort(404)
    _client(period.client_id)
    return period


# --- The coach's page of one client ---------------------------------------------------------------

def _overview(client, status=200, *, remove=None):
    """The client's skills and trainings. remove is (key, form) of an inline form that was refused."""
    skills, trainings = rules.skills_of(client), rules.trainings_of(client)
    return render_template(
        "skills/client.html", client=client, skills=skills, trainings=trainings, today=clock.today(),
        skill_fixes=rules.corrections(skills), training_fixes=rules.corrections(trainings),
        periods=list(client.periods), remove=remove or (None, RemoveForm(formdata=None)),
    ), status, NO_STORE


def _back(client, anchor: str, message: str):
    flash(message, "success")
    return redirect(url_for("skills.client_skills", client_id=client.person_id, _anchor=anchor), 303)


@bp.get("/clients/<int:client_id>/skills")
@staff_required
def client_skills(client_id: int):
    client = _client(client_id)
    access.log_read(current_user, client.person_id, "skills")
    return _overview(client)


def _skill_page(client, form, status=200, skill=None):
    return render_template("skills/skill_form.html", client=client, form=form, skill=skill), status, NO_STORE


def _check_skill(client, form) -> bool:
    valid = form.validate_on_submit()
    if form.is_submitted() and form.shown_on.data is not None:
        problems = rules.skill_day_problems(client, form.shown_on.data, clock.today())
        form.shown_on.errors = list(form.shown_on.errors) + problems
        valid = valid and not problems
    return valid


def _skill_values(form) -> dict:
    return dict(text=form.text.data.strip(), task=form.task.data.strip(), shown_on=form.shown_on.data,
                qualification_unit_id=form.qualification_unit.data)


@bp.route("/clients/<int:client_id>/skills/new", methods=["GET", "POST"])
@staff_required
def add_skill(client_id: int):
    client = _client(client_id)
    form = SkillForm(shown_on=clock.today()).with_units(rules.qualification_units())
    if not _check_skill(client, form):
        return _skill_page(client, form, 400 if form.is_submitted() else 200)
    skill = Skill(client_id=client.person_id, created_by_id=current_user.id, **_skill_values(form))
    db.session.add(skill)
    audit.record(skill, "create")
    db.session.commit()
    return _back(client, f"skill-{skill.id}", _("Taito on tallennettu."))


@bp.route("/skills/<int:skill_id>/correct", methods=["GET", "POST"])
@staff_required
def correct_skill(skill_id: int):
    skill = _skill(skill_id)
    client = _client(skill.client_id)
    if skill.removed_at is not None:
        return render_error(409, _("Tämä taito on poistettu. Poistettua tietoa ei korjata."))
    if request.method == "GET":
        access.log_read(current_user, client.person_id, "skills")
    form = CorrectSkillForm(data=dict(text=skill.text, task=skill.task, shown_on=skill.shown_on,
                                      qualification_unit=skill.qualification_unit_id))
    form.with_units(rules.qualification_units(include=skill.qualification_unit))
    if not _check_skill(client, form):
        return _skill_page(client, form, 400 if form.is_submitted() else 200, skill)
    values = _skill_values(form)
    if all(getattr(skill, name) == value for name, value in values.items()):
        form.text.errors = [_("Mikään ei muuttunut. Korjaa taitoa, työtehtävää, päivää tai tutkinnon osaa.")]
        return _skill_page(client, form, 400, skill)
    for name, value in values.items():
        setattr(skill, name, value)
    audit.record(skill, "correct", reason=form.reason.data.strip())
    db.session.commit()
    return _back(client, f"skill-{skill.id}", _("Taito on korjattu. Aiemmat tiedot ja syy säilyvät."))


def _remove(row, anchor: str, refused_message: str, done: str):
    client = _client(row.client_id)
    if row.removed_at is not None:
        return render_error(409, refused_message)
    form = RemoveForm()
    if not form.validate_on_submit():
        return _overview(client, 400, remove=(anchor, form))
    row.removed_at, row.removed_by_id, row.removed_reason = clock.now(), current_user.id, form.reason.data.strip()
    audit.record(row, "remove", reason=row.removed_reason)
    db.session.commit()
    return _back(client, anchor, done)


@bp.post("/skills/<int:skill_id>/remove")
@staff_required
def remove_skill(skill_id: int):
    skill = _skill(skill_id)
    return _remove(skill, f"skill-{skill.id}", _("Tämä taito on jo poistettu."),
                   _("Taito on poistettu. Se näkyy yliviivattuna syineen."))


def _training_page(client, form, status=200, training=None):
    kinds = rules.training_kinds(include=training.kind if training else None)
    return render_template("skills/training_form.html", client=client, form=form, training=training,
                           kinds=kinds), status, NO_STORE


def _check_training(form) -> TrainingKind | None:
    """The chosen kind if the form is valid, else None (with the form's messages set)."""
    valid = form.validate_on_submit()
    if form.is_submitted() and form.completed_on.data is not None:
        done, expiry = rules.training_day_problems(form.completed_on.data, form.expires_on.data, clock.today())
        form.completed_on.errors = list(form.completed_on.errors) + done
        form.expires_on.errors = list(form.expires_on.errors) + expiry
        valid = valid and not done and not expiry
    kind = db.session.get(TrainingKind, form.training_kind.data) if valid else None
    return kind


def _training_values(form, kind: TrainingKind) -> dict:
    expires_on = form.expires_on.data or rules.expiry_for(kind, form.completed_on.data)
    return dict(kind_id=kind.id, completed_on=form.completed_on.data, expires_on=expires_on,
                note=(form.note.data or "").strip())


@bp.route("/clients/<int:client_id>/trainings/new", methods=["GET", "POST"])
@staff_required
def add_training(client_id: int):
    client = _client(client_id)
    form = TrainingForm(completed_on=clock.today()).with_kinds(rules.training_kinds())
    kind = _check_training(form)
    if kind is None:
        return _training_page(client, form, 400 if form.is_submitted() else 200)
    training = Training(client_id=client.person_id, created_by_id=current_user.id, **_training_values(form, kind))
    db.session.add(training)
    audit.record(training, "create")
    db.session.commit()
    return _back(client, f"training-{training.id}", _("Koulutus on tallennettu."))


@bp.route("/trainings/<int:training_id>/correct", methods=["GET", "POST"])
@staff_required
def correct_training(training_id: int):
    training = _training(training_id)
    client = _client(training.client_id)
    if training.removed_at is not None:
        return render_error(409, _("Tämä koulutus on poistettu. Poistettua tietoa ei korjata."))
    if request.method == "GET":
        access.log_read(current_user, client.person_id, "skills")
    form = CorrectTrainingForm(data=dict(training_kind=training.kind_id, completed_on=training.completed_on,
                                         expires_on=training.expires_on, note=training.note))
    form.with_kinds(rules.training_kinds(include=training.kind))
    kind = _check_training(form)
    if kind is None:
        return _training_page(client, form, 400 if form.is_submitted() else 200, training)
    values = _training_values(form, kind)
    if all(getattr(training, name) == value for name, value in values.items()):
        form.completed_on.errors = [_("Mikään ei muuttunut. Korjaa koulutusta, päiviä tai lisätietoa.")]
        return _training_page(client, form, 400, training)
    for name, value in values.items():
        setattr(training, name, value)
    audit.record(training, "correct", reason=form.reason.data.strip())
    db.session.commit()
    return _back(client, f"training-{training.id}", _("Koulutus on korjattu. Aiemmat tiedot ja syy säilyvät."))


@bp.post("/trainings/<int:training_id>/remove")
@staff_required
def remove_training(training_id: int):
    training = _training(training_id)
    return _remove(training, f"training-{training.id}", _("Tämä koulutus on jo poistettu."),
                   _("Koulutus on poistettu. Se näkyy yliviivattuna syineen."))


# --- The competence certificate (osaamistodistus) --------------------------------------------------

def _certificate_html(period, *, for_pdf: bool) -> str:
    """The certificate as the preview page or as the PDF's own page, issued now by the viewer."""
    skills, trainings = rules.for_certificate(period)
    return render_template("skills/certificate_pdf.html" if for_pdf else "skills/certificate.html",
                           period=period, client=period.client, unit=period.unit, groups=rules.grouped(skills),
                           trainings=trainings, issued_by=current_user, issued_on=clock.today())


@bp.get("/periods/<int:period_id>/competence")
@staff_required
def certificate(period_id: int):
    period = _period(period_id)
    access.log_read(current_user, period.client_id, "competence")
    return _certificate_html(period, for_pdf=False), NO_STORE


@bp.get("/periods/<int:period_id>/competence.pdf")
@staff_required
def certificate_pdf(period_id: int):
    period = _period(period_id)
    access.log_read(current_user, period.client_id, "competence_pdf")
    name = plain_code(period.client.person.last_name, sep="-", limit=60, fallback="asiakas")
    return pdf_response(pdf_bytes(_certificate_html(period, for_pdf=True)),
                        f"osaamistodistus-{name}-{period.starts_on.isoformat()}")


# --- The client's own page -----------------------------------------------------------------------

@bp.get("/me/skills")
@roles_required(Role.CLIENT)
def mine():
    client = own_profile()
    return render_template("skills/mine.html", skills=rules.skills_of(client, removed=False),
                           trainings=rules.trainings_of(client, removed=False), today=clock.today()), NO_STORE


# --- On the client's page ------------------------------------------------------------------------

def for_client_page(viewer, client, today):
    """The latest skills and every training still on record, for the client's page."""
    skills = rules.skills_of(client, removed=False)
    return dict(skills=skills[:5], more=max(0, len(skills) - 5),
                trainings=rules.trainings_of(client, removed=False), today=today)


client_page.add("skills/_client_part.html", for_client_page)


# --- A manager's reference data ------------------------------------------------------------------

def _settings(status=200, *, unit_form=None, kind_form=None):
    units = db.session.scalars(db.select(QualificationUnit).order_by(
        QualificationUnit.active.desc(), QualificationUnit.qualification, QualificationUnit.name)).all()
    kinds = db.session.scalars(db.select(TrainingKind).order_by(TrainingKind.active.desc(), TrainingKind.name_fi)).all()
    return render_template("skills/settings.html", units=units, kinds=kinds,
                           unit_form=unit_form or QualificationUnitForm(formdata=None),
                           kind_form=kind_form or TrainingKindForm(formdata=None)), status, NO_STORE


@bp.get("/settings/skills")
@manager_required
def settings():
    return _settings()


def _unit_values(form) -> dict:
    return dict(qualification=form.qualification.data.strip(), name=form.name.data.strip(),
                code=(form.code.data or "").strip(), active=form.active.data)


@bp.post("/settings/skills/units")
@manager_required
def add_unit():
    form = QualificationUnitForm()
    if not form.validate_on_submit():
        return _settings(400, unit_form=form)
    unit = QualificationUnit(example=False, **_unit_values(form))
    db.session.add(unit)
    audit.record(unit, "create")
    db.session.commit()
    flash(_("Tutkinnon osa on lisätty."), "success")
    return redirect(url_for("skills.settings", _anchor="units"), 303)


@bp.route("/settings/skills/units/<int:unit_id>", methods=["GET", "POST"])
@manager_required
def edit_unit(unit_id: int):
    unit = db.session.get(QualificationUnit, unit_id)
    if unit is None:
        abort(404)
    form = QualificationUnitForm(obj=unit)
    if not form.validate_on_submit():
        return render_template("skills/unit_form.html", unit=unit, form=form), \
            400 if form.is_submitted() else 200, NO_STORE
    for name, value in _unit_values(form).items():
        setattr(unit, name, value)
    unit.example = False  # a manager has looked at it
    audit.record(unit, "update")
    db.session.commit()
    flash(_("Tutkinnon osa on tallennettu."), "success")
    return redirect(url_for("skills.settings", _anchor="units"), 303)


def _kind_code(name: str) -> str:
    """A code for a new kind from its Finnish name, unique among the kinds."""
    return unique_code(plain_code(name, fallback="koulutus"), lambda code: db.session.scalar(
        db.select(TrainingKind.id).where(TrainingKind.code == code)) is not None)


def _kind_values(form) -> dict:
    return dict(name_fi=form.name_fi.data.strip(), name_sv=(form.name_sv.data or "").strip(),
                name_en=(form.name_en.data or "").strip(), valid_months=form.valid_months.data,
                active=form.active.data)


@bp.post("/settings/skills/kinds")
@manager_required
def add_kind():
    form = TrainingKindForm()
    if not form.validate_on_submit():
        return _settings(400, kind_form=form)
    kind = TrainingKind(code=_kind_code(form.name_fi.data.strip()), **_kind_values(form))
    db.session.add(kind)
    audit.record(kind, "create")
    db.session.commit()
    flash(_("Koulutus on lisätty."), "success")
    return redirect(url_for("skills.settings", _anchor="kinds"), 303)


@bp.route("/settings/skills/kinds/<int:kind_id>", methods=["GET", "POST"])
@manager_required
def edit_kind(kind_id: int):
    kind = db.session.get(TrainingKind, kind_id)
    if kind is None:
        abort(404)
    form = TrainingKindForm(obj=kind)
    if not form.validate_on_submit():
        return render_template("skills/kind_form.html", kind=kind, form=form), \
            400 if form.is_submitted() else 200, NO_STORE
    for name, value in _kind_values(form).items():
        setattr(kind, name, value)
    audit.record(kind, "update")
    db.session.commit()
    flash(_("Koulutus on tallennettu. Jo kirjattujen koulutusten päivät eivät muutu."), "success")
    return redirect(url_for("skills.settings", _anchor="kinds"), 303)
