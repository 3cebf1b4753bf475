"""The locked sign-in on a 360 px phone, the kiosk pairing lock on the door tablet, and the
manager's failed sign-ins page on a 1024×768 tablet, in Chromium (with axe-core on the new views)."""
import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories, moments
from tests.a11y import assert_accessible
from tests.conftest import assert_no_sideways_scroll, browser_login_by_form
from tests.http import csrf_token, post
from webapp.extensions import db
from webapp.kiosks import device

pytestmark = pytest.mark.browser

# LASNA_SCREENSHOTS=<dir> keeps a picture of each screen, to look at.
SCREENSHOTS = os.environ.get("LASNA_SCREENSHOTS")


def keep(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    return time_machine


def type_password(page, email, password):
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state()


def test_a_locked_sign_in_says_when_to_try_again_on_a_phone(phone, people, frozen):
    phone.goto("/login")
    for _ in range(5):
        type_password(phone, people.coach.email, "arvaus")
        expect(phone.get_by_text("Väärä sähköposti tai salasana.")).to_be_visible()
    type_password(phone, people.coach.email, factories.PASSWORD)  # right, but too late
    refusal = phone.get_by_role("alert")
    expect(refusal).to_contain_text("Liian monta väärää yritystä. Odota 15 sekuntia ja yritä sitten uudelleen.")
    assert phone.url.endswith("/login")
    expect(phone.get_by_label("Sähköposti")).to_have_value(people.coach.email)
    assert_no_sideways_scroll(phone)
    assert_accessible(phone, "the locked sign-in")
    keep(phone, "phone-360-locked-sign-in")

    frozen.shift(timedelta(seconds=15))
    type_password(phone, people.coach.email, factories.PASSWORD)
    phone.wait_for_url("**/clients/mine")


def test_the_fifteen_minute_lock_reads_well_on_a_phone_in_swedish(app, phone, people, frozen):
    http = app.test_client()
    for _ in range(10):
        response = post(http, "/login", {"email": people.coach.email, "password": "arvaus"})
        if response.status_code == 429:
            frozen.shift(timedelta(seconds=int(response.headers["Retry-After"])))
            post(http, "/login", {"email": people.coach.email, "password": "arvaus"})
    phone.goto("/login")
    phone.get_by_text("Kieli").click()
    phone.get_by_role("button", name="På svenska").click()
    phone.get_by_label("E-post").fill(people.coach.email)
    phone.get_by_label("Lösenord").fill(factories.PASSWORD)
    phone.get_by_role("button", name="Logga in").click()
    refusal = phone.get_by_role("alert")
    expect(refusal).to_contain_text("För många felaktiga försök. Du kan försöka igen klockan")
    expect(refusal).to_contain_text("en chef öppna spärren")
    assert_no_sideways_scroll(phone)
    assert_accessible(phone, "the locked sign-in in Swedish")
    keep(phone, "phone-360-locked-sign-in-sv")


def test_the_manager_sees_and_opens_a_lock_on_a_tablet(app, tablet, people, frozen):
    http = app.test_client()
    for n in range(3):
        post(http, "/login", {"email": f"  Vieras{n}@Example.fi", "password": "arvaus"})
    for _ in range(5):
        post(http, "/login", {"email": people.coach.email, "password": "arvaus"})
    http.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    code, _kiosk = device.create_kiosk(people.unit, "Ovitabletti", people.manager)
    db.session.commit()
    http.post("/kiosk/pair", data={"csrf_token": csrf_token(http), "code": f"{(int(code) + 1) % 10**8:08d}"})

    browser_login_by_form(tablet, people.manager)
    tablet.get_by_role("link", name="Henkilöstö").click()
    expect(tablet.get_by_test_id("locked")).to_have_count(1)  # Kaisa's row says she is locked
    keep(tablet, "tablet-1024-staff-with-a-locked-account")
    tablet.get_by_role("link", name="Epäonnistuneet kirjautumiset").click()
    expect(tablet.get_by_role("heading", name="Epäonnistuneet kirjautumiset", level=1)).to_be_visible()
    expect(tablet.get_by_test_id("lock")).to_have_count(1)
    expect(tablet.get_by_test_id("failure")).to_have_count(9)
    expect(tablet.get_by_role("cell", name="Kioskin yhdistämiskoodi")).to_be_visible()
    expect(tablet.get_by_role("cell", name="198.51.100.23")).to_be_visible()
    assert_no_sideways_scroll(tablet)
    assert_accessible(tablet, "the failed sign-ins page")
    keep(tablet, "tablet-1024-failed-sign-ins")

    tablet.get_by_role("button", name=f"Avaa lukitus: {people.coach.email}").click()
    expect(tablet.get_by_text(f"Lukitus on avattu: {people.coach.email}.")).to_be_visible()
    expect(tablet.get_by_test_id("no-locks")).to_be_visible()
    keep(tablet, "tablet-1024-failed-sign-ins-unlocked")
    coach = app.test_client()
    assert post(coach, "/login", {"email": people.coach.email, "password": factories.PASSWORD}).status_code == 302


def test_a_door_tablet_typing_wrong_codes_is_told_to_wait(tablet, people, frozen):
    code, _kiosk = device.create_kiosk(people.unit, "Ovitabletti", people.manager)
    db.session.commit()
    tablet.goto("/kiosk/pair")
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(6):
        tablet.get_by_label("Yhdistämiskoodi").fill(wrong)
        tablet.get_by_role("button", name="Yhdistä").click()
        tablet.wait_for_load_state()
    expect(tablet.get_by_role("alert")).to_contain_text("Liian monta väärää yritystä.")
    assert_no_sideways_scroll(tablet)
    assert_accessible(tablet, "the pairing lock")
    keep(tablet, "tablet-1024-pairing-locked")
