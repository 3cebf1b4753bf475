"""The manager's compensation rates (/money/rates): the daily compensation each payer pays, from a
date on, set on a screen instead of in the database. Never edited, audited with who, when and why;
a rate reaching back into a closed month asks first and never changes that month. Both databases,
frozen time (Thursday 10.12.2026: November has ended)."""
from datetime import date, datetime

import pytest
import time_machine

from tests import factories
from tests.http import login, post, text
from tests.moments import HEL
from tests.money.test_close import DECEMBER, NOVEMBER, anna, fill_november  # noqa: F401  (anna is a fixture)
from tests.money.test_compensation import rates
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.money import close, compensation
from webapp.money.models import CompensationRate, MoneyLine
from webapp.money.month import month_view

URL = "/money/rates"


@pytest.fixture
def december():
    with time_machine.travel(datetime(2026, 12, 10, 12, tzinfo=HEL), tick=False) as traveller:
        yield traveller


def form(**changes) -> dict:
    data = {"payer": "kela", "valid_from": "2027-01-01", "amount": "9,50", "reason": "Kelan päätös 1/2027"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def stored() -> list[tuple]:
    return [(r.payer, r.valid_from, r.amount_cents) for r in db.session.scalars(
        db.select(CompensationRate).order_by(CompensationRate.payer, CompensationRate.valid_from))]


def test_the_manager_adds_a_rate_and_the_list_shows_who_added_it_when_and_why(http, people, december):
    rates(("kela", date(2001, 9, 1), 900), ("municipality", date(2001, 9, 1), 900))
    db.session.commit()
    login(http, people.manager)
    response = post(http, URL, form())
    assert response.status_code == 303 and response.headers["Location"].endswith(URL)
    assert stored() == [("kela", date(2001, 9, 1), 900), ("kela", date(2027, 1, 1), 950),
                        ("municipality", date(2001, 9, 1), 900)]
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "compensation_rate"))
    assert (event.action, event.actor_id, event.reason) == ("create", people.manager.id, "Kelan päätös 1/2027")
    assert event.changes["amount_cents"] == [None, 950]
    page = text(http.get(URL))
    assert "Päivän summa tallennettu: Kela (kulukorvaus) 9,50 € 1.1.2027 alkaen." in page
    kela = page[page.index('data-testid="rates-kela"'):page.index('data-testid="rates-municipality"')]
    assert kela.index("1.1.2027") < kela.index("1.9.2001")  # newest first
    assert "31.12.2026" in kela  # the older one is valid until the day before the newer one
    assert "9,50\xa0€" in kela and "9,00\xa0€" in kela
    assert "Marja Johtaja, 10.12.2026 12.00" in kela and "Kelan päätös 1/2027" in kela
    assert "ei tiedossa" in kela  # the rate the installation began with: nobody added it here
    assert "voimassa nyt" in kela[kela.index("1.9.2001") - 200:]  # 9 € is in force until the new year


def test_the_same_payer_and_day_twice_is_refused(http, people, december):
    login(http, people.manager)
    assert post(http, URL, form()).status_code == 303
    response = post(http, URL, form(amount="10"))
    assert response.status_code == 400
    assert "Tälle maksajalle on jo summa tästä päivästä alkaen" in text(response)
    assert post(http, URL, form(payer="municipality")).status_code == 303
    assert [row[2] for row in stored()] == [950, 950]


@pytest.mark.parametrize("changes, message", [
    ({"amount": "-5"}, "enintään kaksi desimaalia"),
    ({"amount": "9,505"}, "enintään kaksi desimaalia"),
    ({"amount": ""}, "Anna päivän summa euroina."),
    ({"amount": "1000"}, "Summa on liian suuri"),
    ({"valid_from": ""}, "Anna päivä, josta alkaen summa on voimassa."),
    ({"valid_from": "2026-02-30"}, "kelvollinen päivämäärä"),
    ({"valid_from": "1850-01-01"}, "vuosien 2000–2099"),
    ({"payer": "none"}, "Virheellinen valinta"),
    ({"payer": ""}, "Virheellinen valinta"),
    ({"reason": ""}, "Kirjoita peruste"),
    ({"reason": "x" * 501}, "Enintään 500 merkkiä"),
])
def test_bad_input_is_400_with_a_message_and_nothing_saved(http, people, december, changes, message):
    login(http, people.manager)
    response = post(http, URL, form(**changes))
    assert response.status_code == 400
    page = text(response)
    assert "Tarkista merkityt kentät." in page and message in page
    assert stored() == []


def test_an_empty_post_is_400_not_500(http, people, december):
    login(http, people.manager)
    assert post(http, URL, {}).status_code == 400


@pytest.mark.parametrize("persona", ["coach", "other_coach", "client", "kitchen"])
def test_only_a_manager_sees_or_sets_rates(http, people, december, persona):
    login(http, getattr(people, persona))
    assert http.get(URL).status_code == 403
    assert post(http, URL, form()).status_code == 403
    assert stored() == []


def test_anonymous_is_sent_to_log_in(http, people, december):
    assert http.get(URL).status_code == 302
    assert post(http, URL, form()).status_code == 302
    assert stored() == []


def test_it_needs_csrf(http, people, december):
    login(http, people.manager)
    assert http.post(URL, data=form()).status_code == 400
    assert stored() == []


# --- A closed month is frozen -----------------------------------------------------------------

def test_a_rate_back_in_a_closed_month_asks_first_and_never_changes_that_month(http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    login(http, people.manager)

    response = post(http, URL, form(valid_from="2026-11-16", amount="10"))  # not confirmed: nothing saved
    assert response.status_code == 400
    page = text(response)
    assert "Päivä osuu suljettuun kuukauteen" in page and "marraskuu 2026 (Kierrätyspaja)" in page
    assert 'name="confirm"' in page
    assert stored() == [("kela", date(2001, 9, 1), 900), ("municipality", date(2001, 9, 1), 900)]

    response = post(http, URL, form(valid_from="2026-11-16", amount="10", confirm="y"))
    assert response.status_code == 303
    assert ("kela", date(2026, 11, 16), 1000) in stored()
    assert "Kela (kulukorvaus) 10,00 € 16.11.2026 alkaen" in text(http.get(URL))
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "compensation_rate"))
    assert "marraskuu 2026" in event.reason  # the audit says it reached into a closed month

    # November stays as it was closed: 17 days at 9 €; the difference waits for December's close.
    assert db.session.scalar(db.select(db.func.sum(MoneyLine.amount_cents))) == 17 * 900
    assert month_view(NOVEMBER).sums() == (17, 17 * 900)
    pending = close.pending_adjustments(people.unit, DECEMBER)
    assert {(a.day, a.days, a.amount_cents) for a in pending} == {
        (date(2026, 11, d), 0, 100) for d in (16, 17, 18, 19, 23, 24, 25, 26, 30)}
    page = text(http.get(f"/money/compensation?month=2026-11&unit={people.unit.id}"))
    assert "153,00\xa0€" in page and "Korjattu myöhemmin: 16.11.2026 +1,00\xa0€, odottaa seuraavaa sulkemista" in page


def test_a_rate_after_the_closed_months_needs_no_confirmation(http, people, anna, december):  # noqa: F811
    fill_november(people, anna)
    close.close_month(people.unit, NOVEMBER, people.manager)
    db.session.commit()
    login(http, people.manager)
    assert post(http, URL, form(valid_from="2026-12-01", amount="10")).status_code == 303
    assert close.pending_adjustments(people.unit, DECEMBER) == []
    assert month_view(NOVEMBER).sums() == (17, 17 * 900)
    assert compensation.lines(date(2026, 12, 1), date(2026, 12, 31)) == []  # no December days yet


def test_the_close_screen_links_a_missing_rate_to_this_screen(http, people, anna, december):  # noqa: F811
    db.session.execute(db.delete(CompensationRate))
    fill_november(people, anna)
    login(http, people.manager)
    page = text(http.get(f"/money/close?unit={people.unit.id}&month=2026-11"))
    assert "maksajalle ei ole päivän summaa" in page and f'href="{URL}"' in page


def test_the_compensation_page_links_the_rates(http, people, december):
    factories.make_municipality()
    login(http, people.manager)
    assert f'href="{URL}"' in text(http.get("/money/compensation?month=2026-11"))
    assert f'href="{URL}"' in text(http.get("/reports"))
