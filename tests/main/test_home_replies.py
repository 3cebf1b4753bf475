"""A coach's reply on the client's home page (real HTTP, both databases): shown until the client
opens the day it answers, then marked read (it used to be visible only inside that day's entry)."""
from datetime import date, datetime

import pytest
import time_machine

from tests import factories
from tests.http import login, text
from tests.main.test_home import section
from tests.moments import HEL
from webapp.diary import entries
from webapp.diary.models import DiaryReply
from webapp.extensions import db

TUESDAY = date(2026, 11, 17)


@pytest.fixture
def wednesday():
    with time_machine.travel(datetime(2026, 11, 18, 11, 0, tzinfo=HEL), tick=False):
        yield


@pytest.fixture
def replied(people, wednesday):
    entry = factories.make_entry(people.client, TUESDAY, mood=2, shared=True, to_coach="Voinko tulla myöhemmin?")
    return entries.reply(entry, people.coach, "Sopii hyvin, nähdään kymmeneltä.")


def test_a_new_reply_shows_on_the_home_page(http, people, replied):
    login(http, people.client)
    card = section(text(http.get("/")), "replies-card")
    assert "Kaisa vastasi" in card and "Sopii hyvin, nähdään kymmeneltä." in card
    assert 'href="/diary/2026-11-17"' in card and "17.11." in card


def test_opening_the_day_marks_the_reply_read_and_it_leaves_the_home_page(http, people, replied):
    login(http, people.client)
    assert db.session.get(DiaryReply, replied.id).read_at is None
    page = text(http.get("/diary/2026-11-17"))
    assert "Sopii hyvin, nähdään kymmeneltä." in page  # still there, in the entry
    assert db.session.get(DiaryReply, replied.id).read_at == datetime(2026, 11, 18, 11, 0, tzinfo=HEL)
    home = text(http.get("/"))
    assert 'data-testid="replies-card"' not in home
    assert "Sopii hyvin" not in home


def test_opening_another_day_leaves_the_reply_unread(http, people, replied):
    factories.make_entry(people.client, date(2026, 11, 16), mood=3)
    login(http, people.client)
    http.get("/diary/2026-11-16")
    http.get("/diary")
    assert db.session.get(DiaryReply, replied.id).read_at is None
    assert "Sopii hyvin" in section(text(http.get("/")), "replies-card")


def test_staff_reading_the_day_does_not_mark_it_read(http, people, replied):
    login(http, people.coach)
    assert http.get(f"/clients/{people.client.id}/diary").status_code == 200
    assert db.session.get(DiaryReply, replied.id).read_at is None


def test_a_later_reply_is_new_again(http, people, replied):
    login(http, people.client)
    http.get("/diary/2026-11-17")
    entry = entries.entry_for(people.client.client, TUESDAY)
    entries.reply(entry, people.coach, "Ja muista ottaa eväät.")
    card = section(text(http.get("/")), "replies-card")
    assert "Ja muista ottaa eväät." in card and "Sopii hyvin" not in card


def test_another_clients_reply_never_shows(http, people, replied):
    other = factories.make_entry(people.other_client, TUESDAY, shared=True)
    entries.reply(other, people.other_coach, "Pekalle vain.")
    login(http, people.client)
    assert "Pekalle vain." not in text(http.get("/"))


def test_no_card_without_replies(http, people, wednesday):
    login(http, people.client)
    assert 'data-testid="replies-card"' not in text(http.get("/"))
