"""The certificate of participation over real HTTP, on Wednesday 18.11.2026: issued from a period
by staff who may see the client, counted as the money counts a realised day, frozen at issue,
drawn as a real PDF (read back with pdftotext), and downloaded by the client herself."""
import re
import subprocess
from datetime import date, datetime, timedelta

import pytest

from tests import factories
from tests.http import login, post, text
from tests.moments import HEL
from webapp.audit.models import AuditEvent
from webapp.certificates import rules
from webapp.certificates.models import Certificate
from webapp.checkin.models import AbsenceReason, ActivityDay, Kind, Status
from webapp.extensions import db
from webapp.reference.models import Organisation

ENDED = (date(2026, 5, 4), date(2026, 10, 30))  # Mon 4.5.–Fri 30.10.2026
TASKS = "Tavaroiden lajittelu ja hinnoittelu\nKassatyö\nAsiakaspalvelu myymälässä"


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def day(client, on, *, kind=Kind.ONSITE, status=Status.CONFIRMED, reason=None, by=None):
    record = ActivityDay(client_id=client.person_id, unit_id=client.home_unit_id, day=on, kind=kind.value,
                         status=status.value, absence_reason=reason)
    if kind == Kind.ONSITE:
        record.check_in_at, record.check_in_method = datetime.combine(on, datetime.min.time(), HEL).replace(hour=8), "badge"
        record.check_out_at, record.check_out_method = record.check_in_at + timedelta(hours=5), "badge"
    if kind == Kind.REMOTE:
        record.reported_minutes = 240
    if status != Status.OPEN:
        record.decided_at, record.decided_by_id = record.check_in_at or datetime(2026, 1, 1, tzinfo=HEL), by
    db.session.add(record)
    return record


@pytest.fixture
def ended(people):
    """Anna's earlier period, ended 30.10.2026: 5 confirmed on site, 2 confirmed remote (7 realised
    days), and days that are no realised day: an absence, a "not held" day, a day not counted, an
    open day, and a confirmed day of hers outside the period."""
    anna = people.client.client
    period = factories.make_period(anna, people.unit, starts_on=ENDED[0], ends_on=ENDED[1])
    for n in range(5):
        day(anna, date(2026, 9, 7) + timedelta(days=n), by=people.coach.id)
    day(anna, date(2026, 9, 14), kind=Kind.REMOTE, by=people.coach.id)
    day(anna, date(2026, 10, 30), kind=Kind.REMOTE, by=people.coach.id)
    day(anna, date(2026, 9, 15), kind=Kind.ABSENT, reason=AbsenceReason.OWN_ILLNESS.value, by=people.coach.id)
    day(anna, date(2026, 9, 16), kind=Kind.ABSENT, reason=AbsenceReason.NOT_HELD.value, by=people.coach.id)
    day(anna, date(2026, 9, 17), status=Status.NOT_COUNTED, by=people.coach.id)
    day(anna, date(2026, 9, 21), status=Status.OPEN)
    day(anna, date(2026, 5, 1), by=people.coach.id)  # before the period
    db.session.commit()
    return period


def certificates():
    db.session.expire_all()
    return list(db.session.scalars(db.select(Certificate).order_by(Certificate.id)))


def issue(http, period, **data):
    return post(http, f"/periods/{period.id}/certificates",
                {"work_tasks": TASKS, "language": "fi", **data})


def test_a_coach_issues_a_certificate_for_an_ended_period(http, people, ended):
    login(http, people.coach)
    page = text(http.get(f"/periods/{ended.id}/certificates"))
    assert "Anna todistus osallistumisesta" in page and "Väliaikainen" not in page
    assert "1 päivä odottaa vielä ohjaajan päätöstä" in page  # the open day of 21.9.
    response = issue(http, ended, include_skills="y")
    assert response.status_code == 303
    [certificate] = certificates()
    assert response.headers["Location"].endswith(f"/periods/{ended.id}/certificates#certificate-{certificate.id}")
    assert (certificate.days_attended, certificate.starts_on, certificate.ends_on, certificate.counted_until) == (
        7, ENDED[0], ENDED[1], ENDED[1])
    assert not certificate.interim and certificate.include_skills and certificate.skills is None
    assert (certificate.client_name, certificate.unit_name, certificate.issuer_name, certificate.issuer_role) == (
        "Anna Asiakas", "Kierrätyspaja", "Kaisa Ohjaaja", "coach")
    assert certificate.work_tasks == TASKS and certificate.service_type == "Työtoiminta (work)"
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "certificate", AuditEvent.entity_id == certificate.id,
                                                         AuditEvent.action == "create")) is not None
    page = text(http.get(f"/periods/{ended.id}/certificates"))
    assert "Todistus on annettu." in page and "7 toteutunutta päivää" in page
    pdf = http.get(f"/certificates/{certificate.id}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Cache-Control"] == "no-store" and "todistus-anna-asiakas-2026-11-18.pdf" in pdf.headers["Content-Disposition"]
    words = pdf_text(pdf.data)
    for expected in ("TODISTUS OSALLISTUMISESTA".title().capitalize(), "Anna Asiakas", "4.5.2026–30.10.2026",
                     "Kierrätyspaja", "Työtoiminta (work)", "Kassatyö", "Kaisa Ohjaaja", "Helsinki 18.11.2026"):
        assert expected in words, expected
    assert "Toteutuneet toimintapäivät" in words and " 7" in words.split("Toteutuneet toimintapäivät")[1].splitlines()[0]
    assert "Väliaikainen" not in words and "Osaaminen ja koulutukset" not in words  # none recorded


def test_the_figures_and_words_are_frozen_at_issue(http, people, ended):
    login(http, people.coach)
    assert issue(http, ended).status_code == 303
    [certificate] = certificates()
    # Later: a day is confirmed, the client's name and the unit's name change
    day(people.client.client, date(2026, 10, 29), by=people.coach.id)
    people.client.last_name = "Uusinimi"
    people.unit.name = "Uusi paja"
    db.session.commit()
    words = pdf_text(http.get(f"/certificates/{certificate.id}/pdf").data)
    assert "Anna Asiakas" in words and "Kierrätyspaja" in words and "Uusinimi" not in words and "Uusi paja" not in words
    assert " 7" in words.split("Toteutuneet toimintapäivät")[1].splitlines()[0]
    # A new issue counts again and is a row of its own; the list shows both
    assert issue(http, ended, work_tasks="Kassatyö").status_code == 303
    first, second = certificates()
    assert (first.days_attended, second.days_attended) == (7, 8) and second.client_name == "Anna Uusinimi"
    page = text(http.get(f"/periods/{ended.id}/certificates"))
    assert page.count('data-testid="certificate"') == 2 and page.index(f"certificate-{second.id}") < page.index(
        f"certificate-{first.id}")


def test_a_running_period_gets_an_interim_certificate_counted_to_today(http, people):
    anna = people.client.client
    running = anna.periods[0]  # 1.9.2026–2.3.2027
    day(anna, date(2026, 11, 16), by=people.coach.id)
    day(anna, date(2026, 11, 17), kind=Kind.REMOTE, by=people.coach.id)
    db.session.commit()
    login(http, people.manager)
    assert "Anna väliaikainen todistus" in text(http.get(f"/periods/{running.id}/certificates"))
    assert issue(http, running, language="en").status_code == 303
    [certificate] = certificates()
    assert certificate.interim and certificate.counted_until == date(2026, 11, 18) and certificate.days_attended == 2
    assert certificate.issuer_role == "admin" and certificate.service_type == "Work activity (work)"
    words = pdf_text(http.get(f"/certificates/{certificate.id}/pdf").data)
    assert "Certificate of participation" in words and "Interim certificate" in words
    assert "counted up to 18 November 2026" in words and "1 September 2026" in words and "Manager" in words


def test_a_signed_final_evaluation_makes_the_certificate_final(http, people):
    running = people.client.client.periods[0]
    factories.make_plan(running, people.coach, kind="final", signed=True)
    login(http, people.coach)
    assert issue(http, running, language="sv").status_code == 303
    [certificate] = certificates()
    assert not certificate.interim and certificate.counted_until == date(2026, 11, 18)
    words = pdf_text(http.get(f"/certificates/{certificate.id}/pdf").data)
    assert "Intyg över deltagande" in words and "1.9.2026–2.3.2027" in words and "Anna Asiakas" in words
    assert "räknade till 18.11.2026" in words


def test_a_period_that_has_not_started_has_nothing_to_certify(http, people):
    later = factories.make_period(people.client.client, people.unit, starts_on=date(2027, 4, 1), ends_on=date(2027, 9, 30))
    login(http, people.coach)
    assert "Jakso ei ole vielä alkanut." in text(http.get(f"/periods/{later.id}/certificates"))
    response = issue(http, later)
    assert response.status_code == 409 and "Jakso alkaa 1.4.2027." in text(response)
    assert certificates() == []


@pytest.mark.parametrize("data, message", [
    ({"work_tasks": ""}, "Kirjoita, mitä asiakas teki jakson aikana."),
    ({"work_tasks": "   \n  "}, "Kirjoita, mitä asiakas teki jakson aikana."),
    ({"work_tasks": "x" * 2001}, "Teksti on liian pitkä: enintään 2000 merkkiä."),
    ({"language": "de"}, "Valitse todistuksen kieli."),
    ({"language": ""}, "Valitse todistuksen kieli."),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(http, people, ended, data, message):
    login(http, people.coach)
    response = issue(http, ended, **data)
    assert response.status_code == 400 and message in text(response)
    assert certificates() == []
    if data.get("work_tasks", "").startswith("x"):
        assert "x" * 2001 in text(response)  # what was typed is kept on the page


def test_the_form_starts_from_the_units_activities_and_the_clients_language(http, people, ended):
    factories.make_unit_activity(people.unit, "Puutyöt", position=1)
    factories.make_unit_activity(people.unit, "Lajittelu", position=2)
    factories.make_unit_activity(people.unit, "Vanha", active=False)
    people.client.language = "sv"
    db.session.commit()
    login(http, people.coach)
    page = text(http.get(f"/periods/{ended.id}/certificates"))
    assert "Puutyöt\nLajittelu</textarea>" in page and "Vanha" not in page
    checked = re.findall(r'<input checked[^>]*name="language"[^>]*value="(\w+)"', page)
    assert checked == ["sv"]


def test_the_provider_name_is_printed_when_it_is_set(app, http, people, ended):
    db.session.add(Organisation(name="Työpajasäätiö sr", business_id="0112038-9"))
    db.session.commit()
    login(http, people.coach)
    assert issue(http, ended).status_code == 303
    [certificate] = certificates()
    assert certificate.organisation == "Työpajasäätiö sr"
    assert "Palveluntuottaja" in (words := pdf_text(http.get(f"/certificates/{certificate.id}/pdf").data))
    assert "Työpajasäätiö sr" in words


def test_who_may_issue_and_download(http, app, people, ended):
    login(http, people.coach)
    assert issue(http, ended).status_code == 303
    [certificate] = certificates()
    urls = [f"/periods/{ended.id}/certificates", f"/certificates/{certificate.id}/pdf"]
    other = app.test_client()
    login(other, people.other_coach)
    for url in urls:
        assert other.get(url).status_code == 404
    assert issue(other, ended).status_code == 404
    kitchen = app.test_client()
    login(kitchen, people.kitchen)
    for url in urls:
        assert kitchen.get(url).status_code == 403
    anna = app.test_client()
    login(anna, people.client)
    for url in urls:
        assert anna.get(url).status_code == 403
    assert issue(anna, ended).status_code == 403
    assert app.test_client().get(urls[1]).status_code == 302  # to the sign-in page
    assert http.get("/periods/999999/certificates").status_code == 404
    assert http.get("/certificates/999999/pdf").status_code == 404
    assert http.put(f"/periods/{ended.id}/certificates").status_code == 405
    assert len(certificates()) == 1


def test_the_client_reads_and_downloads_only_her_own(http, app, people, ended):
    login(http, people.coach)
    assert issue(http, ended).status_code == 303
    pekka = people.other_client.client
    theirs = rules.issue(pekka.periods[0], people.other_coach, date(2026, 11, 18), work_tasks="Puutyöt",
                         language="fi", include_skills=False, skills=None)
    db.session.commit()
    mine = certificates()[0]
    anna = app.test_client()
    login(anna, people.client)
    page = text(anna.get("/me/certificates"))
    assert "Todistus osallistumisesta" in page and "4.5.2026–30.10.2026" in page and "7 toteutunutta päivää" in page
    assert "Puutyöt" not in page and f"/me/certificates/{theirs.id}/pdf" not in page
    pdf = anna.get(f"/me/certificates/{mine.id}/pdf")
    assert pdf.status_code == 200 and "Anna Asiakas" in pdf_text(pdf.data)
    assert anna.get(f"/me/certificates/{theirs.id}/pdf").status_code == 404
    assert anna.get("/me/certificates/999999/pdf").status_code == 404
    assert http.get("/me/certificates").status_code == 403  # the coach
    assert http.get(f"/me/certificates/{mine.id}/pdf").status_code == 403


def test_a_client_without_certificates_is_told_how_to_get_one(http, people):
    login(http, people.client)
    page = text(http.get("/me/certificates"))
    assert "Sinulla ei ole vielä todistuksia." in page


def test_days_are_counted_as_the_money_counts_a_realised_day(people, ended):
    found = rules.figures(ended, date(2026, 11, 18))
    assert (found.days_attended, found.days_waiting, found.interim) == (7, 1, False)
    # On the period's last day it is final, counted to that day
    running = people.client.client.periods[0]
    assert rules.figures(running, running.ends_on).interim is False
    assert rules.figures(running, running.ends_on - timedelta(days=1)).interim is True
    with pytest.raises(rules.NotYet):
        rules.figures(running, running.starts_on - timedelta(days=1))


def test_the_period_the_final_evaluation_and_the_clients_phone_link_to_the_certificates(http, app, people, ended):
    final = factories.make_plan(ended, people.coach, kind="final", signed=True)
    login(http, people.coach)
    link = f'href="/periods/{ended.id}/certificates"'
    assert link in text(http.get(f"/clients/{people.client.id}"))
    assert link in text(http.get(f"/periods/{ended.id}/documents"))
    page = text(http.get(f"/documents/{final.id}"))
    assert link in page and "Anna todistus osallistumisesta" in page
    draft = factories.make_plan(people.client.client.periods[0], people.coach, kind="final")
    assert "/certificates" not in text(http.get(f"/documents/{draft.id}"))  # not before it is signed
    anna = app.test_client()
    login(anna, people.client)
    assert 'href="/me/certificates"' in text(anna.get("/me/plans"))
    assert 'href="/me/certificates"' in text(anna.get("/"))


def test_skills_given_at_issue_are_printed_only_when_the_client_wants_them(http, people, ended):
    """The hook webapp/skills fills: rules.issue's `skills`, frozen with the certificate."""
    skills = [{"title": "Hygieniapassi", "detail": "suoritettu 12.10.2026"}, {"title": "Trukin käyttö", "detail": ""}]
    wanted = rules.issue(ended, people.coach, date(2026, 11, 18), work_tasks="Kassatyö", language="fi",
                         include_skills=True, skills=skills)
    not_wanted = rules.issue(ended, people.coach, date(2026, 11, 18), work_tasks="Kassatyö", language="fi",
                             include_skills=False, skills=skills)
    db.session.commit()
    assert (wanted.skills, not_wanted.skills) == (skills, None)
    login(http, people.coach)
    words = pdf_text(http.get(f"/certificates/{wanted.id}/pdf").data)
    assert "Osaaminen ja koulutukset" in words and "Hygieniapassi – suoritettu 12.10.2026" in words
    assert "Trukin käyttö" in words
    assert "Hygieniapassi" not in pdf_text(http.get(f"/certificates/{not_wanted.id}/pdf").data)


def test_markup_in_the_work_tasks_is_printed_as_text(http, people, ended):
    login(http, people.coach)
    assert issue(http, ended, work_tasks='<img src="https://tracker.example/p.gif"> <b>Kassa</b>').status_code == 303
    [certificate] = certificates()
    page = text(http.get(f"/periods/{ended.id}/certificates"))
    assert "<b>Kassa</b>" not in page
    assert '<img src="https://tracker.example/p.gif"> <b>Kassa</b>' in pdf_text(
        http.get(f"/certificates/{certificate.id}/pdf").data)


def test_the_clients_skills_and_trainings_are_printed_when_she_wants_them(http, people, ended):
    """Skills she showed in the period (under their qualification unit) and card trainings valid
    during it, from webapp/skills; none when she does not want them, none from outside the period."""
    anna = people.client.client
    unit = factories.make_qualification_unit("Ylläpitosiivous")
    factories.make_skill(anna, people.coach, "Annostelee pesuaineen ohjeen mukaan", task="Porraskäytävien siivous",
                         shown_on=date(2026, 9, 9), unit=unit)
    factories.make_skill(anna, people.coach, "Palvelee asiakasta kassalla", task="Myymälän kassa",
                         shown_on=date(2026, 10, 1))
    factories.make_skill(anna, people.coach, "Tämä on jakson jälkeen", shown_on=date(2026, 11, 10))
    kind = factories.make_training_kind()
    factories.make_training(anna, people.coach, kind, completed_on=date(2026, 6, 2))
    login(http, people.coach)
    assert issue(http, ended, include_skills="y").status_code == 303
    assert issue(http, ended).status_code == 303
    wanted, not_wanted = certificates()
    assert [s["title"] for s in wanted.skills] == [
        "Annostelee pesuaineen ohjeen mukaan", "Palvelee asiakasta kassalla", "Ensiapukoulutus EA1"]
    assert wanted.skills[0]["detail"] == "työtehtävä: Porraskäytävien siivous, 9.9.2026 · tutkinnon osa: Ylläpitosiivous"
    assert wanted.skills[2]["detail"] == "suoritettu 2.6.2026, voimassa 2.6.2029 asti"
    words = " ".join(pdf_text(http.get(f"/certificates/{wanted.id}/pdf").data).split())
    assert "Osaaminen ja koulutukset" in words and "tutkinnon osa: Ylläpitosiivous" in words
    assert "Ensiapukoulutus EA1" in words and "jakson jälkeen" not in words
    assert not_wanted.skills is None
    assert "Annostelee" not in pdf_text(http.get(f"/certificates/{not_wanted.id}/pdf").data)
    # In Swedish, the words around her own are Swedish
    assert issue(http, ended, include_skills="y", language="sv").status_code == 303
    swedish = certificates()[-1]
    assert swedish.skills[2] == {"title": "Första hjälpen EA1", "detail": "avlagd 2.6.2026, giltig till 2.6.2029"}
