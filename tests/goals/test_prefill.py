"""What Läsnä knows, in a plan or an evaluation, against fixtures counted by hand (Wednesday
18.11.2026; Anna's period 1.9.2026–2.3.2027, Mon–Thu, 6 h a day; her unit open Mon–Fri).

The interim evaluation held on Friday 13.11. follows one held on Sunday 1.11., so it looks back on
2.–13.11.:

    Mon  2.11. on site 9–15 (6 h)        taken part
    Tue  3.11. remote 4 h                taken part
    Wed  4.11. absent, own illness
    Thu  5.11. absent, job interview
    Fri  6.11. remote 2 h                taken part outside the plan
    Mon  9.11. remote 4 h                taken part
    Tue 10.11. service not held          not a planned day
    Wed 11.11. nothing                   no record
    Thu 12.11. remote 3 h, not counted   not counted
    Mon 16.11. remote 4 h                after the evaluation: not in it

Planned 7, attended 3 (43 %). Weeks taken part in: 2 (12 h on 3 days, 4 h on 1 day): 8,0 h and
2,0 days a week on average.
"""
from datetime import date, datetime, timedelta

import pytest

from tests import factories
from tests.conftest import seed_instruments_and_templates
from tests.http import login, post, text
from tests.moments import HEL
from webapp.skills.models import TrainingKind
from webapp.approvals.month import period_rate
from webapp.audit.models import AuditEvent
from webapp.checkin.models import AbsenceReason, ActivityDay, Kind, Method, Status
from webapp.diary.models import DiaryRead
from webapp.extensions import db
from webapp.goals import prefill
from webapp.goals.models import EvaluationShare, PeriodDocument
from webapp.lib import clock
from webapp.wellbeing import rules as wellbeing
from webapp.wellbeing.models import SelfAssessment

TODAY = date(2026, 11, 18)


@pytest.fixture(autouse=True)
def templates(app):
    seed_instruments_and_templates()


def day(client_person, on, kind, *, minutes=None, reason=None, status=Status.OPEN, hours=None):
    period = client_person.client.periods[0]
    record = ActivityDay(client_id=client_person.id, unit_id=period.unit_id, day=on, kind=kind.value,
                         status=status.value, reported_minutes=minutes,
                         absence_reason=reason.value if reason else None)
    if kind == Kind.ONSITE:
        start = datetime.combine(on, datetime.min.time(), HEL).replace(hour=9)
        record.check_in_at, record.check_in_method = start, Method.PHONE.value
        record.check_out_at, record.check_out_method = start + timedelta(hours=hours), Method.PHONE.value
    if status != Status.OPEN:
        record.decided_at = clock.now()
    db.session.add(record)
    db.session.commit()
    return record


def november(people):
    anna = people.client
    day(anna, date(2026, 11, 2), Kind.ONSITE, hours=6)
    day(anna, date(2026, 11, 3), Kind.REMOTE, minutes=240)
    day(anna, date(2026, 11, 4), Kind.ABSENT, reason=AbsenceReason.OWN_ILLNESS)
    day(anna, date(2026, 11, 5), Kind.ABSENT, reason=AbsenceReason.JOB_INTERVIEW)
    day(anna, date(2026, 11, 6), Kind.REMOTE, minutes=120)
    day(anna, date(2026, 11, 9), Kind.REMOTE, minutes=240)
    day(anna, date(2026, 11, 10), Kind.ABSENT, reason=AbsenceReason.NOT_HELD)
    day(anna, date(2026, 11, 12), Kind.REMOTE, minutes=180, status=Status.NOT_COUNTED)
    day(anna, date(2026, 11, 16), Kind.REMOTE, minutes=240)


def interim(people, *, link=True):
    """Goals scored on 1.11. and 13.11.; the interim evaluation document (series 2) of the second."""
    period = people.client.client.periods[0]
    goal = factories.make_goal(period, people.coach)
    factories.make_evaluation(period, people.coach, {goal: -1}, held_on=date(2026, 11, 1))
    second = factories.make_evaluation(period, people.coach, {goal: 0}, held_on=date(2026, 11, 13))
    document = factories.make_plan(period, people.coach, kind="interim", series=2)
    document.next_evaluation_on = date(2027, 1, 15)
    if link:
        document.evaluation_id = second.id
    db.session.commit()
    return document


def answered(person, score, on):
    who5 = wellbeing.instrument(wellbeing.WHO5)
    values = [score // 20] * 5
    raw, got = who5.score_of(values)
    db.session.add(SelfAssessment(client_id=person.id, period_id=person.client.periods[0].id, instrument_id=who5.id,
                                  wording_id=wellbeing.wording(who5, "fi").id, occasion="other", answers=values,
                                  raw=raw, score=got, answered_at=datetime.combine(on, datetime.min.time(), HEL).replace(hour=12)))
    db.session.commit()


def test_the_interim_evaluation_counts_its_span_as_counted_by_hand(people):
    november(people)
    document = interim(people)
    known = prefill.figures(document, TODAY)
    assert (known["first"], known["last"]) == ("2026-11-02", "2026-11-13")
    assert known["attendance"] == {"planned": 7, "attended": 3, "extra": 1, "percent": 43, "absent": {
        "job_interview": 1, "no_record": 1, "not_counted": 1, "own_illness": 1}}
    assert known["hours"] == [{"first": "2026-11-02", "last": "2026-11-13", "weeks": 2, "hours": 8.0, "days": 2.0}]
    assert known["plan"] == {"days": 4, "hours_per_day": 6.0}


def test_attendance_over_the_whole_period_agrees_with_the_client_page_rule(people):
    """The final evaluation looks back to the period's start; its rate is the client page's."""
    november(people)
    period = people.client.client.periods[0]
    document = factories.make_plan(period, people.coach, kind="final")
    known = prefill.figures(document, TODAY)
    _period, rate = period_rate(people.client.client, TODAY)
    assert known["first"] == "2026-09-01" and known["last"] == "2026-11-18"
    assert (known["attendance"]["planned"], known["attendance"]["attended"]) == (rate.planned, rate.attended)
    # Every planned day gone by in September and October has no record
    assert known["attendance"]["absent"]["no_record"] == rate.planned - rate.attended - 3


def test_hours_per_week_show_how_the_days_grew(people):
    """September: one 4 h day a week. October: two 5 h days. November: three 6 h days."""
    anna = people.client
    for monday in (date(2026, 9, 7), date(2026, 9, 14), date(2026, 9, 21)):
        day(anna, monday, Kind.REMOTE, minutes=240)
    for monday in (date(2026, 9, 28), date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19)):
        day(anna, monday, Kind.REMOTE, minutes=300)
        day(anna, monday + timedelta(days=1), Kind.REMOTE, minutes=300)
    for monday in (date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)):
        for n in range(3):
            day(anna, monday + timedelta(days=n), Kind.REMOTE, minutes=360)
    plan = factories.make_plan(anna.client.periods[0], people.coach)
    assert prefill.figures(plan, TODAY)["hours"] == [
        {"first": "2026-09-01", "last": "2026-09-27", "weeks": 3, "hours": 4.0, "days": 1.0},
        {"first": "2026-09-28", "last": "2026-10-25", "weeks": 4, "hours": 10.0, "days": 2.0},
        {"first": "2026-10-26", "last": "2026-11-18", "weeks": 4, "hours": 18.0, "days": 3.0},
    ]


def test_guidance_is_counted_against_six_hours_in_three_months(people):
    """The window ending 13.11. starts 14.8.; the period started 1.9., so 73/91 of 6 h is needed,
    rounded up to a quarter: 5 h. A session after the evaluation and a removed one do not count."""
    anna, coach = people.client, people.coach
    factories.make_guidance(anna, coach, date(2026, 10, 1), 60)
    factories.make_guidance(anna, coach, date(2026, 11, 5), 90)
    factories.make_guidance(anna, coach, date(2026, 11, 16), 60)
    factories.make_guidance(anna, coach, date(2026, 11, 6), 45).removed_at = clock.now()
    db.session.commit()
    document = interim(people)
    assert prefill.figures(document, TODAY)["guidance"] == {
        "first": "2026-08-14", "last": "2026-11-13", "done": 150, "required": 300}


def test_who5_answers_of_the_span_only(people):
    answered(people.client, 40, date(2026, 11, 1))
    answered(people.client, 60, date(2026, 11, 10))
    known = prefill.figures(interim(people), TODAY)
    assert known["who5"] == [{"on": "2026-11-10", "score": 60, "low": False}]



def test_a_low_who5_score_prompts_the_coach_gently(http, people):
    answered(people.client, 40, date(2026, 11, 10))
    document = interim(people)
    assert prefill.figures(document, TODAY)["who5"] == [{"on": "2026-11-10", "score": 40, "low": True}]
    login(http, people.coach)
    assert "(matala: hyvä syy kysyä rauhassa, miten hän voi)" in text(http.get(f"/documents/{document.id}"))


def entries(people):
    anna = people.client
    return (factories.make_entry(anna, date(2026, 11, 2), mood=4, energy=3, went_well="Kassa sujui hyvin"),
            factories.make_entry(anna, date(2026, 11, 3), mood=2, energy=2, was_hard="Väsytti koko päivän"),
            factories.make_entry(anna, date(2026, 11, 9), mood=5, to_coach="Haluan kokeilla asiakaspalvelua"))


def switch(http, person):
    post(http, "/logout")
    login(http, person)


def share(http, document, *ids, trend=False):
    data = {"entries": [str(i) for i in ids]}
    if trend:
        data["trend"] = "y"
    return post(http, f"/me/plans/{document.id}/diary", data)


def test_the_coach_sees_only_the_entries_she_chose_and_each_view_is_logged(http, people):
    good, _hard, wish = entries(people)
    document = interim(people)
    switch(http, people.client)
    page = text(http.get(f"/me/plans/{document.id}/answer"))
    assert "Kuka näkee?" in page and page.count("Tuo tämä arviointiin") == 3
    assert share(http, document, good.id, wish.id).status_code == 303
    switch(http, people.coach)
    page = text(http.get(f"/documents/{document.id}"))
    assert "Kassa sujui hyvin" in page and "Haluan kokeilla asiakaspalvelua" in page
    assert "Väsytti koko päivän" not in page
    assert "Asiakas ei ole tuonut mielialaansa ja jaksamistaan tähän arviointiin." in page
    reads = db.session.scalars(db.select(DiaryRead).order_by(DiaryRead.entry_id)).all()
    assert [(r.entry_id, r.reader_id, r.place) for r in reads] == [
        (good.id, people.coach.id, "evaluation"), (wish.id, people.coach.id, "evaluation")]
    switch(http, people.manager)
    http.get(f"/documents/{document.id}")
    assert db.session.scalar(db.select(db.func.count()).select_from(DiaryRead)
                             .where(DiaryRead.reader_id == people.manager.id)) == 2
    # She sees in her access log who read them
    switch(http, people.client)
    assert "Kaisa Ohjaaja" in text(http.get("/diary/access"))


def test_she_withdraws_before_signing_and_the_coach_no_longer_sees_it(http, people):
    good, _hard, _wish = entries(people)
    document = interim(people)
    switch(http, people.client)
    share(http, document, good.id, trend=True)
    switch(http, people.coach)
    page = text(http.get(f"/documents/{document.id}"))
    assert "Kassa sujui hyvin" in page
    # Mood (4, 2, 5) and energy (3, 2) of 2.–13.11.
    assert "3,7" in page and "2,5" in page
    switch(http, people.client)
    assert share(http, document).status_code == 303
    assert db.session.scalar(db.select(db.func.count()).select_from(EvaluationShare)) == 0
    consents = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "diary_share")
                                  .order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.changes) for e in consents] == [
        (people.client.id, {"entries": [[], [good.id]], "trend": [False, True]}),
        (people.client.id, {"entries": [[good.id], []], "trend": [True, False]})]
    switch(http, people.coach)
    page = text(http.get(f"/documents/{document.id}"))
    assert "Kassa sujui hyvin" not in page and "3,7" not in page


def test_another_clients_entry_or_a_bad_id_is_refused_and_nothing_saved(http, people):
    good, _hard, _wish = entries(people)
    others = factories.make_entry(people.other_client, date(2026, 11, 4), went_well="Pekan oma")
    outside = factories.make_entry(people.client, date(2026, 10, 20), went_well="Ennen jaksoa")
    document = interim(people)
    switch(http, people.client)
    for value in (others.id, outside.id, "abc", "-1", "99999999999999999999"):
        response = post(http, f"/me/plans/{document.id}/diary", {"entries": [str(good.id), str(value)]})
        assert response.status_code == 400, value
        assert "Valitse vain omia päiväkirjamerkintöjäsi tältä ajalta." in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(EvaluationShare)) == 0


def test_after_signing_her_choice_is_locked_and_the_figures_are_frozen(http, people):
    november(people)
    good, _hard, _wish = entries(people)
    document = interim(people)
    switch(http, people.client)
    share(http, document, good.id)
    switch(http, people.coach)
    assert post(http, f"/documents/{document.id}/sign").status_code == 303
    db.session.expire_all()
    signed = db.session.get(PeriodDocument, document.id)
    assert signed.figures["attendance"]["attended"] == 3
    assert signed.figures["entries"][0]["went_well"] == "Kassa sujui hyvin"
    # A day recorded later inside the span, and an edited entry, change nothing signed
    day(people.client, date(2026, 11, 11), Kind.REMOTE, minutes=240)
    good.went_well = "Muutettu myöhemmin"
    db.session.commit()
    page = text(http.get(f"/documents/{document.id}"))
    assert "Kassa sujui hyvin" in page and "Muutettu myöhemmin" not in page
    assert "Luvut ovat sellaisina kuin ne olivat allekirjoitettaessa." in page
    assert prefill.shown(signed, TODAY)["attendance"]["attended"] == 3
    # She can no longer change what she brought to the signed evaluation, and reads its figures
    switch(http, people.client)
    assert share(http, signed).status_code == 409
    assert db.session.scalar(db.select(db.func.count()).select_from(EvaluationShare)) == 1
    page = text(http.get(f"/me/plans/{document.id}"))
    assert "Mitä Läsnä tietää" in page and "Kassa sujui hyvin" in page
    # A new version is a draft: live figures again
    switch(http, people.coach)
    response = post(http, f"/documents/{document.id}/versions", {"reason": "Korjaus"})
    draft = db.session.get(PeriodDocument, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert prefill.shown(draft, TODAY)["attendance"]["attended"] == 4


def test_the_coach_sees_live_figures_linked_to_their_sources(http, people):
    november(people)
    document = interim(people)
    switch(http, people.coach)
    response = http.get(f"/documents/{document.id}")
    page = response.get_data(as_text=True)
    client_id = people.client.id
    assert f"/clients/{client_id}/days?month=2026-11" in page
    assert f"/clients/{client_id}/guidance" in page and f"/clients/{client_id}#wellbeing-h" in page
    assert "Luvut ovat tämän päivän tilanne" in text(response)
    assert "Poissa: Oma sairaus" in text(response) and "Poissa: Ei merkintää" in text(response)


def test_a_plan_shows_no_diary_part(http, people):
    plan = factories.make_plan(people.client.client.periods[0], people.coach)
    switch(http, people.coach)
    page = text(http.get(f"/documents/{plan.id}"))
    assert "Mitä Läsnä tietää" in page and "Päiväkirjamerkinnät, jotka asiakas toi arviointiin" not in page
    switch(http, people.client)
    assert post(http, f"/me/plans/{plan.id}/diary", {}).status_code == 404


def test_the_skills_shown_in_the_span_and_the_trainings_valid_at_its_end_are_listed(http, people):
    document = interim(people)  # its span: 2.11.–13.11.2026
    anna = people.client.client
    assert prefill.figures(document, TODAY)["skills"] == []
    unit = factories.make_qualification_unit("Ylläpitosiivous")
    factories.make_skill(anna, people.coach, "Annostelee pesuaineen", shown_on=date(2026, 11, 5), unit=unit)
    factories.make_skill(anna, people.coach, "Ennen jaksoa", shown_on=date(2026, 10, 30))
    removed = factories.make_skill(anna, people.coach, "Väärä kirjaus", shown_on=date(2026, 11, 6))
    removed.removed_at, removed.removed_by_id, removed.removed_reason = datetime(2026, 11, 7, tzinfo=HEL), people.coach.id, "Väärä asiakas"
    kind = db.session.scalar(db.select(TrainingKind).where(TrainingKind.code == "first_aid_ea1"))  # as shipped
    factories.make_training(anna, people.coach, kind, completed_on=date(2026, 6, 1))
    factories.make_training(anna, people.coach, kind, completed_on=date(2022, 6, 1))  # expired 1.6.2025
    db.session.commit()
    assert prefill.figures(document, TODAY)["skills"] == [
        {"name": "Annostelee pesuaineen (Ylläpitosiivous)", "on": "2026-11-05"},
        {"name": "Ensiapukoulutus EA1", "on": "2026-06-01",
         "names": {"fi": "Ensiapukoulutus EA1", "sv": "Första hjälpen EA1", "en": "First aid course EA1"}}]
    switch(http, people.coach)
    page = text(http.get(f"/documents/{document.id}"))
    assert "Annostelee pesuaineen (Ylläpitosiivous)" in page and "Ennen jaksoa" not in page and "Väärä kirjaus" not in page
    assert f'href="/clients/{anna.person_id}/skills"' in page
