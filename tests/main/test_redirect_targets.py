"""Every ?next= and next field (sign-in, language switch) goes back only to a page of this site,
as a browser reads the address: browsers drop tabs and line breaks anywhere in it and read a
backslash as a slash, so "/\\t/evil.example" and "/\\evil.example" are both //evil.example, another
site. tests/browser/test_redirect_targets.py asks Chromium itself what the answers lead to."""
import pytest

from tests.http import csrf_token, post
from webapp.lib.redirects import safe_next

# As the view receives them (the query string or the form already decoded once).
OFF_SITE = [
    "//evil.example", "///evil.example", "////evil.example", "/\\evil.example", "\\/evil.example",
    "\\\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\r\n/evil.example",
    "\t//evil.example", " //evil.example", "/ /evil.example\x0b", "https://evil.example", "http://evil.example/x",
    "HTTPS://evil.example", "https:evil.example", "http:/evil.example", "//evil.example/%2F..",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,hi", "evil.example", "clients",
    "/%2F%2Fevil.example", "/%2fevil.example", "/%5Cevil.example", "/%5cevil.example", "%2F%2Fevil.example",
    "/%09/evil.example", "/%0A/evil.example", "/%0d/evil.example", "/\\\tevil.example",
]
# Harmless to a browser, but nothing this site ever links to: refused all the same.
STRANGE = ["/\u3000/clients", "/\x7f/clients", "/clients\u200b", "/clients?q=a b", "/" + "a" * 3000]
ON_SITE = ["/", "/clients", "/clients?unit=1&page=2", "/kitchen?unit=1", "/clients/mine#top",
           "/reports/kela?period=2026-11-09&unit=2", "/search?q=a//b", "/a/b//c", "/diary?day=2026-11-18"]


@pytest.mark.parametrize("target", OFF_SITE + STRANGE)
def test_the_helper_refuses_what_a_browser_reads_as_another_site(target):
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", ON_SITE)
def test_the_helper_keeps_a_page_of_this_site(target):
    assert safe_next(target, "/home") == target


@pytest.mark.parametrize("target", [None, ""])
def test_the_helper_falls_back_when_there_is_nothing(target):
    assert safe_next(target, "/home") == "/home"


# Raw query strings, percent-encoded as an attacker would put them in a link.
QUERIES = ["/%09/evil.example", "/%0A/evil.example", "/%0D/evil.example", "%2F%2Fevil.example",
           "/%2F%2Fevil.example", "/%5Cevil.example", "%5C%5Cevil.example", "/%5C%09evil.example",
           "https://evil.example", "https:%2F%2Fevil.example", "//evil.example", "/%252F%252Fevil.example",
           "/%255Cevil.example", "%20//evil.example", "javascript:alert(1)", "/\\evil.example"]


@pytest.mark.parametrize("query", QUERIES)
def test_sign_in_never_sends_the_browser_off_site(http, people, query):
    response = http.post(f"/login?next={query}", data={
        "csrf_token": csrf_token(http), "email": people.coach.email, "password": "correct horse battery"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_still_goes_back_to_the_page_asked_for(http, people):
    response = http.post("/login?next=%2Fkitchen%3Funit%3D1", data={
        "csrf_token": csrf_token(http), "email": people.kitchen.email, "password": "correct horse battery"})
    assert response.headers["Location"] == "/kitchen?unit=1"


@pytest.mark.parametrize("target", OFF_SITE + STRANGE)
def test_the_language_switch_never_sends_the_browser_off_site(http, target):
    response = post(http, "/language", {"language": "sv", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ON_SITE)
def test_the_language_switch_goes_back_to_the_page(http, target):
    response = post(http, "/language", {"language": "sv", "next": target})
    assert response.headers["Location"] == target
