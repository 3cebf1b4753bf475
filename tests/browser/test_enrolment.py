"""The whole enrolment as people do it: the coach's tablet shows a QR, the client's phone reads it,
chooses a PIN and stays signed in. The URL is read from the QR's pixels, never from the HTML."""
import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from pyzbar.pyzbar import decode

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login

pytestmark = pytest.mark.browser


def read_qr(locator) -> str:
    """What a phone camera would read: a screenshot of the QR element, decoded by zbar."""
    found = decode(Image.open(io.BytesIO(locator.screenshot())))
    assert found, "the QR on the screen could not be read"
    return found[0].data.decode()


def open_client_page(tablet, person):
    """Click through the coach's list to the client's page if it is there, else go straight to it."""
    link = tablet.get_by_role("link", name=person.client.display_name)
    if link.count():
        link.first.click()
    else:
        tablet.goto(f"/clients/{person.id}")
    tablet.wait_for_load_state()


def test_a_coach_enrols_a_clients_phone_by_qr(tablet, phone, people):
    unit = people.unit
    client = factories.make_client(unit, coach=people.coach, first_name="Ville", last_name="Virtanen",
                                   preferred_name="Vili")
    browser_login(tablet, people.coach)
    open_client_page(tablet, client)
    tablet.get_by_role("button", name="Yhdistä puhelin").click()
    tablet.wait_for_load_state()
    assert tablet.get_by_text("Avaa puhelimen kamera ja osoita sillä koodia").is_visible()

    url = read_qr(tablet.locator("#enrol-qr svg"))
    assert url.startswith(tablet.url.split("/clients/")[0] + "/enrol/")

    phone.goto(url)
    assert phone.get_by_role("heading", name="Hei Vili!").is_visible()
    assert_no_sideways_scroll(phone)
    phone.get_by_label("Uusi PIN-koodi").fill("1234")
    phone.get_by_label("Sama PIN-koodi uudelleen").fill("1234")
    phone.get_by_role("button", name="Valmis").click()
    assert phone.get_by_text("liian helppo arvata").is_visible()  # a friendly no, try again
    phone.get_by_label("Uusi PIN-koodi").fill("4826")
    phone.get_by_label("Sama PIN-koodi uudelleen").fill("4826")
    phone.get_by_role("button", name="Valmis").click()
    phone.wait_for_url("**/")
    expect(phone.get_by_role("heading", name="Hei, Vili!")).to_be_visible()
    assert phone.get_by_text("Puhelimesi on nyt yhdistetty").is_visible()
    assert_no_sideways_scroll(phone)

    # The coach's page notices the phone (it polls every few seconds).
    expect(tablet.locator("#code-status")).to_contain_text("Puhelin on yhdistetty", timeout=10_000)

    # A day later the browser has dropped its session cookie; the remember cookie keeps it in.
    context = phone.context
    cookies = context.cookies()
    assert {c["name"] for c in cookies} >= {"lasna_session", "lasna_remember"}
    context.clear_cookies()
    context.add_cookies([c for c in cookies if c["name"] != "lasna_session"])
    phone.goto("/")
    expect(phone.get_by_role("heading", name="Hei, Vili!")).to_be_visible()

    # The client's own QR: big, readable, no sideways scroll on a 360 px phone.
    phone.get_by_role("link", name="Näytä oma koodini").click()
    payload = read_qr(phone.locator("#my-badge-qr svg"))
    assert payload == "lasna:badge:" + client.client.badge_token
    assert_no_sideways_scroll(phone)
    box = phone.locator("#my-badge-qr svg").bounding_box()
    assert box["width"] >= 300  # fills most of a 360 px screen


def test_an_expired_link_tells_the_phone_to_ask_for_a_new_code(phone, people):
    phone.goto("/enrol/" + "x" * 43)
    assert phone.get_by_text("Pyydä ohjaajalta uusi koodi.").is_visible()
    assert_no_sideways_scroll(phone)


def test_the_badge_card_prints_card_sized(tablet, people):
    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/clients/{people.client.id}/badge")
    assert read_qr(tablet.locator(".badge-card svg")) == "lasna:badge:" + people.client.client.badge_token
    tablet.emulate_media(media="print")
    assert not tablet.locator("header.top").is_visible()
    assert tablet.locator(".badge-card").is_visible()
    box = tablet.locator(".badge-card").bounding_box()
    # 85.6 mm × 54 mm at 96 px per inch
    assert abs(box["width"] - 85.6 / 25.4 * 96) < 2 and abs(box["height"] - 54 / 25.4 * 96) < 2
    assert read_qr(tablet.locator(".badge-card svg")) == "lasna:badge:" + people.client.client.badge_token
