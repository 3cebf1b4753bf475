"""GET /diary/access: the client sees who has read their diary and when (Act 703/2023 §11)."""
from datetime import UTC, date, datetime, timedelta

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.diary import access_log, entries
from webapp.diary.models import DiaryRead
from webapp.extensions import db

WEDNESDAY = date(2026, 11, 18)


def test_it_says_when_nobody_has_read(http, people, clock):
    login(http, people.client)
    response = http.get("/diary/access")
    assert response.status_code == 200
    page = text(response)
    assert "Kukaan ei ole lukenut päiväkirjaasi." in page
    assert "asiakastietolaki" in page and "Vain oma ohjaajasi" in page


def test_it_lists_the_coachs_read_with_name_role_time_and_entry(http, people, clock):
    entry = factories.make_entry(people.client, WEDNESDAY - timedelta(days=1), mood=3, shared=True)
    coach = http.application.test_client()
    login(coach, people.coach)
    assert coach.get(f"/clients/{people.client.id}/diary").status_code == 200
    login(http, people.client)
    page = text(http.get("/diary/access"))
    assert "Kaisa Ohjaaja</strong>, ohjaaja" in page
    assert "Luki klo 11.00" in page  # the frozen moment, in Helsinki
    assert "Keskiviikko 18.11.2026" in page  # grouped by the day of the read
    assert f'href="/diary/{entry.day.isoformat()}"' in page and "17.11.2026" in page


def test_it_shows_the_newest_first_and_groups_by_day(http, people, clock):
    entry = factories.make_entry(people.client, WEDNESDAY - timedelta(days=3), mood=3, shared=True)
    db.session.add_all([
        DiaryRead(client_id=people.client.id, entry_id=entry.id, reader_id=people.coach.id, place="diary_list",
                  read_at=datetime(2026, 11, 16, 7, 0, tzinfo=UTC)),
        DiaryRead(client_id=people.client.id, entry_id=entry.id, reader_id=people.coach.id, place="diary_list",
                  read_at=datetime(2026, 11, 17, 12, 30, tzinfo=UTC)),
    ])
    db.session.commit()
    login(http, people.client)
    page = text(http.get("/diary/access"))
    assert page.index("Tiistai 17.11.2026") < page.index("Maanantai 16.11.2026")
    assert page.index("Luki klo 14.30") < page.index("Luki klo 9.00")


def test_it_shows_only_the_clients_own_log(http, people, clock):
    other = factories.make_entry(people.other_client, WEDNESDAY, mood=2, shared=True)
    entries.log_reads(people.other_coach, [other], "diary_list")
    login(http, people.client)
    page = text(http.get("/diary/access"))
    assert "Kukaan ei ole lukenut päiväkirjaasi." in page and "Olli Muualla" not in page


def test_it_caps_a_long_log_and_says_so(http, people, clock, monkeypatch):
    monkeypatch.setattr(access_log, "ACCESS_LOG_SHOWN", 3)
    entry = factories.make_entry(people.client, WEDNESDAY, mood=3, shared=True)
    for _ in range(5):
        entries.log_reads(people.coach, [entry], "diary_list")
    login(http, people.client)
    page = text(http.get("/diary/access"))
    assert "Tässä näkyy 3 uusinta lukukertaa (kaikkiaan 5)." in page
    assert page.count('class="card access-read"') == 3


@pytest.mark.parametrize("who", ["coach", "other_coach", "manager", "kitchen"])
def test_staff_get_403(http, people, who):
    login(http, getattr(people, who))
    assert http.get("/diary/access").status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/diary/access")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_post_is_405(http, people):
    login(http, people.client)
    assert post(http, "/diary/access").status_code == 405
