"""POST /diary/<day>: saving the day's entry. One tap is an entry; a key is applied once."""
import re
from datetime import date, timedelta

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.diary.models import DiaryEntry, DiarySubmission
from webapp.extensions import db

WEDNESDAY = date(2026, 11, 18)
URL = "/diary/2026-11-18"


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def the_entry(person, day=WEDNESDAY) -> DiaryEntry | None:
    db.session.expire_all()
    return db.session.scalar(db.select(DiaryEntry).where(DiaryEntry.client_id == person.id, DiaryEntry.day == day))


def key_on(page: str) -> str:
    return re.search(r'name="key" value="([0-9a-f]{32})"', page).group(1)


def test_it_saves_one_tap_and_answers_htmx_with_the_status(http, people, clock):
    login(http, people.client)
    response = post(http, URL, {"key": "k1", "mood": "4"}, headers={"HX-Request": "true"})
    page = text(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "Tallennettu klo 11.00." in page and 'id="diary-saved"' in page and "<html" not in page
    assert key_on(page) != "k1"
    entry = the_entry(people.client)
    assert (entry.mood, entry.energy, entry.went_well, entry.shared) == (4, None, "", False)


def test_it_redirects_a_plain_form_to_the_day(http, people, clock):
    login(http, people.client)
    response = post(http, URL, {"key": "k1", "energy": "2", "went_well": "Kahvi", "was_hard": "Bussi",
                                "to_coach": "Kiitos", "activity": ["Puutyöt", "Kokkaus"], "new_activity": " Lenkki ",
                                "shared": "y"})
    assert response.status_code == 303 and response.headers["Location"].endswith(URL)
    entry = the_entry(people.client)
    assert (entry.energy, entry.went_well, entry.was_hard, entry.to_coach, entry.shared) == (
        2, "Kahvi", "Bussi", "Kiitos", True)
    assert entry.labels == ["Puutyöt", "Kokkaus", "Lenkki"]
    page = text(http.get(URL))
    assert "Tallennettu klo 11.00." in page and 'value="Lenkki" checked' in page


def test_it_saves_an_empty_form_as_an_entry(http, people, clock):
    login(http, people.client)
    assert post(http, URL, {"key": "k1"}).status_code == 303
    assert the_entry(people.client) is not None


def test_it_applies_a_replayed_key_once(http, people, clock):
    login(http, people.client)
    post(http, URL, {"key": "same", "mood": "2"})
    post(http, URL, {"key": "later", "mood": "5"})
    again = post(http, URL, {"key": "same", "mood": "2"}, headers={"HX-Request": "true"})
    assert again.status_code == 200 and "Tallennettu" in text(again)
    assert the_entry(people.client).mood == 5
    assert count(DiarySubmission) == 2


def test_it_saves_yesterday_but_not_the_day_before(http, people, clock):
    login(http, people.client)
    assert post(http, "/diary/2026-11-17", {"key": "y", "mood": "3"}).status_code == 303
    response = post(http, "/diary/2026-11-16", {"key": "old", "mood": "3"})
    assert response.status_code == 422
    assert "Tätä päivää ei voi enää muuttaa" in text(response)
    assert the_entry(people.client, date(2026, 11, 16)) is None


def test_it_sends_a_late_htmx_save_to_the_day_page(http, people, clock):
    login(http, people.client)
    response = post(http, "/diary/2026-11-16", {"key": "old", "mood": "3"}, headers={"HX-Request": "true"})
    assert response.status_code == 422 and response.headers["HX-Redirect"] == "/diary/2026-11-16"
    assert "Tätä päivää ei voi enää muuttaa" in text(response)


def test_it_closes_the_day_at_midnight_after_next(http, people, clock):
    login(http, people.client)
    page = text(http.get("/diary/2026-11-17"))
    clock.move_to("2026-11-19 00:00:01+02:00")
    response = post(http, "/diary/2026-11-17", {"key": key_on(page), "mood": "3"})
    assert response.status_code == 422
    assert the_entry(people.client, date(2026, 11, 17)) is None


def test_it_404s_a_save_for_tomorrow(http, people, clock):
    login(http, people.client)
    assert post(http, "/diary/2026-11-19", {"key": "t", "mood": "3"}).status_code == 404
    assert post(http, "/diary/2026-02-30", {"key": "t", "mood": "3"}).status_code == 404
    assert count(DiaryEntry) == 0


def test_it_refuses_another_clients_key(http, people, clock):
    factories.make_entry(people.other_client, WEDNESDAY, mood=1)
    pekka_key = db.session.scalar(db.select(DiarySubmission.key))
    login(http, people.client)
    response = post(http, URL, {"key": pekka_key, "mood": "5"})
    assert response.status_code == 409
    assert the_entry(people.client) is None and the_entry(people.other_client).mood == 1


@pytest.mark.parametrize("data, message", [
    ({"mood": "9"}, "Valitse yksi viidestä vaihtoehdosta."),
    ({"energy": "0"}, "Valitse yksi viidestä vaihtoehdosta."),
    ({"mood": "x"}, "Valitse yksi viidestä vaihtoehdosta."),
    ({"activity": "a" * 41}, "enintään 40 merkkiä"),
    ({"new_activity": "a" * 41}, "enintään 40 merkkiä"),
    ({"activity": [f"Toiminto {i}" for i in range(13)]}, "Valitse enintään 12 toimintoa."),
    ({"went_well": "a" * 4001}, "enintään 4000 merkkiä"),
    ({"to_coach": "a" * 4001}, "enintään 4000 merkkiä"),
    ({"key": ""}, "Lomake ehti vanhentua"),
    ({"key": "k" * 65}, "Lomake ehti vanhentua"),
])
def test_it_refuses_bad_values_and_saves_nothing(http, people, clock, data, message):
    factories.make_entry(people.client, WEDNESDAY, mood=3, went_well="Ennallaan")
    login(http, people.client)
    for headers in ({}, {"HX-Request": "true"}):
        response = post(http, URL, {"key": "k1", **data}, headers=headers)
        assert response.status_code == 400
        assert message in text(response) and "Tätä ei tallennettu" in text(response)
    entry = the_entry(people.client)
    assert (entry.mood, entry.went_well) == (3, "Ennallaan")
    assert count(DiarySubmission) == 1


def test_it_keeps_a_long_but_allowed_text(http, people, clock):
    login(http, people.client)
    assert post(http, URL, {"key": "k1", "was_hard": "a" * 4000}).status_code == 303
    assert len(the_entry(people.client).was_hard) == 4000


def test_it_needs_a_csrf_token(http, people, clock):
    login(http, people.client)
    assert http.post(URL, data={"key": "k1", "mood": "3"}).status_code == 400
    assert count(DiaryEntry) == 0


def test_it_saves_nothing_for_staff_or_anonymous(http, people, clock):
    assert post(http, URL, {"key": "k1", "mood": "3"}).status_code == 302
    login(http, people.coach)
    assert post(http, URL, {"key": "k2", "mood": "3"}).status_code == 403
    assert count(DiaryEntry) == 0


def test_it_pre_checks_sharing_from_the_default_and_names_the_coach(http, people, clock):
    people.client.client.diary_share_default = True
    db.session.commit()
    login(http, people.client)
    page = text(http.get(URL))
    assert re.search(r'id="shared" value="1"[^>]*checked', page)
    assert "Kaisa" in page


def test_it_says_when_there_is_no_own_coach(http, people, clock):
    people.client.client.own_coach_id = None
    db.session.commit()
    login(http, people.client)
    page = text(http.get(URL))
    assert "Sinulla ei ole vielä omaa ohjaajaa" in page and not re.search(r'id="shared" value="1"[^>]*checked', page)


def test_it_offers_the_units_chips_and_the_clients_own(http, people, clock):
    factories.make_unit_activity(people.unit, "Puutyöt")
    factories.make_unit_activity(people.other_unit, "Toisen yksikön juttu")
    factories.make_entry(people.client, WEDNESDAY - timedelta(days=3), activities=["Lenkki"])
    login(http, people.client)
    page = text(http.get(URL))
    assert 'value="Puutyöt"' in page and 'value="Lenkki"' in page and "Toisen yksikön juttu" not in page
