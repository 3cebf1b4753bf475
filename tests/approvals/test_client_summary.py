"""The client page's days for the coach (GET /clients/<id>, templates/approvals/_client_summary.html):
the current period, this month's planned and attended days with the attendance rate, and the own
coach's latest shared diary entries, each shown entry logged in the client's access log. Frozen on
Wednesday 18.11.2026 after closing."""
from datetime import date

import pytest
import time_machine

from tests import factories
from tests.approvals.test_week import Page
from tests.checkin.test_flags import attend
from tests.http import login, text
from tests.moments import AFTER_CLOSING
from webapp.approvals.summary import LATEST_ENTRIES
from webapp.diary.models import DiaryRead
from webapp.extensions import db


@pytest.fixture(autouse=True)  # before `people`: their period is the one around the named moments
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def diary(people, evening):
    """Anna's diary: four shared entries and a private one (the newest)."""
    anna = people.client
    shared = [factories.make_entry(anna, date(2026, 11, d), mood=4, shared=True, went_well=f"Hyvä päivä {d}.")
              for d in (9, 10, 12, 16)]
    private = factories.make_entry(anna, date(2026, 11, 17), mood=2, shared=False, was_hard="Yksityinen asia")
    return shared, private


def reads() -> list[DiaryRead]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(DiaryRead).order_by(DiaryRead.entry_id)))


def one(html, testid) -> str:
    [node] = Page(html).find(testid)
    return node.text


def page_for(http, people, who) -> str:
    login(http, who if not isinstance(who, str) else getattr(people, who))
    response = http.get(f"/clients/{people.client.id}")
    assert response.status_code == 200
    return text(response)


def test_the_own_coach_sees_the_latest_three_shared_entries_and_each_read_is_logged(http, people, diary):
    shared, private = diary
    page = page_for(http, people, "coach")
    entries = [node.text for node in Page(page).find("shared-entry")]
    assert len(entries) == LATEST_ENTRIES == 3
    assert [e.split(" Mieliala")[0] for e in entries] == ["Maanantai 16.11.2026", "Torstai 12.11.2026",
                                                          "Tiistai 10.11.2026"]
    assert "Hyvä päivä 16." in page and "Hyvä päivä 9." not in page  # the oldest is on the diary page
    assert "Yksityinen asia" not in page
    assert f'href="/clients/{people.client.id}/diary"' in page
    logged = reads()
    assert sorted(r.entry_id for r in logged) == sorted(e.id for e in shared[1:])
    assert {(r.reader_id, r.place, r.client_id) for r in logged} == {(people.coach.id, "client_page", people.client.id)}

    page_for(http, people, "coach")  # every showing is a read
    assert len(reads()) == 6


@pytest.mark.parametrize("who", ["manager", "unit_coach"])
def test_staff_who_are_not_the_own_coach_see_the_days_but_no_diary_and_nothing_is_logged(http, people, diary, who):
    viewer = factories.make_coach(people.unit, first_name="Toinen") if who == "unit_coach" else people.manager
    page = page_for(http, people, viewer)
    assert 'data-testid="client-summary"' in page
    assert 'data-testid="client-shared-entries"' not in page
    assert "Hyvä päivä" not in page
    assert reads() == []


def test_a_coach_of_another_unit_gets_404_and_nothing_is_logged(http, people, diary):
    login(http, people.other_coach)
    response = http.get(f"/clients/{people.client.id}")
    assert response.status_code == 404
    assert "Hyvä päivä" not in text(response)
    assert reads() == []


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("client", 403), ("kitchen", 403)])
def test_others_never_reach_the_page_and_nothing_is_logged(http, people, diary, who, status):
    if who != "anonymous":
        login(http, getattr(people, who))
    assert http.get(f"/clients/{people.client.id}").status_code == status
    assert reads() == []


def test_the_own_coach_is_told_when_nothing_is_shared(http, people, evening):
    factories.make_entry(people.client, date(2026, 11, 17), mood=3, shared=False, went_well="Oma juttu")
    page = page_for(http, people, "coach")
    assert "Asiakas ei ole jakanut sinulle merkintöjä." in one(page, "client-shared-entries")
    assert "Oma juttu" not in page
    assert reads() == []


def test_it_shows_the_period_this_month_and_the_rate_with_a_link_to_the_month(http, people, evening):
    people.client.client.periods[0].starts_on = date(2026, 11, 9)
    db.session.commit()
    for on in (date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 12)):
        attend(people, on, end=(14, 0))
    page = page_for(http, people, "coach")
    summary = one(page, "client-summary")
    assert one(page, "summary-period") == "9.11.2026–2.3.2027, käynnissä · Kierrätyspaja"
    assert "Suunnitellut päivät maanantai, tiistai, keskiviikko, torstai" in summary
    # planned in November from the 9th: Mondays 9.–30.11. and Tuesdays–Thursdays 10.–26.11. = 13; attended 3
    assert one(page, "summary-month") == "Suunniteltu 13, osallistui 3"
    # planned so far: 9, 10, 11, 12, 16, 17 (today 18 not yet): 3 of 6
    assert one(page, "summary-rate") == "50 % (3 / 6 suunniteltua päivää)"
    assert f'href="/clients/{people.client.id}/days"' in page


def test_an_ended_period_and_no_period(http, people, evening):
    period = people.client.client.periods[0]
    period.starts_on, period.ends_on = date(2026, 10, 5), date(2026, 10, 8)  # Monday–Thursday
    db.session.commit()
    attend(people, date(2026, 10, 6), end=(14, 0))
    page = page_for(http, people, "manager")
    assert one(page, "summary-period") == "5.10.2026–8.10.2026, päättynyt · Kierrätyspaja"
    assert one(page, "summary-rate") == "25 % (1 / 4 suunniteltua päivää)"
    assert one(page, "summary-month") == "Suunniteltu 0, osallistui 0"

    db.session.delete(period)
    db.session.commit()
    page = text(http.get(f"/clients/{people.client.id}"))
    assert one(page, "summary-period") == "Ei jaksoa."
    assert one(page, "summary-rate") == "Ei jaksoa."


def test_a_period_still_to_come(http, people, evening):
    period = people.client.client.periods[0]
    period.starts_on = date(2026, 12, 7)
    db.session.commit()
    page = page_for(http, people, "coach")
    assert one(page, "summary-period").startswith("7.12.2026–2.3.2027, tulossa")
    assert one(page, "summary-rate") == "Jakso alkaa 7.12.2026."


def test_the_page_with_diary_entries_is_not_kept_in_a_cache(http, people, diary):
    login(http, people.coach)
    assert http.get(f"/clients/{people.client.id}").headers["Cache-Control"] == "no-store"
