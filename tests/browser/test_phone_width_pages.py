"""The check-in issue's staff and client pages on a 360 px phone: the manager's kiosk list and
kiosk page, the coach's PIN tools on the client page, and the client's "today" page."""
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import MORNING
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Method
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.checkin.models import Kiosk

pytestmark = pytest.mark.browser


@pytest.fixture
def morning():
    with time_machine.travel(MORNING, tick=True):
        yield


def test_a_manager_adds_and_renames_a_kiosk_on_a_phone(phone, people, morning):
    factories.make_kiosk(people.unit, name="Vanha tabletti")
    browser_login(phone, people.manager, home=False)
    phone.goto("/kiosks")
    expect(phone.get_by_text("Vanha tabletti")).to_be_visible()
    assert_no_sideways_scroll(phone)
    phone.goto("/kiosks/new")
    phone.get_by_label("Toimipiste").select_option(label=people.unit.name)
    phone.get_by_label("Kioskin nimi").fill("Aulan tabletti")
    phone.get_by_role("button", name="Lisää ja näytä koodi").click()
    expect(phone.get_by_text("Odotetaan tablettia")).to_be_visible()
    assert_no_sideways_scroll(phone)
    kiosk = db.session.scalar(db.select(Kiosk).where(Kiosk.name == "Aulan tabletti"))
    phone.reload()  # the same code again, no second kiosk
    assert db.session.scalar(db.select(db.func.count()).select_from(Kiosk)) == 2
    phone.get_by_label("Kioskin nimi").fill("Ovitabletti")
    phone.get_by_role("button", name="Tallenna nimi").click()
    expect(phone.get_by_text("Nimi on tallennettu.")).to_be_visible()
    db.session.expire_all()  # the server wrote it in another session
    assert db.session.get(Kiosk, kiosk.id).name == "Ovitabletti"
    assert_no_sideways_scroll(phone)


def test_a_coach_unlocks_a_pin_and_lets_the_client_choose_a_new_one(phone, people, morning):
    client = people.client.client
    factories.enrol_pin(people.client)
    for _ in range(5):
        scans.check_pin(client, "0000")
    db.session.commit()
    browser_login(phone, people.coach, home=False)
    phone.goto(f"/clients/{client.person_id}")
    expect(phone.get_by_text("Lukittu klo")).to_be_visible()
    assert_no_sideways_scroll(phone)
    phone.get_by_role("button", name="Avaa lukitus").click()
    expect(phone.get_by_text("PIN-koodin lukitus on avattu.")).to_be_visible()
    phone.get_by_role("link", name="Vaihda PIN").click()
    expect(phone.get_by_label("Uusi PIN-koodi")).to_be_visible()  # the new page is drawn
    assert_no_sideways_scroll(phone)
    phone.get_by_label("Uusi PIN-koodi").fill("5819")
    phone.get_by_label("Sama PIN-koodi uudelleen").fill("5819")
    phone.get_by_role("button", name="Tallenna PIN-koodi").click()
    expect(phone.get_by_text("Uusi PIN-koodi on tallennettu.")).to_be_visible()
    db.session.expire_all()
    assert scans.check_pin(db.session.get(ClientProfile, client.person_id), "5819").ok


def test_the_client_sees_today_and_answers_lunch_on_a_phone(phone, people, morning):
    _secret, kiosk = factories.make_kiosk(people.unit)
    scans.record_scan(key="today", unit=people.unit, kiosk_id=kiosk.id, method=Method.BADGE,
                      client=people.client.client, scanned_at=MORNING - timedelta(minutes=3))
    browser_login(phone, people.client, home=False)
    phone.goto("/checkin")
    expect(phone.get_by_text("Kirjauduit sisään klo 8.02.")).to_be_visible()
    assert_no_sideways_scroll(phone)
    phone.get_by_role("button", name="Kyllä, syön").click()
    expect(phone.get_by_text("Merkitty: syöt lounaan tänään.")).to_be_visible()
    db.session.expire_all()
    assert db.session.scalar(db.select(ActivityDay.lunch)) is True
