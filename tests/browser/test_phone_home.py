"""The client's home on a 320 px phone, with 200 % text and in dark mode: the cards fit with no
sideways scroll, and the badge page's QR reads as the badge (what the kiosk camera sees)."""
import io
from datetime import date

import pytest
import time_machine
from PIL import Image
from playwright.sync_api import expect
from pyzbar.pyzbar import decode

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login, new_context
from tests.moments import DURING_THE_DAY
from webapp.approvals import decisions
from webapp.enrolment.badge import badge_payload
from webapp.extensions import db

pytestmark = pytest.mark.browser

SMALL = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def wednesday():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


@pytest.fixture(params=["light", "dark"])
def small_phone(request, browser, live_server):
    context = new_context(browser, live_server.url, color_scheme=request.param, **SMALL)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def read_qr(locator) -> str:
    found = decode(Image.open(io.BytesIO(locator.screenshot())))
    assert found, "the QR on the screen could not be read"
    return found[0].data.decode()


def test_the_home_cards_fit_a_320px_phone(small_phone, people, wednesday):
    factories.make_entry(people.client, date(2026, 11, 18), mood=2, energy=4, shared=True)
    page = small_phone
    browser_login(page, people.client)
    expect(page.get_by_role("heading", name="Hei, Anna!")).to_be_visible()
    for heading in ("Tänään", "Päiväkirja tänään", "Oma koodini", "Tämä kuukausi", "Seuraavat päivät",
                    "Omat tietoni"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("Jaettu ohjaajalle")).to_be_visible()
    expect(page.get_by_text("Läsnäolopäiviä tässä kuussa: 0")).to_be_visible()
    expect(page.get_by_text("Keskiviikko 18.11.2026")).to_be_visible()
    assert_no_sideways_scroll(page)
    for link in page.locator(".home a.button").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44

    # 200 % text (as a phone's accessibility setting would): still no sideways scroll.
    page.evaluate("document.documentElement.style.fontSize = '225%'")
    assert_no_sideways_scroll(page)


def test_the_badge_page_shows_the_same_badge_qr(small_phone, people, wednesday):
    page = small_phone
    browser_login(page, people.client)
    page.get_by_role("link", name="Näytä oma koodini").click()
    expect(page.get_by_text("Näytä kioskille")).to_be_visible()
    assert read_qr(page.locator("#my-badge-qr")) == badge_payload(people.client.client)
    background = page.locator("#my-badge-qr").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 255, 255)"  # white around the code, in dark mode too
    box = page.locator("#my-badge-qr svg").bounding_box()
    assert box["width"] >= 270  # nearly the whole 320 px screen
    assert_no_sideways_scroll(page)


def test_the_next_days_show_an_absence_the_coach_recorded_on_a_360px_phone(phone, people, wednesday):
    # Anna told her coach she has a job interview on Monday 23.11.
    decisions.record_absence(people.client.client, people.unit, date(2026, 11, 23), "job_interview", people.coach)
    db.session.commit()
    page = phone
    browser_login(page, people.client)
    card = page.get_by_test_id("next-days")
    expect(card.get_by_role("heading", name="Seuraavat päivät")).to_be_visible()
    monday = card.get_by_role("listitem").filter(has_text="Maanantai 23.11.2026")
    expect(monday).to_contain_text("Poissa: työhaastattelu tai vastaava")
    expect(card.get_by_role("listitem").filter(has_text="Torstai 19.11.2026")).not_to_contain_text("Poissa")
    assert_no_sideways_scroll(page)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert_no_sideways_scroll(page)
