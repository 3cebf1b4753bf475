"""Pairing a door tablet as it is done: the manager adds a kiosk on their own screen, the tablet
opens the URL read from the QR's pixels, taps Yhdistä and becomes the kiosk; the manager's page
notices; the manager revokes it and the tablet is told at once that it is not paired."""
import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from pyzbar.pyzbar import decode

from tests.conftest import assert_no_sideways_scroll, browser_login, new_context
from webapp.extensions import db
from webapp.kiosks import device
from webapp.checkin.models import Kiosk

pytestmark = pytest.mark.browser


def read_qr(locator) -> str:
    """What the tablet's camera would read: a screenshot of the QR element, decoded by zbar."""
    found = decode(Image.open(io.BytesIO(locator.screenshot())))
    assert found, "the QR on the screen could not be read"
    return found[0].data.decode()


@pytest.fixture
def office(browser, live_server):
    """The manager's laptop: a browser context of its own."""
    context = new_context(browser, live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def device_cookies(page):
    return [c for c in page.context.cookies() if c["name"] == device.COOKIE]


def test_a_manager_pairs_a_tablet_and_revokes_it(office, tablet, people, live_server):
    browser_login(office, people.manager)
    office.get_by_role("link", name="Kioskit").click()
    expect(office.get_by_text("Kioskeja ei ole vielä.")).to_be_visible()
    office.get_by_role("link", name="Lisää kioski").click()
    office.get_by_label("Toimipiste").select_option(label="Kierrätyspaja")
    office.get_by_label("Kioskin nimi").fill("Ovitabletti")
    office.get_by_role("button", name="Lisää ja näytä koodi").click()
    expect(office.get_by_role("heading", name="Yhdistä tabletti")).to_be_visible()
    shown = office.get_by_test_id("pairing-code").inner_text()
    assert len(shown) == 9 and shown[4] == " "
    expect(office.locator("#pairing-status")).to_contain_text("Odotetaan tablettia")

    # The tablet's camera reads the QR: the pairing page with the code filled in.
    url = read_qr(office.locator(".kiosk-pairing svg.qr"))
    assert url == f"{live_server.url}/kiosk/pair?code={shown.replace(' ', '')}"
    tablet.goto(url)
    expect(tablet.get_by_role("heading", name="Yhdistä tabletti Läsnään")).to_be_visible()
    expect(tablet.get_by_label("Yhdistämiskoodi")).to_have_value(shown)
    assert device_cookies(tablet) == []  # opening the link alone pairs nothing
    assert_no_sideways_scroll(tablet)
    button = tablet.get_by_role("button", name="Yhdistä")
    assert button.bounding_box()["height"] >= 72  # a kiosk-sized target
    button.click()
    tablet.wait_for_url(f"{live_server.url}/kiosk")

    [cookie] = device_cookies(tablet)
    assert cookie["path"] == "/kiosk" and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    kiosk = device.kiosk_from_secret(cookie["value"])
    assert kiosk is not None and kiosk.name == "Ovitabletti" and kiosk.unit_id == people.unit.id

    # The manager's page has been asking; it now says the tablet is paired and stops asking.
    expect(office.locator("#pairing-status")).to_contain_text("Yhdistetty!", timeout=10_000)
    expect(office.locator("#pairing-status")).not_to_have_attribute("hx-trigger", "every 3s")

    # The manager revokes the kiosk: asked first, then done.
    office.get_by_role("button", name="Poista käytöstä").click()
    expect(office.get_by_role("heading", name="Poistetaanko kioski käytöstä?")).to_be_visible()
    office.get_by_role("button", name="Poista käytöstä").click()
    expect(office.get_by_text("Tabletti ei enää toimi kioskina")).to_be_visible()
    expect(office.get_by_test_id("kiosk-status")).to_have_text("Poistettu käytöstä")
    db.session.expire_all()
    assert db.session.get(Kiosk, kiosk.id).is_revoked

    # The tablet's next request: the kind "not paired" page, with the way to pair again.
    tablet.goto("/kiosk")
    expect(tablet.get_by_role("heading", name="Tätä laitetta ei ole yhdistetty Läsnään")).to_be_visible()
    expect(tablet.get_by_role("link", name="Yhdistä tabletti")).to_be_visible()
    assert tablet.locator("input[type=password]").count() == 0
    assert_no_sideways_scroll(tablet)
    tablet.get_by_role("link", name="Yhdistä tabletti").click()
    expect(tablet.get_by_label("Yhdistämiskoodi")).to_have_value("")


def test_a_mistyped_code_is_explained_on_the_tablet(office, tablet, people):
    browser_login(office, people.manager, home=False)
    office.goto("/kiosks/new")
    office.get_by_label("Toimipiste").select_option(label="Puutyöpaja")
    office.get_by_label("Kioskin nimi").fill("Verstas")
    office.get_by_role("button", name="Lisää ja näytä koodi").click()
    code = office.get_by_test_id("pairing-code").inner_text().replace(" ", "")

    tablet.goto("/kiosk/pair")
    field = tablet.get_by_label("Yhdistämiskoodi")
    field.fill(code[:7])
    tablet.get_by_role("button", name="Yhdistä").click()
    expect(tablet.get_by_text("Koodissa on 8 numeroa.")).to_be_visible()
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    tablet.get_by_label("Yhdistämiskoodi").fill(wrong)
    tablet.get_by_role("button", name="Yhdistä").click()
    expect(tablet.get_by_text("Koodi ei kelpaa")).to_be_visible()
    assert device_cookies(tablet) == []
    tablet.get_by_label("Yhdistämiskoodi").fill(f"{code[:4]} {code[4:]}")
    tablet.get_by_role("button", name="Yhdistä").click()
    tablet.wait_for_url("**/kiosk")
    assert len(device_cookies(tablet)) == 1
