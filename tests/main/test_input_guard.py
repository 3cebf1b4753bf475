"""Text no database can store (a NUL character) is refused in one place, before any view runs:
a clear, translated 400 on every route, signed in or not, and nothing is saved."""
from datetime import date

import pytest
import time_machine

from tests import factories
from tests.http import csrf_token, login, post, text
from tests.moments import DURING_THE_DAY
from webapp.diary.models import DiaryEntry
from webapp.extensions import db

REFUSED = "Tekstissä oli merkki, jota ei voi tallentaa."


def test_a_nul_in_the_sign_in_email_is_refused_before_anyone_is_signed_in(http, people):
    response = post(http, "/login", {"email": "a\x00@example.fi", "password": "x"})
    assert response.status_code == 400 and REFUSED in text(response)


def test_a_nul_in_a_query_string_is_refused(http, people):
    login(http, people.coach)
    response = http.get("/clients?q=a%00b")
    assert response.status_code == 400 and REFUSED in text(response)


def test_a_nul_in_a_field_name_or_the_path_is_refused(http, people):
    login(http, people.coach)
    assert http.get("/clients?a%00=1").status_code == 400
    assert http.get("/diary/2026-11-18%00").status_code in (400, 404)


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_diary_save_with_a_nul_saves_nothing_and_keeps_what_was_there(http, people):
    factories.make_entry(people.client, date(2026, 11, 18), went_well="Kahvi")
    login(http, people.client)
    response = post(http, "/diary/2026-11-18", {"went_well": "Uusi\x00teksti", "key": "a" * 32})
    assert response.status_code == 400 and REFUSED in text(response)
    assert db.session.scalar(db.select(DiaryEntry.went_well)) == "Kahvi"


def test_the_kitchens_reason_with_a_nul_is_refused(http, people):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/lunch/served",
                    {"day": "2026-11-18", "served": "3", "reason": "\x00"})
    assert response.status_code == 400 and REFUSED in text(response)


@pytest.mark.parametrize("language, words", [("sv", "Texten innehöll ett tecken"), ("en", "The text had a character")])
def test_the_message_is_in_the_readers_language(http, people, language, words):
    token = csrf_token(http)
    http.post("/language", data={"language": language, "next": "/login", "csrf_token": token})
    response = http.post("/login", data={"email": "\x00", "password": "x", "csrf_token": csrf_token(http)})
    assert response.status_code == 400 and words in text(response)


def test_text_in_other_scripts_and_control_characters_still_passes(http, people):
    login(http, people.coach)
    assert http.get("/clients?q=%E2%80%8B%C3%A4%F0%9F%98%80").status_code == 200  # zero-width space, ä, emoji
    assert http.get("/clients?q=%ff%fe").status_code == 200  # not UTF-8: read as U+FFFD
