"""The kiosk outside opening hours (1024×768, issue 14): the screen polls every 45 s, so a phone
check-in is greeted on the next poll and shown its full 8 seconds even as the polls speed up;
after any activity the screen polls fast, so a revocation shows within seconds. The tablet's
timers run on Playwright's clock; the app's time is frozen at 16.30 on a Wednesday (the unit
closes at 15), ticking."""
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.kiosks.helpers import pair_page
from tests.moments import AFTER_CLOSING
from webapp.checkin import scans
from webapp.checkin.models import Method
from webapp.extensions import db
from webapp.kiosks import device
from webapp.checkin.models import Kiosk

pytestmark = pytest.mark.browser


@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=True) as traveller:
        yield traveller


def polls_every(page, interval: str):
    expect(page.locator("#live")).to_have_attribute("hx-trigger", f"every {interval}")


def revoke(kiosk):
    device.revoke(db.session.get(Kiosk, kiosk.id), factories.make_manager())
    db.session.commit()


def test_a_phone_check_in_at_night_is_greeted_and_the_screen_wakes_up(tablet, evening):
    page = tablet
    unit = factories.make_unit("Kiertokulku")  # Monday to Friday 8–15
    anna = factories.make_client(unit, first_name="Anna", last_name="Asiakas")
    kiosk = pair_page(page, unit)
    page.clock.install(time=AFTER_CLOSING)
    page.goto("/kiosk")
    polls_every(page, "45s")

    scans.record_scan(key="phone-1", unit=unit, method=Method.PHONE, client=anna.client, kiosk_id=kiosk.id)
    evening.shift(timedelta(seconds=20))  # the screen's next poll comes later than 8 seconds
    page.clock.run_for(45_000)
    greeting = page.get_by_test_id("greeting")
    expect(greeting).to_have_text("Tervetuloa, Anna!")
    expect(page.get_by_test_id("arrivals")).to_contain_text("Anna A.")
    polls_every(page, "1500ms")  # someone came: fast for a few minutes

    version = page.locator("#live").get_attribute("data-version")
    evening.shift(timedelta(seconds=2))
    page.clock.run_for(2_000)  # a fast poll replaces the live part...
    expect(page.locator("#live")).not_to_have_attribute("data-version", version)
    expect(greeting).to_have_text("Tervetuloa, Anna!")  # ...and the greeting stays its 8 seconds
    page.clock.run_for(6_500)
    expect(greeting).to_be_hidden()

    revoke(kiosk)
    page.clock.run_for(2_000)
    expect(page.get_by_test_id("not-paired")).to_be_visible()


def test_a_touch_on_a_quiet_screen_wakes_it(tablet, evening):
    page = tablet
    unit = factories.make_unit("Kiertokulku")
    kiosk = pair_page(page, unit)
    page.clock.install(time=AFTER_CLOSING)
    page.goto("/kiosk")
    polls_every(page, "45s")
    page.get_by_role("button", name="Valitse nimesi ja näppäile PIN").click()
    polls_every(page, "1500ms")  # asked at once, and fast while someone is here
    revoke(kiosk)
    page.clock.run_for(2_000)
    expect(page.get_by_test_id("not-paired")).to_be_visible()
