"""The phone app's offline page follows the client's language: a client who switches language
and then loses the network sees the offline page in the language she chose (the worker used to
keep it in the language of the day it was installed)."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_pwa import wait_for_control
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

KEPT_IN = """lang => caches.match('/offline').then(r => r ? r.text() : '')
    .then(html => html.includes('<html lang="' + lang + '"'))"""
# The same, polled: the predicate starts a look and answers with the last one's result.
BECOMES = """lang => { caches.match('/offline').then(r => r ? r.text() : '')
    .then(html => { window.keptIn = html.includes('<html lang="' + lang + '"'); }); return window.keptIn === true; }"""


@pytest.mark.parametrize("language, heading", [("sv", "Ingen nätförbindelse"), ("en", "No network connection")])
def test_the_offline_page_is_in_the_language_the_client_chose(phone, people, language, heading):
    page = phone
    browser_login(page, people.client)
    wait_for_control(page)
    assert page.evaluate(KEPT_IN, "fi")  # installed while she used Finnish

    page.locator("summary", has_text="Anna").click()
    page.locator(f"button[name=language][value={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.wait_for_function(BECOMES, arg=language, timeout=5_000)

    page.context.set_offline(True)
    page.goto("/checkin")  # a page this phone has never kept
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.context.set_offline(False)
