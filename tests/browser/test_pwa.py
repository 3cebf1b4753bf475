"""The phone app in Chromium: installable, its service worker controls the client's pages, a
page seen before opens without the network (with a banner saying it is an old copy), an
unseen page shows the offline page, staff never get the worker, and logging out forgets it."""
import pytest
from playwright.sync_api import expect

from tests.conftest import PHONE, assert_no_sideways_scroll, browser_login

pytestmark = pytest.mark.browser

BANNER = "Ei verkkoyhteyttä – näet viimeksi tallennetun version."


def wait_for_control(page):
    """The worker has installed (shell cached) and controls this page. It claims the pages open
    when it activates; a page whose loading began just before that stays uncontrolled until its
    next load (as on a phone: the next page opened is), so reload it then."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def registrations(page) -> int:
    return page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length")


def test_the_app_is_installable_and_its_worker_controls_the_page(browser_type, browser_type_launch_args,
                                                                 live_server, people, tmp_path):
    # Chromium never offers to install from an incognito profile (which a new context is): a
    # real profile on disk, as on a phone.
    context = browser_type.launch_persistent_context(str(tmp_path / "profile"), base_url=live_server.url,
                                                     **browser_type_launch_args, **PHONE)
    try:
        context.set_default_timeout(10_000)
        page = context.pages[0] if context.pages else context.new_page()
        browser_login(page, people.client, home=False)
        page.goto("/")
        href = page.locator('link[rel="manifest"]').get_attribute("href")
        assert href.startswith("/static/manifest.webmanifest?v=")
        wait_for_control(page)
        scope = page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).scope")
        assert scope == live_server.url + "/"
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert not manifest.get("errors"), manifest.get("errors")
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


def test_a_page_seen_before_opens_offline_with_a_banner_and_an_unseen_page_is_the_offline_page(phone, people):
    page = phone
    browser_login(page, people.client, home=False)
    page.goto("/")
    wait_for_control(page)
    page.reload()  # now through the worker: this copy of the home page is kept
    expect(page.get_by_role("heading", name="Hei, Anna!")).to_be_visible()
    expect(page.get_by_test_id("offline-banner")).to_have_count(0)

    page.context.set_offline(True)
    expect(page.get_by_test_id("offline-banner")).to_have_text(BANNER)  # the page open now
    page.reload()
    expect(page.get_by_role("heading", name="Hei, Anna!")).to_be_visible()
    expect(page.get_by_test_id("offline-banner")).to_have_text(BANNER)
    assert_no_sideways_scroll(page)

    page.goto("/checkin")  # never opened on this phone
    expect(page.get_by_role("heading", name="Ei verkkoyhteyttä", exact=True)).to_be_visible()
    expect(page.get_by_test_id("offline-page")).to_contain_text("kioskin koodia skannaamalla")
    expect(page.get_by_test_id("offline-banner")).to_have_count(0)  # not an old copy of /checkin
    assert_no_sideways_scroll(page)

    page.context.set_offline(False)
    expect(page.get_by_test_id("offline-banner")).to_have_count(0)
    page.goto("/checkin")
    expect(page.get_by_test_id("offline-page")).to_have_count(0)


def test_the_worker_keeps_no_login_page_and_no_redirect(phone, people):
    page = phone
    browser_login(page, people.client)
    wait_for_control(page)
    page.goto("/me/badge")
    kept = page.evaluate("""async () => {
        const cache = await caches.open('lasna-pages');
        return (await cache.keys()).map(r => new URL(r.url).pathname);
    }""")
    assert "/me/badge" in kept
    assert not any(path.startswith(("/login", "/me/csrf", "/k/", "/enrol")) for path in kept)


def test_staff_never_register_the_worker(phone, people):
    page = phone
    browser_login(page, people.coach, home=False)
    page.goto("/offline")
    page.wait_for_load_state("load")
    assert registrations(page) == 0
    assert page.locator('script[src$="pwa.js"]').count() == 0


def test_logging_out_forgets_the_worker_and_its_copies(phone, people):
    page = phone
    browser_login(page, people.client)
    wait_for_control(page)
    page.reload()
    assert page.evaluate("async () => (await caches.keys()).length") >= 2
    page.locator("summary", has_text="Anna").click()
    page.get_by_role("link", name="Kirjaudu ulos").click()  # a client is asked first
    page.get_by_role("button", name="Kyllä, kirjaudu ulos").click()
    expect(page.get_by_text("Olet kirjautunut ulos.")).to_be_visible()
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert registrations(page) == 0
