"""POST /diary/<day>/notes: a later note on one of the client's own entries."""
from datetime import date

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.diary.models import DiaryNote
from webapp.extensions import db

OLD = date(2026, 11, 10)
URL = "/diary/2026-11-10/notes"


def notes() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(DiaryNote.text).order_by(DiaryNote.id)))


def test_it_adds_a_note_to_an_old_entry(http, people, clock):
    factories.make_entry(people.client, OLD, mood=2)
    login(http, people.client)
    response = post(http, URL, {"key": "n1", "text": "  Nyt on jo parempi.  "})
    assert response.status_code == 303 and response.headers["Location"].endswith("/diary/2026-11-10")
    assert notes() == ["Nyt on jo parempi."]
    page = text(http.get("/diary/2026-11-10"))
    assert "Nyt on jo parempi." in page and "Myöhemmät merkinnät" in page and "18.11.2026 klo 11.00" in page


def test_it_answers_htmx_with_the_entry_and_keeps_a_replayed_note_once(http, people, clock):
    factories.make_entry(people.client, OLD)
    login(http, people.client)
    for _ in range(2):
        response = post(http, URL, {"key": "n1", "text": "Kerran"}, headers={"HX-Request": "true"})
        assert response.status_code == 200 and 'id="diary-entry"' in text(response) and "Kerran" in text(response)
    assert notes() == ["Kerran"]


def test_it_404s_a_day_without_an_entry(http, people, clock):
    factories.make_entry(people.other_client, OLD)  # Pekka's entry of the same day is not Anna's
    login(http, people.client)
    assert post(http, URL, {"key": "n1", "text": "Hei"}).status_code == 404
    assert post(http, "/diary/2026-11-99/notes", {"key": "n1", "text": "Hei"}).status_code == 404
    assert notes() == []


@pytest.mark.parametrize("data, message", [
    ({"text": "   "}, "Kirjoita ensin merkintä."),
    ({"text": "a" * 2001}, "enintään 2000 merkkiä"),
    ({"text": "Hei", "key": ""}, "Lomake ehti vanhentua"),
])
def test_it_refuses_an_empty_or_too_long_note(http, people, clock, data, message):
    factories.make_entry(people.client, OLD)
    login(http, people.client)
    response = post(http, URL, {"key": "n1", **data})
    assert response.status_code == 400 and message in text(response)
    assert notes() == []


def test_it_is_only_for_the_client(http, people, clock):
    factories.make_entry(people.client, OLD)
    assert post(http, URL, {"key": "n1", "text": "Hei"}).status_code == 302
    login(http, people.coach)
    assert post(http, URL, {"key": "n1", "text": "Hei"}).status_code == 403
    assert http.get(URL).status_code == 405
    assert notes() == []
