"""The manager's reference data for plans and evaluations: the list of next steps and the
document templates.

A next step is never deleted (final evaluations point at it); one that is no longer offered is
taken out of use. A template is never changed in place either: saving makes a new template row
for its kind and service type, which new documents use from then on, while every document
already started keeps the words it was written with (`PeriodDocument.template_id`).

GET       /settings/plans                              the next steps and the current templates
POST      /settings/plans/next-steps                   add a next step
GET, POST /settings/plans/next-steps/<id>/edit         rename, reorder, take out of use
GET, POST /settings/plans/templates/<id>/edit          a new version of a template (or a copy for
                                                       one service type)
Managers only (everyone else signed in: 403).
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from webapp import audit
from webapp.accounts.access import manager_required
from webapp.extensions import db
from webapp.goals import bp, documents
from webapp.goals.models import DOCUMENT_KINDS, DocumentTemplate, NextStep
from webapp.goals.reference_forms import NextStepForm, TemplateForm
from webapp.reference.models import ServiceType
from webapp.lib.text import plain_code, unique_code
from webapp.units.logic import save_unique

NO_STORE = {"Cache-Control": "no-store"}
EMPTY_ROWS = 2  # blank section rows under a template's own, for new parts


def _next_steps():
    return db.session.scalars(select(NextStep).order_by(NextStep.position, NextStep.name_fi)).all()


def _service_types():
    return db.session.scalars(select(ServiceType).order_by(ServiceType.name_fi)).all()


def current_templates() -> list[dict]:
    """Per kind, the newest template for every service type and the newest for one type each,
    with how many earlier versions each has."""
    rows = db.session.scalars(select(DocumentTemplate).order_by(DocumentTemplate.id)).all()
    newest: dict[tuple, DocumentTemplate] = {}
    earlier: dict[tuple, int] = {}
    for row in rows:
        scope = (row.kind, row.service_type_id)
        if scope in newest:
            earlier[scope] = earlier.get(scope, 0) + 1
        newest[scope] = row
    types = {t.id: t for t in _service_types()}
    found = []
    for kind in DOCUMENT_KINDS:
        scopes = sorted((s for s in newest if s[0] == kind), key=lambda s: (s[1] is not None, s[1] or 0))
        for scope in scopes:
            found.append({"template": newest[scope], "kind": documents.KIND_NAMES[kind],
                          "service_type": types.get(scope[1]), "earlier": earlier.get(scope, 0)})
    return found


def _page(status=200, form=None):
    return render_template("goals/reference.html", steps=_next_steps(), templates=current_templates(),
                           form=form or NextStepForm(formdata=None, prefix="step")), status, NO_STORE


def _save_step(form, row=None) -> bool:
    row = save_unique(NextStep, form, "code", _("Tällä tunnuksella on jo jatkopolku."), row)
    if row is None:
        return False
    flash(_("Tallennettu: %(name)s.", name=row.name_fi), "success")
    return True


@bp.get("/settings/plans")
@manager_required
def reference():
    return _page()


@bp.post("/settings/plans/next-steps")
@manager_required
def next_step_new():
    form = NextStepForm(prefix="step")
    if _save_step(form):
        return redirect(url_for("goals.reference") + "#next-steps", 303)
    return _page(400, form)


@bp.route("/settings/plans/next-steps/<int:step_id>/edit", methods=["GET", "POST"])
@manager_required
def next_step_edit(step_id: int):
    step = db.session.get(NextStep, step_id) or abort(404)
    form = NextStepForm(obj=step)
    if _save_step(form, step):
        return redirect(url_for("goals.reference") + "#next-steps", 303)
    return render_template("goals/next_step_edit.html", form=form, step=step), \
        400 if form.is_submitted() else 200, NO_STORE


def section_key(title: str, taken: set[str]) -> str:
    """A stable key for a new part, from its Finnish title: `tyon_tavoitteet`, `osa_2`…"""
    return unique_code(plain_code(title, limit=24, fallback="osa"), taken.__contains__)


def _sections_of(form, template) -> tuple[list[dict], list[str]]:
    """The parts the form keeps, in order, and the problems a manager must fix."""
    own = {s["key"] for s in template.sections}
    taken, kept, problems = set(own), [], []
    for entry in form.sections.entries:
        row = entry.form
        titles = {lang: getattr(row, f"title_{lang}").data or "" for lang in ("fi", "sv", "en")}
        if row.key.data and row.key.data not in own:
            problems.append(_("Lomakkeessa oli osa, jota tässä pohjassa ei ole. Avaa sivu uudelleen."))
            continue
        if not row.keep.data or not any(titles.values()):
            continue
        if not titles["fi"]:
            row.title_fi.errors.append(_("Kirjoita otsikko suomeksi."))
            problems.append(_("Kirjoita jokaiselle osalle otsikko suomeksi."))
            continue
        key = row.key.data or section_key(titles["fi"], taken)
        taken.add(key)
        kept.append({"key": key, "title": titles, "required": bool(row.required.data)})
    if not kept and not problems:
        problems.append(_("Pohjassa on oltava vähintään yksi osa."))
    return kept, problems


def _template_form(template):
    data = {"service_type": template.service_type_id, "asks_next_evaluation": template.asks_next_evaluation,
            "sections": [{"key": s["key"], "title_fi": s["title"].get("fi", ""), "title_sv": s["title"].get("sv", ""),
                          "title_en": s["title"].get("en", ""), "required": s.get("required", False), "keep": True}
                         for s in template.sections]
            + [{"key": "", "keep": True}] * EMPTY_ROWS}
    # a post is read from the post alone: a part it leaves out is not filled in from the template
    form = TemplateForm() if request.method == "POST" else TemplateForm(data=data)
    form.service_type.choices = [("", _("Kaikki palvelumuodot"))] + [
        (t.id, t.name_fi + ("" if t.active else " " + _("(ei käytössä)"))) for t in _service_types()]
    return form


@bp.route("/settings/plans/templates/<int:template_id>/edit", methods=["GET", "POST"])
@manager_required
def template_edit(template_id: int):
    template = db.session.get(DocumentTemplate, template_id) or abort(404)
    form = _template_form(template)
    problems: list[str] = []
    if form.validate_on_submit():
        sections, problems = _sections_of(form, template)
        if not problems:
            new = DocumentTemplate(kind=template.kind, service_type_id=form.service_type.data, sections=sections,
                                   asks_next_evaluation=template.kind != "final" and form.asks_next_evaluation.data)
            db.session.add(new)
            audit.record(new, "create", changes={"based_on": [None, template.id]})
            db.session.commit()
            flash(_("Uusi pohja on käytössä uusissa asiakirjoissa. Jo aloitetut asiakirjat säilyttävät omat otsikkonsa."),
                  "success")
            return redirect(url_for("goals.reference") + "#templates", 303)
    status = 400 if form.is_submitted() else 200
    return render_template("goals/template_edit.html", form=form, template=template, problems=problems,
                           kind=documents.KIND_NAMES[template.kind]), status, NO_STORE
