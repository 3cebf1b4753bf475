"""WHO-5 on the client's phone, on her coach's page and in the manager's settings, over real HTTP."""
from datetime import date, datetime, timedelta

import pytest

from tests import factories
from tests.http import login, post, text
from tests.moments import HEL
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.wellbeing import rules
from webapp.wellbeing.models import InstrumentWording, SelfAssessment

ALL_OF_THE_TIME, HALF, AT_NO_TIME = "5", "3", "0"


def answers(*values):
    return {f"item_{i}": value for i, value in enumerate(values)}


def saved():
    db.session.expire_all()
    return list(db.session.scalars(db.select(SelfAssessment).order_by(SelfAssessment.id)))


def answered(client_person, score_values, at):
    """An answer given at a moment (Helsinki time), scored as the app scores it."""
    who5 = rules.instrument(rules.WHO5)
    wording = rules.wording(who5, "fi")
    raw, score = who5.score_of(score_values)
    row = SelfAssessment(client_id=client_person.id, period_id=client_person.client.periods[0].id,
                         instrument_id=who5.id, wording_id=wording.id, occasion="other", answers=score_values,
                         raw=raw, score=score, answered_at=at)
    db.session.add(row)
    db.session.commit()
    return row


def test_the_client_answers_five_statements_and_sees_her_score(http, people):
    login(http, people.client)
    home = text(http.get("/"))
    assert 'data-testid="wellbeing-card"' in home  # the period has no answer yet
    page = text(http.get("/me/wellbeing"))
    assert "Jaksosi on alkanut." in page and "Et ole vielä vastannut." in page
    form = text(http.get("/me/wellbeing/who5"))
    assert "Kahden viime viikon aikana" in form and "Olen ollut iloinen ja hyvällä tuulella" in form
    assert "Koko ajan" in form and "En lainkaan" in form
    assert "Suomennos on työversio, ei instrumentin virallinen käännös." in form
    response = post(http, "/me/wellbeing/who5", answers("4", "3", "3", "2", "4"))
    assert response.status_code == 303 and response.headers["Location"].endswith("/me/wellbeing")
    [row] = saved()
    assert (row.answers, row.raw, row.score, row.occasion) == ([4, 3, 3, 2, 4], 16, 64, "start")
    assert row.period_id == people.client.client.periods[0].id
    assert row.wording.language == "fi" and not row.wording.official
    page = text(http.get("/me/wellbeing"))
    assert "Kiitos! Vastauksesi on tallennettu." in page
    assert "Viimeksi 18.11.2026: 64 pistettä 100:sta." in page
    assert 'data-testid="wellbeing-card"' not in text(http.get("/"))


def test_not_twice_within_two_weeks(http, people, clock):
    answered(people.client, [3, 3, 3, 3, 3], datetime(2026, 11, 10, 12, tzinfo=HEL))
    login(http, people.client)
    assert "Vastasit äskettäin." in text(http.get("/me/wellbeing"))
    response = post(http, "/me/wellbeing/who5", answers(*"44444"))
    assert response.status_code == 409 and "Olet jo vastannut kahden viikon sisällä." in text(response)
    assert len(saved()) == 1
    clock.move_to(datetime(2026, 11, 24, 12, tzinfo=HEL))
    assert post(http, "/me/wellbeing/who5", answers(*"44444")).status_code == 303
    assert "Se on 20 pistettä enemmän kuin edellisellä kerralla." in text(http.get("/me/wellbeing"))


def test_the_end_of_a_period_asks_again(people, clock):
    client = people.client.client
    answered(people.client, [3, 3, 3, 3, 3], datetime(2026, 9, 2, 12, tzinfo=HEL))
    assert rules.due_for(client, date(2026, 11, 18)) is None
    ends_on = client.periods[0].ends_on
    assert rules.due_for(client, ends_on - timedelta(days=14)) is None
    assert rules.due_for(client, ends_on - timedelta(days=13)) == "end"
    answered(people.client, [3, 3, 3, 3, 3], datetime.combine(ends_on - timedelta(days=10), datetime.min.time(), HEL))
    assert rules.due_for(client, ends_on - timedelta(days=5)) is None
    assert rules.due_for(client, ends_on + timedelta(days=1)) is None  # no period, nothing due


@pytest.mark.parametrize("data, message", [
    ({}, "Valitse jokaiseen kohtaan yksi vastaus."),
    (answers("4", "3", "3", "2"), "Valitse jokaiseen kohtaan yksi vastaus."),
    (answers("4", "3", "3", "2", "6"), "Valitse jokaiseen kohtaan yksi vastaus."),
    (answers("4", "3", "3", "2", "-1"), "Valitse jokaiseen kohtaan yksi vastaus."),
    (answers("4", "3", "3", "2", "paljon"), "Valitse jokaiseen kohtaan yksi vastaus."),
])
def test_incomplete_or_bad_answers_are_refused_and_nothing_is_saved(http, people, data, message):
    login(http, people.client)
    response = post(http, "/me/wellbeing/who5", data)
    assert response.status_code == 400 and message in text(response)
    assert saved() == []


def test_a_swedish_speaker_gets_the_swedish_words(http, people):
    people.client.language = "sv"
    db.session.commit()
    login(http, people.client)
    form = text(http.get("/me/wellbeing/who5"))
    assert "Under de senaste två veckorna" in form and "Jag har känt mig lugn och avslappnad" in form
    assert post(http, "/me/wellbeing/who5", answers(*"55555")).status_code == 303
    assert saved()[0].wording.language == "sv" and saved()[0].score == 100


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("coach", 403), ("manager", 403), ("kitchen", 403)])
def test_only_the_client_answers(http, people, who, status):
    if who != "anonymous":
        login(http, getattr(people, who))
    assert http.get("/me/wellbeing").status_code == status
    assert post(http, "/me/wellbeing/who5", answers(*"44444")).status_code in (status, 400 if status == 302 else status)
    assert saved() == []


def test_an_unknown_instrument_is_404(http, people):
    login(http, people.client)
    assert http.get("/me/wellbeing/osallisuus").status_code == 404


def test_the_coach_sees_the_scores_and_a_gentle_prompt_under_50(http, people):
    answered(people.client, [3, 3, 3, 3, 3], datetime(2026, 10, 1, 12, tzinfo=HEL))
    answered(people.client, [2, 1, 2, 1, 2], datetime(2026, 11, 16, 12, tzinfo=HEL))
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}"))
    assert "16.11.2026: <strong>32/100</strong>" in page and "1.10.2026: <strong>60/100</strong>" in page
    assert "arvioi hyvinvointinsa 16.11.2026: 32/100. Se on alle 50: kysy häneltä rauhassa, miten hän voi." in page
    assert "Luku ei ole diagnoosi." in page and "epävirallinen käännös" in page


def test_no_prompt_at_50_or_more(http, people):
    answered(people.client, [3, 2, 3, 2, 3], datetime(2026, 11, 16, 12, tzinfo=HEL))  # 52
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}"))
    assert "52/100" in page and 'data-testid="wellbeing-talk"' not in page


def test_a_manager_replaces_a_working_translation_and_old_answers_keep_their_words(http, people):
    old_answer = answered(people.client, [3, 3, 3, 3, 3], datetime(2026, 10, 1, 12, tzinfo=HEL))
    old = rules.wording(rules.instrument(rules.WHO5), "fi")
    login(http, people.manager)
    listing = text(http.get("/settings/instruments"))
    assert "epävirallinen työversio" in listing and "virallinen" in listing and "Psychiatric Centre North Zealand" in listing
    form = text(http.get(f"/settings/instruments/wordings/{old.id}/replace"))
    assert "Olen ollut iloinen ja hyvällä tuulella" in form and "Koko ajan\nSuurimman osan ajasta" in form
    too_few = {"intro": "Kahden viime viikon aikana", "statements": "Yksi\nKaksi", "answers": "a\nb\nc\nd\ne\nf"}
    response = post(http, f"/settings/instruments/wordings/{old.id}/replace", too_few)
    assert response.status_code == 400 and "Kirjoita 5 väittämää, kukin omalle rivilleen." in text(response)
    good = {"intro": "Viimeisten kahden viikon aikana", "statements": "A1\nA2\nA3\nA4\nA5",
            "answers": "Koko ajan\nUseimmiten\nYli puolet ajasta\nAlle puolet ajasta\nJoskus\nEi koskaan",
            "official": "y", "source": "Tekijöiden sivu"}
    assert post(http, f"/settings/instruments/wordings/{old.id}/replace", good).status_code == 303
    assert post(http, f"/settings/instruments/wordings/{old.id}/replace", good).status_code == 409
    db.session.expire_all()
    new = rules.wording(rules.instrument(rules.WHO5), "fi")
    assert new.id != old.id and new.official and new.statements == ["A1", "A2", "A3", "A4", "A5"]
    assert new.answers[0] == "Ei koskaan" and new.answers[5] == "Koko ajan"  # stored by value, 0 first
    assert db.session.get(InstrumentWording, old.id).replaced_by_id == people.manager.id
    assert db.session.get(SelfAssessment, old_answer.id).wording_id == old.id
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.entity == "instrument_wording")) == 2
    post(http, "/logout")
    login(http, people.client)
    form = text(http.get("/me/wellbeing/who5"))
    assert "A3" in form and "työversio" not in form


def test_her_data_export_holds_her_answers_and_goals(http, people):
    answered(people.client, [4, 4, 4, 4, 4], datetime(2026, 11, 2, 12, tzinfo=HEL))
    goal = factories.make_goal(people.client.client.periods[0], people.coach, "Opin kassan")
    factories.make_evaluation(people.client.client.periods[0], people.coach, {goal: 1}, held_on=date(2026, 11, 17))
    login(http, people.client)
    data = http.get("/me/data.json").get_json()
    assert data["wellbeing_answers"][0]["score"] == 80 and data["wellbeing_answers"][0]["answers"] == [4] * 5
    assert data["goals"][0]["versions"][0]["text"] == "Opin kassan"
    assert data["evaluations"][0]["levels"] == [{"goal_version": 1, "goal": "Opin kassan", "level": 1}]
    page = text(http.get("/me/data"))
    assert "Opin kassan" in page and "WHO-5 80 / 100" in page


# --- Before each agreed evaluation ----------------------------------------------------------------

def agreed(people, next_evaluation_on, *, kind="plan", series=1, signed=True):
    """A plan (or interim evaluation) of Anna's period that agreed the next evaluation's date."""
    document = factories.make_plan(people.client.client.periods[0], people.coach, kind=kind, series=series,
                                   signed=signed)
    document.next_evaluation_on = next_evaluation_on
    db.session.commit()
    return document


def test_she_is_asked_in_the_two_weeks_before_an_agreed_evaluation(people, clock):
    """Period 1.9.2026–2.3.2027, answered at the start; the plan agrees an evaluation on 2.12."""
    client = people.client.client
    answered(people.client, [3, 3, 3, 3, 3], datetime(2026, 9, 2, 12, tzinfo=HEL))
    agreed(people, date(2026, 12, 2))
    assert rules.due_for(client, date(2026, 11, 18)) is None  # 14 days before: not yet
    assert rules.due_for(client, date(2026, 11, 19)) == "evaluation"  # 13 days before
    assert rules.due_for(client, date(2026, 12, 2)) == "evaluation"  # on the day itself
    assert rules.due_for(client, date(2026, 12, 3)) is None  # after it
    clock.move_to(datetime(2026, 11, 24, 12, tzinfo=HEL))
    assert rules.due_for(client, date(2026, 11, 24)) == "evaluation"
    answered(people.client, [4, 4, 4, 4, 4], datetime(2026, 11, 24, 12, tzinfo=HEL))
    assert rules.due_for(client, date(2026, 12, 1)) is None  # answered for it


def test_an_answer_within_two_weeks_is_not_asked_again_for_the_evaluation(people, clock):
    client = people.client.client
    answered(people.client, [3, 3, 3, 3, 3], datetime(2026, 11, 10, 12, tzinfo=HEL))
    agreed(people, date(2026, 11, 20))
    # 10.11. is inside the two weeks before 20.11.: the answer she gave is the one for it
    for day in (date(2026, 11, 10), date(2026, 11, 16), date(2026, 11, 20)):
        assert rules.due_for(client, day) is None
    # The next agreed date (an interim evaluation's) asks again once two weeks have passed
    agreed(people, date(2027, 1, 15), kind="interim", series=1)
    assert rules.due_for(client, date(2027, 1, 1)) is None  # 14 days before
    assert rules.due_for(client, date(2027, 1, 2)) == "evaluation"


def test_only_a_signed_agreement_asks_and_the_phone_says_why(http, people, clock):
    client = people.client.client
    answered(people.client, [3, 3, 3, 3, 3], datetime(2026, 9, 2, 12, tzinfo=HEL))
    draft = agreed(people, date(2026, 11, 25), signed=False)
    assert rules.due_for(client, date(2026, 11, 18)) is None  # a draft is not yet agreed
    draft.signed_at, draft.signed_by_id = datetime(2026, 11, 17, 12, tzinfo=HEL), people.coach.id
    db.session.commit()
    assert rules.due_for(client, date(2026, 11, 18)) == "evaluation"
    login(http, people.client)
    assert "Arviointitapaamisesi on pian." in text(http.get("/me/wellbeing"))
    assert post(http, "/me/wellbeing/who5", answers(*"33333")).status_code == 303
    assert saved()[-1].occasion == "evaluation"
    assert rules.due_for(client, date(2026, 11, 24)) is None


def test_the_end_still_comes_first_and_never_twice_within_two_weeks(people, clock):
    client = people.client.client
    ends_on = client.periods[0].ends_on  # 2.3.2027
    answered(people.client, [3, 3, 3, 3, 3], datetime(2027, 2, 13, 12, tzinfo=HEL))  # 17 days before the end
    agreed(people, ends_on - timedelta(days=3), kind="interim")
    assert rules.due_for(client, ends_on - timedelta(days=13)) is None  # 4 days after her answer
    assert rules.due_for(client, ends_on - timedelta(days=3)) == "end"  # 14 days after it
