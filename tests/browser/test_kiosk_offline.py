"""The kiosk without the network: PIN scans are kept on the tablet (sealed, never the PIN itself),
a reload still shows the screen, and when the network returns they are sent with their own time."""
from datetime import datetime, time, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.kiosks.helpers import open_all_day_unit, pair_page
from webapp.checkin.models import ActivityDay, Scan
from webapp.extensions import db
from webapp.lib import clock

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def late_morning():
    """Today at 11.00, ticking: the scans 25 minutes back are today's whenever the suite runs
    (just after midnight they were yesterday's, and today's arrivals had none)."""
    with time_machine.travel(datetime.combine(clock.today(), time(11), clock.HELSINKI), tick=True):
        yield

PEOPLE = [("Anna", "Asiakas", "5829"), ("Ville", "Virtanen", "6173"), ("Olga", "Ojala", "3948")]


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def pin_scan(page, name: str, pin: str):
    page.get_by_role("button", name="Valitse nimesi ja näppäile PIN").click()
    page.get_by_test_id("names").get_by_role("button", name=name).click()
    for digit in pin:
        page.get_by_test_id("pinpad").get_by_role("button", name=digit, exact=True).click()


def test_offline_pin_scans_are_queued_sealed_and_sent_later_with_their_own_time(tablet):
    page = tablet
    unit = open_all_day_unit()
    clients = []
    for first, last, pin in PEOPLE:
        person = factories.make_client(unit, first_name=first, last_name=last)
        factories.enrol_pin(person, pin)
        clients.append(person)
    pair_page(page, unit)
    # The tablet's clock says the scans happen 25 minutes before the network returns.
    scanned_at = (clock.now() - timedelta(minutes=25)).replace(microsecond=0)
    page.clock.set_fixed_time(scanned_at)
    page.goto("/kiosk")
    # The service worker has kept the screen and its scripts for a reload without the network.
    expect(page.locator("#kiosk")).to_have_attribute("data-offline-ready", "yes")

    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_be_visible()
    for first, last, pin in PEOPLE:
        pin_scan(page, f"{first} {last[0]}.", pin)
        expect(page.get_by_test_id("saved")).to_contain_text("Tallennettu – lähetetään, kun verkko palaa")
        page.keyboard.press("Escape")
        expect(page.locator("#panel")).to_be_hidden()
    expect(page.get_by_test_id("waiting")).to_have_text("3 odottaa lähetystä")
    assert count(Scan) == 0

    # Only sealed boxes on the tablet: no PIN in plain text in localStorage, no IndexedDB at all.
    stored = page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")
    queue = page.evaluate("() => JSON.parse(localStorage.getItem('lasna.kiosk.queue.v1'))")
    assert len(queue) == 3
    for item, person, (_, _, pin) in zip(queue, clients, PEOPLE):
        assert set(item) == {"key", "kind", "at", "client", "sealed", "name"}
        assert item["kind"] == "pin" and int(item["client"]) == person.id
        assert item["name"] == f"{person.first_name} {person.last_name[0]}."  # for a coach, if never sent
        assert f'"{pin}"' not in stored and f":{pin}" not in stored
    assert '"pin"' not in stored
    assert page.evaluate("async () => indexedDB.databases ? (await indexedDB.databases()).length : 0") == 0

    # A reload without the network still shows the screen, and the queue is still there.
    page.reload()
    expect(page.get_by_test_id("unit-name")).to_have_text("Kiertokulku")
    expect(page.get_by_test_id("waiting")).to_have_text("3 odottaa lähetystä")
    expect(page.get_by_test_id("offline")).to_be_visible()

    page.context.set_offline(False)
    expect(page.get_by_test_id("waiting")).to_be_hidden(timeout=15_000)
    expect(page.get_by_test_id("arrivals")).to_contain_text("Olga O.")
    assert page.evaluate("() => JSON.parse(localStorage.getItem('lasna.kiosk.queue.v1'))") == []
    assert count(ActivityDay) == 3 and count(Scan) == 3
    days = db.session.scalars(db.select(ActivityDay)).all()
    assert {d.client_id for d in days} == {p.id for p in clients}
    assert all(d.check_in_at == scanned_at and d.check_in_method == "pin" for d in days)
    scans = db.session.scalars(db.select(Scan)).all()
    assert all(s.outcome == "checked_in" and s.scanned_at == scanned_at and s.queued for s in scans)
