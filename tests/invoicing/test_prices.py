"""The manager's day prices (/invoicing/prices): list, add, validation, access; both databases."""
from datetime import date, datetime

import pytest
import time_machine

from tests import factories
from tests.http import login, post, text
from tests.moments import HEL
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.invoicing.forms import parse_price
from webapp.money.models import DayPrice

URL = "/invoicing/prices"


@pytest.fixture
def choices(people):
    return factories.make_municipality(), factories.make_municipality("Espoo"), factories.service_type()


def form(helsinki, work, **changes):
    data = {"orderer": str(helsinki.id), "service_type": str(work.id), "valid_from": "2026-11-01", "price": "45,50"}
    data.update(changes)
    return data


def stored():
    return [(p.orderer_id, p.service_type_id, p.valid_from, p.price_cents)
            for p in db.session.scalars(db.select(DayPrice).order_by(DayPrice.valid_from))]


def test_the_manager_adds_a_price_with_a_finnish_comma_and_it_is_audited(http, people, choices):
    helsinki, _espoo, work = choices
    login(http, people.manager)
    response = post(http, URL, form(helsinki, work))
    assert response.status_code == 303 and response.headers["Location"].endswith(URL)
    assert stored() == [(helsinki.id, work.id, date(2026, 11, 1), 4550)]
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "day_price"))
    assert event.action == "create" and event.actor_id == people.manager.id
    page = text(http.get(URL))
    assert "Päivähinta tallennettu: 45,50 € 1.11.2026 alkaen." in page
    assert "Helsinki" in page and "45,50\xa0€" in page and "1.11.2026" in page


def test_a_change_is_a_new_row_and_the_list_shows_until_when_each_was_valid(http, people, choices):
    helsinki, _espoo, work = choices
    login(http, people.manager)
    assert post(http, URL, form(helsinki, work, valid_from="2026-01-01", price="40")).status_code == 303
    assert post(http, URL, form(helsinki, work, valid_from="1.7.2026", price="42.5")).status_code == 303
    assert stored() == [(helsinki.id, work.id, date(2026, 1, 1), 4000), (helsinki.id, work.id, date(2026, 7, 1), 4250)]
    page = text(http.get(URL))
    group = page[page.index(f'data-testid="prices-{helsinki.id}-{work.id}"'):]
    assert group.index("1.7.2026") < group.index("1.1.2026")  # newest first
    assert "30.6.2026" in group  # the older one was valid until the day before the newer one
    assert "42,50\xa0€" in group and "40,00\xa0€" in group


def test_the_same_orderer_type_and_day_twice_is_refused_with_a_message(http, people, choices):
    helsinki, espoo, work = choices
    login(http, people.manager)
    assert post(http, URL, form(helsinki, work)).status_code == 303
    response = post(http, URL, form(helsinki, work, price="99"))
    assert response.status_code == 400
    assert "on jo hinta tästä päivästä alkaen" in text(response)
    assert post(http, URL, form(espoo, work)).status_code == 303  # another orderer: fine
    assert [row[3] for row in stored()] == [4550, 4550]


@pytest.mark.parametrize("changes, message", [
    ({"price": "-5"}, "enintään kaksi desimaalia"),
    ({"price": "12,505"}, "enintään kaksi desimaalia"),
    ({"price": "kaksitoista"}, "enintään kaksi desimaalia"),
    ({"price": ""}, "Anna päivähinta euroina."),
    ({"price": "20000"}, "Hinta on liian suuri"),
    ({"valid_from": ""}, "Anna päivä, josta alkaen hinta on voimassa."),
    ({"valid_from": "2026-02-30"}, "kelvollinen päivämäärä"),
    ({"valid_from": "1850-01-01"}, "vuosien 2000–2099"),
    ({"orderer": ""}, "Valitse tilaaja."),
    ({"orderer": "999999"}, "Virheellinen valinta"),
    ({"orderer": "abc"}, "Virheellinen valinta"),
    ({"service_type": ""}, "Valitse palvelun tyyppi."),
])
def test_bad_input_is_400_with_a_message_and_nothing_saved(http, people, choices, changes, message):
    helsinki, _espoo, work = choices
    login(http, people.manager)
    response = post(http, URL, form(helsinki, work, **changes))
    assert response.status_code == 400
    page = text(response)
    assert "Tarkista merkityt kentät." in page and message in page
    assert stored() == []


def test_an_empty_post_is_400_not_500(http, people, choices):
    login(http, people.manager)
    response = post(http, URL, {})
    assert response.status_code == 400 and "Valitse tilaaja." in text(response)


def test_the_form_is_prefilled_from_a_problem_link(http, people, choices):
    helsinki, _espoo, work = choices
    login(http, people.manager)
    page = text(http.get(f"{URL}?orderer={helsinki.id}&type={work.id}"))
    assert f'<option selected value="{helsinki.id}">Helsinki</option>' in page
    assert http.get(f"{URL}?orderer=abc&type=").status_code == 200  # a bad pre-fill is just ignored


def test_the_price_page_links_the_invoice_basis(http, people, choices):
    login(http, people.manager)
    assert 'href="/invoicing"' in text(http.get(URL))


@pytest.mark.parametrize("persona", ["coach", "other_coach", "client", "kitchen"])
def test_only_a_manager_sees_or_sets_prices(http, people, choices, persona):
    helsinki, _espoo, work = choices
    login(http, getattr(people, persona))
    assert http.get(URL).status_code == 403
    assert post(http, URL, form(helsinki, work)).status_code == 403
    assert post(http, URL, {}).status_code == 403
    assert stored() == []


def test_anonymous_is_sent_to_log_in(http, people, choices):
    helsinki, _espoo, work = choices
    assert http.get(URL).status_code == 302
    assert post(http, URL, form(helsinki, work)).status_code == 302
    assert stored() == []


def test_a_paired_kiosk_is_anonymous_here(http, people, choices):
    from tests.http import as_kiosk
    secret, _kiosk = factories.make_kiosk(people.unit)
    as_kiosk(http, secret)
    assert http.get(URL).status_code == 302


@pytest.mark.parametrize("typed, cents", [("12,50", 1250), ("12.5", 1250), ("0", 0), ("1 200,00 €", 120000),
                                          ("7,05", 705), (" 9 ", 900), ("12,", None), (",5", None),
                                          ("1e3", None), ("-1", None), ("", None)])
def test_prices_are_read_as_people_type_them(typed, cents):
    assert parse_price(typed) == cents


def test_the_list_shows_who_added_each_price_and_when(http, people, choices):
    helsinki, _espoo, work = choices
    db.session.add(DayPrice(orderer_id=helsinki.id, service_type_id=work.id, valid_from=date(2026, 1, 1),
                            price_cents=4000))  # put in without the screen (the demo, an old import)
    db.session.commit()
    with time_machine.travel(datetime(2026, 11, 18, 11, 0, tzinfo=HEL), tick=False):
        login(http, people.manager)
        assert post(http, URL, form(helsinki, work, valid_from="2026-07-01", price="42")).status_code == 303
        page = text(http.get(URL))
    group = page[page.index(f'data-testid="prices-{helsinki.id}-{work.id}"'):]
    assert "Lisännyt" in group
    assert "Marja Johtaja, 18.11.2026 11.00" in group
    assert "ei tiedossa" in group
