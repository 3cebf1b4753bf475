"""Skills and card trainings over real HTTP: a coach records, corrects and removes them on the
client's page; the client sees her own on her phone; who may and who may not; the expiry rules."""
from datetime import date

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.skills import rules
from webapp.skills.models import Skill, Training

TODAY = date(2026, 11, 18)


def skills():
    db.session.expire_all()
    return list(db.session.scalars(db.select(Skill).order_by(Skill.id)))


def trainings():
    db.session.expire_all()
    return list(db.session.scalars(db.select(Training).order_by(Training.id)))


def events(action, entity):
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action,
                                                               AuditEvent.entity == entity)))


@pytest.fixture
def anna(people):
    return people.client.client


@pytest.fixture
def ea1():
    return factories.make_training_kind()


@pytest.fixture
def hygiene():
    return factories.make_training_kind("hygiene_passport", "Hygieniapassi", valid_months=None,
                                        name_sv="Hygienpass", name_en="Hygiene passport")


def skill_form(**kw):
    return {"text": "Annostelee pesuaineen ohjeen mukaan", "task": "Porraskäytävien siivous",
            "shown_on": "2026-11-17", "qualification_unit": "", **kw}


# --- Recording a skill --------------------------------------------------------------------------

def test_her_coach_records_a_skill_mapped_to_a_qualification_unit(http, people, anna):
    unit = factories.make_qualification_unit()
    login(http, people.coach)
    form = text(http.get(f"/clients/{anna.person_id}/skills/new"))
    assert "Ylläpitosiivous – Puhtaus- ja kiinteistöpalvelualan perustutkinto" in form
    response = post(http, f"/clients/{anna.person_id}/skills/new", skill_form(qualification_unit=str(unit.id)))
    assert response.status_code == 303
    [skill] = skills()
    assert (skill.text, skill.task, skill.shown_on, skill.qualification_unit_id, skill.created_by_id) == (
        "Annostelee pesuaineen ohjeen mukaan", "Porraskäytävien siivous", date(2026, 11, 17), unit.id,
        people.coach.id)
    page = text(http.get(response.headers["Location"]))
    assert "Taito on tallennettu." in page and "Ylläpitosiivous" in page
    assert "Kirjannut Kaisa Ohjaaja" in page
    assert len(events("create", "skill")) == 1


def test_a_skill_without_a_unit_is_kept_as_an_other_skill(http, people, anna):
    login(http, people.coach)
    assert post(http, f"/clients/{anna.person_id}/skills/new", skill_form()).status_code == 303
    [skill] = skills()
    assert skill.qualification_unit_id is None
    [group] = rules.grouped(rules.for_certificate(anna.periods[0])[0])
    assert group.unit is None and group.skills == [skill]


@pytest.mark.parametrize("field, value, message", [
    ("text", "", "Kirjoita, mitä asiakas osasi."),
    ("task", "", "Kirjoita työtehtävä, jossa taito näkyi."),
    ("text", "x" * 301, "Teksti on liian pitkä: enintään 300 merkkiä."),
    ("shown_on", "", "Anna päivä, jona taito näkyi."),
    ("shown_on", "17.11.", "Anna päivä muodossa pp.kk.vvvv."),
    ("shown_on", "2026-11-19", "Päivä ei voi olla tulevaisuudessa."),
    ("shown_on", "2026-08-31", "Päivän pitää osua asiakkaan jaksolle"),
    ("qualification_unit", "999999", "Valitse tutkinnon osa listasta tai jätä valitsematta."),
    ("qualification_unit", "abc", "Valitse tutkinnon osa listasta tai jätä valitsematta."),
])
def test_a_skill_with_bad_input_is_refused_with_a_message_and_nothing_saved(http, people, anna, field, value, message):
    login(http, people.coach)
    response = post(http, f"/clients/{anna.person_id}/skills/new", skill_form(**{field: value}))
    assert response.status_code == 400
    assert message in text(response)
    assert "Porraskäytävien siivous" in text(response) or field == "task"  # what was typed stays
    assert skills() == []


def test_a_unit_taken_out_of_use_is_not_offered_for_a_new_skill(http, people, anna):
    unit = factories.make_qualification_unit(active=False)
    login(http, people.coach)
    assert "Ylläpitosiivous" not in text(http.get(f"/clients/{anna.person_id}/skills/new"))
    response = post(http, f"/clients/{anna.person_id}/skills/new", skill_form(qualification_unit=str(unit.id)))
    assert response.status_code == 400 and skills() == []


# --- Correcting and removing keep who, when and why --------------------------------------------

def test_a_correction_keeps_the_old_values_who_and_why(http, people, anna):
    unit = factories.make_qualification_unit()
    skill = factories.make_skill(anna, people.coach, shown_on=date(2026, 11, 16))
    login(http, people.coach)
    form = text(http.get(f"/skills/{skill.id}/correct"))
    assert "Porraskäytävien siivous" in form and "Miksi korjaat?" in form
    for reason in ("", "   "):
        missing = post(http, f"/skills/{skill.id}/correct", skill_form(qualification_unit=str(unit.id), reason=reason))
        assert missing.status_code == 400 and "Kerro, miksi tietoa korjataan." in text(missing)
    same = post(http, f"/skills/{skill.id}/correct", skill_form(shown_on="2026-11-16", reason="Tarkistus"))
    assert same.status_code == 400 and "Mikään ei muuttunut." in text(same)
    response = post(http, f"/skills/{skill.id}/correct",
                    skill_form(qualification_unit=str(unit.id), reason="Väärä päivä ja osa puuttui"))
    assert response.status_code == 303
    [fixed] = skills()
    assert (fixed.shown_on, fixed.qualification_unit_id) == (date(2026, 11, 17), unit.id)
    [event] = events("correct", "skill")
    assert event.actor_id == people.coach.id and event.reason == "Väärä päivä ja osa puuttui"
    assert event.changes["shown_on"] == ["2026-11-16", "2026-11-17"]
    assert event.changes["qualification_unit_id"] == [None, unit.id]
    page = text(http.get(f"/clients/{anna.person_id}/skills"))
    assert "Korjattu 18.11.2026" in page and "Kaisa Ohjaaja: Väärä päivä ja osa puuttui" in page


def test_a_removed_skill_stays_struck_through_with_its_reason(http, people, anna):
    skill = factories.make_skill(anna, people.coach)
    login(http, people.coach)
    refused = post(http, f"/skills/{skill.id}/remove", {"reason": "  "})
    assert refused.status_code == 400 and "Kerro, miksi tieto poistetaan." in text(refused)
    assert skills()[0].removed_at is None
    assert post(http, f"/skills/{skill.id}/remove", {"reason": "Kirjattu väärälle asiakkaalle"}).status_code == 303
    [removed] = skills()
    assert removed.removed_by_id == people.coach.id and removed.removed_reason == "Kirjattu väärälle asiakkaalle"
    page = text(http.get(f"/clients/{anna.person_id}/skills"))
    assert "<del>" in page and "Kirjattu väärälle asiakkaalle" in page
    assert post(http, f"/skills/{skill.id}/remove", {"reason": "Uudestaan"}).status_code == 409
    assert http.get(f"/skills/{skill.id}/correct").status_code == 409
    assert rules.for_certificate(anna.periods[0])[0] == []
    assert [e.reason for e in events("remove", "skill")] == ["Kirjattu väärälle asiakkaalle"]


# --- Card trainings and their expiry -----------------------------------------------------------

def test_an_ea1_training_expires_three_years_after_it_was_completed(http, people, anna, ea1):
    login(http, people.coach)
    response = post(http, f"/clients/{anna.person_id}/trainings/new",
                    {"training_kind": str(ea1.id), "completed_on": "2026-11-10", "expires_on": "", "note": ""})
    assert response.status_code == 303
    [training] = trainings()
    assert (training.completed_on, training.expires_on) == (date(2026, 11, 10), date(2029, 11, 10))
    assert "Voimassa 10.11.2029 asti" in text(http.get(response.headers["Location"]))


def test_a_hygiene_passport_never_expires(http, people, anna, hygiene):
    login(http, people.coach)
    post(http, f"/clients/{anna.person_id}/trainings/new",
         {"training_kind": str(hygiene.id), "completed_on": "2026-10-01"})
    [training] = trainings()
    assert training.expires_on is None and rules.status(training, TODAY) == "lasting"


def test_the_coach_may_write_the_expiry_the_card_shows(http, people, anna, ea1):
    login(http, people.coach)
    post(http, f"/clients/{anna.person_id}/trainings/new",
         {"training_kind": str(ea1.id), "completed_on": "2026-11-10", "expires_on": "2028-06-30"})
    assert trainings()[0].expires_on == date(2028, 6, 30)


def test_expired_and_soon_expiring_cards_are_marked(http, people, anna, ea1):
    factories.make_training(anna, people.coach, ea1, completed_on=date(2023, 10, 1))  # 1.10.2026: expired
    factories.make_training(anna, people.coach, ea1, completed_on=date(2024, 1, 10))  # 10.1.2027: in 53 days
    factories.make_training(anna, people.coach, ea1, completed_on=date(2024, 2, 10))  # 10.2.2027: in 84 days
    assert [rules.status(t, TODAY) for t in trainings()] == ["expired", "soon", "valid"]
    login(http, people.coach)
    page = text(http.get(f"/clients/{anna.person_id}/skills"))
    assert page.count('data-testid="expired"') == 1 and page.count('data-testid="expiring"') == 1
    client_page = text(http.get(f"/clients/{anna.person_id}"))
    assert 'data-testid="skills-part"' in client_page and "Vanhentunut" in client_page


@pytest.mark.parametrize("changes, field_message", [
    ({"training_kind": ""}, "Valitse koulutus listasta."),
    ({"training_kind": "424242"}, "Valitse koulutus listasta."),
    ({"completed_on": ""}, "Anna päivä, jona koulutus suoritettiin."),
    ({"completed_on": "2026-12-01"}, "Päivä ei voi olla tulevaisuudessa."),
    ({"completed_on": "0001-01-01"}, "Tarkista vuosi."),
    ({"expires_on": "2026-01-01"}, "Viimeinen voimassaolopäivä ei voi olla ennen koulutuksen päivää."),
    ({"expires_on": "31.2.2027"}, "Anna päivä muodossa pp.kk.vvvv."),
    ({"note": "x" * 501}, "Teksti on liian pitkä: enintään 500 merkkiä."),
])
def test_a_training_with_bad_input_is_refused(http, people, anna, ea1, changes, field_message):
    login(http, people.coach)
    data = {"training_kind": str(ea1.id), "completed_on": "2026-11-10", "expires_on": "", "note": "", **changes}
    response = post(http, f"/clients/{anna.person_id}/trainings/new", data)
    assert response.status_code == 400 and field_message in text(response)
    assert trainings() == []


def test_correcting_a_training_recomputes_an_emptied_expiry_and_keeps_why(http, people, anna, ea1, hygiene):
    training = factories.make_training(anna, people.coach, ea1, completed_on=date(2026, 11, 10))
    login(http, people.coach)
    response = post(http, f"/trainings/{training.id}/correct",
                    {"training_kind": str(hygiene.id), "completed_on": "2026-11-10", "expires_on": "",
                     "reason": "Oli hygieniapassi"})
    assert response.status_code == 303
    [fixed] = trainings()
    assert (fixed.kind_id, fixed.expires_on) == (hygiene.id, None)
    [event] = events("correct", "training")
    assert event.reason == "Oli hygieniapassi" and event.changes["expires_on"] == ["2029-11-10", None]
    assert post(http, f"/trainings/{training.id}/remove", {"reason": "Kaksoiskirjaus"}).status_code == 303
    assert trainings()[0].removed_reason == "Kaksoiskirjaus"
    assert http.get(f"/trainings/{training.id}/correct").status_code == 409


# --- Who may -----------------------------------------------------------------------------------

def test_a_coach_of_another_unit_gets_404_for_everything_of_the_client(http, people, anna, ea1):
    skill = factories.make_skill(anna, people.coach)
    training = factories.make_training(anna, people.coach, ea1)
    login(http, people.other_coach)
    for url in (f"/clients/{anna.person_id}/skills", f"/clients/{anna.person_id}/skills/new",
                f"/skills/{skill.id}/correct", f"/trainings/{training.id}/correct",
                f"/periods/{anna.periods[0].id}/competence", f"/periods/{anna.periods[0].id}/competence.pdf"):
        assert http.get(url).status_code == 404, url
    assert post(http, f"/skills/{skill.id}/remove", {"reason": "x"}).status_code == 404
    assert post(http, f"/clients/{anna.person_id}/skills/new", skill_form()).status_code == 404
    assert len(skills()) == 1 and skills()[0].removed_at is None


def test_the_client_and_the_kitchen_may_not_record(app, people, anna):
    for who in (people.client, people.kitchen):
        http = app.test_client()
        login(http, who)
        assert post(http, f"/clients/{anna.person_id}/skills/new", skill_form()).status_code == 403
        assert http.get(f"/clients/{anna.person_id}/skills").status_code == 403
    assert skills() == []


def test_a_manager_may_record_for_any_client(http, people):
    pekka = people.other_client.client
    login(http, people.manager)
    assert post(http, f"/clients/{pekka.person_id}/skills/new", skill_form()).status_code == 303
    assert skills()[0].client_id == pekka.person_id


def test_a_wrong_method_is_refused(http, people, anna):
    login(http, people.coach)
    assert http.get("/skills/1/remove").status_code == 405
    assert http.put(f"/clients/{anna.person_id}/skills/new").status_code == 405
    assert http.get("/clients/999999/skills").status_code == 404
    assert http.get("/skills/999999/correct").status_code == 404


# --- The client's own page --------------------------------------------------------------------

def test_the_client_sees_only_her_own_skills_and_cards(http, people, anna, ea1):
    unit = factories.make_qualification_unit()
    factories.make_skill(anna, people.coach, "Lajittelee pahvit", task="Kierrätys", unit=unit)
    factories.make_skill(anna, people.coach, "Poistettu taito")
    skills()[1].removed_at = skills()[1].created_at
    db.session.commit()
    factories.make_training(anna, people.coach, ea1, completed_on=date(2024, 1, 10))
    factories.make_skill(people.other_client.client, people.other_coach, "Pekan taito")
    login(http, people.client)
    assert "/me/skills" in text(http.get("/"))
    page = text(http.get("/me/skills"))
    assert "Lajittelee pahvit" in page and "Työssä: Kierrätys" in page and "Tutkinnon osa: Ylläpitosiivous" in page
    assert "Pekan taito" not in page and "Poistettu taito" not in page
    assert "Ensiapukoulutus EA1" in page and "Kortti vanhenee pian." in page
    assert http.get(f"/clients/{anna.person_id}/skills").status_code == 403


def test_staff_do_not_have_a_skills_page_of_their_own(http, people):
    login(http, people.coach)
    assert http.get("/me/skills").status_code == 403


def test_the_clients_data_export_holds_her_skills_and_trainings(http, people, anna, ea1):
    factories.make_skill(anna, people.coach, "Lajittelee pahvit", task="Kierrätys")
    factories.make_training(anna, people.coach, ea1, completed_on=date(2026, 11, 10))
    login(http, people.client)
    data = http.get("/me/data.json").get_json()
    assert [(s["skill"], s["task"], s["shown_on"]) for s in data["skills"]] == [
        ("Lajittelee pahvit", "Kierrätys", "2026-11-18")]
    assert [(t["training"], t["completed_on"], t["expires_on"]) for t in data["card_trainings"]] == [
        ("Ensiapukoulutus EA1", "2026-11-10", "2029-11-10")]
    assert "Lajittelee pahvit" in text(http.get("/me/data"))
