"""The month close screen (/money/close): managers only; what is missing, close, adjustments."""
from datetime import date, datetime

import pytest
import time_machine

from tests.http import login, post, text
from tests.money.test_close import DECEMBER, NOVEMBER, anna, fill_november  # noqa: F401
from tests.money.test_compensation import day_record
from tests.moments import HEL
from webapp.approvals import decisions
from webapp.checkin.models import ActivityDay
from webapp.extensions import db
from webapp.money import close


@pytest.fixture
def december():
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("persona", ["coach", "other_coach", "kitchen", "client"])
def test_only_a_manager_may_close_a_month(http, people, anna, december, persona):  # noqa: F811
    fill_november(people, anna)
    login(http, getattr(people, persona))
    url = f"/money/close?unit={people.unit.id}&month=2026-11"
    assert http.get(url).status_code == 403
    assert post(http, url, {}).status_code == 403
    assert close.closed(people.unit.id, NOVEMBER) is None


def test_the_manager_sees_what_is_missing_then_closes(http, people, anna, december):  # noqa: F811
    fill_november(people, anna, until=date(2026, 11, 26))
    login(http, people.manager)
    url = f"/money/close?unit={people.unit.id}&month=2026-11"
    page = text(http.get(url))
    assert "Asiakas, Anna, 30.11.2026: suunniteltu päivä ilman merkintää." in page
    assert post(http, url, {}).status_code == 409
    day_record(anna, people.unit, date(2026, 11, 30))
    db.session.commit()
    response = post(http, url, {})
    assert response.status_code == 303
    assert "Suljettu" in text(http.get(url)) and close.closed(people.unit.id, NOVEMBER) is not None


def test_a_later_correction_shows_as_a_pending_adjustment_for_the_next_month(http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    day = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == date(2026, 11, 5)))
    decisions.correct_closed_day(day, people.manager, counted=False, reason="Jälkikäteen")
    db.session.commit()
    login(http, people.manager)
    page = text(http.get(f"/money/close?unit={people.unit.id}&month=2026-12"))
    section = page[page.index('data-testid="adjustments"'):]
    assert "5.11.2026" in section and "-1" in section and "-9,00" in section


@pytest.mark.parametrize("query", ["unit=abc", "unit=99999999999", "month=2026-13"])
def test_bad_parameters_are_404(http, people, query):
    login(http, people.manager)
    assert http.get(f"/money/close?{query}").status_code == 404


def test_a_coach_corrects_a_closed_months_day_from_the_board_and_it_becomes_an_adjustment(http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    day = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == date(2026, 11, 5)))
    login(http, people.coach)
    board = text(http.get(f"/units/{people.unit.id}/board?day=2026-11-05"))
    assert f"/days/{day.id}/correct" in board and f"/days/{day.id}/undo" not in board
    assert post(http, f"/days/{day.id}/correct", {"counted": "no"}).status_code == 400  # no reason
    response = post(http, f"/days/{day.id}/correct", {"counted": "no", "reason": "Ei osallistunut"})
    assert response.status_code == 303
    assert close.pending_adjustments(people.unit, DECEMBER) == [
        close.Adjustment(anna.person_id, date(2026, 11, 5), "kela", -1, -900)]
    other = http.application.test_client()
    login(other, people.other_coach)
    assert other.get(f"/days/{day.id}/correct").status_code == 404


def test_a_day_of_an_open_month_is_not_corrected_here(http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    day = db.session.scalar(db.select(ActivityDay).where(ActivityDay.day == date(2026, 11, 5)))
    login(http, people.coach)
    assert http.get(f"/days/{day.id}/correct").status_code == 409
