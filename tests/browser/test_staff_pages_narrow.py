"""The coach's newer screens on a 360 px phone: the unit's diary chips, a client's guidance and
the behind list work without sideways scrolling, and a chip added there is offered in the diary."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login
from webapp.diary.models import UnitActivity
from webapp.extensions import db

pytestmark = pytest.mark.browser


def test_a_coach_adds_and_switches_off_a_unit_chip_on_a_phone(phone, people):
    browser_login(phone, people.coach, home=False)
    phone.goto(f"/units/{people.unit.id}/activities")
    assert_no_sideways_scroll(phone)
    phone.locator("#activity-label").fill("Puutyöt")
    phone.get_by_role("button", name="Lisää").click()
    expect(phone.get_by_text("Lisätty: Puutyöt")).to_be_visible()
    phone.get_by_role("button", name=re.compile(r"^Poista käytöstä\W*Puutyöt$")).click()
    expect(phone.get_by_text("Pois käytöstä: Puutyöt")).to_be_visible()
    assert_no_sideways_scroll(phone)
    db.session.expire_all()
    chip = db.session.scalar(db.select(UnitActivity).where(UnitActivity.unit_id == people.unit.id))
    assert (chip.label, chip.active) == ("Puutyöt", False)


def test_guidance_pages_fit_a_phone(phone, people):
    factories.make_guidance(people.client, people.coach, date.today(), 45, note="Tavoitteet")
    browser_login(phone, people.coach, home=False)
    phone.goto(f"/clients/{people.client.id}/guidance")
    expect(phone.get_by_test_id("guidance-session")).to_have_count(1)
    assert_no_sideways_scroll(phone)
    phone.goto("/guidance/behind")
    expect(phone.get_by_test_id("guidance-behind")).to_be_visible()
    assert_no_sideways_scroll(phone)
