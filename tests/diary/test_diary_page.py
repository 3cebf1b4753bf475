"""GET /diary and /diary/<day>: the client's own day, as a form while it can be changed and
read-only after that."""
from datetime import UTC, date, datetime, timedelta

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.checkin.models import ActivityDay, Method
from webapp.diary.models import DiaryReply
from webapp.extensions import db

WEDNESDAY = date(2026, 11, 18)


def test_it_sends_anonymous_visitors_to_sign_in(http, people, clock):
    for url in ("/diary", "/diary/2026-11-18"):
        response = http.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["coach", "other_coach", "manager", "kitchen"])
def test_it_is_not_for_staff(http, people, clock, who):
    login(http, getattr(people, who))
    assert http.get("/diary").status_code == 403
    assert http.get("/diary/2026-11-18").status_code == 403


def test_it_shows_todays_form(http, people, clock):
    login(http, people.client)
    response = http.get("/diary")
    page = text(response)
    assert response.status_code == 200
    assert "<title>Päiväkirja" in page
    assert 'data-diary-form' in page and 'data-day="2026-11-18"' in page and 'action="/diary/2026-11-18"' in page
    assert 'data-refresh-url="/diary/2026-11-18"' in page
    assert 'name="key"' in page and "data-diary-queue-status" in page and "js/diary-queue.js" in page
    for word in ("Tosi huono", "Huono", "Ihan ok", "Hyvä", "Tosi hyvä", "Ei yhtään", "Tosi paljon"):
        assert word in page
    assert "Mikä meni hyvin?" in page and "Mikä oli vaikeaa?" in page and "Mitä haluan kertoa ohjaajalle?" in page
    assert "Kuka on lukenut päiväkirjaani" in page and 'href="/diary/access"' in page
    assert text(http.get("/diary/2026-11-18")).count('name="mood"') == 5


def test_it_answers_htmx_with_the_entry_fragment(http, people, clock):
    login(http, people.client)
    response = http.get("/diary/2026-11-18", headers={"HX-Request": "true"})
    page = text(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert '<section id="diary-entry"' in page
    assert "<html" not in page and "diary-queue.js" not in page


@pytest.mark.parametrize("bad", ["2026-11-31", "2026-13-01", "18-11-2026", "2026-1-18", "yesterday", "２０２６-11-18"])
def test_it_404s_a_day_that_is_not_a_date(http, people, clock, bad):
    login(http, people.client)
    assert http.get(f"/diary/{bad}").status_code == 404


def test_it_404s_a_future_day(http, people, clock):
    login(http, people.client)
    assert http.get("/diary/2026-11-19").status_code == 404


def test_it_prefills_the_mood_of_todays_checkin_without_saving_it(http, people, clock):
    client = people.client.client
    db.session.add(ActivityDay(client_id=client.person_id, unit_id=people.unit.id, day=WEDNESDAY,
                               check_in_at=datetime(2026, 11, 18, 6, 0, tzinfo=UTC),
                               check_in_method=Method.BADGE, mood=4))
    db.session.commit()
    login(http, people.client)
    page = text(http.get("/diary"))
    assert 'id="mood-4" value="4" checked' in page
    from webapp.diary.models import DiaryEntry
    assert db.session.scalar(db.select(db.func.count()).select_from(DiaryEntry)) == 0


def test_it_shows_the_saved_answers_in_the_form(http, people, clock):
    factories.make_entry(people.client, WEDNESDAY, mood=2, energy=5, activities=["Puutyöt"], went_well="Kahvitauko")
    login(http, people.client)
    page = text(http.get("/diary"))
    assert 'id="mood-2" value="2" checked' in page and 'id="energy-5" value="5" checked' in page
    assert 'value="Puutyöt" checked' in page and "Kahvitauko" in page


def test_it_shows_an_old_day_read_only_with_replies_and_notes(http, people, clock):
    entry = factories.make_entry(people.client, WEDNESDAY - timedelta(days=5), mood=5, energy=1, shared=True,
                                 went_well="Sain hyllyn valmiiksi")
    db.session.add(DiaryReply(entry_id=entry.id, author_id=people.coach.id, text="Hienoa työtä!",
                              created_at=datetime(2026, 11, 14, 12, 5, tzinfo=UTC)))
    db.session.commit()
    login(http, people.client)
    page = text(http.get("/diary/2026-11-13"))
    assert "data-diary-form" not in page
    assert "Tosi hyvä" in page and "Ei yhtään" in page and "Sain hyllyn valmiiksi" in page
    assert "Hienoa työtä!" in page and "Kaisa" in page and "14.05" in page
    assert "Lisää myöhempi merkintä" in page and 'action="/diary/2026-11-13/notes"' in page


def test_it_says_when_nothing_was_written_on_an_old_day(http, people, clock):
    login(http, people.client)
    response = http.get("/diary/2026-11-10")
    assert response.status_code == 200
    assert "Et kirjoittanut tälle päivälle." in text(response)
    assert "Lisää myöhempi merkintä" not in text(response)


def test_it_offers_yesterday_as_a_form(http, people, clock):
    login(http, people.client)
    assert 'data-day="2026-11-17"' in text(http.get("/diary/2026-11-17"))


def test_it_never_shows_another_clients_entry(http, people, clock):
    factories.make_entry(people.other_client, WEDNESDAY, mood=1, went_well="Pekan salaisuus")
    factories.make_entry(people.other_client, WEDNESDAY - timedelta(days=4), went_well="Pekan vanha salaisuus")
    login(http, people.client)
    assert "Pekan salaisuus" not in text(http.get("/diary"))
    assert 'checked' not in text(http.get("/diary")).split("diary-choices")[1].split("</fieldset>")[0]
    old = text(http.get("/diary/2026-11-14"))
    assert "Pekan vanha salaisuus" not in old and "Et kirjoittanut tälle päivälle." in old


def test_it_rejects_other_methods(http, people, clock):
    login(http, people.client)
    assert http.put("/diary/2026-11-18").status_code == 405
    assert post(http, "/diary").status_code == 405
