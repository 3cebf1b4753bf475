"""A tablet revoked while its offline queue still holds check-ins (issue 14): it cannot send
them any more, and its "not paired" page (1024×768) says how many are waiting, with their times
and the names shown at the scan, so that a coach can write them in."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.a11y import assert_accessible
from tests.browser.test_kiosk_offline import pin_scan
from tests.kiosks.helpers import badge_of, open_all_day_unit, pair_page
from webapp.checkin.models import Scan
from webapp.extensions import db
from webapp.kiosks import device
from webapp.checkin.models import Kiosk
from webapp.lib import clock

pytestmark = pytest.mark.browser


def test_a_revoked_tablet_lists_the_check_ins_it_could_not_send(tablet):
    page = tablet
    unit = open_all_day_unit()
    anna = factories.make_client(unit, first_name="Anna", last_name="Asiakas")
    ville = factories.make_client(unit, first_name="Ville", last_name="Virtanen")
    factories.enrol_pin(anna, "5829")
    kiosk = pair_page(page, unit)
    scanned_at = (clock.now() - timedelta(minutes=30)).replace(second=0, microsecond=0)
    page.clock.set_fixed_time(scanned_at)
    page.goto("/kiosk")

    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_be_visible()
    pin_scan(page, "Anna A.", "5829")
    expect(page.get_by_test_id("saved")).to_be_visible()
    page.keyboard.press("Escape")
    page.evaluate("badge => window.LasnaKiosk.submitScan({kind: 'badge', badge: badge})", badge_of(ville))
    expect(page.get_by_test_id("saved")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("waiting")).to_have_text("2 odottaa lähetystä")
    queue = page.evaluate("() => JSON.parse(localStorage.getItem('lasna.kiosk.queue.v1'))")
    assert [item["name"] for item in queue] == ["Anna A.", "Ville V."]  # the badge named offline

    device.revoke(db.session.get(Kiosk, kiosk.id), factories.make_manager())
    db.session.commit()
    page.context.set_offline(False)
    expect(page.get_by_test_id("not-paired")).to_be_visible(timeout=10_000)

    unsent = page.get_by_test_id("unsent")
    expect(unsent).to_be_visible()
    expect(unsent.get_by_role("heading")).to_have_text("Tabletilla on 2 lähettämätöntä kirjausta")
    items = unsent.get_by_test_id("unsent-item")
    expect(items).to_have_count(2)
    shown = clock.to_local(scanned_at).strftime("%-H.%M")
    expect(items.nth(0)).to_contain_text(shown)
    expect(items.nth(0)).to_contain_text("Anna A. (PIN-koodilla)")
    expect(items.nth(1)).to_contain_text("Ville V. (kortilla)")
    expect(unsent).to_contain_text("Ohjaaja voi kirjata päivät käsin päivänäkymässä.")
    box = unsent.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1024 and box["y"] + box["height"] <= 768  # no scrolling
    assert_accessible(page, "the not-paired page with unsent check-ins")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Scan)) == 0
    assert len(page.evaluate("() => JSON.parse(localStorage.getItem('lasna.kiosk.queue.v1'))")) == 2


def test_a_tablet_with_nothing_waiting_shows_no_list(tablet):
    page = tablet
    page.goto("/kiosk")
    expect(page.get_by_test_id("not-paired")).to_be_visible()
    expect(page.get_by_test_id("unsent")).to_be_hidden()
