"""The month close screen (/money/close): managers only; what is missing, close, adjustments."""
from datetime import date, datetime

import pytest
import time_machine

from tests import factories
from tests.clients.helpers import client_form
from tests.http import login, post, text
from tests.moments import HEL
from tests.money.test_close import DECEMBER, NOVEMBER, anna, fill_december, fill_november  # noqa: F401
from tests.money.test_compensation import day_record
from webapp.approvals import decisions
from webapp.checkin.models import ActivityDay
from webapp.clients.models import PayerAssignment
from webapp.extensions import db
from webapp.money import close
from webapp.money.models import DayPrice, MoneyLine


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


def test_days_without_a_day_price_are_warned_about_but_do_not_block_the_close(http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    login(http, people.manager)
    url = f"/money/close?unit={people.unit.id}&month=2026-11"
    page = text(http.get(url))
    warning = page[page.index('data-testid="unpriced"'):]
    assert ("17 päivää ilman päivähintaa; ne jäädytetään ilman hintaa ja myöhemmin lisätty hinta tulee oikaisuksi."
            in warning[:warning.index("</p>")])
    assert post(http, url, {}).status_code == 303
    assert len(close.frozen_invoice_lines(close.closed(people.unit.id, NOVEMBER))) == 17
    assert 'data-testid="unpriced"' not in text(http.get(url))


def test_no_warning_when_every_day_has_a_price(http, people, anna, december):  # noqa: F811
    db.session.add(DayPrice(orderer_id=factories.make_municipality().id, service_type_id=factories.service_type().id,
                            valid_from=date(2026, 1, 1), price_cents=5000))
    fill_november(people, anna)
    login(http, people.manager)
    assert 'data-testid="unpriced"' not in text(http.get(f"/money/close?unit={people.unit.id}&month=2026-11"))


def test_pending_invoice_adjustments_are_listed_before_the_next_close_and_frozen_after(http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.add(DayPrice(orderer_id=factories.make_municipality().id, service_type_id=factories.service_type().id,
                            valid_from=date(2026, 11, 30), price_cents=5000))  # set after the close, back in time
    db.session.commit()
    login(http, people.manager)
    page = text(http.get(f"/money/close?unit={people.unit.id}&month=2026-12"))
    section = page[page.index('data-testid="invoice-adjustments"'):]
    assert "Asiakas, Anna" in section and "30.11.2026" in section and "Helsinki" in section
    assert "+0" in section and "+50,00" not in section and "50,00\xa0€" in section
    with time_machine.travel(datetime(2027, 1, 5, 12, tzinfo=HEL), tick=False):
        fill_december(people, anna)
        assert post(http, f"/money/close?unit={people.unit.id}&month=2026-12", {}).status_code == 303
        closed_page = text(http.get(f"/money/close?unit={people.unit.id}&month=2026-12"))
    section = closed_page[closed_page.index('data-testid="invoice-adjustments"'):]
    assert "30.11.2026" in section and "50,00\xa0€" in section


def test_days_without_a_payer_keep_the_month_open_until_the_payer_is_fixed(http, people, anna, december):  # noqa: F811
    """The close screen and the compensation page tell of the same days; closing would freeze them
    unpaid, so they keep the month open, each with a link to the client's payer."""
    fill_november(people, anna)
    db.session.execute(db.delete(PayerAssignment).where(PayerAssignment.client_id == anna.person_id))
    db.session.add(PayerAssignment(client_id=anna.person_id, payer="kela", valid_from=date(2026, 11, 16)))
    db.session.commit()
    assert {m.kind for m in close.missing(people.unit, NOVEMBER)} == {"no_payer"}
    login(http, people.manager)
    url = f"/money/close?unit={people.unit.id}&month=2026-11"
    page = text(http.get(url))
    assert "Asiakas, Anna, 2.11.2026: vahvistettu päivä, jolta maksaja puuttuu." in page
    assert f'href="/clients/{anna.person_id}/edit?payer_from=2026-11-02"' in page
    assert post(http, url, {}).status_code == 409
    assert close.closed(people.unit.id, NOVEMBER) is None

    form = client_form(people, first_name="Anna", last_name="Asiakas", preferred_name="", email="anna@example.fi",
                       payer="kela", payer_from="2026-11-02", home_municipality=str(anna.home_municipality_id))
    assert post(http, f"/clients/{anna.person_id}/edit", form).status_code == 302
    assert post(http, url, {}).status_code == 303
    lines = db.session.scalars(db.select(MoneyLine)).all()
    assert len(lines) == 17 and {line.payer for line in lines} == {"kela"}
