"""The period's documents over real HTTP: a plan drafted, refused a signature while parts are
missing, signed and locked; a new version that says why; interim evaluations as series of their
own; the templates are data."""
from datetime import date

import pytest

from tests.conftest import seed_instruments_and_templates
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.goals.models import DocumentTemplate, NextStep, PeriodDocument


@pytest.fixture(autouse=True)
def templates(app):
    seed_instruments_and_templates()


def period_of(people):
    return people.client.client.periods[0]


def rows():
    db.session.expire_all()
    return list(db.session.scalars(db.select(PeriodDocument).order_by(PeriodDocument.id)))


PLAN = {"s_measures": "Kierrätyspajan lajittelu, kassa kahdesti viikossa", "s_participation": "Anna valitsee tehtävät",
        "s_intensity": "2 päivää viikossa, 4 h", "s_team": "", "s_partners": "Omatyöntekijä",
        "next_evaluation_on": "2026-12-15"}


def start(http, people, kind="plan"):
    response = post(http, f"/periods/{period_of(people).id}/documents", {"kind": kind})
    assert response.status_code == 303, text(response)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_coach_drafts_signs_and_versions_the_plan(http, people):
    login(http, people.coach)
    assert "Aloita toteutussuunnitelmasta." in text(http.get(f"/periods/{period_of(people).id}/documents"))
    plan_id = start(http, people)
    page = text(http.get(f"/documents/{plan_id}"))
    assert "Konkreettiset toimenpiteet ja työmuodot, joilla tavoitteisiin vastataan" in page and "Luonnos" in page
    # Signing a draft with required parts empty: told which, nothing signed
    response = post(http, f"/documents/{plan_id}/sign")
    assert response.status_code == 400
    assert "Asiakirjaa ei voi vielä allekirjoittaa." in text(response) and "Palvelun tiiviys ja ajankäyttö" in text(response)
    assert rows()[0].signed_at is None
    assert post(http, f"/documents/{plan_id}", PLAN).status_code == 303
    [plan] = rows()
    assert plan.contents["measures"].startswith("Kierrätyspajan lajittelu") and plan.contents["team"] == ""
    assert plan.next_evaluation_on == date(2026, 12, 15)
    assert post(http, f"/documents/{plan_id}/sign").status_code == 303
    [plan] = rows()
    assert plan.signed_by_id == people.coach.id and plan.signed_at is not None
    # Locked: no edit, no second signature
    assert post(http, f"/documents/{plan_id}", {**PLAN, "s_measures": "Muutettu"}).status_code == 409
    assert post(http, f"/documents/{plan_id}/sign").status_code == 409
    assert rows()[0].contents["measures"].startswith("Kierrätyspajan")
    # A new version needs a reason, and starts from the signed words
    assert post(http, f"/documents/{plan_id}/versions", {"reason": ""}).status_code == 400
    response = post(http, f"/documents/{plan_id}/versions", {"reason": "Kolmen kuukauden päivitys"})
    assert response.status_code == 303
    old, new = rows()
    assert (new.version, new.series, new.change_reason, new.signed_at) == (2, 1, "Kolmen kuukauden päivitys", None)
    assert new.contents == old.contents and old.signed_at is not None
    assert post(http, f"/documents/{plan_id}/versions", {"reason": "Taas"}).status_code == 409  # not the newest
    page = text(http.get(f"/documents/{old.id}"))
    assert "Tämä on vanha versio." in page and "Kierrätyspajan lajittelu" in page
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "period_document"))]
    assert sorted(actions) == ["create", "create", "sign", "update"]


@pytest.mark.parametrize("change, message", [
    ({"next_evaluation_on": "2027-06-01"}, "Päivän pitää olla jakson aikana"),
    ({"next_evaluation_on": "huomenna"}, "Anna päivä muodossa pp.kk.vvvv."),
    ({"s_measures": "x" * 5001}, "Teksti on liian pitkä: enintään 5000 merkkiä."),
])
def test_bad_input_is_refused_and_the_draft_is_kept(http, people, change, message):
    login(http, people.coach)
    plan_id = start(http, people)
    assert post(http, f"/documents/{plan_id}", PLAN).status_code == 303
    response = post(http, f"/documents/{plan_id}", {**PLAN, **change})
    assert response.status_code == 400 and message in text(response)
    assert rows()[0].contents["measures"] == PLAN["s_measures"]


def test_a_draft_is_saved_with_the_date_still_empty(http, people):
    login(http, people.coach)
    plan_id = start(http, people)
    assert post(http, f"/documents/{plan_id}", {**PLAN, "next_evaluation_on": ""}).status_code == 303
    assert rows()[0].next_evaluation_on is None


def test_a_post_without_some_parts_keeps_their_saved_words(http, people):
    login(http, people.coach)
    plan_id = start(http, people)
    post(http, f"/documents/{plan_id}", PLAN)
    assert post(http, f"/documents/{plan_id}", {"s_team": "Työpari Kaisa"}).status_code == 303
    [plan] = rows()
    assert plan.contents["measures"] == PLAN["s_measures"] and plan.contents["team"] == "Työpari Kaisa"
    assert plan.next_evaluation_on == date(2026, 12, 15)


def test_the_rules_of_starting_documents(http, people):
    login(http, people.coach)
    period = period_of(people)
    response = post(http, f"/periods/{period.id}/documents", {"kind": "interim"})
    assert response.status_code == 409 and "Allekirjoita ensin toteutussuunnitelma" in text(response)
    plan_id = start(http, people)
    response = post(http, f"/periods/{period.id}/documents", {"kind": "plan"})
    assert response.status_code == 409 and "Tee siitä uusi versio." in text(response)
    post(http, f"/documents/{plan_id}", PLAN)
    post(http, f"/documents/{plan_id}/sign")
    first, second = start(http, people, "interim"), start(http, people, "interim")
    assert [(d.kind, d.series, d.version) for d in rows()] == [("plan", 1, 1), ("interim", 1, 1), ("interim", 2, 1)]
    assert post(http, f"/periods/{period.id}/documents", {"kind": "annual"}).status_code == 400
    listing = text(http.get(f"/periods/{period.id}/documents"))
    assert "Väliarviointi 1" in listing and "Väliarviointi 2" in listing and "Seuraava väliarviointi 15.12.2026" in listing
    page = text(http.get(f"/documents/{first}"))
    assert "Asiakkaan oma arvio tilanteesta suhteessa tavoitteisiin" in page and second != first


def test_a_service_types_own_template_is_used_for_its_periods(http, people):
    period = period_of(people)
    db.session.add(DocumentTemplate(kind="final", service_type_id=period.service_type_id, asks_next_evaluation=False,
                                    sections=[{"key": "next_step", "title": {"fi": "Jatkopolku"}, "required": True}]))
    db.session.commit()
    login(http, people.coach)
    final_id = start(http, people, "final")
    assert "Jatkopolku" in text(http.get(f"/documents/{final_id}"))


@pytest.mark.parametrize("who, status", [("client", 403), ("kitchen", 403), ("other_coach", 404)])
def test_nobody_else_reads_or_writes_them(http, people, who, status):
    login(http, getattr(people, who))
    assert http.get(f"/periods/{period_of(people).id}/documents").status_code == status
    assert post(http, f"/periods/{period_of(people).id}/documents", {"kind": "plan"}).status_code == status
    assert rows() == []


def test_the_final_evaluation_records_the_next_step_from_the_list(http, people):
    login(http, people.coach)
    final_id = start(http, people, "final")
    page = text(http.get(f"/documents/{final_id}"))
    assert "Jatkopolku: mihin asiakas siirtyy" in page and "Työkokeilu" in page and "Keskeytti" in page
    texts = {"s_situation": "Jaksaa neljä päivää viikossa", "s_realisation": "Tavoitteet saavutettiin"}
    post(http, f"/documents/{final_id}", texts)
    response = post(http, f"/documents/{final_id}/sign")
    assert response.status_code == 400 and "Jatkopolku" in text(response)
    response = post(http, f"/documents/{final_id}", {**texts, "next_step": "999999"})
    assert response.status_code == 400 and "Valitse jatkopolku listasta." in text(response)
    trial = db.session.scalar(db.select(NextStep).where(NextStep.code == "work_trial"))
    assert post(http, f"/documents/{final_id}", {**texts, "next_step": str(trial.id)}).status_code == 303
    assert post(http, f"/documents/{final_id}/sign").status_code == 303
    [final] = rows()
    assert final.next_step_id == trial.id
    assert '<dd data-testid="next-step">Työkokeilu</dd>' in text(http.get(f"/documents/{final_id}"))
    assert post(http, f"/documents/{final_id}/versions", {"reason": "Korjaus"}).status_code == 303
    assert rows()[-1].next_step_id == trial.id  # the new version starts from it
