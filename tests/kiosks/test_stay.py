""""Leaving now?" at the door tablet: "No, I'm staying" is an answer the server keeps, and the
2-minute duplicate window is measured from the last recorded time (check-in, check-out or a
staying answer), never from a duplicate, so scans cannot chain into "already checked in"."""
import re
from datetime import timedelta

import time_machine

from tests.http import text
from tests.kiosks.helpers import badge_of, kiosk_post, pair, post_scan
from tests.moments import MORNING
from webapp.checkin.models import ActivityDay, Scan
from webapp.extensions import db

EVENING = MORNING.replace(hour=21, minute=5, second=30)  # the times of the report in issue 14


def at(moment):
    return time_machine.travel(moment, tick=False)


def badge(http, people):
    return post_scan(http, kind="badge", badge=badge_of(people.client))


def ticket_of(response) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', text(response)).group(1)


def outcome(response) -> str:
    return response.headers.get("X-Lasna-Outcome")


def the_day() -> ActivityDay:
    return db.session.scalar(db.select(ActivityDay))


def test_duplicates_do_not_chain_after_a_staying_answer(http, people):
    pair(http, people.unit)
    with at(MORNING):
        assert outcome(badge(http, people)) == "checked_in"
    with at(EVENING):
        asked = badge(http, people)
    assert outcome(asked) == "asked_leave"
    with at(EVENING.replace(second=49)):
        stayed = kiosk_post(http, "/kiosk/stay", ticket=ticket_of(asked))
    assert stayed.status_code == 200 and "Anna" in text(stayed)
    assert db.session.get(Scan, db.session.scalar(db.select(Scan.id).where(Scan.outcome == "asked_leave"))
                          ).stayed_at == EVENING.replace(second=49)

    with at(EVENING.replace(minute=6, second=26)):  # 37 s after "staying": a duplicate
        first = badge(http, people)
    assert outcome(first) == "duplicate" and "Olet jo kirjautunut, Anna." in text(first)
    with at(EVENING.replace(minute=7, second=58)):  # 2 min 9 s after "staying": asked again
        second = badge(http, people)
    assert outcome(second) == "asked_leave" and "Lähdetkö nyt?" in text(second)
    with at(EVENING.replace(minute=9, second=40)):  # that question was not answered: asked again
        third = badge(http, people)
    assert outcome(third) == "asked_leave"
    with at(EVENING.replace(minute=9, second=45)):
        left = kiosk_post(http, "/kiosk/leave", ticket=ticket_of(third))
    assert outcome(left) == "checked_out" and "Hei hei, Anna!" in text(left)
    assert the_day().check_out_at == EVENING.replace(minute=9, second=45)


def test_a_pending_leaving_question_is_asked_again(http, people):
    pair(http, people.unit)
    with at(MORNING):
        badge(http, people)
    with at(EVENING):
        badge(http, people)  # asked, and the client walked off without answering
    with at(EVENING + timedelta(seconds=40)):
        again = badge(http, people)
    assert outcome(again) == "asked_leave" and "Lähdetkö nyt?" in text(again)
    with at(EVENING + timedelta(seconds=45)):
        left = kiosk_post(http, "/kiosk/leave", ticket=ticket_of(again))
    assert outcome(left) == "checked_out"


def test_a_scan_soon_after_checking_out_is_still_a_duplicate(http, people):
    pair(http, people.unit)
    with at(MORNING):
        badge(http, people)
    with at(EVENING):
        asked = badge(http, people)
        kiosk_post(http, "/kiosk/leave", ticket=ticket_of(asked))
    with at(EVENING + timedelta(seconds=90)):
        again = badge(http, people)
    assert outcome(again) == "duplicate"
    assert the_day().check_out_at == EVENING


def test_staying_twice_keeps_the_first_answer(http, people):
    pair(http, people.unit)
    with at(MORNING):
        badge(http, people)
    with at(EVENING):
        ticket = ticket_of(badge(http, people))
        kiosk_post(http, "/kiosk/stay", ticket=ticket)
    with at(EVENING + timedelta(seconds=30)):
        again = kiosk_post(http, "/kiosk/stay", ticket=ticket)
    assert again.status_code == 200
    assert db.session.scalar(db.select(Scan.stayed_at).where(Scan.outcome == "asked_leave")) == EVENING
    assert the_day().check_out_at is None


def test_staying_needs_a_ticket_of_a_leaving_question(http, people):
    pair(http, people.unit)
    assert kiosk_post(http, "/kiosk/stay").status_code == 400
    assert kiosk_post(http, "/kiosk/stay", ticket="forged").status_code == 400
    with at(MORNING):
        arrival = badge(http, people)  # a check-in's ticket (for lunch) is no leaving question
        response = kiosk_post(http, "/kiosk/stay", ticket=ticket_of(arrival))
    assert response.status_code == 400 and "Kysymys ehti vanhentua" in text(response)
