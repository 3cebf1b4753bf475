"""The manager's reference data for plans and evaluations over real HTTP: next steps added,
renamed and taken out of use (never deleted); a template saved as a new version that new
documents use while started ones keep their words; a copy for one service type."""
import pytest

from tests import factories
from tests.conftest import seed_instruments_and_templates
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.goals import documents
from webapp.goals.models import DocumentTemplate, NextStep, PeriodDocument


@pytest.fixture(autouse=True)
def templates(app):
    seed_instruments_and_templates()


def newest(kind, service_type_id=None):
    db.session.expire_all()
    return db.session.scalar(db.select(DocumentTemplate).where(
        DocumentTemplate.kind == kind, DocumentTemplate.service_type_id.is_(service_type_id)
        if service_type_id is None else DocumentTemplate.service_type_id == service_type_id)
        .order_by(DocumentTemplate.id.desc()).limit(1))


def form_of(template, **changes):
    """The edit form as the page sends it: every part kept, then the changes."""
    data = {"service_type": "" if template.service_type_id is None else str(template.service_type_id),
            "asks_next_evaluation": "y" if template.asks_next_evaluation else ""}
    for i, section in enumerate(template.sections):
        data.update({f"sections-{i}-key": section["key"], f"sections-{i}-keep": "y",
                     f"sections-{i}-required": "y" if section["required"] else "",
                     **{f"sections-{i}-title_{lang}": section["title"].get(lang, "") for lang in ("fi", "sv", "en")}})
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.parametrize("persona", ["coach", "client", "kitchen"])
def test_only_a_manager_keeps_the_reference_data(http, people, persona):
    login(http, getattr(people, persona))
    step = db.session.scalar(db.select(NextStep).limit(1))
    assert http.get("/settings/plans").status_code == 403
    assert post(http, "/settings/plans/next-steps", {"step-code": "x", "step-name_fi": "X"}).status_code == 403
    assert http.get(f"/settings/plans/next-steps/{step.id}/edit").status_code == 403
    assert http.get(f"/settings/plans/templates/{newest('plan').id}/edit").status_code == 403


def test_the_manager_adds_renames_and_retires_a_next_step(http, people):
    login(http, people.manager)
    page = text(http.get("/settings/plans"))
    assert "Jatkopolut" in page and "Asiakirjapohjat" in page and "Työkokeilu" in page
    response = post(http, "/settings/plans/next-steps", {
        "step-code": "Apprenticeship ", "step-name_fi": " Oppisopimus", "step-name_sv": "Läroavtal",
        "step-name_en": "Apprenticeship", "step-position": "15", "step-active": "y"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/settings/plans#next-steps")
    step = db.session.scalar(db.select(NextStep).where(NextStep.code == "apprenticeship"))
    assert (step.name_fi, step.position, step.active) == ("Oppisopimus", 15, True)
    # The same code again: told so, nothing added
    response = post(http, "/settings/plans/next-steps", {"step-code": "apprenticeship", "step-name_fi": "Toinen"})
    assert response.status_code == 400 and "Tällä tunnuksella on jo jatkopolku." in text(response)
    assert db.session.scalar(db.select(db.func.count(NextStep.id)).where(NextStep.name_fi == "Toinen")) == 0
    # Taken out of use: stays in the list, not offered any more
    response = post(http, f"/settings/plans/next-steps/{step.id}/edit", {
        "code": "apprenticeship", "name_fi": "Oppisopimuskoulutus", "name_sv": "Läroavtal", "name_en": "Apprenticeship",
        "position": "15"})
    assert response.status_code == 303
    db.session.expire_all()
    assert (step.name_fi, step.active) == ("Oppisopimuskoulutus", False)
    assert step not in documents.next_steps()
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "next_step").order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["create", "update"] and events[1].actor_id == people.manager.id


@pytest.mark.parametrize("data, message", [
    ({"step-code": "", "step-name_fi": "Jotain"}, "Täytä tämä kenttä."),
    ({"step-code": "Työ ja muuta", "step-name_fi": "Jotain"}, "Käytä vain pieniä kirjaimia a–z"),
    ({"step-code": "ok", "step-name_fi": ""}, "Täytä tämä kenttä."),
    ({"step-code": "ok", "step-name_fi": "x" * 121}, "Teksti on liian pitkä: enintään 120 merkkiä."),
    ({"step-code": "ok", "step-name_fi": "Jotain", "step-position": "ensin"}, "Anna järjestys numerona 0–999."),
    ({"step-code": "ok", "step-name_fi": "Jotain", "step-position": "-1"}, "Anna järjestys numerona 0–999."),
])
def test_a_next_step_that_cannot_be_saved_says_why(http, people, data, message):
    login(http, people.manager)
    before = db.session.scalar(db.select(db.func.count(NextStep.id)))
    response = post(http, "/settings/plans/next-steps", data)
    assert response.status_code == 400 and message in text(response)
    assert db.session.scalar(db.select(db.func.count(NextStep.id))) == before


def test_a_missing_row_is_404(http, people):
    login(http, people.manager)
    assert http.get("/settings/plans/next-steps/99999/edit").status_code == 404
    assert http.get("/settings/plans/templates/99999/edit").status_code == 404


def test_a_new_template_version_is_used_by_new_documents_and_started_ones_keep_theirs(http, people):
    period = people.client.client.periods[0]
    started = documents.start(period, "plan", people.coach)
    db.session.commit()
    old = newest("plan")
    assert started.template_id == old.id
    login(http, people.manager)
    response = http.get(f"/settings/plans/templates/{old.id}/edit")
    page = text(response)
    assert response.status_code == 200, page[page.find("<main"):][:500]
    assert "Konkreettiset toimenpiteet ja työmuodot" in page and 'name="sections-0-title_sv"' in page
    first, second = old.sections[0], old.sections[1]
    n = len(old.sections)
    response = post(http, f"/settings/plans/templates/{old.id}/edit", form_of(
        old, **{"sections-0-title_fi": "Mitä teemme ja miten", "sections-0-required": "",
                "sections-1-keep": "",  # left out
                f"sections-{n}-title_fi": "Työkokeilun mahdollisuus", f"sections-{n}-title_sv": "Möjlighet till arbetsprövning",
                f"sections-{n}-required": "y", f"sections-{n}-keep": "y"}))
    assert response.status_code == 303, text(response)
    new = newest("plan")
    assert new.id != old.id and new.service_type_id is None
    keys = [s["key"] for s in new.sections]
    assert keys[0] == first["key"] and second["key"] not in keys and keys[-1] == "tyokokeilun_mahdollisuus"
    assert new.sections[0]["title"]["fi"] == "Mitä teemme ja miten" and new.sections[0]["required"] is False
    assert new.sections[-1] == {"key": "tyokokeilun_mahdollisuus", "required": True, "title": {
        "fi": "Työkokeilun mahdollisuus", "sv": "Möjlighet till arbetsprövning", "en": ""}}
    # The old version is untouched; the started plan keeps it; a new document gets the new one
    db.session.expire_all()
    assert db.session.get(DocumentTemplate, old.id).sections[1] == second
    assert db.session.get(PeriodDocument, started.id).template_id == old.id
    assert documents.template_for(period, "plan").id == new.id
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "document_template"))
    assert event.actor_id == people.manager.id and event.changes["based_on"] == [None, old.id]
    assert "1 aiempi versio" in text(http.get("/settings/plans"))


def test_a_copy_for_one_service_type_applies_to_it_alone(http, people):
    period = people.client.client.periods[0]
    other_type = factories.service_type("social")
    old = newest("interim")
    login(http, people.manager)
    response = post(http, f"/settings/plans/templates/{old.id}/edit", form_of(
        old, service_type=str(other_type.id), **{"sections-0-title_fi": "Sosiaalisen kuntoutuksen tarkoitus"}))
    assert response.status_code == 303
    copy = newest("interim", other_type.id)
    assert copy.sections[0]["title"]["fi"] == "Sosiaalisen kuntoutuksen tarkoitus"
    assert documents.template_for(period, "interim").id == old.id  # her period is another type
    period.service_type = other_type
    db.session.commit()
    assert documents.template_for(period, "interim").id == copy.id


@pytest.mark.parametrize("changes, message", [
    ({"sections-0-title_fi": "", "sections-0-title_sv": "Bara svenska"}, "Kirjoita jokaiselle osalle otsikko suomeksi."),
    ({"service_type": "99999"}, "Valitse palvelumuoto listasta."),
    ({"service_type": "kaikki"}, "Valitse palvelumuoto listasta."),
    ({"sections-0-key": "not_in_this_template"}, "Lomakkeessa oli osa, jota tässä pohjassa ei ole."),
    ({"sections-0-title_fi": "x" * 301}, "Teksti on liian pitkä: enintään 300 merkkiä."),
])
def test_a_template_that_cannot_be_saved_says_why_and_nothing_changes(http, people, changes, message):
    old = newest("final")
    before = db.session.scalar(db.select(db.func.count(DocumentTemplate.id)))
    login(http, people.manager)
    response = post(http, f"/settings/plans/templates/{old.id}/edit", form_of(old, **changes))
    assert response.status_code == 400 and message in text(response)
    assert db.session.scalar(db.select(db.func.count(DocumentTemplate.id))) == before


def test_a_template_keeps_at_least_one_part(http, people):
    old = newest("final")
    login(http, people.manager)
    data = form_of(old, **{f"sections-{i}-keep": "" for i in range(len(old.sections))})
    response = post(http, f"/settings/plans/templates/{old.id}/edit", data)
    assert response.status_code == 400 and "Pohjassa on oltava vähintään yksi osa." in text(response)
