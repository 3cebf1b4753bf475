"""The period's documents: the implementation plan, interim evaluations and the final evaluation.

Each is a chain of versions (kind, series): a draft is edited until it is signed; a signed version
is locked, and changing it means a new version that says why. The plan has one series; each
interim evaluation is a series of its own; the final evaluation has one.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from webapp.extensions import db
from webapp.goals.models import ClientAnswer, DocumentReceipt, DocumentTemplate, Evaluation, NextStep, PeriodDocument
from webapp.wellbeing import rules as wellbeing_rules

KIND_NAMES = {"plan": _l("Toteutussuunnitelma"), "interim": _l("Väliarviointi"), "final": _l("Loppuarviointi")}


class DocumentError(Exception):
    """A rule says no; the message is for the person."""


def template_for(period, kind: str) -> DocumentTemplate | None:
    """The newest template of the kind for the period's service type, else the newest for all."""
    return db.session.scalar(
        select(DocumentTemplate).where(DocumentTemplate.kind == kind, or_(
            DocumentTemplate.service_type_id == period.service_type_id, DocumentTemplate.service_type_id.is_(None)))
        .order_by(DocumentTemplate.service_type_id.is_(None), DocumentTemplate.id.desc()).limit(1))


def documents_of(period) -> list[PeriodDocument]:
    return list(db.session.scalars(
        select(PeriodDocument).where(PeriodDocument.period_id == period.id)
        .order_by(PeriodDocument.kind, PeriodDocument.series, PeriodDocument.version)))


def chains(documents: list[PeriodDocument]) -> list[list[PeriodDocument]]:
    """The documents as chains of versions, the plan first, then evaluations in order."""
    order = {"plan": 0, "interim": 1, "final": 2}
    found: dict[tuple, list] = {}
    for document in documents:
        found.setdefault((document.kind, document.series), []).append(document)
    return [found[key] for key in sorted(found, key=lambda k: (order[k[0]], k[1]))]


def start(period, kind: str, by) -> PeriodDocument:
    """A new document of the kind (version 1 of a new series): refused where the rules say no."""
    template = template_for(period, kind)
    if template is None:
        raise DocumentError(_l("Tälle asiakirjalle ei ole pohjaa."))
    existing = [d for d in documents_of(period) if d.kind == kind]
    if kind in ("plan", "final") and existing:
        raise DocumentError(_l("Jaksolla on jo tämä asiakirja. Tee siitä uusi versio."))
    if kind == "interim" and not any(d.kind == "plan" and d.signed_at for d in documents_of(period)):
        raise DocumentError(_l("Allekirjoita ensin toteutussuunnitelma: väliarviointi arvioi sitä."))
    series = db.session.scalar(select(func.max(PeriodDocument.series)).where(
        PeriodDocument.period_id == period.id, PeriodDocument.kind == kind)) or 0
    document = PeriodDocument(period_id=period.id, kind=kind, series=series + 1, version=1, template_id=template.id,
                              contents={}, created_by_id=by.id)
    db.session.add(document)
    return document


def latest_in_chain(document: PeriodDocument) -> PeriodDocument:
    return db.session.scalar(
        select(PeriodDocument).where(PeriodDocument.period_id == document.period_id,
                                     PeriodDocument.kind == document.kind, PeriodDocument.series == document.series)
        .order_by(PeriodDocument.version.desc()).limit(1))


def new_version(signed: PeriodDocument, by, reason: str) -> PeriodDocument:
    """A draft that starts from the signed version's words, on the newest template of its kind."""
    if signed.signed_at is None:
        raise DocumentError(_l("Luonnosta voi muokata suoraan: uutta versiota ei tarvita."))
    if latest_in_chain(signed).id != signed.id:
        raise DocumentError(_l("Tästä asiakirjasta on jo uudempi versio."))
    template = template_for(signed.period, signed.kind) or signed.template
    document = PeriodDocument(period_id=signed.period_id, kind=signed.kind, series=signed.series,
                              version=signed.version + 1, template_id=template.id, contents=dict(signed.contents),
                              next_evaluation_on=signed.next_evaluation_on, next_step_id=signed.next_step_id,
                              evaluation_id=signed.evaluation_id, change_reason=reason, created_by_id=by.id)
    db.session.add(document)
    return document


def missing(document: PeriodDocument) -> list[str]:
    """The keys of required sections still empty (and "next_evaluation_on" when it is asked)."""
    empty = [s["key"] for s in document.template.sections
             if s.get("required") and not (document.contents.get(s["key"]) or "").strip()]
    if document.template.asks_next_evaluation and document.next_evaluation_on is None:
        empty.append("next_evaluation_on")
    if document.kind == "final" and document.next_step_id is None:
        empty.append("next_step")
    return empty


# --- The GAS evaluation held for an evaluation document ---------------------------------------------

def evaluation_choices(document: PeriodDocument) -> list[Evaluation]:
    """The GAS evaluations this interim or final evaluation may show: the period's evaluations of
    the same kind, not removed, that no other evaluation's document shows. One per evaluation."""
    taken = {d.evaluation_id for d in documents_of(document.period)
             if d.evaluation_id is not None and (d.kind, d.series) != (document.kind, document.series)}
    return [e for e in db.session.scalars(
        select(Evaluation).where(Evaluation.period_id == document.period_id, Evaluation.kind == document.kind,
                                 Evaluation.removed_at.is_(None)).order_by(Evaluation.held_on, Evaluation.id))
            if e.id not in taken]


def suggested_evaluation(document: PeriodDocument) -> Evaluation | None:
    """What a draft without a GAS evaluation offers first: the latest free one of its kind."""
    if document.evaluation_id is not None or document.kind == "plan":
        return None
    free = evaluation_choices(document)
    return free[-1] if free else None


def link_new_evaluation(evaluation: Evaluation) -> PeriodDocument | None:
    """A GAS evaluation just recorded goes onto the newest draft of its kind that shows none yet
    (what the coach expects: she scores the goals, the evaluation document shows the scores)."""
    drafts = [d for d in documents_of(evaluation.period) if d.kind == evaluation.kind and d.signed_at is None
              and d.evaluation_id is None and latest_in_chain(d).id == d.id]
    if not drafts:
        return None
    draft = max(drafts, key=lambda d: (d.series, d.version))
    draft.evaluation_id = evaluation.id
    return draft


def unlink_removed(evaluation: Evaluation) -> None:
    """A removed GAS evaluation leaves the drafts that showed it (signed versions keep it, marked removed)."""
    for document in documents_of(evaluation.period):
        if document.evaluation_id == evaluation.id and document.signed_at is None:
            document.evaluation_id = None


def documents_by_evaluation(period) -> dict[int, PeriodDocument]:
    """{GAS evaluation id: the newest document version that shows it}, for the goals page."""
    found = {}
    for document in documents_of(period):
        if document.evaluation_id is not None:
            found[document.evaluation_id] = document
    return found


def next_steps() -> list[NextStep]:
    return list(db.session.scalars(select(NextStep).where(NextStep.active).order_by(NextStep.position, NextStep.id)))


def title(section: dict, language: str) -> str:
    return section["title"].get(language) or section["title"].get("fi") or section["key"]


# --- The client's side -----------------------------------------------------------------------------

def client_answer(document: PeriodDocument) -> ClientAnswer | None:
    return db.session.scalar(select(ClientAnswer).where(
        ClientAnswer.period_id == document.period_id, ClientAnswer.kind == document.kind,
        ClientAnswer.series == document.series))


def receipt(document: PeriodDocument) -> DocumentReceipt | None:
    return db.session.scalar(select(DocumentReceipt).where(DocumentReceipt.document_id == document.id))


def for_client(client) -> tuple[list[PeriodDocument], list[PeriodDocument]]:
    """(evaluations waiting for her own part, signed documents she may read) of her periods: the
    newest version of each document, newest first."""
    period_ids = [p.id for p in client.periods]
    newest: dict[tuple, PeriodDocument] = {}
    for document in db.session.scalars(select(PeriodDocument).where(PeriodDocument.period_id.in_(period_ids))
                                       .order_by(PeriodDocument.version)):
        newest[(document.period_id, document.kind, document.series)] = document
    answered = {(a.period_id, a.kind, a.series) for a in db.session.scalars(
        select(ClientAnswer).where(ClientAnswer.period_id.in_(period_ids)))}
    to_answer = [d for key, d in newest.items()
                 if d.kind in ("interim", "final") and d.signed_at is None and key not in answered]
    to_read = [d for d in newest.values() if d.signed_at is not None]
    return (sorted(to_answer, key=lambda d: d.created_at, reverse=True),
            sorted(to_read, key=lambda d: d.signed_at, reverse=True))


def unread(to_read: list[PeriodDocument]) -> list[PeriodDocument]:
    """Those of the signed documents (for_client's second list) she has not marked read."""
    read = {r.document_id for r in db.session.scalars(
        select(DocumentReceipt).where(DocumentReceipt.document_id.in_([d.id for d in to_read])))}
    return [d for d in to_read if d.id not in read]


# --- The agreed evaluation dates, for the WHO-5 asked before each evaluation -----------------------

def agreed_evaluation_days(period) -> list:
    """The next evaluation dates that the signed plan and interim evaluations agreed (the newest
    signed version of each)."""
    agreed: dict[tuple, PeriodDocument] = {}
    for document in db.session.scalars(
            select(PeriodDocument).where(PeriodDocument.period_id == period.id, PeriodDocument.kind.in_(("plan", "interim")),
                                         PeriodDocument.signed_at.is_not(None)).order_by(PeriodDocument.version)):
        agreed[(document.kind, document.series)] = document
    return [d.next_evaluation_on for d in agreed.values() if d.next_evaluation_on is not None]


wellbeing_rules.add_evaluation_days(agreed_evaluation_days)
