"""A manager keeps the qualification units and the kinds of card training (/settings/skills); the
migration seeds the examples and the three card trainings of seed 000."""
import importlib.util
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade

from tests import factories
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.skills.models import QualificationUnit, TrainingKind

MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "a7d3c9e1f5b2_skills_and_card_trainings.py"


def _migration():
    spec = importlib.util.spec_from_file_location("skills_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_seeds_examples_and_the_three_card_trainings(app, people):
    downgrade(revision=_migration().down_revision)
    upgrade()
    kinds = {k.code: k for k in db.session.scalars(db.select(TrainingKind))}
    assert {code: kinds[code].valid_months for code in kinds} == {
        "hygiene_passport": None, "occupational_safety_card": 60, "first_aid_ea1": 36}
    assert (kinds["first_aid_ea1"].name_sv, kinds["first_aid_ea1"].name_en) == ("Första hjälpen EA1",
                                                                                 "First aid course EA1")
    units = list(db.session.scalars(db.select(QualificationUnit)))
    assert len(units) >= 3 and all(u.example and u.active for u in units)
    assert "Ylläpitosiivous" in {u.name for u in units}


def test_the_manager_adds_a_unit_and_edits_it_out_of_example(http, people):
    login(http, people.manager)
    page = text(http.get("/settings/skills"))
    assert "Tutkinnon osat" in page and "Korttikoulutukset" in page
    response = post(http, "/settings/skills/units", {"qualification": "Logistiikan perustutkinto",
                                                    "name": "Varastotoiminnot", "code": "", "active": "y"})
    assert response.status_code == 303
    unit = db.session.scalar(db.select(QualificationUnit))
    assert (unit.qualification, unit.name, unit.active, unit.example) == (
        "Logistiikan perustutkinto", "Varastotoiminnot", True, False)
    unit.example = True
    db.session.commit()
    assert "esimerkki" in text(http.get("/settings/skills"))
    assert post(http, f"/settings/skills/units/{unit.id}", {"qualification": "Logistiikan perustutkinto",
                                                           "name": "Varastotoiminnot", "code": "123"}).status_code == 303
    db.session.expire_all()
    assert (unit.code, unit.active, unit.example) == ("123", False, False)
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "qualification_unit",
                                                         AuditEvent.action == "update")) is not None


def test_the_manager_adds_a_kind_and_sets_its_validity(http, people):
    login(http, people.manager)
    response = post(http, "/settings/skills/kinds", {"name_fi": "Tulityökortti", "name_sv": "Heta arbeten-kort",
                                                    "name_en": "Hot work card", "valid_months": "60", "active": "y"})
    assert response.status_code == 303
    kind = db.session.scalar(db.select(TrainingKind))
    assert (kind.code, kind.name_sv, kind.valid_months) == ("tulityokortti", "Heta arbeten-kort", 60)
    post(http, "/settings/skills/kinds", {"name_fi": "Tulityökortti", "valid_months": "", "active": "y"})
    assert db.session.scalars(db.select(TrainingKind.code).order_by(TrainingKind.id)).all() == [
        "tulityokortti", "tulityokortti_2"]
    assert post(http, f"/settings/skills/kinds/{kind.id}", {"name_fi": "Tulityökortti", "valid_months": "",
                                                           "active": "y"}).status_code == 303
    db.session.expire_all()
    assert kind.valid_months is None


@pytest.mark.parametrize("data, message", [
    ({"name_fi": ""}, "Kirjoita nimi suomeksi."),
    ({"name_fi": "Kortti", "valid_months": "0"}, "Anna kuukaudet kokonaislukuna 1–240 tai jätä tyhjäksi."),
    ({"name_fi": "Kortti", "valid_months": "241"}, "Anna kuukaudet kokonaislukuna 1–240 tai jätä tyhjäksi."),
    ({"name_fi": "Kortti", "valid_months": "viisi"}, "Anna kuukaudet kokonaislukuna 1–240 tai jätä tyhjäksi."),
    ({"name_fi": "x" * 121}, "Teksti on liian pitkä: enintään 120 merkkiä."),
])
def test_a_kind_with_bad_input_is_refused(http, people, data, message):
    login(http, people.manager)
    response = post(http, "/settings/skills/kinds", data)
    assert response.status_code == 400 and message in text(response)
    assert db.session.scalar(db.select(TrainingKind)) is None


def test_a_unit_without_a_name_is_refused(http, people):
    login(http, people.manager)
    response = post(http, "/settings/skills/units", {"qualification": "Logistiikan perustutkinto", "name": ""})
    assert response.status_code == 400 and "Kirjoita tutkinnon osan nimi." in text(response)
    assert http.get("/settings/skills/units/999999").status_code == 404
    assert http.get("/settings/skills/kinds/999999").status_code == 404


def test_only_a_manager_keeps_the_reference_data(app, people):
    unit = factories.make_qualification_unit()
    for who in (people.coach, people.client, people.kitchen):
        http = app.test_client()
        login(http, who)
        assert http.get("/settings/skills").status_code == 403
        assert post(http, f"/settings/skills/units/{unit.id}", {"qualification": "X", "name": "Y"}).status_code == 403
    db.session.expire_all()
    assert unit.name == "Ylläpitosiivous"
