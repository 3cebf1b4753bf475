"""The kiosk's camera reads a badge: Chromium's fake camera plays a video of the client's badge QR
(written here as Y4M), the page decodes it with jsQR, checks the client in and asks about lunch."""
from pathlib import Path

import pytest
import qrcode
from PIL import Image
from playwright.sync_api import expect

from tests import factories
from tests.conftest import TABLET, new_context
from tests.kiosks.helpers import open_all_day_unit, pair_page
from webapp.checkin.models import ActivityDay, Scan
from webapp.enrolment.badge import badge_payload
from webapp.extensions import db

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 640, 480


def write_y4m(path: Path, payload: str | None) -> Path:
    """One grey frame (Chromium loops it): the QR of payload on white, or white only."""
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    if payload is not None:
        code = qrcode.QRCode(box_size=8, border=4)
        code.add_data(payload)
        image = code.make_image().get_image().convert("L")
        frame.paste(image, ((WIDTH - image.width) // 2, (HEIGHT - image.height) // 2))
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F30:1 Ip A1:1 C420jpeg\n".encode())
        video.write(b"FRAME\n")
        video.write(frame.tobytes())
        video.write(bytes([128]) * (WIDTH // 2 * HEIGHT // 2 * 2))
    return path


@pytest.fixture
def camera_tablet(playwright, browser_type_launch_args, live_server, tmp_path):
    """Opens a tablet page in a Chromium of its own whose camera shows the given video."""
    browsers = []

    def open_tablet(video: Path):
        args = browser_type_launch_args["args"] + [
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"]
        browser = playwright.chromium.launch(**{**browser_type_launch_args, "args": args})
        browsers.append(browser)
        context = new_context(browser, live_server.url, **TABLET)
        context.set_default_timeout(10_000)
        return context.new_page()

    yield open_tablet
    for browser in browsers:
        browser.close()


def test_the_camera_checks_a_badge_in_and_the_lunch_answer_is_stored(camera_tablet, tmp_path):
    unit = open_all_day_unit()
    anna = factories.make_client(unit, first_name="Anna", last_name="Asiakas")
    page = camera_tablet(write_y4m(tmp_path / "badge.y4m", badge_payload(anna.client)))
    pair_page(page, unit)
    page.goto("/kiosk")

    result = page.get_by_test_id("result")
    expect(result).to_contain_text("Tervetuloa, Anna!")
    expect(result).to_contain_text("Syötkö lounaan tänään?")
    expect(page.get_by_test_id("arrivals")).to_contain_text("Anna A.")
    page.get_by_role("button", name="Kyllä", exact=True).click()
    expect(page.get_by_test_id("result")).to_contain_text("Lounas on merkitty.")

    db.session.expire_all()
    day = db.session.scalar(db.select(ActivityDay))
    assert (day.client_id, day.check_in_method, day.lunch) == (anna.id, "badge", True)
    # The card stayed in front of the camera the whole time: still one scan.
    assert db.session.scalar(db.select(db.func.count()).select_from(Scan)) == 1
    # The screen returns to the idle view by itself.
    expect(page.locator("#panel")).to_be_hidden(timeout=8_000)


def test_a_blank_video_checks_nobody_in(camera_tablet, tmp_path):
    unit = open_all_day_unit()
    factories.make_client(unit, first_name="Anna", last_name="Asiakas")
    page = camera_tablet(write_y4m(tmp_path / "blank.y4m", None))
    pair_page(page, unit)
    page.goto("/kiosk")
    expect(page.locator("#kiosk")).to_have_attribute("data-camera", "running")
    page.wait_for_function("() => Number(document.getElementById('kiosk').dataset.scanFrames || 0) >= 12")
    expect(page.locator("#panel")).to_be_hidden()
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Scan)) == 0
    assert page.get_by_test_id("arrivals").get_by_text("Kukaan ei ole vielä kirjautunut tänään.").is_visible()
