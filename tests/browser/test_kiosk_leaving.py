"""Leaving at the door tablet (1024×768): "No, I'm staying" is sent and kept, a scan within 2
minutes of it is a kind duplicate, and scans after that ask "Leaving now?" again instead of
chaining into "already checked in" (issue 14: a client could not check out in the evening)."""
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.browser.test_kiosk_offline import pin_scan
from tests.kiosks.helpers import open_all_day_unit, pair_page
from tests.moments import MORNING
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Method, Scan
from webapp.extensions import db

pytestmark = pytest.mark.browser

EVENING = MORNING.replace(hour=21, minute=5, second=30)


def latest_scan() -> Scan:
    db.session.expire_all()
    return db.session.scalar(db.select(Scan).order_by(Scan.id.desc()).limit(1))


def test_after_staying_the_client_can_still_check_out(tablet):
    page = tablet
    unit = open_all_day_unit()
    anna = factories.make_client(unit, first_name="Anna", last_name="Asiakas")
    factories.enrol_pin(anna, "5829")
    kiosk = pair_page(page, unit)
    result = page.get_by_test_id("result")
    with time_machine.travel(EVENING, tick=True) as traveller:
        scans.record_scan(key="morning", unit=unit, method=Method.PIN, client=anna.client, kiosk_id=kiosk.id,
                          scanned_at=MORNING)
        page.goto("/kiosk")

        pin_scan(page, "Anna A.", "5829")
        expect(result).to_contain_text("Lähdetkö nyt?")
        page.get_by_role("button", name="En, jään vielä").click()
        expect(result).to_contain_text("Selvä, Anna!")
        assert latest_scan().stayed_at is not None
        page.keyboard.press("Escape")

        traveller.shift(timedelta(seconds=60))  # a minute after "staying": a kind duplicate
        pin_scan(page, "Anna A.", "5829")
        expect(result).to_contain_text("Olet jo kirjautunut, Anna.")
        page.keyboard.press("Escape")

        traveller.shift(timedelta(seconds=70))  # 2 min 10 s after "staying", 70 s after the duplicate
        pin_scan(page, "Anna A.", "5829")
        expect(result).to_contain_text("Lähdetkö nyt?")
        page.keyboard.press("Escape")  # walked off without answering...

        traveller.shift(timedelta(seconds=20))
        pin_scan(page, "Anna A.", "5829")  # ...and is asked again
        expect(result).to_contain_text("Lähdetkö nyt?")
        page.get_by_role("button", name="Kyllä, lähden").click()
        expect(result).to_contain_text("Hei hei, Anna!")
    db.session.expire_all()
    day = db.session.scalar(db.select(ActivityDay))
    assert day.check_out_at is not None and day.check_out_at > EVENING + timedelta(seconds=150)
    assert [s.outcome for s in db.session.scalars(db.select(Scan).order_by(Scan.id))] == [
        "checked_in", "asked_leave", "duplicate", "asked_leave", "checked_out"]
