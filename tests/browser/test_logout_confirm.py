"""Logging out on the client's phone asks first and says what it means (no JavaScript needed):
"no" keeps her signed in, "yes" logs out. A client with only a phone learns she needs a new code."""
import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.conftest import PHONE, browser_login, new_context
from webapp.extensions import db

pytestmark = pytest.mark.browser


def open_question(page):
    page.locator("summary", has_text="Anna").click()
    page.get_by_role("link", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", name="Kirjaudutko ulos?")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_client_is_asked_before_she_is_logged_out(browser, live_server, people, javascript):
    context = new_context(browser, live_server.url, java_script_enabled=javascript, **PHONE)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        browser_login(page, people.client)
        people.client.password_hash = None  # her phone came in with a coach's one-time code
        db.session.commit()
        open_question(page)
        expect(page.get_by_test_id("logout-confirm")).to_contain_text(
            "Tarvitset ohjaajaltasi uuden koodin, jotta voit yhdistää puhelimen uudelleen.")
        if javascript:
            assert_accessible(page, "/logout/confirm")
        page.get_by_role("link", name="En kirjaudu ulos").click()
        expect(page.get_by_role("heading", name="Hei, Anna!")).to_be_visible()

        open_question(page)
        page.get_by_role("button", name="Kyllä, kirjaudu ulos").click()
        expect(page.get_by_text("Olet kirjautunut ulos.")).to_be_visible()
        page.goto("/")
        expect(page.get_by_role("button", name="Kirjaudu sisään")).to_be_visible()
    finally:
        context.close()
