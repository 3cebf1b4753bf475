"""GET /clients/<id>/diary and POST /clients/<id>/diary/<entry>/reply: the own coach reads the
entries a client has shared (each read logged for the client) and answers them."""
from datetime import date, timedelta

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.diary.models import DiaryRead, DiaryReply
from webapp.extensions import db

WEDNESDAY = date(2026, 11, 18)


def reads() -> list[DiaryRead]:
    return list(db.session.scalars(db.select(DiaryRead).order_by(DiaryRead.id)))


def replies() -> list[DiaryReply]:
    return list(db.session.scalars(db.select(DiaryReply).order_by(DiaryReply.id)))


@pytest.fixture
def shared(people, clock):
    return factories.make_entry(people.client, WEDNESDAY, mood=4, energy=2, shared=True,
                                activities=["Puutyöt", "Kahvinkeitto"], went_well="Sain hyllyn valmiiksi",
                                was_hard="Aamulla bussi myöhässä", to_coach="Haluan puhua jaksosta")


@pytest.fixture
def private(people, clock):
    return factories.make_entry(people.client, WEDNESDAY - timedelta(days=1), mood=1, went_well="Salainen asia")


def url(people):
    return f"/clients/{people.client.id}/diary"


def test_it_shows_the_own_coach_the_shared_entries_with_everything(http, people, shared, private):
    login(http, people.coach)
    response = http.get(url(people))
    assert response.status_code == 200
    page = text(response)
    assert "Näet vain merkinnät, jotka asiakas on jakanut. Jokainen lukeminen tallentuu asiakkaan nähtäväksi." in page
    for words in ("Hyvä", "Vähän", "Puutyöt", "Kahvinkeitto", "Sain hyllyn valmiiksi", "Aamulla bussi myöhässä",
                  "Haluan puhua jaksosta", "Keskiviikko 18.11.2026", "Lähetä vastaus"):
        assert words in page, words
    assert "Salainen asia" not in page


def test_it_logs_a_read_for_each_entry_shown(http, people, shared, private, clock):
    older = factories.make_entry(people.client, WEDNESDAY - timedelta(days=5), mood=3, shared=True)
    login(http, people.coach)
    http.get(url(people))
    logged = reads()
    assert sorted(r.entry_id for r in logged) == sorted([shared.id, older.id])
    assert {(r.reader_id, r.client_id, r.place) for r in logged} == {(people.coach.id, people.client.id, "diary_list")}
    http.get(url(people))
    assert len(reads()) == 4  # every look is a read


def test_it_logs_nothing_when_nothing_is_shared(http, people, private):
    login(http, people.coach)
    response = http.get(url(people))
    assert response.status_code == 200
    assert "Asiakas ei ole jakanut sinulle merkintöjä." in text(response)
    assert reads() == []


def test_it_shows_later_notes_and_replies(http, people, shared):
    from webapp.diary import entries
    entries.add_note(shared, "note-1", "Vielä yksi asia illalla")
    entries.reply(shared, people.coach, "Kiitos, puhutaan huomenna")
    login(http, people.coach)
    page = text(http.get(url(people)))
    assert "Vielä yksi asia illalla" in page
    assert "Kiitos, puhutaan huomenna" in page


def test_it_pages_60_entries_and_goes_back_with_before(http, people, clock):
    for n in range(62):
        factories.make_entry(people.client, WEDNESDAY - timedelta(days=n), mood=3, shared=True,
                             went_well=f"päivä-{n}-loppu")
    login(http, people.coach)
    page = text(http.get(url(people)))
    assert "päivä-59-loppu" in page and "päivä-60-loppu" not in page
    assert len(reads()) == 60
    oldest_shown = (WEDNESDAY - timedelta(days=59)).isoformat()
    assert f"before={oldest_shown}" in page
    older = text(http.get(url(people) + f"?before={oldest_shown}"))
    assert "päivä-60-loppu" in older and "päivä-61-loppu" in older and "päivä-59-loppu" not in older
    assert len(reads()) == 62


def test_it_refuses_a_bad_before_date(http, people, shared):
    login(http, people.coach)
    assert http.get(url(people) + "?before=eilen").status_code == 400
    assert reads() == []


def test_a_coach_of_the_same_unit_who_is_not_the_own_coach_gets_404(http, people, shared):
    colleague = factories.make_coach(people.unit, first_name="Kari")
    login(http, colleague)
    assert http.get(f"/clients/{people.client.id}").status_code == 200  # may see the client...
    assert http.get(url(people)).status_code == 404  # ...but not the diary
    assert reads() == []


@pytest.mark.parametrize("who", ["other_coach", "manager", "kitchen", "client"])
def test_everyone_else_gets_404(http, people, shared, who):
    login(http, getattr(people, who))
    assert http.get(url(people)).status_code == 404
    assert reads() == []


def test_a_client_cannot_read_another_clients_diary_here(http, people, clock):
    factories.make_entry(people.other_client, WEDNESDAY, mood=2, shared=True)
    login(http, people.client)
    assert http.get(f"/clients/{people.other_client.id}/diary").status_code == 404


def test_anonymous_is_sent_to_login(http, people, shared):
    response = http.get(url(people))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_own_coach_who_is_switched_off_is_signed_out(http, people, shared):
    login(http, people.coach)
    people.coach.active = False
    db.session.commit()
    response = http.get(url(people))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert reads() == []


def test_post_to_the_list_is_405(http, people, shared):
    login(http, people.coach)
    assert post(http, url(people)).status_code == 405


def test_the_client_page_links_to_the_diary_for_the_own_coach_only(http, people):
    login(http, people.coach)
    assert "Päiväkirja (jaetut merkinnät)" in text(http.get(f"/clients/{people.client.id}"))
    manager = http.application.test_client()
    login(manager, people.manager)
    page = text(manager.get(f"/clients/{people.client.id}"))
    assert "Päiväkirja (jaetut merkinnät)" not in page


# --- Replies -------------------------------------------------------------------------------------

def reply_url(people, entry):
    return f"/clients/{people.client.id}/diary/{entry.id}/reply"


def test_a_reply_with_htmx_answers_with_the_fragment(http, people, shared):
    login(http, people.coach)
    response = post(http, reply_url(people, shared), {"text": "  Hienoa työtä!  "}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = text(response)
    assert "Hienoa työtä!" in page and f'id="replies-{shared.id}"' in page
    assert "<html" not in page
    assert [(r.text, r.author_id, r.entry_id) for r in replies()] == [("Hienoa työtä!", people.coach.id, shared.id)]


def test_a_plain_reply_redirects_with_303(http, people, shared):
    login(http, people.coach)
    response = post(http, reply_url(people, shared), {"text": "Kiitos kun kerroit"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/clients/{people.client.id}/diary#entry-{shared.id}")
    assert [r.text for r in replies()] == ["Kiitos kun kerroit"]


@pytest.mark.parametrize("data, message", [
    ({}, "Kirjoita vastaus."),
    ({"text": ""}, "Kirjoita vastaus."),
    ({"text": "   "}, "Kirjoita vastaus."),
    ({"text": "x" * 1001}, "Vastaus on liian pitkä (enintään 1000 merkkiä)."),
])
@pytest.mark.parametrize("htmx", [True, False])
def test_a_bad_reply_is_400_with_a_message(http, people, shared, data, message, htmx):
    login(http, people.coach)
    headers = {"HX-Request": "true"} if htmx else {}
    response = post(http, reply_url(people, shared), data, headers=headers)
    assert response.status_code == 400
    assert message in text(response)
    assert replies() == []


def test_a_reply_of_1000_characters_is_fine(http, people, shared):
    login(http, people.coach)
    assert post(http, reply_url(people, shared), {"text": "y" * 1000}).status_code == 303
    assert len(replies()[0].text) == 1000


def test_an_unshared_entry_cannot_be_answered(http, people, private):
    login(http, people.coach)
    assert post(http, reply_url(people, private), {"text": "Hei"}).status_code == 404
    assert replies() == []


def test_another_clients_entry_cannot_be_answered_through_this_client(http, people, shared, clock):
    other = factories.make_entry(people.other_client, WEDNESDAY, mood=2, shared=True)
    login(http, people.coach)
    assert post(http, f"/clients/{people.client.id}/diary/{other.id}/reply", {"text": "Hei"}).status_code == 404
    assert post(http, f"/clients/{people.client.id}/diary/999999/reply", {"text": "Hei"}).status_code == 404
    assert replies() == []


@pytest.mark.parametrize("who", ["other_coach", "manager", "kitchen", "client"])
def test_only_the_own_coach_may_reply(http, people, shared, who):
    login(http, getattr(people, who))
    assert post(http, reply_url(people, shared), {"text": "Hei"}).status_code == 404
    assert replies() == []


def test_anonymous_reply_goes_to_login(http, people, shared):
    response = post(http, reply_url(people, shared), {"text": "Hei"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert replies() == []


def test_a_reply_without_csrf_is_400(http, people, shared):
    login(http, people.coach)
    assert http.post(reply_url(people, shared), data={"text": "Hei"}).status_code == 400
    assert replies() == []


def test_get_on_the_reply_is_405(http, people, shared):
    login(http, people.coach)
    assert http.get(reply_url(people, shared)).status_code == 405


def test_the_client_sees_the_reply_on_their_own_data_page(http, people, shared):
    coach = http.application.test_client()
    login(coach, people.coach)
    post(coach, reply_url(people, shared), {"text": "Hyvä kun jaoit tämän"})
    login(http, people.client)
    page = text(http.get("/me/data"))
    assert "Hyvä kun jaoit tämän" in page and "Kaisa Ohjaaja vastasi" in page
