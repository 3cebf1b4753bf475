"""An interim or final evaluation document shows the GAS evaluation held for it: one per
evaluation, linked when the coach scores the goals while the draft is open, or chosen on the
draft; the goals page links each evaluation to its document."""
from datetime import date

import pytest

from tests import factories
from tests.conftest import seed_instruments_and_templates
from tests.http import login, post, text
from webapp.extensions import db
from webapp.goals.models import PeriodDocument


@pytest.fixture(autouse=True)
def templates(app):
    seed_instruments_and_templates()


def period_of(people):
    return people.client.client.periods[0]


def document(document_id):
    db.session.expire_all()
    return db.session.get(PeriodDocument, document_id)


def test_scoring_the_goals_links_the_open_draft_and_the_document_shows_t(http, people):
    period = period_of(people)
    goal = factories.make_goal(period, people.coach)
    draft = factories.make_plan(period, people.coach, kind="interim")
    login(http, people.coach)
    response = post(http, f"/periods/{period.id}/evaluations/new",
                    {"held_on": "2026-11-16", "kind": "interim", f"goal_{goal.id}": "1"})
    assert response.status_code == 303
    linked = document(draft.id).evaluation
    assert linked is not None and linked.held_on == date(2026, 11, 16)
    page = text(http.get(f"/documents/{draft.id}"))
    # One goal at +1: T = 50 + 10·1/√(0.7 + 0.3) = 60
    assert "T = 60,0" in page and "+1 hieman odotettua parempi" in page
    goals_page = text(http.get(f"/periods/{period.id}/goals"))
    assert f'/documents/{draft.id}"' in goals_page and "Avaa arviointiasiakirja: Väliarviointi 1" in goals_page


def test_the_coach_picks_another_evaluation_and_one_evaluation_serves_one_document(http, people):
    period = period_of(people)
    goal = factories.make_goal(period, people.coach)
    first = factories.make_evaluation(period, people.coach, {goal: -1}, held_on=date(2026, 10, 1))
    second = factories.make_evaluation(period, people.coach, {goal: 0}, held_on=date(2026, 11, 2))
    one = factories.make_plan(period, people.coach, kind="interim", series=1)
    two = factories.make_plan(period, people.coach, kind="interim", series=2)
    login(http, people.coach)
    # A draft suggests the latest free evaluation, without saving it
    assert f'<option selected value="{second.id}">' in text(http.get(f"/documents/{one.id}"))
    assert document(one.id).evaluation_id is None
    form = {"s_measures": "Lajittelu", "next_evaluation_on": "2026-12-15"}
    assert post(http, f"/documents/{one.id}", {**form, "evaluation": str(first.id)}).status_code == 303
    assert document(one.id).evaluation_id == first.id
    # Taken by series 1: not offered to series 2, and refused if posted
    page = text(http.get(f"/documents/{two.id}"))
    assert f'value="{first.id}"' not in page and f'value="{second.id}"' in page
    response = post(http, f"/documents/{two.id}", {**form, "evaluation": str(first.id)})
    assert response.status_code == 400 and "Valitse arviointi listasta." in text(response)
    assert document(two.id).evaluation_id is None
    for bad in ("abc", "-1", "99999999"):
        assert post(http, f"/documents/{two.id}", {**form, "evaluation": bad}).status_code == 400


def test_a_removed_evaluation_leaves_the_draft(http, people):
    period = period_of(people)
    goal = factories.make_goal(period, people.coach)
    evaluation = factories.make_evaluation(period, people.coach, {goal: 0}, held_on=date(2026, 11, 2))
    draft = factories.make_plan(period, people.coach, kind="interim")
    draft.evaluation_id = evaluation.id
    db.session.commit()
    login(http, people.coach)
    assert post(http, f"/evaluations/{evaluation.id}/remove", {"reason": "Väärä jakso"}).status_code == 303
    assert document(draft.id).evaluation_id is None
    assert "Tähän arviointiin ei ole vielä liitetty GAS-arviointia." in text(http.get(f"/documents/{draft.id}"))


def test_the_signed_evaluation_shows_her_goals_scores(http, people):
    period = period_of(people)
    goal = factories.make_goal(period, people.coach, text="Tulen tiistaisin")
    evaluation = factories.make_evaluation(period, people.coach, {goal: 0}, held_on=date(2026, 11, 2))
    signed = factories.make_plan(period, people.coach, kind="interim", signed=True)
    signed.evaluation_id = evaluation.id
    db.session.commit()
    login(http, people.client)
    page = text(http.get(f"/me/plans/{signed.id}"))
    assert "Tavoitteideni arvio" in page and "Tulen tiistaisin" in page and "0 odotettu tulos" in page
