"""The client's side of the period's documents, on her phone: her own part of an evaluation before
the meeting (with what of her diary she brings to it), and the signed text after it, which she
marks read. Clients only (staff 403); a document of someone else's period is 404."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from webapp import audit
from webapp.accounts.access import roles_required
from webapp.accounts.models import Role
from webapp.clients.access import own_profile
from webapp.diary import entries as diary
from webapp.extensions import db
from webapp.goals import bp, documents, prefill, rules
from webapp.goals.forms import ClientAnswerForm, DiaryShareForm, ReceiptForm
from webapp.goals.models import (
    ClientAnswer,
    DocumentReceipt,
    EvaluationShare,
    PeriodDocument,
)
from webapp.lib import clock
from webapp.lib.errors import render_error

NO_STORE = {"Cache-Control": "no-store"}


# --- The client's side: her own part before the meeting, and the signed text after it -------------

def _own_document(document_id: int) -> PeriodDocument:
    """A document of one of the signed-in client's periods, else 404."""
    document = db.session.get(PeriodDocument, document_id)
    if document is None or document.period.client_id != own_profile().person_id:
        abort(404)
    return document


@bp.get("/me/plans")
@roles_required(Role.CLIENT)
def my_plans():
    to_answer, to_read = documents.for_client(own_profile())
    read = {d.id: documents.receipt(d) for d in to_read}
    return render_template("goals/mine.html", to_answer=to_answer, to_read=to_read, read=read,
                           kinds=documents.KIND_NAMES), NO_STORE


def _share_form(document, entries, chosen, **kw) -> DiaryShareForm:
    form = DiaryShareForm(**kw)
    form.entries.choices = [(e.id, format_date(e.day)) for e in entries]
    return form


def _answer_page(document, form, answer, share_form=None, status=200):
    first, last = prefill.span_of(document, clock.today())
    entries = diary.entries_between(own_profile(), first, last)
    chosen = prefill.shares(document)
    if share_form is None:
        share_form = _share_form(document, entries, chosen, formdata=None, data={
            "entries": [s.diary_entry_id for s in chosen if s.diary_entry_id is not None],
            "trend": any(s.diary_entry_id is None for s in chosen)})
    return render_template("goals/my_answer.html", document=document, form=form, answer=answer,
                           kinds=documents.KIND_NAMES, share_form=share_form, entries=entries, first=first,
                           last=last, chosen={s.diary_entry_id for s in chosen}), status, NO_STORE


@bp.route("/me/plans/<int:document_id>/answer", methods=["GET", "POST"])
@roles_required(Role.CLIENT)
def my_answer(document_id: int):
    document = _own_document(document_id)
    if document.kind not in ("interim", "final"):
        abort(404)
    if documents.latest_in_chain(document).signed_at is not None:
        return render_error(409, _("Arviointi on jo valmis. Voit lukea sen omista suunnitelmistasi."))
    answer = documents.client_answer(document)
    form = ClientAnswerForm(obj=answer)
    if not form.validate_on_submit():
        return _answer_page(document, form, answer, status=400 if form.is_submitted() else 200)
    if answer is None:
        answer = ClientAnswer(period_id=document.period_id, kind=document.kind, series=document.series)
        db.session.add(answer)
    answer.went_well, answer.to_change, answer.next_wish = (
        (f.data or "").strip() for f in (form.went_well, form.to_change, form.next_wish))
    answer.answered_at = clock.now()
    db.session.commit()
    flash(_("Kiitos! Ohjaajasi näkee vastauksesi ennen tapaamista."), "success")
    return redirect(url_for("goals.my_plans"), 303)


@bp.route("/me/plans/<int:document_id>", methods=["GET", "POST"])
@roles_required(Role.CLIENT)
def my_document(document_id: int):
    document = _own_document(document_id)
    if document.signed_at is None:
        abort(404)  # a draft is the staff's until it is signed
    receipt = documents.receipt(document)
    form = ReceiptForm()
    if request.method == "POST":
        if receipt is not None:
            return render_error(409, _("Olet jo merkinnyt tämän luetuksi."))
        if form.validate_on_submit():
            db.session.add(DocumentReceipt(document_id=document.id, comment=(form.comment.data or "").strip()))
            db.session.commit()
            flash(_("Merkitty luetuksi. Ohjaajasi näkee sen."), "success")
            return redirect(url_for("goals.my_plans"), 303)
    language = current_user.language
    return render_template("goals/my_document.html", document=document, receipt=receipt, form=form,
                           kinds=documents.KIND_NAMES, title=lambda s: documents.title(s, language),
                           goals=rules.active(rules.goals_of(document.period)), known=prefill.shown(document, clock.today()),
                           staff_view=False, gas=document.evaluation,
                           gas_t=rules.t_of(document.evaluation) if document.evaluation else None,
                           verdict=rules.verdict), \
        400 if form.errors else 200, NO_STORE


@bp.post("/me/plans/<int:document_id>/diary")
@roles_required(Role.CLIENT)
def my_diary_share(document_id: int):
    """She sets what of her diary the evaluation may show: the ticked entries and the trend. An
    entry no longer ticked, or the trend, is withdrawn. Only until the evaluation is signed."""
    document = _own_document(document_id)
    if document.kind not in ("interim", "final"):
        abort(404)
    if documents.latest_in_chain(document).signed_at is not None:
        return render_error(409, _("Arviointi on jo valmis. Valintoja ei voi enää muuttaa."))
    first, last = prefill.span_of(document, clock.today())
    entries = diary.entries_between(own_profile(), first, last)
    chosen = prefill.shares(document)
    form = _share_form(document, entries, chosen)
    if not form.validate_on_submit():
        return _answer_page(document, ClientAnswerForm(formdata=None, obj=documents.client_answer(document)),
                            documents.client_answer(document), share_form=form, status=400)
    wanted = set(form.entries.data or ()) | ({None} if form.trend.data else set())
    have = {s.diary_entry_id: s for s in chosen}
    for key, share in have.items():
        if key not in wanted:
            db.session.delete(share)
    for key in wanted - set(have):
        db.session.add(EvaluationShare(document_id=document.id, diary_entry_id=key))
    if wanted != set(have):  # her consent given or withdrawn: when and what, kept
        audit.record(document, "diary_share", changes={
            "entries": [sorted(k for k in have if k is not None), sorted(k for k in wanted if k is not None)],
            "trend": [None in have, None in wanted]})
    db.session.commit()
    flash(_("Valintasi on tallennettu. Voit muuttaa niitä, kunnes arviointi on valmis."), "success")
    return redirect(url_for("goals.my_answer", document_id=document.id, _anchor="diary"), 303)
