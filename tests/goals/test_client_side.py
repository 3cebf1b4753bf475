"""The client's side of the documents on her phone: her own part of an evaluation before the
meeting, and the signed text after it, marked read or commented."""
import pytest

from tests import factories
from tests.conftest import seed_instruments_and_templates
from tests.http import login, post, text
from webapp.extensions import db
from webapp.goals import documents
from webapp.goals.models import ClientAnswer, DocumentReceipt
from webapp.lib import clock


@pytest.fixture(autouse=True)
def templates(app):
    seed_instruments_and_templates()


def signed_plan(people):
    period = people.client.client.periods[0]
    plan = documents.start(period, "plan", people.coach)
    plan.contents = {"measures": "Lajittelu ja kassa", "participation": "Anna valitsee", "intensity": "2 pv"}
    plan.next_evaluation_on = period.starts_on
    plan.signed_at, plan.signed_by_id = clock.now(), people.coach.id
    db.session.commit()
    return plan


def interim_draft(people):
    signed_plan(people)
    draft = documents.start(people.client.client.periods[0], "interim", people.coach)
    db.session.commit()
    return draft


def test_she_answers_her_own_part_and_her_coach_reads_it(http, people):
    draft = interim_draft(people)
    login(http, people.client)
    assert 'data-testid="plans-card"' in text(http.get("/"))
    listing = text(http.get("/me/plans"))
    assert "Kerro oma arviosi" in listing and f"/me/plans/{draft.id}/answer" in listing
    response = post(http, f"/me/plans/{draft.id}/answer", {"went_well": "", "to_change": "", "next_wish": ""})
    assert response.status_code == 400 and "Kirjoita vastaus ainakin yhteen kysymykseen." in text(response)
    assert post(http, f"/me/plans/{draft.id}/answer",
                {"went_well": "Kassa sujuu", "to_change": "", "next_wish": "Työkokeilu kaupassa"}).status_code == 303
    [answer] = db.session.scalars(db.select(ClientAnswer)).all()
    assert (answer.went_well, answer.next_wish, answer.series) == ("Kassa sujuu", "Työkokeilu kaupassa", 1)
    assert "Kerro oma arviosi" not in text(http.get("/me/plans"))
    post(http, "/logout")
    login(http, people.coach)
    page = text(http.get(f"/documents/{draft.id}"))
    assert 'data-testid="client-answer"' in page and "Kassa sujuu" in page and "Työkokeilu kaupassa" in page


def test_she_reads_the_signed_text_and_comments(http, people):
    plan = signed_plan(people)
    login(http, people.client)
    assert "Lajittelu ja kassa" in text(http.get(f"/me/plans/{plan.id}"))
    assert post(http, f"/me/plans/{plan.id}", {"comment": "x" * 2001}).status_code == 400
    assert db.session.scalars(db.select(DocumentReceipt)).all() == []
    assert post(http, f"/me/plans/{plan.id}", {"comment": "Kassa vain tiistaisin"}).status_code == 303
    assert post(http, f"/me/plans/{plan.id}", {"comment": "Uudestaan"}).status_code == 409
    [receipt] = db.session.scalars(db.select(DocumentReceipt)).all()
    assert receipt.comment == "Kassa vain tiistaisin"
    assert 'data-testid="plans-card"' not in text(http.get("/"))
    post(http, "/logout")
    login(http, people.coach)
    assert "Hänen kommenttinsa: Kassa vain tiistaisin" in text(http.get(f"/documents/{plan.id}"))


def test_she_sees_only_her_own_signed_texts(http, people):
    plan = signed_plan(people)
    draft = documents.start(people.client.client.periods[0], "interim", people.coach)
    other = factories.make_plan(people.other_client.client.periods[0], people.other_coach, signed=True)
    db.session.commit()
    login(http, people.client)
    assert http.get(f"/me/plans/{other.id}").status_code == 404
    assert http.get(f"/me/plans/{draft.id}").status_code == 404  # a draft is the staff's
    assert http.get(f"/me/plans/{plan.id}/answer").status_code == 404  # a plan has no own part
    assert post(http, f"/me/plans/{other.id}/answer", {"went_well": "x"}).status_code == 404


def test_no_own_part_once_the_evaluation_is_signed(http, people):
    draft = interim_draft(people)
    draft.signed_at, draft.signed_by_id = clock.now(), people.coach.id
    db.session.commit()
    login(http, people.client)
    response = post(http, f"/me/plans/{draft.id}/answer", {"went_well": "Hyvin"})
    assert response.status_code == 409 and "Arviointi on jo valmis." in text(response)


@pytest.mark.parametrize("who, status", [("coach", 403), ("manager", 403), ("kitchen", 403)])
def test_staff_do_not_use_the_clients_pages(http, people, who, status):
    plan = signed_plan(people)
    login(http, getattr(people, who))
    assert http.get("/me/plans").status_code == status
    assert http.get(f"/me/plans/{plan.id}").status_code == status
