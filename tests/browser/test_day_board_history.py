"""The day board on a tablet: a row's history tells in words what a kiosk scan did to a decided
day (it used to show the scan's UUID as the reason)."""
import uuid
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import browser_login
from tests.moments import HEL
from webapp.approvals import decisions
from webapp.checkin import scans
from webapp.checkin.models import Method
from webapp.extensions import db

pytestmark = pytest.mark.browser
WEDNESDAY = datetime(2026, 11, 18, tzinfo=HEL).date()


def test_the_history_says_what_the_scan_did(tablet, people):
    key = str(uuid.uuid4())
    factories.make_period(people.client.client, people.unit, starts_on=WEDNESDAY.replace(day=1))
    with time_machine.travel(datetime(2026, 11, 18, 7, 30, tzinfo=HEL), tick=False):
        decisions.record_absence(people.client.client, people.unit, WEDNESDAY, "own_illness", people.coach)
        db.session.commit()
    with time_machine.travel(datetime(2026, 11, 18, 12, 5, tzinfo=HEL), tick=False):
        scans.record_scan(key=key, unit=people.unit, method=Method.BADGE, client=people.client.client)
    with time_machine.travel(datetime(2026, 11, 18, 12, 20, tzinfo=HEL), tick=True):
        browser_login(tablet, people.coach, home=False)
        tablet.goto(f"/units/{people.unit.id}/board")
        history = tablet.get_by_test_id("history")
        history.locator("summary").click()
        story = history.get_by_test_id("scan-story")
        expect(story).to_have_text("Kirjautuminen kortilla klo 12.05: asiakas tuli paikalle, vaikka päivälle oli "
                                   "kirjattu poissaolo. Tämä avasi käsitellyn päivän uudelleen.")
        expect(history).not_to_contain_text(key)
        expect(history).not_to_contain_text("Leimaus:")
