"""POST /diary/<day>/share: share one of the client's entries with the own coach, or stop."""
from datetime import date

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.diary.models import DiaryEntry
from webapp.extensions import db

OLD = date(2026, 11, 2)
URL = "/diary/2026-11-02/share"


def shared(person, day=OLD) -> bool:
    db.session.expire_all()
    return db.session.scalar(db.select(DiaryEntry.shared).where(DiaryEntry.client_id == person.id,
                                                                DiaryEntry.day == day))


def test_it_shares_and_unshares_an_old_entry(http, people, clock):
    factories.make_entry(people.client, OLD, mood=3)
    login(http, people.client)
    response = post(http, URL, {"shared": "1"})
    assert response.status_code == 303 and shared(people.client) is True
    assert "Jaettu" in text(http.get("/diary/2026-11-02")) and "Kaisa" in text(http.get("/diary/2026-11-02"))
    response = post(http, URL, {"shared": "0"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="diary-entry"' in text(response)
    assert "Jaa ohjaajalle" in text(response) and shared(people.client) is False


def test_it_shares_todays_entry_too(http, people, clock):
    factories.make_entry(people.client, date(2026, 11, 18))
    login(http, people.client)
    assert post(http, "/diary/2026-11-18/share", {"shared": "1"}).status_code == 303
    assert shared(people.client, date(2026, 11, 18)) is True


def test_it_404s_without_an_own_entry(http, people, clock):
    factories.make_entry(people.other_client, OLD)
    login(http, people.client)
    assert post(http, URL, {"shared": "1"}).status_code == 404
    assert shared(people.other_client) is False


@pytest.mark.parametrize("value", ["", "yes", "2"])
def test_it_refuses_a_value_that_is_not_yes_or_no(http, people, clock, value):
    factories.make_entry(people.client, OLD)
    login(http, people.client)
    data = {} if value == "" else {"shared": value}
    response = post(http, URL, data)
    assert response.status_code == 400 and "Valitse, jaetaanko päivä vai ei." in text(response)
    assert shared(people.client) is False


def test_it_is_only_for_the_client(http, people, clock):
    factories.make_entry(people.client, OLD)
    assert post(http, URL, {"shared": "1"}).status_code == 302
    for who in (people.coach, people.manager):
        login(http, who)
        assert post(http, URL, {"shared": "1"}).status_code == 403
    assert http.get(URL).status_code == 405
    assert shared(people.client) is False
