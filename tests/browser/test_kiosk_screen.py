"""The kiosk screen on a landscape tablet (1024×768): clock, unit, a readable code, arrivals; a phone
check-in is greeted within 2 seconds; name + PIN work without a camera; a revoked tablet reloads
itself into "not paired"."""
import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect
from pyzbar.pyzbar import decode

from tests import factories
from tests.a11y import watch_console
from tests.conftest import assert_no_sideways_scroll
from tests.kiosks.helpers import open_all_day_unit, pair_page
from webapp.checkin import codes, scans
from webapp.checkin.models import ActivityDay, Method, Scan
from webapp.extensions import db
from webapp.kiosks import device
from webapp.lib import clock

pytestmark = pytest.mark.browser


def read_qr(locator) -> str:
    found = decode(Image.open(io.BytesIO(locator.screenshot())))
    assert found, "the kiosk's code could not be read"
    return found[0].data.decode()


def test_the_screen_fits_a_landscape_tablet_and_its_code_reads(tablet, live_server):
    page = tablet
    unit = open_all_day_unit()
    anna = factories.make_client(unit, first_name="Anna", last_name="Asiakas")
    kiosk = pair_page(page, unit)
    scans.record_scan(key="earlier", unit=unit, method=Method.BADGE, client=anna.client, kiosk_id=kiosk.id)
    problems = watch_console(page)
    page.goto("/kiosk")

    expect(page.get_by_test_id("unit-name")).to_have_text("Kiertokulku")
    expect(page.locator("[data-clock]")).to_have_text(re.compile(r"^[0-9]{1,2}\.[0-9]{2}$"))
    shown = page.locator("[data-clock]").text_content()
    assert shown in {(clock.local_now() + timedelta(seconds=s)).strftime("%-H.%M") for s in (-60, 0)}
    expect(page.get_by_test_id("arrivals")).to_contain_text("Anna A.")
    expect(page.get_by_text("Valitse nimesi ja näppäile PIN")).to_be_visible()
    code = page.get_by_test_id("kiosk-code").locator("svg")
    box = code.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 300
    url = read_qr(code)
    assert url.startswith(live_server.url + "/k/")
    assert codes.read_code(url.rsplit("/", 1)[1]) == kiosk.id
    # Everything is on one screen: nothing below the fold, nothing sideways.
    for part in ("unit-name", "kiosk-code", "arrivals"):
        part_box = page.get_by_test_id(part).bounding_box()
        assert part_box["y"] >= 0 and part_box["y"] + part_box["height"] <= 768, part
    assert page.get_by_role("button", name="Valitse nimesi ja näppäile PIN").bounding_box()["y"] + 72 <= 768
    assert_no_sideways_scroll(page)
    # This tablet has no camera: the screen says so, and the other ways still work.
    expect(page.get_by_text("Kamera ei ole käytössä.")).to_be_visible()
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p]


def test_a_phone_check_in_is_greeted_within_two_seconds(tablet):
    page = tablet
    unit = open_all_day_unit()
    ville = factories.make_client(unit, first_name="Ville", last_name="Virtanen", preferred_name="Vili")
    kiosk = pair_page(page, unit)
    page.goto("/kiosk")
    expect(page.get_by_test_id("arrivals")).to_contain_text("Kukaan ei ole vielä kirjautunut tänään.")
    page.wait_for_timeout(300)  # let the first poll of the page go out with nothing to say
    scans.record_scan(key="phone-1", unit=unit, method=Method.PHONE, client=ville.client, kiosk_id=kiosk.id)
    expect(page.get_by_test_id("greeting")).to_have_text("Tervetuloa, Vili!", timeout=2_000)
    expect(page.get_by_test_id("arrivals")).to_contain_text("Vili V.")
    expect(page.get_by_test_id("greeting")).to_be_hidden(timeout=12_000)  # after a few seconds


def test_name_and_pin_check_in_then_out_with_the_leaving_question(tablet):
    page = tablet
    unit = open_all_day_unit()
    anna = factories.make_client(unit, first_name="Anna", last_name="Asiakas", period=False)
    factories.make_period(anna.client, unit, weekdays=(clock.today().weekday(),))  # expected today, whatever day it is
    factories.enrol_pin(anna, "5829")
    pair_page(page, unit)
    page.goto("/kiosk")
    page.get_by_role("button", name="Valitse nimesi ja näppäile PIN").click()
    expect(page.get_by_test_id("names")).to_contain_text("Tänään odotetaan")
    page.get_by_role("button", name="Anna A.").click()
    pad = page.get_by_test_id("pinpad")
    for digit in "5821":
        pad.get_by_role("button", name=digit, exact=True).click()
    expect(page.get_by_test_id("result")).to_contain_text("PIN-koodi ei ollut oikein")
    expect(page.get_by_test_id("result")).to_contain_text("Voit yrittää vielä 4 kertaa.")
    page.get_by_role("button", name="Yritä uudelleen").click()
    for digit in "5829":
        page.get_by_test_id("pinpad").get_by_role("button", name=digit, exact=True).click()
    expect(page.get_by_test_id("result")).to_contain_text("Tervetuloa, Anna!")
    page.get_by_role("button", name="Ei", exact=True).click()
    expect(page.get_by_test_id("result")).to_contain_text("et syö lounasta tänään")

    # Later the same day (made earlier here, so the next scan is not a duplicate) she leaves.
    db.session.expire_all()
    day = db.session.scalar(db.select(ActivityDay))
    day.check_in_at = clock.now().replace(microsecond=0) - timedelta(hours=3)
    for scan in db.session.scalars(db.select(Scan)):
        scan.scanned_at -= timedelta(hours=3)
    db.session.commit()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Valitse nimesi ja näppäile PIN").click()
    page.get_by_role("button", name="Anna A.").click()
    for digit in "5829":
        page.get_by_test_id("pinpad").get_by_role("button", name=digit, exact=True).click()
    expect(page.get_by_test_id("result")).to_contain_text("Lähdetkö nyt?")
    page.get_by_role("button", name="Kyllä, lähden").click()
    expect(page.get_by_test_id("result")).to_contain_text("Hei hei, Anna!")
    expect(page.get_by_test_id("result")).to_contain_text("yhteensä 3 t 0 min")
    expect(page.get_by_test_id("result")).to_contain_text("ohjaaja katsoo sen")
    db.session.expire_all()
    assert db.session.scalar(db.select(ActivityDay.check_out_method)) == "pin"


def test_a_revoked_tablet_reloads_itself_into_not_paired(tablet):
    page = tablet
    unit = open_all_day_unit()
    kiosk = pair_page(page, unit)
    page.goto("/kiosk")
    expect(page.get_by_test_id("unit-name")).to_be_visible()
    device.revoke(db.session.get(type(kiosk), kiosk.id), factories.make_manager())
    db.session.commit()
    expect(page.get_by_test_id("not-paired")).to_be_visible(timeout=5_000)
    assert page.url.endswith("/kiosk")
