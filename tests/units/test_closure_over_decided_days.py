"""POST /units/<id>/closures over days already confirmed: the manager is told whose days they
are and asked to confirm; once saved, the days stay as they were (money and attendance are never
changed silently) and wait on the day board for the coach to look at them.

Wednesday 18.11.2026 after closing; Anna's period plans Monday–Thursday.
"""
import re
from datetime import date

import pytest
import time_machine

from tests import factories
from tests.checkin.test_flags import attend
from tests.http import login, post, text
from tests.moments import AFTER_CLOSING
from tests.units.helpers import events
from webapp.approvals import decisions
from webapp.checkin.models import ActivityDay, Flag, Status
from webapp.extensions import db
from webapp.units.models import Closure

MONDAY, TUESDAY = date(2026, 11, 16), date(2026, 11, 17)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        yield traveller


def _confirmed_days(people):
    """Anna: Monday on site, Tuesday remote, both confirmed. Eero: Monday on site, left open."""
    attend(people, MONDAY, end=(14, 0))
    anna = people.client.client
    monday = db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == anna.person_id))
    decisions.confirm(monday, people.coach)
    decisions.record_remote(anna, people.unit, TUESDAY, 300, people.coach)
    eero = factories.make_client(people.unit, first_name="Eero", last_name="Esimerkki")
    attend(people, MONDAY, end=(14, 0), client=eero.client)
    db.session.commit()
    return eero


def _days():
    db.session.expire_all()
    return {(d.client_id, d.day): d for d in db.session.scalars(db.select(ActivityDay))}


def _closures(unit):
    return db.session.scalars(db.select(Closure).where(Closure.unit_id == unit.id)).all()


FORM = {"starts_on": "2026-11-16", "ends_on": "2026-11-17", "reason": "Vesivahinko"}


def test_it_names_the_confirmed_days_and_saves_nothing_until_asked_again(http, people, evening):
    _confirmed_days(people)
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures", FORM, headers=HTMX)
    assert response.status_code == 409
    page = text(response)
    assert 'data-testid="closure-conflicts"' in page
    assert "Anna Asiakas" in page and "16.11.2026" in page and "17.11.2026" in page
    assert "Eero Esimerkki" not in page  # his day is still open: the board flags it anyway
    assert "Lisää sulkupäivä silti" in page
    assert 'name="confirm"' in page and 'value="2026-11-16/2026-11-17"' in page
    assert _closures(people.unit) == [] and events("closure") == []


def test_a_confirmation_for_other_dates_asks_again(http, people, evening):
    _confirmed_days(people)
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures",
                    {**FORM, "confirm": "2026-11-17/2026-11-17"}, headers=HTMX)
    assert response.status_code == 409
    assert _closures(people.unit) == []


def test_confirmed_it_is_saved_and_the_days_wait_for_the_coach_unchanged(http, people, evening):
    eero = _confirmed_days(people)
    anna = people.client.id
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures", {**FORM, "confirm": "2026-11-16/2026-11-17"})
    assert response.status_code == 302
    assert len(_closures(people.unit)) == 1
    page = text(http.get(f"/units/{people.unit.id}"))
    assert "Sulkupäivä lisätty: Vesivahinko." in page
    assert "2 käsiteltyä päivää odottaa ohjaajan tarkistusta päivän näkymässä." in page

    days = _days()
    # Nothing about the money or the attendance changed...
    assert days[(anna, MONDAY)].status == Status.CONFIRMED and days[(anna, TUESDAY)].status == Status.CONFIRMED
    # ...the days carry the closure and wait for the coach; the open day gets the flag as any day would.
    assert Flag.CLOSURE_DAY in Flag(days[(anna, MONDAY)].flags)
    assert Flag.CLOSURE_DAY in Flag(days[(eero.id, MONDAY)].flags)
    assert days[(anna, MONDAY)].review == "closure" and days[(anna, TUESDAY)].review == "closure"
    assert days[(eero.id, MONDAY)].review is None
    flagged = events("activity_day", "closure_review")
    assert {e.entity_id for e in flagged} == {days[(anna, MONDAY)].id, days[(anna, TUESDAY)].id}
    assert {e.reason for e in flagged} == {"Vesivahinko"} and {e.actor_id for e in flagged} == {people.manager.id}


def test_the_board_shows_the_days_to_check_instead_of_saying_nobody_is_expected(http, people, evening):
    _confirmed_days(people)
    login(http, people.manager)
    post(http, f"/units/{people.unit.id}/closures", {**FORM, "confirm": "2026-11-16/2026-11-17"})
    post(http, "/logout")
    login(http, people.coach)
    board = text(http.get(f"/units/{people.unit.id}/board?day=2026-11-16"))
    assert "Toimipiste on suljettu tänä päivänä: Vesivahinko." in board
    assert "1 käsitelty päivä odottaa tarkistusta." in board
    row = board[board.index(f'id="row-{people.client.id}"'):]
    row = row[:row.index("\n</li>")]
    assert re.search(rf'<li class="[^"]*needs-attention[^"]*" id="row-{people.client.id}"', board)
    assert "Vesivahinko" in row and 'data-testid="review"' in row
    assert "Pidä ennallaan" in row and "Peru käsittely" in row
    # Today's board tells the coach there are days to check elsewhere.
    today = text(http.get(f"/units/{people.unit.id}/board"))
    assert 'data-testid="reviews"' in today
    assert "/board?day=2026-11-16" in today and "/board?day=2026-11-17" in today


def test_holidays_over_confirmed_days_flag_them_too(http, people, evening):
    attend(people, date(2026, 12, 24), end=(14, 0))  # Christmas Eve is a Thursday in 2026
    with time_machine.travel(date(2026, 12, 28), tick=False):
        day = db.session.scalar(db.select(ActivityDay))
        decisions.confirm(day, people.coach)
        db.session.commit()
        login(http, people.manager)
        response = post(http, f"/units/{people.unit.id}/holidays", {"year": "2026"})
        assert response.status_code == 302
        assert "1 käsitelty päivä odottaa ohjaajan tarkistusta päivän näkymässä." in text(
            http.get(f"/units/{people.unit.id}"))
    day = db.session.scalar(db.select(ActivityDay))
    assert day.status == Status.CONFIRMED and day.review == "closure"


def test_a_closure_without_decided_days_is_saved_at_once(http, people, evening):
    _confirmed_days(people)
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/closures",
                    {"starts_on": "2026-11-20", "reason": "Koulutuspäivä"})
    assert response.status_code == 302
    assert len(_closures(people.unit)) == 1 and events("activity_day", "closure_review") == []
