"""A light page on a poor network: answers compressed with Brotli or gzip by the app itself, and
static files under content-hashed URLs that browsers keep for a year."""
import gzip
import os
import re

import brotli
from flask import url_for

from tests.http import login
from webapp.lib.static_files import Versions


def test_pages_come_compressed_as_the_browser_asks(http, people):
    plain = http.get("/login")
    assert plain.headers.get("Content-Encoding") is None
    for encoding, unpack in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        packed = http.get("/login", headers={"Accept-Encoding": f"{encoding}"})
        assert packed.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert unpack(packed.data) == plain.data
        assert len(packed.data) < len(plain.data) / 2
    preferred = http.get("/login", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert preferred.headers["Content-Encoding"] == "br"


def test_a_download_is_not_compressed_twice(http, people):
    login(http, people.client)
    response = http.get("/me/data.json", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200  # JSON is compressed; the file still opens
    data = brotli.decompress(response.data) if response.headers.get("Content-Encoding") == "br" else response.data
    assert data.startswith(b"{")


def test_static_urls_carry_the_files_hash_and_are_kept_for_a_year(app, http):
    page = http.get("/login").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert urls and all(re.search(r"\?v=[0-9a-f]{12}$", u) for u in urls), urls
    with app.test_request_context():
        url = url_for("static", filename="css/app.css")
    fresh = http.get(url, headers={"Accept-Encoding": "br"})
    assert fresh.status_code == 200
    assert fresh.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert fresh.headers["Content-Encoding"] == "br"
    for stale in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        answer = http.get(stale)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-cache"
    assert http.get("/static/css/nothing.css?v=abc").status_code == 404


def test_a_changed_file_gets_a_new_url(app, tmp_path):
    (tmp_path / "a.css").write_text("body{}")
    versions = Versions(str(tmp_path))
    first = versions.of("a.css")
    (tmp_path / "a.css").write_text("body{color:red}")
    os.utime(tmp_path / "a.css", (1, 1))
    assert versions.of("a.css") != first and versions.of("missing.css") is None


def test_a_static_file_carries_a_short_header_set_of_its_own(app, http):
    with app.test_request_context():
        url = url_for("static", filename="pictograms/eye.svg")
    answer = http.get(url)
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "script-src" not in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    for name in ("ETag", "Last-Modified", "Content-Disposition", "Permissions-Policy", "X-Frame-Options"):
        assert name not in answer.headers, name
    page = http.get("/login")  # pages keep the whole policy
    assert "script-src 'self'" in page.headers["Content-Security-Policy"] and page.headers["X-Frame-Options"] == "DENY"
