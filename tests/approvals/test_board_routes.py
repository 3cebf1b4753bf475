"""The day board over real HTTP (webapp/approvals/routes.py), both databases, frozen time.

Anna's period plans Monday–Thursday; the unit is open Monday–Friday 8–15. Wednesday 18.11.2026.
"""
import re
from datetime import date, time, timedelta

import pytest
import time_machine
from sqlalchemy import event

from tests import factories
from tests.checkin.test_flags import attend
from tests.http import as_kiosk, csrf_token, login, post, text
from tests.moments import AFTER_CLOSING, DURING_THE_DAY
from webapp.approvals import decisions
from webapp.audit.models import AuditEvent
from webapp.checkin import scans
from webapp.checkin.models import AbsenceReason, ActivityDay, Method, Status
from webapp.extensions import db
from webapp.checkin.models import MonthClose

WEDNESDAY = AFTER_CLOSING.date()
HTMX = {"HX-Request": "true"}


@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def midday():
    with time_machine.travel(DURING_THE_DAY, tick=False) as traveller:
        yield traveller


def board_url(people, unit=None, day=None) -> str:
    url = f"/units/{(unit or people.unit).id}/board"
    return url + (f"?day={day.isoformat()}" if day else "")


def day_of(person) -> ActivityDay | None:
    db.session.expire_all()
    return db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == person.id))


def events_of(record) -> list[AuditEvent]:
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "activity_day",
                                                          AuditEvent.entity_id == record.id)
                              .order_by(AuditEvent.id)).all()


def row_html(html: str, client_id: int) -> str:
    start = html.index(f'id="row-{client_id}"')
    return html[start:html.index("\n</li>", start)]


def poller(html: str) -> dict:
    match = re.search(r'<div id="board-poll" hx-get="([^"]+)"[^>]*hx-trigger="load delay:(\d+)s"', html)
    assert match, html[:2000]
    url = match.group(1).replace("&amp;", "&")
    return {"url": url, "wait": int(match.group(2)), "v": re.search(r"[?&]v=([0-9a-f]+)", url).group(1)}


# --- Who may see it -------------------------------------------------------------------------------

def test_board_home_sends_a_coach_to_her_unit_and_a_manager_to_the_first_active_unit(http, people, midday):
    login(http, people.coach)
    answer = http.get("/board")
    assert (answer.status_code, answer.headers["Location"]) == (302, board_url(people))
    http.post("/logout", data={"csrf_token": csrf_token(http)})

    factories.make_unit("Aapiskoulu").active = False
    db.session.commit()
    login(http, people.manager)
    assert http.get("/board").headers["Location"] == board_url(people)  # Kierrätyspaja, not the closed Aapiskoulu


def test_board_home_is_a_friendly_page_for_a_coach_without_a_unit(http, people, midday):
    login(http, factories.make_coach(None))
    answer = http.get("/board")
    assert answer.status_code == 200
    assert "Sinulla ei ole vielä toimipistettä" in text(answer)


def test_only_staff_of_the_unit_see_the_board(http, people, midday):
    url = board_url(people)
    anonymous = http.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert http.get("/board").status_code == 302

    secret, _kiosk = factories.make_kiosk(people.unit)
    as_kiosk(http, secret)  # the door tablet is no person: the login page
    assert http.get(url).status_code == 302

    for person, status in [(people.client, 403), (people.kitchen, 403), (people.other_coach, 404),
                           (people.coach, 200), (people.manager, 200)]:
        with app_client(http) as client:
            login(client, person)
            assert client.get(url).status_code == status, person.role
            assert client.get(url + "/poll").status_code == status, person.role


class app_client:
    """A fresh test client (its own cookies) from the same app."""

    def __init__(self, http):
        self.client = http.application.test_client()

    def __enter__(self):
        return self.client

    def __exit__(self, *exc):
        return False


def test_a_coach_of_another_unit_gets_404_from_every_route(http, people, evening):
    attend(people, WEDNESDAY, end=(14, 0))
    record = day_of(people.client)
    login(http, people.other_coach)
    assert http.get(board_url(people)).status_code == 404
    assert http.get(board_url(people) + "/poll?v=x&wait=5").status_code == 404
    assert post(http, f"/days/{record.id}/confirm").status_code == 404
    assert post(http, board_url(people) + "/confirm-all").status_code == 404
    assert http.get(f"/days/{record.id}/undo").status_code == 404
    assert post(http, f"/days/{record.id}/undo").status_code == 404
    assert post(http, f"/days/{record.id}/confirm", headers=HTMX).status_code == 404
    assert day_of(people.client).status == Status.OPEN
    assert events_of(record) == []


def test_clients_and_the_kitchen_may_not_decide(http, people, evening):
    attend(people, WEDNESDAY, end=(14, 0))
    record = day_of(people.client)
    for person in (people.client, people.kitchen):
        with app_client(http) as client:
            login(client, person)
            assert post(client, f"/days/{record.id}/confirm").status_code == 403
            assert post(client, board_url(people) + "/confirm-all").status_code == 403
            assert post(client, f"/days/{record.id}/undo").status_code == 403
            assert client.get(f"/days/{record.id}/undo").status_code == 403
    anonymous = post(http, f"/days/{record.id}/confirm")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert day_of(people.client).status == Status.OPEN


# --- What the board shows -------------------------------------------------------------------------

def test_the_board_shows_who_came_who_did_not_and_who_is_away(http, people, evening):
    late = factories.make_client(people.unit, coach=people.coach, first_name="Bertta", last_name="Bee")
    away = factories.make_client(people.unit, coach=people.coach, first_name="Cecilia", last_name="Cee")
    attend(people, WEDNESDAY, start=(8, 5), end=(14, 20))
    record = day_of(people.client)
    record.lunch = True
    db.session.commit()
    factories.make_entry(people.client, WEDNESDAY, mood=4, shared=True, went_well="SALAINEN SISÄLTÖ")
    decisions.record_absence(away.client, people.unit, WEDNESDAY, AbsenceReason.OWN_ILLNESS, people.coach,
                             note="Flunssa")
    db.session.commit()

    login(http, people.coach)
    html = text(http.get(board_url(people)))
    assert "Kierrätyspaja" in html and "keskiviikko 18. marraskuuta 2026" in html
    arrived = html[html.index('data-testid="section-arrived"'):html.index('data-testid="section-not-arrived"')]
    not_arrived = html[html.index('data-testid="section-not-arrived"'):html.index('data-testid="section-away"')]
    away_part = html[html.index('data-testid="section-away"'):]
    assert "Anna Asiakas" in arrived and "Bertta Bee" in not_arrived and "Cecilia Cee" in away_part
    anna = row_html(html, people.client.id)
    assert "8.05" in anna and "14.20" in anna and "kortilla" in anna
    assert "6 t 15 min" in anna and "kyllä" in anna and "kirjoitettu, jaettu" in anna
    assert "SALAINEN" not in html  # the diary's content never
    assert "Oma sairaus" in row_html(html, away.id) and "Flunssa" in row_html(html, away.id)
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert counts == {"expected": "3", "arrived": "1", "open": "1", "confirmed": "1", "lunches": "1"}
    assert "Vahvista kaikki (1)" in html
    assert f'/days/{record.id}/confirm' in anna
    assert f'/units/{people.unit.id}/absence?client={late.id}' in row_html(html, late.id)
    assert html.index('id="board-poll"') < html.index('id="board"') < html.index('id="panel"')
    week = re.search(r'id="day-week" href="([^"]+)"', html).group(1)
    assert week.endswith("?week=2026-W47") and http.get(week).status_code == 200
    month = re.search(f'id="name-{people.client.id}" href="([^"]+)"', html).group(1)
    assert month == f"/clients/{people.client.id}/days?month=2026-11" and http.get(month).status_code == 200


def test_a_flagged_row_shows_its_flags_in_words_and_the_ways_to_resolve_it(http, people, evening):
    attend(people, WEDNESDAY, end=(10, 30))  # under 4 hours
    record = day_of(people.client)
    login(http, people.coach)
    html = text(http.get(board_url(people)))
    anna = row_html(html, people.client.id)
    assert "Alle 4 tuntia" in anna
    assert f"/days/{record.id}/confirm\"" not in anna  # no one-tap confirm
    for path in (f"/days/{record.id}/times", f"/days/{record.id}/confirm-anyway", f"/days/{record.id}/not-counted"):
        assert f'href="{path}"' in anna and f'hx-get="{path}"' in anna
    assert "Vahvista kaikki" not in html


def test_a_missing_check_out_shows_after_closing(http, people, midday):
    scans.record_scan(key="in", unit=people.unit, method=Method.PIN, client=people.client.client,
                      scanned_at=DURING_THE_DAY - timedelta(hours=2))
    db.session.commit()
    login(http, people.coach)
    assert "Lähtöaika puuttuu" not in row_html(text(http.get(board_url(people))), people.client.id)
    with time_machine.travel(AFTER_CLOSING, tick=False):
        anna = row_html(text(http.get(board_url(people))), people.client.id)
    assert "Lähtöaika puuttuu" in anna and "PIN-koodilla" in anna
    record = day_of(people.client)
    assert f'href="/days/{record.id}/times"' in anna and "confirm-anyway" not in anna


def test_a_closure_day_says_so(http, people, evening):
    from webapp.units.models import Closure
    db.session.add(Closure(unit=people.unit, starts_on=WEDNESDAY, ends_on=WEDNESDAY, reason="Remontti"))
    db.session.commit()
    login(http, people.coach)
    html = text(http.get(board_url(people)))
    assert "Toimipiste on suljettu tänä päivänä" in html
    saturday = text(http.get(board_url(people, day=date(2026, 11, 21))))
    assert "Toimipisteellä ei ole aukioloaikoja" in saturday


def test_the_row_shows_every_change_with_who_when_and_why(http, people, evening):
    attend(people, WEDNESDAY, end=(10, 30))
    record = day_of(people.client)
    decisions.fix_times(record, people.coach, "Unohti leimata lähtiessä", check_out=time(14, 45))
    db.session.commit()
    login(http, people.coach)
    anna = row_html(text(http.get(board_url(people))), people.client.id)
    history = anna[anna.index('data-testid="history"'):]
    assert "Muutokset (1)" in history
    assert "Aikoja korjattu" in history and "Kaisa Ohjaaja" in history and "18.11.2026 16.30" in history
    assert "Unohti leimata lähtiessä" in history
    assert "Lähti: 18.11.2026 10.30 → 18.11.2026 14.45" in history
    assert "Lähtötapa: kortilla → ohjaaja merkitsi" in history


# --- Decisions ------------------------------------------------------------------------------------

def test_one_tap_confirms_a_day_and_answers_htmx_with_the_rows_a_poller_and_a_closed_panel(http, people, evening):
    attend(people, WEDNESDAY, end=(14, 0))
    record = day_of(people.client)
    login(http, people.coach)
    answer = post(http, f"/days/{record.id}/confirm", headers=HTMX)
    assert answer.status_code == 200
    html = text(answer)
    assert '<div id="panel" hx-swap-oob="innerHTML"></div>' in html
    assert 'id="board-poll"' in html and 'hx-swap-oob="outerHTML"' in html
    assert "Päivä vahvistettu: Anna Asiakas." in html
    assert "Vahvistettu: Kaisa Ohjaaja" in row_html(html, people.client.id)
    assert f'href="/days/{record.id}/undo"' in html
    assert "HX-Request" in answer.headers["Vary"]
    record = day_of(people.client)
    assert (record.status, record.decided_by_id) == (Status.CONFIRMED, people.coach.id)
    assert [(e.action, e.actor_id) for e in events_of(record)] == [("day_confirmed", people.coach.id)]


def test_without_htmx_a_decision_answers_303_to_the_board(http, people, evening):
    attend(people, WEDNESDAY, end=(14, 0))
    record = day_of(people.client)
    login(http, people.coach)
    answer = post(http, f"/days/{record.id}/confirm")
    assert (answer.status_code, answer.headers["Location"]) == (303, board_url(people, day=WEDNESDAY))
    assert "Päivä vahvistettu" in text(http.get(answer.headers["Location"]))  # the flash


def test_confirming_a_decided_day_is_409_with_the_reason(http, people, evening):
    attend(people, WEDNESDAY, end=(14, 0))
    record = day_of(people.client)
    login(http, people.coach)
    assert post(http, f"/days/{record.id}/confirm").status_code == 303
    again = post(http, f"/days/{record.id}/confirm", headers=HTMX)
    assert again.status_code == 409
    assert "Päivä on jo käsitelty" in text(again) and 'id="board-poll"' in text(again)
    plain = post(http, f"/days/{record.id}/confirm")
    assert plain.status_code == 409 and "Päivä on jo käsitelty" in text(plain) and "<html" in text(plain)
    assert len(events_of(record)) == 1


def test_a_flagged_day_is_not_confirmed_with_one_tap(http, people, evening):
    attend(people, WEDNESDAY, end=(10, 0))
    record = day_of(people.client)
    login(http, people.coach)
    answer = post(http, f"/days/{record.id}/confirm", headers=HTMX)
    assert answer.status_code == 409 and "Päivässä on huomautus" in text(answer)
    assert day_of(people.client).status == Status.OPEN and events_of(record) == []


def test_confirm_all_confirms_only_the_days_without_flags(http, people, evening):
    bertta = factories.make_client(people.unit, coach=people.coach, first_name="Bertta", last_name="Bee")
    cecilia = factories.make_client(people.unit, coach=people.coach, first_name="Cecilia", last_name="Cee")
    attend(people, WEDNESDAY, end=(14, 0))
    attend(people, WEDNESDAY, end=(13, 0), client=bertta.client)
    attend(people, WEDNESDAY, end=(10, 0), client=cecilia.client)  # under 4 h: stays
    login(http, people.coach)
    assert "Vahvista kaikki (2)" in text(http.get(board_url(people)))
    answer = post(http, board_url(people) + f"/confirm-all?day={WEDNESDAY.isoformat()}", headers=HTMX)
    assert answer.status_code == 200 and "Vahvistettiin 2 päivää." in text(answer)
    assert "Vahvista kaikki" not in text(answer)
    assert [day_of(p).status for p in (people.client, bertta, cecilia)] == [Status.CONFIRMED, Status.CONFIRMED,
                                                                             Status.OPEN]
    assert [e.action for e in events_of(day_of(bertta))] == ["day_confirmed"]
    assert events_of(day_of(cecilia)) == []
    again = post(http, board_url(people) + f"/confirm-all?day={WEDNESDAY.isoformat()}")
    assert again.status_code == 303
    assert "Ei vahvistettavia päiviä." in text(http.get(again.headers["Location"]))


def test_undo_shows_a_small_form_and_takes_the_decision_back_with_the_reason(http, people, evening):
    attend(people, WEDNESDAY, end=(14, 0))
    record = day_of(people.client)
    login(http, people.coach)
    assert http.get(f"/days/{record.id}/undo", headers=HTMX).status_code == 409  # nothing to undo yet
    post(http, f"/days/{record.id}/confirm")

    form = http.get(f"/days/{record.id}/undo", headers=HTMX)
    assert form.status_code == 200 and "<html" not in text(form)
    assert 'name="reason"' in text(form) and f'hx-post="/days/{record.id}/undo"' in text(form)
    page = http.get(f"/days/{record.id}/undo")
    assert page.status_code == 200 and "<html" in text(page) and 'name="reason"' in text(page)

    answer = post(http, f"/days/{record.id}/undo", {"reason": "Vahvistin väärän päivän"}, headers=HTMX)
    assert answer.status_code == 200 and "Käsittely peruttu: Anna Asiakas." in text(answer)
    assert '<div id="panel" hx-swap-oob="innerHTML"></div>' in text(answer)
    record = day_of(people.client)
    assert record.status == Status.OPEN and record.decided_by_id is None
    undone = events_of(record)[-1]
    assert (undone.action, undone.actor_id, undone.reason) == ("day_undone", people.coach.id, "Vahvistin väärän päivän")
    assert undone.changes["status"] == ["confirmed", "open"]
    assert post(http, f"/days/{record.id}/undo", headers=HTMX).status_code == 409


def test_undo_of_an_absence_removes_it_and_a_too_long_reason_is_400(http, people, evening):
    absence = decisions.record_absence(people.client.client, people.unit, WEDNESDAY, AbsenceReason.JOB_INTERVIEW,
                                       people.coach)
    db.session.commit()
    day_id = absence.id
    login(http, people.coach)
    long = post(http, f"/days/{day_id}/undo", {"reason": "x" * 501}, headers=HTMX)
    assert long.status_code == 400 and "liian pitkä" in text(long)
    assert long.headers["HX-Retarget"] == "#panel"
    assert day_of(people.client) is not None
    plain = post(http, f"/days/{day_id}/undo", {"reason": "x" * 501})
    assert plain.status_code == 400 and "<html" in text(plain) and "liian pitkä" in text(plain)

    answer = post(http, f"/days/{day_id}/undo", {"reason": "Kirjattu väärälle"})
    assert answer.status_code == 303
    assert day_of(people.client) is None
    removed = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity_id == day_id,
                                                             AuditEvent.action == "day_removed")).one()
    assert removed.reason == "Kirjattu väärälle" and removed.changes["absence_reason"][0] == "job_interview"
    assert "Merkintä poistettu: Anna Asiakas." in text(http.get(answer.headers["Location"]))


def test_a_csrf_valid_post_with_no_fields_works_and_without_the_token_it_is_400(http, people, evening):
    attend(people, WEDNESDAY, end=(14, 0))
    record = day_of(people.client)
    login(http, people.coach)
    assert http.post(f"/days/{record.id}/confirm").status_code == 400  # no CSRF token
    assert http.post(board_url(people) + "/confirm-all").status_code == 400
    assert day_of(people.client).status == Status.OPEN

    assert post(http, f"/days/{record.id}/confirm").status_code == 303
    assert post(http, f"/days/{record.id}/undo").status_code == 303  # the reason is optional
    assert events_of(record)[-1].reason is None
    assert post(http, board_url(people) + "/confirm-all").status_code == 303  # today by default
    assert day_of(people.client).status == Status.CONFIRMED


# --- Live updates ---------------------------------------------------------------------------------

def test_the_poll_backs_off_while_nothing_changes_and_sends_the_rows_when_something_does(http, people, midday):
    http.application.config["BOARD_POLL_SECONDS"] = 5
    login(http, people.coach)
    first = poller(text(http.get(board_url(people))))
    assert first["wait"] == 5

    waits, current = [], first
    for _ in range(5):
        answer = http.get(current["url"], headers=HTMX)
        assert answer.status_code == 200 and 'id="board"' not in text(answer)
        current = poller(text(answer))
        waits.append(current["wait"])
    assert waits == [10, 20, 40, 60, 60]
    assert current["v"] == first["v"]

    scans.record_scan(key="in", unit=people.unit, method=Method.BADGE, client=people.client.client,
                      scanned_at=DURING_THE_DAY)
    db.session.commit()
    changed = text(http.get(current["url"], headers=HTMX))
    assert '<div id="board" hx-swap-oob="innerHTML">' in changed
    assert "Anna Asiakas" in changed[changed.index('id="board"'):]
    after = poller(changed)
    assert after["wait"] == 5 and after["v"] != first["v"]
    assert poller(text(http.get(after["url"], headers=HTMX)))["wait"] == 10


def test_only_todays_board_polls_and_a_bad_wait_is_the_first_wait(http, people, midday):
    http.application.config["BOARD_POLL_SECONDS"] = 5
    login(http, people.coach)
    yesterday = text(http.get(board_url(people, day=WEDNESDAY - timedelta(days=1))))
    assert '<div id="board-poll"></div>' in yesterday and "hx-trigger" not in yesterday.split('id="board-poll"')[1][:50]
    old = http.get(board_url(people) + f"/poll?day={(WEDNESDAY - timedelta(days=1)).isoformat()}&v=x&wait=5")
    assert old.status_code == 200 and "hx-get" not in text(old)
    for wait in ("abc", "-3", "0", "999999999999"):
        answer = http.get(board_url(people) + f"/poll?v=nothing&wait={wait}")
        assert answer.status_code == 200
        assert poller(text(answer))["wait"] == 5  # a changed board: the first wait again
    assert poller(text(http.get(board_url(people) + "/poll?wait=1000&v=" + poller(
        text(http.get(board_url(people))))["v"])))["wait"] == 60


# --- Bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["?day=tomorrow", "?day=2026-02-30", "?day=2024-01-01", "?day=18.11.2026",
                                   "?day=2026-11-180", "?day=0000-01-01"])
def test_a_bad_day_is_404(http, people, midday, query):
    login(http, people.coach)
    assert http.get(board_url(people) + query).status_code == 404
    assert http.get(board_url(people) + "/poll" + query).status_code == 404
    assert post(http, board_url(people) + "/confirm-all" + query).status_code == 404


def test_unknown_ids_are_404_and_a_get_of_a_decision_is_405(http, people, midday):
    login(http, people.manager)
    for url in ("/units/0/board", "/units/999999/board", "/units/99999999999/board", "/units/999999/board/poll",
                "/days/999999/undo", "/days/99999999999/undo"):
        assert http.get(url).status_code == 404, url
    for url in ("/days/999999/confirm", "/days/999999/undo", "/units/999999/board/confirm-all"):
        assert post(http, url).status_code == 404, url
    assert http.get("/days/1/confirm").status_code == 405
    assert http.get(board_url(people) + "/confirm-all").status_code == 405


# --- A fixed number of queries --------------------------------------------------------------------

def populate(people, count, start):
    """count clients at the unit: a third came (half of them wrote a diary, some had their times
    fixed), a third came and were confirmed, a third did not come; every third row has an absence."""
    for i in range(start, start + count):
        person = factories.make_client(people.unit, coach=people.coach, first_name=f"Asiakas{i:03}")
        kind = i % 4
        if kind in (0, 1):
            attend(people, WEDNESDAY, start=(8, i % 30), end=(14, 0) if i % 2 else (11, 0), client=person.client)
            factories.make_entry(person, WEDNESDAY, mood=3, shared=bool(i % 3))
        elif kind == 2:
            attend(people, WEDNESDAY, end=(13, 0), client=person.client)
            record = day_of(person)
            decisions.fix_times(record, people.coach, "Korjaus", check_out=time(13, 30))
            decisions.confirm(record, people.coach)
            db.session.commit()
        elif i % 8 == 3:
            decisions.record_absence(person.client, people.unit, WEDNESDAY, AbsenceReason.OWN_ILLNESS, people.coach)
            db.session.commit()


def queries_for_board(http, people) -> tuple[int, str]:
    count = [0]

    def counter(*args):
        count[0] += 1
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        answer = http.get(board_url(people))
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    assert answer.status_code == 200
    return count[0], text(answer)


def test_the_board_runs_the_same_number_of_queries_for_60_clients_as_for_30(http, people, evening):
    populate(people, 29, 0)  # + Anna = 30
    login(http, people.coach)
    few, html_few = queries_for_board(http, people)
    populate(people, 30, 29)
    many, html_many = queries_for_board(http, people)
    assert html_few.count('data-testid="board-row"') == 30 and html_many.count('data-testid="board-row"') == 60
    assert html_many.count("Aikoja korjattu") == 15 and "kirjoitettu, jaettu" in html_many
    assert few == many, (few, many)
    # one of them the access log's single INSERT for all the clients shown; one the diary's photos and
    # voice notes (a day with only a photo counts as written)
    assert many <= 17, many


# --- "Service not held" is offered only where it can be used --------------------------------------

def test_not_held_is_offered_today_and_on_past_days(http, people, evening):
    login(http, people.coach)
    for day in (WEDNESDAY, WEDNESDAY - timedelta(days=1)):
        board = text(http.get(board_url(people, day=day)))
        assert 'id="not-held"' in board, day


def test_not_held_is_not_offered_on_a_future_day_and_its_form_says_why(http, people, evening):
    tomorrow = WEDNESDAY + timedelta(days=1)  # Thursday: Anna is expected
    login(http, people.coach)
    board = text(http.get(board_url(people, day=tomorrow)))
    assert "Anna Asiakas" in board and 'id="not-held"' not in board
    response = http.get(f"/units/{people.unit.id}/not-held?day={tomorrow.isoformat()}", headers=HTMX)
    assert response.status_code == 409 and "Tätä ei voi kirjata etukäteen." in text(response)
    assert 'name="note"' not in text(response)


def test_not_held_is_not_offered_in_a_closed_month(http, people, evening):
    db.session.add(MonthClose(unit_id=people.unit.id, month=date(2026, 10, 1), closed_by_id=people.manager.id))
    db.session.commit()
    login(http, people.coach)
    day = date(2026, 10, 28)  # a Wednesday Anna was expected on, without any record
    board = text(http.get(board_url(people, day=day)))
    assert "Anna Asiakas" in board and 'id="not-held"' not in board
    response = http.get(f"/units/{people.unit.id}/not-held?day={day.isoformat()}", headers=HTMX)
    assert response.status_code == 409 and "Kuukausi on suljettu." in text(response)
