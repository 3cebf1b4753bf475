"""The competence certificate (osaamistodistus) of a period: its HTML preview for the coach and the
real PDF, read back with poppler's pdftotext."""
import subprocess
from datetime import date

from tests import factories
from tests.http import login, text
from webapp.extensions import db
from webapp.skills import rules


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def anna_with_skills(people):
    anna = people.client.client
    period = anna.periods[0]
    cleaning = factories.make_qualification_unit("Ylläpitosiivous", code="106920")
    home = factories.make_qualification_unit("Kotisiivouspalvelujen tuottaminen")
    ea1 = factories.make_training_kind()
    factories.make_skill(anna, people.coach, "Annostelee pesuaineen ohjeen mukaan", task="Porraskäytävien siivous",
                         shown_on=date(2026, 10, 5), unit=cleaning)
    factories.make_skill(anna, people.coach, "Tulee ajoissa ja ilmoittaa poissaolosta", task="Työpäivät",
                         shown_on=date(2026, 10, 6))
    factories.make_skill(anna, people.coach, "Imuroi ja pyyhkii pinnat", task="Asukastilan siivous",
                         shown_on=date(2026, 11, 2), unit=home)
    factories.make_skill(anna, people.coach, "Ennen jaksoa", shown_on=date(2026, 8, 1))  # not in the period
    factories.make_training(anna, people.coach, ea1, completed_on=date(2026, 11, 10))
    return anna, period


def test_the_certificate_groups_skills_under_their_units_and_others_last(app, people):
    _anna, period = anna_with_skills(people)
    skills, trainings = rules.for_certificate(period)
    assert [s.text for s in skills] == ["Annostelee pesuaineen ohjeen mukaan", "Tulee ajoissa ja ilmoittaa poissaolosta",
                                        "Imuroi ja pyyhkii pinnat"]
    assert [g.unit.name if g.unit else None for g in rules.grouped(skills)] == [
        "Kotisiivouspalvelujen tuottaminen", "Ylläpitosiivous", None]
    assert [t.kind.name_fi for t in trainings] == ["Ensiapukoulutus EA1"]


def test_a_training_valid_during_the_period_is_on_it_an_expired_one_is_not(app, people):
    anna = people.client.client
    period = anna.periods[0]  # 1.9.2026–2.3.2027
    hygiene = factories.make_training_kind("hygiene", "Hygieniapassi", valid_months=None)
    safety = factories.make_training_kind("safety", "Työturvallisuuskortti", valid_months=60)
    factories.make_training(anna, people.coach, hygiene, completed_on=date(2019, 5, 1))  # never expires
    factories.make_training(anna, people.coach, safety, completed_on=date(2021, 1, 1))  # 1.1.2026: before
    factories.make_training(anna, people.coach, safety, completed_on=date(2021, 10, 1))  # 1.10.2026: during
    _, trainings = rules.for_certificate(period)
    assert [(t.kind.code, t.completed_on) for t in trainings] == [("hygiene", date(2019, 5, 1)),
                                                                  ("safety", date(2021, 10, 1))]


def test_the_coach_previews_the_certificate(http, people):
    _anna, period = anna_with_skills(people)
    login(http, people.coach)
    page = text(http.get(f"/periods/{period.id}/competence"))
    assert "Osaamistodistus" in page and "Anna Asiakas" in page
    assert "Ylläpitosiivous" in page and "(106920)" in page and "Muut taidot" in page
    assert "Ennen jaksoa" not in page
    assert "Tämä todistus ei ole tutkintotodistus" in page
    assert "Kaisa Ohjaaja" in page and "18.11.2026" in page and "1.9.2026–2.3.2027" in page
    assert f"/periods/{period.id}/competence.pdf" in page


def test_the_certificate_downloads_as_a_real_pdf(http, people):
    _anna, period = anna_with_skills(people)
    login(http, people.coach)
    response = http.get(f"/periods/{period.id}/competence.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "osaamistodistus-asiakas-2026-09-01.pdf" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"].startswith("no-store") or "no-store" in response.headers["Cache-Control"]
    words = " ".join(pdf_text(response.data).split())
    for expected in ("OSAAMISTODISTUS", "Anna Asiakas", "Kierrätyspaja", "1.9.2026–2.3.2027",
                     "Ylläpitosiivous", "Annostelee pesuaineen ohjeen mukaan", "Porraskäytävien siivous", "5.10.2026",
                     "Puhtaus- ja kiinteistöpalvelualan perustutkinto", "Muut taidot",
                     "Ensiapukoulutus EA1", "10.11.2026", "10.11.2029",
                     "Tämä todistus ei ole tutkintotodistus", "Kaisa Ohjaaja", "18.11.2026"):
        assert expected in words, expected
    assert "Ennen jaksoa" not in words


def test_the_certificate_in_swedish(http, people):
    _anna, period = anna_with_skills(people)
    people.coach.language = "sv"
    db.session.commit()
    login(http, people.coach)
    words = " ".join(pdf_text(http.get(f"/periods/{period.id}/competence.pdf").data).split())
    assert "KOMPETENSINTYG" in words.upper() and "Första hjälpen EA1" in words


def test_an_empty_period_still_gives_an_honest_certificate(http, people):
    period = people.client.client.periods[0]
    login(http, people.coach)
    page = text(http.get(f"/periods/{period.id}/competence"))
    assert "Jaksolle ei ole kirjattu taitoja." in page
    assert http.get("/periods/999999/competence").status_code == 404
    assert http.get("/periods/999999/competence.pdf").status_code == 404
