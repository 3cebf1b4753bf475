"""Checking in with the phone, as a client does: the kiosk's QR is read from pixels (zbar, or the
app's own scanner with jsQR), never from the HTML."""
import base64
import io
import json
from datetime import timedelta

import pytest
import qrcode
import time_machine
from PIL import Image
from playwright.sync_api import expect
from pyzbar.pyzbar import decode

from tests import factories
from tests.a11y import watch_console
from tests.conftest import PHONE, TABLET, assert_no_sideways_scroll, browser_login, new_context
from tests.moments import DURING_THE_DAY
from webapp.checkin import codes
from webapp.checkin.models import ActivityDay, Method, Scan
from webapp.extensions import db
from webapp.lib import clock

pytestmark = pytest.mark.browser


def qr_png(data: str) -> str:
    """A QR image as a data: URL, for the fake camera."""
    image = qrcode.make(data, border=4, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def read_qr(locator) -> str:
    """What a phone camera would read: a screenshot of the QR element, decoded by zbar."""
    found = decode(Image.open(io.BytesIO(locator.screenshot())))
    assert found, "the QR on the screen could not be read"
    return found[0].data.decode()


def fake_camera(page, image_url: str | None):
    """Replace the phone's camera with a video of image_url on white (None: permission denied)."""
    page.add_init_script("""(() => {
      const source = SOURCE;
      navigator.mediaDevices.getUserMedia = async () => {
        if (!source) { throw new DOMException("denied", "NotAllowedError"); }
        const canvas = document.createElement("canvas");
        canvas.width = 640; canvas.height = 480;
        const context = canvas.getContext("2d");
        const image = new Image();
        image.src = source;
        await image.decode();
        const draw = () => {
          context.fillStyle = "#fff"; context.fillRect(0, 0, 640, 480);
          context.drawImage(image, 170, 90, 300, 300);
        };
        draw();
        setInterval(draw, 100);
        return canvas.captureStream(10);
      };
    })();""".replace("SOURCE", json.dumps(image_url)))


def another_code(page, kiosk, first: str) -> str:
    """A valid code of kiosk other than first, without racing the 30-second windows."""
    if codes.seconds_left() < 3:
        page.wait_for_timeout(3500)  # let the window turn: the screen's code is then a new one
    code = codes.make_code(kiosk.id)
    if code == first:  # the same window still: the previous window's code is valid for 3+ s
        code = codes.make_code(kiosk.id, clock.now() - timedelta(seconds=codes.WINDOW_SECONDS))
    return code


def today_of(person) -> ActivityDay | None:
    db.session.expire_all()
    return db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == person.id))


def test_the_scanner_page_fits_320_px_without_errors(phone, people):
    problems = watch_console(phone)
    browser_login(phone, people.client)
    phone.set_viewport_size({"width": 320, "height": 640})
    phone.get_by_role("link", name="Skannaa kioskin koodi").click()
    expect(phone.get_by_role("heading", name="Skannaa kioskin koodi")).to_be_visible()
    expect(phone.get_by_role("button", name="Avaa kamera")).to_be_visible()
    phone.wait_for_load_state("networkidle")
    assert_no_sideways_scroll(phone)
    assert phone.evaluate("typeof window.jsQR") == "function"
    box = phone.get_by_role("button", name="Avaa kamera").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 280
    assert problems == []


def test_the_in_app_scanner_checks_in_then_lunch_and_mood_are_one_tap(phone, people, live_server):
    _, kiosk = factories.make_kiosk(people.unit)
    problems = watch_console(phone)
    fake_camera(phone, qr_png(f"{live_server.url}/k/{codes.make_code(kiosk.id)}"))
    browser_login(phone, people.client, home=False)
    phone.goto("/me/scan")
    phone.get_by_role("button", name="Avaa kamera").click()
    phone.wait_for_url("**/checkin/scans/*")
    expect(phone.get_by_role("heading", name="Tervetuloa, Anna!")).to_be_visible()
    assert_no_sideways_scroll(phone)
    day = today_of(people.client)
    assert day is not None and day.check_in_method == Method.PHONE

    phone.get_by_role("button", name="Kyllä, syön").click()
    expect(phone.get_by_text("Merkitty: syöt lounaan tänään.")).to_be_visible()
    expect(phone.get_by_role("button", name="Kyllä, syön")).to_have_attribute("aria-pressed", "true")
    assert today_of(people.client).lunch is True
    phone.get_by_role("button", name="Hyvä", exact=True).click()
    expect(phone.get_by_text("Merkitty: Hyvä.")).to_be_visible()
    assert today_of(people.client).mood == 4
    assert phone.url.endswith(f"/checkin/scans/{phone.url.rsplit('/', 1)[1]}")  # swapped in place
    for button in phone.locator(".checkin-choice").all():
        assert button.bounding_box()["height"] >= 44
    assert_no_sideways_scroll(phone)
    assert problems == []


@pytest.mark.parametrize("data", ["https://example.com/k/abc.def.ghi", "lasna:badge:abcdef", "/k/relative"])
def test_the_scanner_says_kindly_when_a_code_is_not_the_kiosks(phone, people, live_server, data):
    fake_camera(phone, qr_png(data))
    browser_login(phone, people.client, home=False)
    phone.goto("/me/scan")
    phone.get_by_role("button", name="Avaa kamera").click()
    expect(phone.locator("#scan-status")).to_contain_text("Tämä ei ole kioskin koodi")
    assert phone.url.endswith("/me/scan")
    assert today_of(people.client) is None


def test_the_scanner_explains_when_the_camera_is_not_allowed(phone, people):
    fake_camera(phone, None)
    browser_login(phone, people.client, home=False)
    phone.goto("/me/scan")
    phone.get_by_role("button", name="Avaa kamera").click()
    expect(phone.get_by_role("heading", name="Kamera ei aukea")).to_be_visible()
    expect(phone.get_by_text("Näytä oma korttisi kioskin kameralle.")).to_be_visible()


def test_a_later_scan_asks_leaving_and_the_phone_shows_the_hours(phone, people, live_server):
    _, kiosk = factories.make_kiosk(people.unit)
    browser_login(phone, people.client, home=False)
    first = codes.make_code(kiosk.id)
    phone.goto(f"/k/{first}")
    expect(phone.get_by_role("heading", name="Tervetuloa, Anna!")).to_be_visible()
    # As if that was three hours ago; now the kiosk shows another code.
    day = today_of(people.client)
    day.check_in_at = day.check_in_at.replace(microsecond=0) - timedelta(hours=3)
    for scan in db.session.scalars(db.select(Scan)):
        scan.scanned_at -= timedelta(hours=3)
    db.session.commit()
    phone.goto(f"/k/{another_code(phone, kiosk, first)}")
    expect(phone.get_by_role("heading", name="Lähdetkö nyt?")).to_be_visible()
    assert_no_sideways_scroll(phone)
    phone.get_by_role("button", name="Kyllä, lähden nyt").click()
    expect(phone.get_by_role("heading", name="Kiitos tästä päivästä!")).to_be_visible()
    expect(phone.get_by_test_id("day-hours")).to_contain_text("Olit paikalla 3 t 0 min")
    expect(phone.get_by_test_id("short-day")).to_contain_text("ohjaajasi katsoo sen")
    assert today_of(people.client).check_out_at is not None


def test_a_phone_that_is_not_connected_is_told_how_to_connect(phone, people):
    _, kiosk = factories.make_kiosk(people.unit)
    response = phone.goto(f"/k/{codes.make_code(kiosk.id)}")
    assert response.status == 403
    expect(phone.get_by_role("heading", name="Tätä puhelinta ei ole yhdistetty Läsnään")).to_be_visible()
    assert_no_sideways_scroll(phone)
    assert today_of(people.client) is None


def test_the_phone_scans_the_kiosk_and_the_kiosk_greets_within_2_seconds(browser, live_server, people):
    """Two devices: the paired door tablet shows its code; Anna's enrolled phone reads it."""
    with time_machine.travel(DURING_THE_DAY, tick=True):  # the unit is open: the screen polls fast
        secret, kiosk = factories.make_kiosk(people.unit)
        tablet_context = new_context(browser, live_server.url, **TABLET)
        phone_context = new_context(browser, live_server.url, **PHONE)
        try:
            tablet_context.add_cookies([{"name": "lasna_kiosk", "value": secret, "domain": "127.0.0.1",
                                         "path": "/kiosk"}])
            tablet = tablet_context.new_page()
            tablet.goto("/kiosk")
            code = tablet.locator("[data-testid=kiosk-code]")
            expect(code).to_be_visible()

            phone = phone_context.new_page()
            browser_login(phone, people.client, home=False)
            url = read_qr(code)
            assert url.startswith(f"{live_server.url}/k/")

            expect(tablet.get_by_test_id("greeting")).to_have_count(0)  # nobody greeted before the scan
            phone.goto(url)
            expect(phone.get_by_role("heading", name="Tervetuloa, Anna!")).to_be_visible()
            expect(tablet.get_by_test_id("greeting")).to_contain_text("Tervetuloa, Anna", timeout=2000)
            assert_no_sideways_scroll(phone)

            phone.get_by_role("button", name="Kyllä, syön").click()
            expect(phone.get_by_text("Merkitty: syöt lounaan tänään.")).to_be_visible()
            day = today_of(people.client)
            assert day.lunch is True and day.check_in_method == Method.PHONE
            assert db.session.scalar(db.select(Scan.kiosk_id)) == kiosk.id
            expect(tablet.get_by_test_id("arrivals")).to_contain_text("Anna A.")
        finally:
            phone_context.close()
            tablet_context.close()
