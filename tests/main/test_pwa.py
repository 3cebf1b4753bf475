"""The phone app over HTTP: manifest, icons, the service worker at the root, the offline page,
the CSRF token for queued diary drafts, and what logging out asks the browser to forget."""
import io
import json
import re

import pytest
from PIL import Image

from tests import factories
from tests.http import as_kiosk, login, post, text
from webapp.main import pwa

PEOPLE = ["client", "coach", "other_coach", "manager", "kitchen"]


def test_the_manifest_describes_an_installable_app(http):
    response = http.get("/static/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(text(response))
    assert manifest["name"] == "Läsnä" and manifest["short_name"] == "Läsnä"
    assert manifest["description"] and manifest["lang"] == "fi"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#1d5c4d" and manifest["background_color"] == "#f7f5f0"
    icons = {(i["sizes"], i["purpose"], i["type"]): i["src"] for i in manifest["icons"]}
    assert ("192x192", "any", "image/png") in icons
    assert ("512x512", "any", "image/png") in icons
    assert ("512x512", "maskable", "image/png") in icons
    assert ("any", "any", "image/svg+xml") in icons


def test_the_manifest_colours_are_the_stylesheets_brand_and_background(http):
    css = text(http.get("/static/css/app.css"))
    manifest = json.loads(text(http.get("/static/manifest.webmanifest")))
    root = css[css.index(":root"):css.index("}", css.index(":root"))]
    assert f"--brand: {manifest['theme_color']};" in root
    assert f"--bg: {manifest['background_color']};" in root


def test_every_icon_in_the_manifest_is_there_in_its_size(http):
    manifest = json.loads(text(http.get("/static/manifest.webmanifest")))
    for icon in manifest["icons"]:
        response = http.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        assert response.mimetype == icon["type"]
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(response.data)).size
            assert f"{width}x{height}" == icon["sizes"]


def test_the_maskable_icon_fills_its_square(http):
    image = Image.open(io.BytesIO(http.get("/static/icons/icon-maskable-512.png").data)).convert("RGBA")
    for corner in [(0, 0), (511, 0), (0, 511), (511, 511)]:
        assert image.getpixel(corner)[3] == 255, corner  # no transparent corners to crop into


def test_pages_link_the_manifest_theme_colour_and_touch_icon(http):
    html = text(http.get("/login"))
    assert re.search(r'<link rel="manifest" href="/static/manifest.webmanifest\?v=[0-9a-f]{12}">', html)
    assert '<meta name="theme-color" content="#1d5c4d"' in html
    assert re.search(r'<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png\?v=[0-9a-f]{12}">', html)
    assert http.get("/static/icons/apple-touch-icon.png").status_code == 200


def test_the_service_worker_is_served_from_the_root_as_javascript_and_revalidated(http):
    response = http.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers  # its own directory is already "/"
    body = text(response)
    assert '"lasna-dev"' not in body and 'var VERSION = "lasna-' in body
    assert "/kiosk" in body  # it names the kiosk only to leave it alone


def test_the_service_worker_version_changes_when_a_static_file_does(tmp_path):
    (tmp_path / "sw.js").write_text('var VERSION = "lasna-dev";')
    (tmp_path / "app.css").write_text("body { color: black; }")
    first = pwa._service_worker.__wrapped__(str(tmp_path))
    assert first == pwa._service_worker.__wrapped__(str(tmp_path))
    (tmp_path / "app.css").write_text("body { color: navy; }")
    second = pwa._service_worker.__wrapped__(str(tmp_path))
    assert first != second and "lasna-dev" not in first + second


def test_the_service_worker_lists_the_shell_under_the_pages_hashed_urls(http, people):
    login(http, people.client)
    worker = text(http.get("/sw.js"))
    home = text(http.get("/"))
    for name in ("css/app.css", "vendor/htmx-2.0.11.min.js", "js/pwa.js"):
        [url] = re.findall(rf'"(/static/{re.escape(name)}\?v=[0-9a-f]{{12}})"', worker)
        assert url in home  # the very URL the page loads: the install finds it in the HTTP cache


@pytest.mark.parametrize("path", ["/sw.js", "/offline", "/me/csrf"])
def test_it_rejects_a_post(http, people, path):
    login(http, people.client)
    response = post(http, path)
    assert response.status_code == 405


def test_the_offline_page_is_there_for_everyone(http, people):
    page = text(http.get("/offline"))
    assert "Ei verkkoyhteyttä" in page and "kioskin koodia skannaamalla" in page
    assert "Päiväkirjan kirjoittaminen" in page
    for who in PEOPLE:
        http = http.application.test_client()
        login(http, getattr(people, who))
        response = http.get("/offline")
        assert response.status_code == 200, who
        assert "Ei verkkoyhteyttä" in text(response)


def test_the_offline_page_speaks_swedish_too(http, people):
    people.client.language = "sv"
    from webapp.extensions import db
    db.session.commit()
    login(http, people.client)
    page = text(http.get("/offline"))
    assert '<html lang="sv">' in page


def test_only_a_signed_in_client_gets_the_phone_app_scripts(http, people):
    assert "js/pwa.js" not in text(http.get("/login"))
    login(http, people.client)
    home = text(http.get("/"))
    assert "/static/js/pwa.js" in home and "/static/js/diary-queue.js" in home
    assert 'id="offline-banner"' in home and "näet viimeksi tallennetun version" in home
    for who in ["coach", "manager", "kitchen"]:
        staff = http.application.test_client()
        login(staff, getattr(people, who))
        assert "js/pwa.js" not in text(staff.get("/offline")), who
        assert "diary-queue.js" not in text(staff.get("/accessibility")), who


def test_a_kiosk_never_gets_the_phone_app(http, people):
    secret, _ = factories.make_kiosk(people.unit)
    as_kiosk(http, secret)
    page = text(http.get("/kiosk"))
    assert "js/pwa.js" not in page and "/sw.js\"" not in page.replace("/kiosk/sw.js\"", "")


def test_the_csrf_token_is_for_signed_in_people_only(http, people):
    assert http.get("/me/csrf").status_code == 401
    secret, _ = factories.make_kiosk(people.unit)
    as_kiosk(http, secret)  # the device cookie is for /kiosk only: still nobody here
    assert http.get("/me/csrf").status_code == 401


def test_the_csrf_token_is_fresh_plain_text_and_accepted(http, people):
    login(http, people.client)
    response = http.get("/me/csrf")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    token = text(response).strip()
    assert len(token) > 20
    # A POST with only this token in the header passes the CSRF check, as the queue sends it.
    accepted = http.post("/language", data={"language": "sv"}, headers={"X-CSRFToken": token})
    assert accepted.status_code == 302
    refused = http.post("/language", data={"language": "fi"}, headers={"X-CSRFToken": "not-a-token"})
    assert refused.status_code == 400


def test_logging_out_asks_a_clients_browser_to_forget_the_phone_app(http, people):
    login(http, people.client)
    response = post(http, "/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert http.get("/").status_code == 302  # and is logged out, as before


@pytest.mark.parametrize("who", ["coach", "manager", "kitchen"])
def test_logging_out_keeps_a_staff_browsers_storage(http, people, who):
    # A coach may sign out on the tablet that is also the unit's kiosk: its unsent scans stay.
    login(http, getattr(people, who))
    response = post(http, "/logout")
    assert response.status_code == 302
    assert "Clear-Site-Data" not in response.headers
    assert http.get("/clients/mine").status_code == 302


def test_a_logout_without_a_valid_form_clears_nothing(http, people):
    login(http, people.client)
    response = http.post("/logout", data={})  # no CSRF token: refused
    assert response.status_code == 400
    assert "Clear-Site-Data" not in response.headers
    assert http.get("/").status_code == 200  # still signed in
