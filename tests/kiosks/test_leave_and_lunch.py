"""POST /kiosk/leave and /kiosk/lunch: the answers on the tablet, carried by a short-lived ticket."""
import re
from datetime import date, timedelta

import pytest
import time_machine

from tests import factories
from tests.http import text
from tests.kiosks.helpers import badge_of, kiosk_post, pair, post_scan
from tests.moments import DURING_THE_DAY, HEL, MORNING
from webapp.audit.models import AuditEvent
from webapp.checkin.models import ActivityDay, Flag
from webapp.extensions import db

AFTERNOON = MORNING.replace(hour=14, minute=35)


def ticket_of(response) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', text(response)).group(1)


def the_day() -> ActivityDay:
    return db.session.scalar(db.select(ActivityDay))


def asked_to_leave(http, people, at):
    with time_machine.travel(MORNING, tick=False):
        post_scan(http, kind="badge", badge=badge_of(people.client))
    with time_machine.travel(at, tick=False):
        asked = post_scan(http, kind="badge", badge=badge_of(people.client))
    assert asked.headers["X-Lasna-Outcome"] == "asked_leave"
    return ticket_of(asked)


def test_yes_to_leaving_checks_out_and_shows_the_hours(http, people):
    pair(http, people.unit)
    ticket = asked_to_leave(http, people, AFTERNOON)
    with time_machine.travel(AFTERNOON + timedelta(seconds=20), tick=False):
        response = kiosk_post(http, "/kiosk/leave", ticket=ticket)
    assert response.status_code == 200 and response.headers["X-Lasna-Outcome"] == "checked_out"
    html = text(response)
    assert "Hei hei, Anna! Kiitos päivästä." in html
    assert "Olit paikalla klo 8.05–14.35, yhteensä 6 t 30 min." in html
    assert "alle 4 tunnin" not in html
    day = the_day()
    assert day.check_out_at == AFTERNOON + timedelta(seconds=20) and day.check_out_method == "badge"


def test_a_short_day_is_told_kindly_that_the_coach_looks_at_it(http, people):
    pair(http, people.unit)
    ticket = asked_to_leave(http, people, DURING_THE_DAY)
    with time_machine.travel(DURING_THE_DAY, tick=False):
        response = kiosk_post(http, "/kiosk/leave", ticket=ticket)
    html = text(response)
    assert "yhteensä 2 t 55 min" in html
    assert "Päivä jäi alle 4 tunnin. Ei hätää: ohjaaja katsoo sen ja merkitsee päivän." in html
    assert the_day().flag_set & Flag.SHORT_DAY


def test_a_second_yes_is_answered_the_same_and_keeps_the_first_time(http, people):
    pair(http, people.unit)
    ticket = asked_to_leave(http, people, AFTERNOON)
    with time_machine.travel(AFTERNOON, tick=False):
        kiosk_post(http, "/kiosk/leave", ticket=ticket)
    with time_machine.travel(AFTERNOON + timedelta(minutes=1), tick=False):
        again = kiosk_post(http, "/kiosk/leave", ticket=ticket)
    assert again.status_code == 200 and "Hei hei, Anna!" in text(again)
    assert the_day().check_out_at == AFTERNOON


def test_an_expired_ticket_is_400_with_a_kind_message(http, people):
    pair(http, people.unit)
    ticket = asked_to_leave(http, people, AFTERNOON)
    with time_machine.travel(AFTERNOON + timedelta(minutes=3, seconds=5), tick=False):
        response = kiosk_post(http, "/kiosk/leave", ticket=ticket)
    assert response.status_code == 400
    assert "Kysymys ehti vanhentua" in text(response) and "Ei hätää." in text(response)
    assert the_day().check_out_at is None


@pytest.mark.parametrize("ticket", ["", "forged", "eyJzY2FuIjoxLCJraW9zayI6MX0.av1ADA.x9qDAj_iJyJNjr6L1be1ae7MbdU",
                                    "x" * 400])
def test_a_forged_ticket_is_400(http, people, ticket):
    pair(http, people.unit)
    asked_to_leave(http, people, AFTERNOON)
    with time_machine.travel(AFTERNOON, tick=False):
        response = kiosk_post(http, "/kiosk/leave", ticket=ticket)
        lunch = kiosk_post(http, "/kiosk/lunch", ticket=ticket, lunch="yes")
    assert response.status_code == lunch.status_code == 400
    assert the_day().check_out_at is None and the_day().lunch is None


def test_another_kiosks_ticket_is_400(http, people, app):
    pair(http, people.unit)
    ticket = asked_to_leave(http, people, AFTERNOON)
    other = app.test_client()
    pair(other, people.unit)  # the second door of the same unit
    with time_machine.travel(AFTERNOON, tick=False):
        assert kiosk_post(other, "/kiosk/leave", ticket=ticket).status_code == 400
        assert kiosk_post(other, "/kiosk/lunch", ticket=ticket, lunch="yes").status_code == 400
    assert the_day().check_out_at is None


def test_a_check_in_ticket_cannot_check_out(http, people):
    pair(http, people.unit)
    with time_machine.travel(MORNING, tick=False):
        checked_in = post_scan(http, kind="badge", badge=badge_of(people.client))
        response = kiosk_post(http, "/kiosk/leave", ticket=ticket_of(checked_in))
    assert response.status_code == 400 and the_day().check_out_at is None


@pytest.mark.parametrize("answer, stored, says", [("yes", True, "Lounas on merkitty."),
                                                  ("no", False, "et syö lounasta tänään")])
def test_the_lunch_answer_is_stored(http, people, answer, stored, says):
    pair(http, people.unit)
    with time_machine.travel(MORNING, tick=False):
        checked_in = post_scan(http, kind="badge", badge=badge_of(people.client))
        response = kiosk_post(http, "/kiosk/lunch", ticket=ticket_of(checked_in), lunch=answer)
    assert response.status_code == 200
    assert "Kiitos, Anna!" in text(response) and says in text(response)
    assert the_day().lunch is stored


def test_a_changed_lunch_answer_leaves_an_audit_event(http, people):
    pair(http, people.unit)
    with time_machine.travel(MORNING, tick=False):
        ticket = ticket_of(post_scan(http, kind="badge", badge=badge_of(people.client)))
        kiosk_post(http, "/kiosk/lunch", ticket=ticket, lunch="yes")
        kiosk_post(http, "/kiosk/lunch", ticket=ticket, lunch="no")
    assert the_day().lunch is False
    assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.entity == "activity_day")) == "lunch_changed"


@pytest.mark.parametrize("answer", [None, "", "maybe", "YES"])
def test_a_lunch_answer_that_is_not_yes_or_no_is_400(http, people, answer):
    pair(http, people.unit)
    with time_machine.travel(MORNING, tick=False):
        ticket = ticket_of(post_scan(http, kind="badge", badge=badge_of(people.client)))
        fields = {"ticket": ticket} if answer is None else {"ticket": ticket, "lunch": answer}
        response = kiosk_post(http, "/kiosk/lunch", **fields)
    assert response.status_code == 400 and "Valitse Kyllä tai Ei." in text(response)
    assert the_day().lunch is None


def test_the_lunch_question_is_not_asked_again_once_answered(http, people):
    pair(http, people.unit)
    with time_machine.travel(MORNING, tick=False):
        ticket = ticket_of(post_scan(http, kind="badge", badge=badge_of(people.client)))
        kiosk_post(http, "/kiosk/lunch", ticket=ticket, lunch="yes")
    with time_machine.travel(MORNING + timedelta(minutes=1), tick=False):
        duplicate = post_scan(http, kind="badge", badge=badge_of(people.client))
    assert duplicate.headers["X-Lasna-Outcome"] == "duplicate"
    assert "Syötkö lounaan" not in text(duplicate)


def test_a_post_without_fields_is_400(http, people):
    pair(http, people.unit)
    for url in ("/kiosk/leave", "/kiosk/lunch"):
        assert kiosk_post(http, url).status_code == 400


def test_the_times_are_shown_in_helsinki_time(http, people):
    pair(http, people.unit)
    summer_morning = MORNING.replace(month=6, day=17).astimezone(HEL)  # a Wednesday in summer time
    factories.make_period(people.client.client, people.unit, starts_on=date(2026, 3, 1))
    with time_machine.travel(summer_morning, tick=False):
        response = post_scan(http, kind="badge", badge=badge_of(people.client))
    assert "Kirjauduit sisään klo 8.05." in text(response)
