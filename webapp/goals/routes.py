"""A period's goals: write them with the client, revise or end them, and score them at each
evaluation. Staff who may see the client (a coach of her unit, her own coach, a manager); the
client and the kitchen get 403, anyone else 404.

The overview shows the goals, the T-score line and the evaluations; writing a goal, revising one
and scoring an evaluation each have their own page, so a tablet shows one long form at a time.
A success redirects (303) to the overview; a refusal draws the form again with its messages (400)
and saves nothing.
"""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from webapp import audit
from webapp.audit import access
from webapp.accounts.access import staff_required
from webapp.checkin.labels import ABSENCE_REASONS
from webapp.clients.access import get_client_for
from webapp.clients.models import ServicePeriod
from webapp.diary import entries as diary
from webapp.diary.models import DiaryEntry
from webapp.extensions import db
from webapp.goals import bp, documents, due, prefill, rules
from webapp.goals.forms import (DocumentForm, EndGoalForm, EvaluationForm, GoalForm, NewDocumentForm, NewVersionForm,
                                RemoveEvaluationForm, ReviseForm, level_name, score_field_name, section_field_name)
from webapp.goals.models import Evaluation, Goal, GoalScore, GoalVersion, PeriodDocument
from webapp.guidance.rules import hours_minutes
from webapp.lib import clock
from webapp.lib.errors import render_error

NO_STORE = {"Cache-Control": "no-store"}
READ_PLACE = "evaluation"  # where the diary's access log says a chosen entry was read


@bp.app_context_processor
def _goal_words():
    return {"level_name": level_name, "absence_word": absence_word, "iso_day": date.fromisoformat,
            "hours_minutes": hours_minutes}


@bp.app_template_filter("decimal1")
def _decimal1(value) -> str:
    """A figure with one decimal, in the reader's locale (2,5 in Finnish)."""
    return format_decimal(value, "0.0")


def absence_word(code: str) -> str:
    """Why a planned day was not attended, in words."""
    if code == prefill.NO_RECORD:
        return _("Ei merkintää")
    if code == prefill.NOT_COUNTED:
        return _("Merkitty, ei lasketa")
    return str(ABSENCE_REASONS.get(code, code))


def _period(period_id: int) -> ServicePeriod:
    period = db.session.get(ServicePeriod, period_id)
    if period is None:
        abort(404)
    get_client_for(current_user, period.client_id)  # 404 for staff who may not see her
    return period


def _goal(goal_id: int) -> Goal:
    goal = db.session.get(Goal, goal_id)
    if goal is None:
        abort(404)
    _period(goal.period_id)
    return goal


def _overview(period: ServicePeriod, status=200, *, end=None, remove=None):
    """The overview. end and remove are (id, form) of an inline form that was refused."""
    goals = rules.goals_of(period)
    evaluations = rules.evaluations_of(period)
    return render_template(
        "goals/period.html", period=period, client=period.client, goals=goals,
        open_goals=rules.active(goals), evaluations=evaluations, line=rules.t_line(period, goals, evaluations),
        verdict=rules.verdict, scores=rules.scores_by_goal(evaluations), max_goals=rules.MAX_GOALS,
        documents_by_evaluation=documents.documents_by_evaluation(period), kinds=documents.KIND_NAMES,
        end=end or (None, EndGoalForm(formdata=None)), remove=remove or (None, RemoveEvaluationForm(formdata=None)),
    ), status, NO_STORE


def _back(period: ServicePeriod, anchor: str, message: str):
    flash(message, "success")
    return redirect(url_for("goals.period_goals", period_id=period.id, _anchor=anchor), 303)


@bp.get("/periods/<int:period_id>/goals")
@staff_required
def period_goals(period_id: int):
    period = _period(period_id)
    access.log_read(current_user, period.client_id, "goals")
    return _overview(period)


def _goal_page(period, form, status=200, goal=None):
    return render_template("goals/goal_form.html", period=period, client=period.client, form=form,
                           goal=goal), status, NO_STORE


@bp.route("/periods/<int:period_id>/goals/new", methods=["GET", "POST"])
@staff_required
def add_goal(period_id: int):
    period = _period(period_id)
    if len(rules.active(rules.goals_of(period))) >= rules.MAX_GOALS:
        return render_error(409, _("Jaksolla on jo %(n)d tavoitetta. Päätä jokin niistä ennen uutta.",
                                   n=rules.MAX_GOALS))
    form = GoalForm()
    if not form.validate_on_submit():
        return _goal_page(period, form, 400 if form.is_submitted() else 200)
    goal = Goal(period_id=period.id, created_by_id=current_user.id)
    db.session.add(goal)
    audit.record(goal, "create")
    version = GoalVersion(goal_id=goal.id, number=1, created_by_id=current_user.id, **form.values())
    db.session.add(version)
    audit.record(version, "create")
    db.session.commit()
    return _back(period, f"goal-{goal.id}", _("Tavoite on tallennettu."))


@bp.route("/goals/<int:goal_id>/revise", methods=["GET", "POST"])
@staff_required
def revise_goal(goal_id: int):
    goal = _goal(goal_id)
    period = goal.period
    if goal.ended_at is not None:
        return render_error(409, _("Tämä tavoite on jo päätetty."))
    form = ReviseForm(data=goal.current.form_data())
    if request.method == "GET":
        access.log_read(current_user, period.client_id, "goals")
    if not form.validate_on_submit():
        return _goal_page(period, form, 400 if form.is_submitted() else 200, goal)
    values = form.values()
    if all(getattr(goal.current, name) == value for name, value in values.items()):
        form.text.errors = [_("Mikään ei muuttunut. Muuta tavoitetta, sen tasoja tai painoa.")]
        return _goal_page(period, form, 400, goal)
    held = [e for e in rules.evaluations_of(period) if e.removed_at is None]
    version = GoalVersion(goal_id=goal.id, number=goal.current.number + 1, created_by_id=current_user.id,
                          reason=form.reason.data.strip(), after_evaluation_id=held[-1].id if held else None,
                          **values)
    db.session.add(version)
    audit.record(version, "create", reason=version.reason)
    db.session.commit()
    return _back(period, f"goal-{goal.id}", _("Tavoitteen uusi versio on tallennettu. Aiempi versio säilyy."))


@bp.post("/goals/<int:goal_id>/end")
@staff_required
def end_goal(goal_id: int):
    goal = _goal(goal_id)
    if goal.ended_at is not None:
        return render_error(409, _("Tämä tavoite on jo päätetty."))
    form = EndGoalForm()
    if not form.validate_on_submit() or not form.reason.data.strip():
        if not form.reason.errors:
            form.reason.errors = [_("Kerro, miksi tavoite päätetään.")]
        return _overview(goal.period, 400, end=(goal.id, form))
    goal.ended_at = clock.now()
    goal.ended_by_id = current_user.id
    goal.ended_reason = form.reason.data.strip()
    audit.record(goal, "end", reason=goal.ended_reason)
    db.session.commit()
    return _back(goal.period, f"goal-{goal.id}", _("Tavoite on päätetty. Sen arviot säilyvät."))


@bp.route("/periods/<int:period_id>/evaluations/new", methods=["GET", "POST"])
@staff_required
def add_evaluation(period_id: int):
    period = _period(period_id)
    goals = rules.active(rules.goals_of(period))
    if not goals:
        return render_error(409, _("Kirjaa ensin jakson tavoitteet. Arvioinnissa jokainen tavoite saa tason."))
    form = EvaluationForm.for_goals(goals, held_on=clock.today())
    if request.method == "GET":
        access.log_read(current_user, period.client_id, "goals")
    valid = form.validate_on_submit()
    if form.is_submitted() and form.held_on.data is not None and form.kind.data in ("interim", "final"):
        problems = rules.evaluation_problems(period, form.held_on.data, form.kind.data, clock.today(),
                                             rules.evaluations_of(period))
        form.held_on.errors = list(form.held_on.errors) + problems
        valid = valid and not problems
    if not valid:
        return render_template("goals/evaluation_form.html", period=period, client=period.client, form=form,
                               goals=goals, score_field_name=score_field_name,
                               ), 400 if form.is_submitted() else 200, NO_STORE
    evaluation = Evaluation(period_id=period.id, kind=form.kind.data, held_on=form.held_on.data,
                            created_by_id=current_user.id)
    db.session.add(evaluation)
    levels = {goal: form[score_field_name(goal)].data for goal in goals}
    for goal, level in levels.items():
        evaluation.scores.append(GoalScore(version=goal.current, level=level))
    db.session.flush()
    linked = documents.link_new_evaluation(evaluation)
    if linked is not None:
        audit.record(linked, "update", changes={"evaluation_id": [None, evaluation.id]})
    audit.record(evaluation, "create", changes={
        "held_on": [None, evaluation.held_on.isoformat()], "kind": [None, evaluation.kind],
        "levels": [None, {str(goal.current.id): level for goal, level in levels.items()}]})
    db.session.commit()
    return _back(period, f"evaluation-{evaluation.id}", _("Arviointi on tallennettu."))


@bp.post("/evaluations/<int:evaluation_id>/remove")
@staff_required
def remove_evaluation(evaluation_id: int):
    evaluation = db.session.get(Evaluation, evaluation_id)
    if evaluation is None:
        abort(404)
    period = _period(evaluation.period_id)
    if evaluation.removed_at is not None:
        return render_error(409, _("Tämä arviointi on jo poistettu."))
    form = RemoveEvaluationForm()
    if not form.validate_on_submit() or not form.reason.data.strip():
        if not form.reason.errors:
            form.reason.errors = [_("Kerro, miksi arviointi poistetaan.")]
        return _overview(period, 400, remove=(evaluation.id, form))
    evaluation.removed_at = clock.now()
    evaluation.removed_by_id = current_user.id
    evaluation.removed_reason = form.reason.data.strip()
    audit.record(evaluation, "remove", reason=evaluation.removed_reason)
    documents.unlink_removed(evaluation)
    db.session.commit()
    return _back(period, f"evaluation-{evaluation.id}", _("Arviointi on poistettu. Se näkyy yliviivattuna syineen."))


# --- The period's documents -----------------------------------------------------------------------

def _document(document_id: int) -> PeriodDocument:
    document = db.session.get(PeriodDocument, document_id)
    if document is None:
        abort(404)
    _period(document.period_id)
    return document


@bp.get("/periods/<int:period_id>/documents")
@staff_required
def period_documents(period_id: int):
    period = _period(period_id)
    access.log_read(current_user, period.client_id, "documents")
    return render_template("goals/documents.html", period=period, client=period.client,
                           chains=documents.chains(documents.documents_of(period)), kinds=documents.KIND_NAMES,
                           form=NewDocumentForm(formdata=None)), NO_STORE


@bp.post("/periods/<int:period_id>/documents")
@staff_required
def start_document(period_id: int):
    period = _period(period_id)
    form = NewDocumentForm()
    if not form.validate_on_submit():
        return render_error(400, " ".join(str(e) for e in form.kind.errors) or _("Valitse asiakirja."))
    try:
        document = documents.start(period, form.kind.data, current_user)
    except documents.DocumentError as refusal:
        return render_error(409, str(refusal))
    audit.record(document, "create")
    db.session.commit()
    return redirect(url_for("goals.document", document_id=document.id), 303)


def _evaluation_label(evaluation: Evaluation) -> str:
    t = rules.t_of(evaluation)
    return _("%(day)s · T %(t)s", day=format_date(evaluation.held_on), t="–" if t is None else f"{t:.1f}")


def _document_form(document, language, **kw):
    choices = None
    if document.kind in ("interim", "final"):
        choices = [(e.id, _evaluation_label(e)) for e in documents.evaluation_choices(document)]
    return DocumentForm.for_template(document.template, language, documents.next_steps(), choices, **kw)


def _known(document, viewer_is_staff: bool):
    """The figures the document shows; a staff member's view of chosen diary entries is logged."""
    known = prefill.shown(document, clock.today())
    if viewer_is_staff and known.get("entries"):
        shown = list(db.session.scalars(db.select(DiaryEntry).where(
            DiaryEntry.id.in_([e["id"] for e in known["entries"]]),
            DiaryEntry.client_id == document.period.client_id)))
        if shown:
            diary.log_reads(current_user, shown, READ_PLACE)
    return known


def _document_page(document, form=None, status=200, version_form=None, problems=()):
    language = current_user.language
    if form is None and document.signed_at is None:
        data = {section_field_name(s): document.contents.get(s["key"], "") for s in document.template.sections}
        data["next_evaluation_on"] = document.next_evaluation_on
        data["next_step"] = document.next_step_id
        suggested = documents.suggested_evaluation(document)
        data["evaluation"] = document.evaluation_id or (suggested.id if suggested else None)
        form = _document_form(document, language, formdata=None, data=data)
    chain = [d for d in documents.documents_of(document.period) if (d.kind, d.series) == (document.kind, document.series)]
    evaluation = document.evaluation
    return render_template(
        "goals/document.html", document=document, period=document.period, client=document.period.client,
        form=form, chain=chain, kinds=documents.KIND_NAMES, title=lambda s: documents.title(s, language),
        section_field_name=section_field_name, version_form=version_form or NewVersionForm(formdata=None),
        problems=problems, is_latest=chain[-1].id == document.id, client_answer=documents.client_answer(document),
        receipt=documents.receipt(document),
        goals=rules.active(rules.goals_of(document.period)),
        known=_known(document, True), staff_view=True,
        gas=evaluation, gas_t=rules.t_of(evaluation) if evaluation else None, verdict=rules.verdict,
    ), status, NO_STORE


@bp.route("/documents/<int:document_id>", methods=["GET", "POST"])
@staff_required
def document(document_id: int):
    document = _document(document_id)
    if request.method == "GET":
        access.log_read(current_user, document.period.client_id, "document")
        return _document_page(document)
    if document.signed_at is not None:
        return render_error(409, _("Allekirjoitettu asiakirja on lukittu. Tee siitä uusi versio."))
    form = _document_form(document, current_user.language)
    valid = form.validate_on_submit()
    day = form.next_evaluation_on.data if document.template.asks_next_evaluation else None
    if day is not None and not document.period.starts_on <= day <= document.period.ends_on:
        form.next_evaluation_on.errors = list(form.next_evaluation_on.errors) + [
            _("Päivän pitää olla jakson aikana (%(first)s–%(last)s).", first=format_date(document.period.starts_on),
              last=format_date(document.period.ends_on))]
        valid = False
    if not valid:
        return _document_page(document, form, 400)
    # A part the post does not carry (a cut-off request, an older form) keeps its saved words.
    document.contents = {s["key"]: (form[section_field_name(s)].data or "").strip()
                         if section_field_name(s) in request.form else document.contents.get(s["key"], "")
                         for s in document.template.sections}
    if "next_evaluation_on" in request.form:
        document.next_evaluation_on = day
    if "next_step" in request.form and document.kind == "final":
        document.next_step_id = form.next_step.data
    if "evaluation" in request.form and "evaluation" in form:
        document.evaluation_id = form.evaluation.data
    document.updated_at = clock.now()
    audit.record(document, "update")
    db.session.commit()
    flash(_("Luonnos on tallennettu."), "success")
    return redirect(url_for("goals.document", document_id=document.id), 303)


@bp.post("/documents/<int:document_id>/sign")
@staff_required
def sign_document(document_id: int):
    document = _document(document_id)
    if document.signed_at is not None:
        return render_error(409, _("Asiakirja on jo allekirjoitettu."))
    empty = documents.missing(document)
    if empty:
        return _document_page(document, status=400, problems=empty)
    document.signed_at, document.signed_by_id = clock.now(), current_user.id
    prefill.freeze(document, clock.today())
    audit.record(document, "sign")
    db.session.commit()
    flash(_("Asiakirja on allekirjoitettu ja lukittu."), "success")
    return redirect(url_for("goals.document", document_id=document.id), 303)


@bp.post("/documents/<int:document_id>/versions")
@staff_required
def new_document_version(document_id: int):
    document = _document(document_id)
    form = NewVersionForm()
    if not form.validate_on_submit() or not form.reason.data.strip():
        if not form.reason.errors:
            form.reason.errors = [_("Kerro, miksi asiakirjaa muutetaan.")]
        return _document_page(document, status=400, version_form=form)
    try:
        draft = documents.new_version(document, current_user, form.reason.data.strip())
    except documents.DocumentError as refusal:
        return render_error(409, str(refusal))
    audit.record(draft, "create", reason=draft.change_reason)
    db.session.commit()
    return redirect(url_for("goals.document", document_id=draft.id), 303)


@bp.app_context_processor
def _documents_due():
    def documents_due_count():
        """How many plans and evaluations are due or late for the signed-in staff member."""
        return len(due.due_for(current_user, clock.today()))
    return {"documents_due_count": documents_due_count}


@bp.get("/documents/due")
@staff_required
def documents_due():
    today = clock.today()
    rows = due.due_for(current_user, today)
    access.log_list(current_user, [row.client.person_id for row in rows], "documents_due")
    return render_template("goals/due.html", rows=rows, what=due.WHAT, today=today,
                           months_served=due.months_served), NO_STORE
