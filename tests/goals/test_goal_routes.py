"""The goals of a period over real HTTP: writing, revising and ending goals, and scoring them at
evaluations, with the T-score on the overview. Nothing is overwritten: a revision is a new
version, an ended goal and a removed evaluation stay with their reasons."""
from datetime import date

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.goals.models import Evaluation, Goal, GoalScore, GoalVersion


def period_of(people):
    return people.client.client.periods[0]


def good(**kw):
    data = {"text": "Jaksan tulla tiistaisin ja torstaisin", "level_plus_2": "Tulen myös perjantaisin",
            "level_plus_1": "Tulen kolmena päivänä viikossa", "level_0": "Tulen kahtena päivänä viikossa",
            "level_minus_1": "Tulen yhtenä päivänä viikossa", "level_minus_2": "En jaksa tulla",
            "starting_level": "-1", "weight": "1"}
    data.update(kw)
    return data


def rows(model):
    db.session.expire_all()
    return list(db.session.scalars(db.select(model).order_by(model.id)))


def events(entity, action):
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == entity,
                                                               AuditEvent.action == action)))


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("client", 403), ("kitchen", 403),
                                         ("other_coach", 404), ("coach", 200), ("manager", 200)])
def test_the_overview_is_for_staff_who_may_see_the_client(http, people, who, status):
    factories.make_goal(period_of(people), people.coach, "Opin käyttämään kassakonetta")
    if who != "anonymous":
        login(http, getattr(people, who))
    response = http.get(f"/periods/{period_of(people).id}/goals")
    assert response.status_code == status
    if status == 200:
        page = text(response)
        assert "Opin käyttämään kassakonetta" in page and "Lähtötilanne 1.9.2026" in page and "T 40,0" in page


@pytest.mark.parametrize("who, status", [("client", 403), ("kitchen", 403), ("other_coach", 404)])
def test_nobody_else_writes_a_goal(http, people, who, status):
    login(http, getattr(people, who))
    assert post(http, f"/periods/{period_of(people).id}/goals/new", good()).status_code == status
    assert rows(Goal) == []


def test_a_coach_writes_a_goal_in_the_clients_words(http, people):
    login(http, people.coach)
    assert http.get(f"/periods/{period_of(people).id}/goals/new").status_code == 200
    response = post(http, f"/periods/{period_of(people).id}/goals/new", good(weight="2", starting_level="-2"))
    assert response.status_code == 303
    [goal] = rows(Goal)
    [version] = rows(GoalVersion)
    assert response.headers["Location"].endswith(f"/periods/{period_of(people).id}/goals#goal-{goal.id}")
    assert (version.goal_id, version.number, version.text, version.weight, version.starting_level) == (
        goal.id, 1, "Jaksan tulla tiistaisin ja torstaisin", 2, -2)
    assert version.level_0 == "Tulen kahtena päivänä viikossa" and version.level_plus_2 == "Tulen myös perjantaisin"
    assert version.created_by_id == people.coach.id
    assert len(events("goal", "create")) == 1 and len(events("goal_version", "create")) == 1
    page = text(http.get(f"/periods/{period_of(people).id}/goals"))
    assert "Tavoite on tallennettu." in page and "+2 paljon odotettua parempi" in page
    assert "Lähtötaso: −2 paljon odotettua huonompi." in page and "Paino 2." in page and "T 30,0" in page


def test_an_empty_weight_counts_as_one(http, people):
    login(http, people.coach)
    assert post(http, f"/periods/{period_of(people).id}/goals/new", good(weight="")).status_code == 303
    assert rows(GoalVersion)[0].weight == 1


@pytest.mark.parametrize("data, message", [
    ({}, "Kirjoita tavoite."),
    (good(text=""), "Kirjoita tavoite."),
    (good(text="x" * 501), "Teksti on liian pitkä: enintään 500 merkkiä."),
    (good(level_0=""), "Kuvaa odotettu tulos: mitä tapahtuu, kun tavoite toteutuu."),
    (good(level_plus_1="x" * 301), "Teksti on liian pitkä: enintään 300 merkkiä."),
    (good(starting_level="0"), "Valitse lähtötaso."),
    (good(starting_level="puolet"), "Valitse lähtötaso."),
    (good(weight="6"), "Anna paino kokonaislukuna 1–5."),
    (good(weight="0"), "Anna paino kokonaislukuna 1–5."),
    (good(weight="1,5"), "Anna paino kokonaislukuna 1–5."),
])
def test_a_goal_with_bad_input_is_refused_with_a_message(http, people, data, message):
    login(http, people.coach)
    response = post(http, f"/periods/{period_of(people).id}/goals/new", data)
    assert response.status_code == 400
    assert message in text(response)
    assert rows(Goal) == [] and rows(GoalVersion) == []


def test_a_period_holds_at_most_eight_open_goals(http, people):
    period = period_of(people)
    goals = [factories.make_goal(period, people.coach, f"Tavoite {i}") for i in range(8)]
    login(http, people.coach)
    response = post(http, f"/periods/{period.id}/goals/new", good())
    assert response.status_code == 409 and "Päätä jokin niistä ennen uutta." in text(response)
    assert post(http, f"/goals/{goals[0].id}/end", {"reason": "Saavutettu"}).status_code == 303
    assert post(http, f"/periods/{period.id}/goals/new", good()).status_code == 303


def score(people, goals, levels, held_on="2026-11-17", kind="interim"):
    data = {"held_on": held_on, "kind": kind}
    data.update({f"goal_{goal.id}": str(level) for goal, level in zip(goals, levels)})
    return data


def test_an_evaluation_scores_every_goal_and_shows_the_t_score(http, people):
    period = period_of(people)
    goals = [factories.make_goal(period, people.coach, "Tulen ajoissa", weight=1),
             factories.make_goal(period, people.coach, "Opin kassan", weight=2),
             factories.make_goal(period, people.coach, "Syön lounaan muiden kanssa", weight=3)]
    login(http, people.coach)
    page = text(http.get(f"/periods/{period.id}/evaluations/new"))
    assert "Tulen ajoissa" in page and "Tulen 4 viikkoa putkeen" in page  # each level's own words
    response = post(http, f"/periods/{period.id}/evaluations/new", score(people, goals, [1, 0, -1]))
    assert response.status_code == 303
    [evaluation] = rows(Evaluation)
    assert (evaluation.kind, evaluation.held_on, evaluation.created_by_id) == ("interim", date(2026, 11, 17), people.coach.id)
    assert sorted((s.version.goal_id, s.level) for s in rows(GoalScore)) == [
        (goals[0].id, 1), (goals[1].id, 0), (goals[2].id, -1)]
    [event] = events("evaluation", "create")
    assert event.changes["levels"][1] == {str(g.current.id): lvl for g, lvl in zip(goals, [1, 0, -1])}
    page = text(http.get(f"/periods/{period.id}/goals"))
    # weights 1, 2, 3 at +1, 0, −1: T = 50 − 20/√20.6
    assert "Väliarviointi 17.11.2026" in page and "T 45,6" in page
    assert "Tavoitteet toteutuivat odotettua heikommin." in page


@pytest.mark.parametrize("change, message", [
    (dict(held_on=""), "Anna arvioinnin päivä."),
    (dict(held_on="eilen"), "Anna päivä muodossa pp.kk.vvvv."),
    (dict(held_on="2026-11-19"), "Arvioinnin päivä ei voi olla tulevaisuudessa."),
    (dict(held_on="2026-08-31"), "Arvioinnin päivän pitää olla jakson aikana."),
    (dict(kind="annual"), "Valitse arvioinnin laji."),
    (dict(level=None), "Valitse taso jokaiselle tavoitteelle."),
    (dict(level="3"), "Valitse taso jokaiselle tavoitteelle."),
    (dict(level="-3"), "Valitse taso jokaiselle tavoitteelle."),
    (dict(level="plus"), "Valitse taso jokaiselle tavoitteelle."),
])
def test_an_evaluation_with_bad_input_is_refused_with_a_message(http, people, change, message):
    period = period_of(people)
    goals = [factories.make_goal(period, people.coach), factories.make_goal(period, people.coach, "Toinen")]
    data = score(people, goals, [0, 0])
    if "level" in change:
        data.pop(f"goal_{goals[1].id}")
        if change["level"] is not None:
            data[f"goal_{goals[1].id}"] = change["level"]
    else:
        data.update(change)
    login(http, people.coach)
    response = post(http, f"/periods/{period.id}/evaluations/new", data)
    assert response.status_code == 400
    assert message in text(response)
    assert rows(Evaluation) == [] and rows(GoalScore) == []


def test_a_period_has_one_final_evaluation(http, people):
    period = period_of(people)
    goal = factories.make_goal(period, people.coach)
    factories.make_evaluation(period, people.coach, {goal: 1}, held_on=date(2026, 11, 2), kind="final")
    login(http, people.coach)
    response = post(http, f"/periods/{period.id}/evaluations/new", score(people, [goal], [2], kind="final"))
    assert response.status_code == 400 and "Jaksolla on jo loppuarviointi." in text(response)
    assert post(http, f"/periods/{period.id}/evaluations/new", score(people, [goal], [2])).status_code == 303


def test_without_goals_there_is_nothing_to_evaluate(http, people):
    login(http, people.coach)
    response = http.get(f"/periods/{period_of(people).id}/evaluations/new")
    assert response.status_code == 409 and "Kirjaa ensin jakson tavoitteet." in text(response)


def test_a_revision_is_a_new_version_and_the_old_one_keeps_its_scores(http, people):
    period = period_of(people)
    goal = factories.make_goal(period, people.coach, "Tulen ajoissa")
    first = factories.make_evaluation(period, people.coach, {goal: -1}, held_on=date(2026, 10, 15))
    login(http, people.manager)
    form = text(http.get(f"/goals/{goal.id}/revise"))
    assert "Tulen ajoissa" in form and "Tulen 4 viikkoa putkeen" in form  # starts from the current words
    response = post(http, f"/goals/{goal.id}/revise", good(text="Tulen ajoissa ja jään lounaalle",
                                                          reason="Ajoissa tuleminen onnistuu jo"))
    assert response.status_code == 303
    old, new = rows(GoalVersion)
    assert (old.number, old.text, old.level_0) == (1, "Tulen ajoissa", "Tulen 4 viikkoa putkeen")  # untouched
    assert (new.number, new.text, new.reason, new.after_evaluation_id, new.created_by_id) == (
        2, "Tulen ajoissa ja jään lounaalle", "Ajoissa tuleminen onnistuu jo", first.id, people.manager.id)
    [kept] = rows(GoalScore)
    assert kept.goal_version_id == old.id
    factories.make_evaluation(period, people.coach, {db.session.get(Goal, goal.id): 1}, held_on=date(2026, 11, 16))
    page = text(http.get(f"/periods/{period.id}/goals"))
    assert "Tulen ajoissa ja jään lounaalle" in page and "Aiemmat versiot (1)" in page
    assert "15.10.2026: <strong>−1 hieman odotettua huonompi</strong> <span class=\"muted\">(versio 1)" in page
    assert "16.11.2026: <strong>+1 hieman odotettua parempi</strong>" in page
    assert "T 40,0" in page and "T 60,0" in page
    assert "Muutoksen syy: Ajoissa tuleminen onnistuu jo" in page


@pytest.mark.parametrize("data, message", [
    (good(text="Jaksan tulla joka tiistai", level_plus_2="", level_plus_1="", level_minus_2="",
          level_0="Tulen 4 viikkoa putkeen", level_minus_1="Tulen joka toinen viikko", reason="Ei muutosta"),
     "Mikään ei muuttunut."),
    (good(reason=""), "Kerro, miksi tavoitetta muutetaan."),
    (good(reason="x" * 301), "Teksti on liian pitkä: enintään 300 merkkiä."),
    (good(reason="Tarkennus", level_0=""), "Kuvaa odotettu tulos"),
])
def test_a_revision_needs_a_change_and_a_reason(http, people, data, message):
    goal = factories.make_goal(period_of(people), people.coach)
    login(http, people.coach)
    response = post(http, f"/goals/{goal.id}/revise", data)
    assert response.status_code == 400 and message in text(response)
    assert len(rows(GoalVersion)) == 1


def test_an_ended_goal_keeps_its_scores_and_is_not_scored_again(http, people):
    period = period_of(people)
    kept, ended = factories.make_goal(period, people.coach, "Pysyy"), factories.make_goal(period, people.coach, "Päättyy")
    factories.make_evaluation(period, people.coach, {kept: 0, ended: 2}, held_on=date(2026, 10, 15))
    login(http, people.coach)
    response = post(http, f"/goals/{ended.id}/end", {"reason": ""})
    assert response.status_code == 400 and "Kerro, miksi tavoite päätetään." in text(response)
    assert post(http, f"/goals/{ended.id}/end", {"reason": "Saavutettu jo"}).status_code == 303
    assert post(http, f"/goals/{ended.id}/end", {"reason": "Uudestaan"}).status_code == 409
    assert post(http, f"/goals/{ended.id}/revise", good(reason="x")).status_code == 409
    form = text(http.get(f"/periods/{period.id}/evaluations/new"))
    assert f'name="goal_{kept.id}"' in form and f'name="goal_{ended.id}"' not in form
    assert post(http, f"/periods/{period.id}/evaluations/new", score(people, [kept], [1])).status_code == 303
    page = text(http.get(f"/periods/{period.id}/goals"))
    assert "Saavutettu jo" in page and "Kaisa Ohjaaja" in page
    assert "T 62,4" in page  # the first evaluation still counts both goals: 50 + 20/√(0.7·2 + 0.3·4)
    assert "T 60,0" in page  # the second one, the kept goal alone at +1
    [event] = events("goal", "end")
    assert event.reason == "Saavutettu jo"


def test_a_mistaken_evaluation_is_removed_with_a_reason_and_stays_visible(http, people):
    period = period_of(people)
    goal = factories.make_goal(period, people.coach)
    evaluation = factories.make_evaluation(period, people.coach, {goal: 2}, held_on=date(2026, 11, 17))
    login(http, people.coach)
    response = post(http, f"/evaluations/{evaluation.id}/remove", {"reason": ""})
    assert response.status_code == 400 and "Kerro, miksi arviointi poistetaan." in text(response)
    assert post(http, f"/evaluations/{evaluation.id}/remove", {"reason": "Väärä asiakas"}).status_code == 303
    assert post(http, f"/evaluations/{evaluation.id}/remove", {"reason": "Taas"}).status_code == 409
    [kept] = rows(Evaluation)
    assert kept.removed_reason == "Väärä asiakas" and len(kept.scores) == 1
    page = text(http.get(f"/periods/{period.id}/goals"))
    assert "Väärä asiakas" in page and "T 70,0" not in page
    # Removed, it no longer blocks a final evaluation
    assert post(http, f"/periods/{period.id}/evaluations/new",
                score(people, [goal], [0], kind="final")).status_code == 303


@pytest.mark.parametrize("url", ["/periods/999999/goals", "/periods/999999/goals/new", "/goals/999999/revise",
                                 "/periods/999999/evaluations/new"])
def test_unknown_ids_are_404(http, people, url):
    login(http, people.coach)
    assert http.get(url).status_code == 404


def test_the_client_page_links_each_period_to_its_goals(http, people):
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}"))
    assert f'href="/periods/{period_of(people).id}/goals"' in page and "Tavoitteet ja GAS-arviot" in page
