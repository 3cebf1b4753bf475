"""Chromium's own URL parser judges where the app's redirects lead: every Location the sign-in and
the language switch answer to a hostile next stays on this site."""
import pytest

from tests.http import csrf_token, post
from tests.main.test_redirect_targets import OFF_SITE, QUERIES

pytestmark = pytest.mark.browser

RESOLVE = "(pairs) => pairs.map(([location, base]) => new URL(location, base).origin)"


def test_chromium_reads_every_answer_as_this_site(app, people, tablet, live_server):
    tablet.goto("/login")
    locations = []
    for query in QUERIES:
        http = app.test_client()
        response = http.post(f"/login?next={query}", data={
            "csrf_token": csrf_token(http), "email": people.coach.email, "password": "correct horse battery"})
        locations.append(response.headers["Location"])
    for target in OFF_SITE:
        locations.append(post(app.test_client(), "/language", {"language": "fi", "next": target}).headers["Location"])
    base = live_server.url + "/login"
    origins = tablet.evaluate(RESOLVE, [[location, base] for location in locations])
    assert set(origins) == {live_server.url}
    # The control: the old check let these through, and Chromium reads them as another site.
    assert set(tablet.evaluate(RESOLVE, [["/\t/evil.example", base], ["/\\evil.example", base]])) \
        == {"http://evil.example"}


def test_signing_in_from_a_hostile_link_lands_on_this_site(tablet, people, live_server):
    tablet.goto("/login?next=/%09/evil.example")
    tablet.get_by_label("Sähköposti").fill(people.coach.email)
    tablet.get_by_label("Salasana").fill("correct horse battery")
    tablet.get_by_role("button", name="Kirjaudu sisään").click()
    tablet.wait_for_url(live_server.url + "/clients/mine")


def test_signing_in_from_a_real_link_goes_back_to_its_page(tablet, people, live_server):
    tablet.goto("/kitchen?unit=1")
    assert "/login?next=" in tablet.url
    browser_login_here(tablet, people.kitchen)
    tablet.wait_for_url(live_server.url + "/kitchen?unit=1")


def browser_login_here(page, person):
    page.get_by_label("Sähköposti").fill(person.email)
    page.get_by_label("Salasana").fill("correct horse battery")
    page.get_by_role("button", name="Kirjaudu sisään").click()
