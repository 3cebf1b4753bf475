"""Real HTTP through Flask's test client, with CSRF on as in production."""
import re

from tests.factories import PASSWORD

_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(http) -> str:
    """The CSRF token of this client's session, read from a real page like a browser would."""
    html = http.get("/accessibility").get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def post(http, url, data=None, **kwargs):
    """POST a form with the session's CSRF token."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(http))
    return http.post(url, data=data, **kwargs)


def login(http, person, password=PASSWORD):
    response = post(http, "/login", {"email": person.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def text(response) -> str:
    return response.get_data(as_text=True)


def as_kiosk(http, secret: str):
    """Make this test client the paired tablet: it carries the kiosk's device cookie."""
    http.set_cookie("lasna_kiosk", secret, path="/kiosk")
    return http


def kiosk_csrf(http) -> str:
    """The CSRF token as the kiosk's script fetches it before sending its queue."""
    response = http.get("/kiosk/csrf")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True).strip()
