"""Logging out in Chromium ends the session on the server: cookies copied before it open nothing
afterwards, and the same person's other device stays signed in until "sign out everywhere"."""
import pytest

from tests.conftest import PHONE, TABLET, new_context

pytestmark = pytest.mark.browser


def sign_in(page, person, remember=False):
    page.goto("/login")
    page.get_by_label("Sähköposti").fill(person.email)
    page.get_by_label("Salasana").fill("correct horse battery")
    if remember:
        page.get_by_label("Pidä minut kirjautuneena tällä laitteella").check()
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url("**/clients")


def menu_button(page, name):
    page.locator("details.menu summary").click()
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_url("**/login")


def opens_clients(browser, base_url, cookies) -> bool:
    context = new_context(browser, base_url, **TABLET)
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto("/clients")
    opened = page.url.endswith("/clients")
    context.close()
    return opened


def test_cookies_copied_before_logout_open_nothing_after_it(browser, live_server, people):
    phone = new_context(browser, live_server.url, **PHONE)
    tablet = new_context(browser, live_server.url, **TABLET)
    page, other = phone.new_page(), tablet.new_page()
    sign_in(page, people.manager, remember=True)
    sign_in(other, people.manager)
    copied = phone.cookies()
    assert {c["name"] for c in copied} >= {"lasna_session", "lasna_remember"}
    assert opens_clients(browser, live_server.url, copied)

    menu_button(page, "Kirjaudu ulos")
    assert page.get_by_text("Olet kirjautunut ulos.").is_visible()
    assert not opens_clients(browser, live_server.url, copied)
    other.goto("/clients")
    assert other.url.endswith("/clients")  # the tablet is still signed in

    menu_button(other, "Kirjaudu ulos kaikilta laitteilta")
    assert other.get_by_text("Olet kirjautunut ulos kaikilta laitteilta.").is_visible()
    other.goto("/clients")
    assert "/login" in other.url
    phone.close()
    tablet.close()
