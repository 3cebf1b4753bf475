"""The client's phone app: the service worker at the root, the offline page, and a fresh CSRF
token for the diary's offline queue.

The manifest is a plain static file (static/manifest.webmanifest, served as
application/manifest+json); base.html links it. Staff and kiosks never register this service
worker: base.html loads static/js/pwa.js for signed-in clients only.
"""
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from flask import abort, current_app, make_response, render_template
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from webapp.lib.i18n import current_language
from webapp.lib.static_files import Versions
from webapp.main import bp


@lru_cache(maxsize=1)
def _service_worker(static_folder: str) -> str:
    """sw.js with its cache version: a hash of every static file. When any of them changes, the
    service worker's bytes change too, so the browser installs it again and drops the old cache
    (static files are cached first, so they need a new cache name to be fetched again)."""
    root = Path(static_folder)
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    source = (root / "sw.js").read_text(encoding="utf-8")
    source = source.replace('"lasna-dev"', f'"lasna-{digest.hexdigest()[:12]}"', 1)
    # The shell under the same hashed URLs the pages use (lib/static_files), so installing the
    # worker takes them from the browser's cache instead of downloading them again.
    versions = Versions(static_folder)
    return re.sub(r'"/static/([^"?]+)"', lambda m: f'"/static/{m[1]}?v={versions.of(m[1])}"'
                  if versions.of(m[1]) else m[0], source)


@bp.after_app_request
def _content_language(response):
    """Each page says its language: the service worker keeps the offline page in the language
    the client reads now, and fetches it again when a page arrives in another one."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Language", current_language())
    return response


@bp.get("/sw.js")
def service_worker():
    """Served from the root so its scope is the whole site ("/"); it leaves /kiosk alone."""
    response = make_response(_service_worker(current_app.static_folder))
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def offline():
    """What still works without the network. Anyone may read it; the service worker keeps it."""
    return render_template("main/offline.html")


@bp.get("/me/csrf")
def csrf():
    """A fresh CSRF token for the diary's offline queue, which sends drafts from any page."""
    if not current_user.is_authenticated:
        abort(401)
    response = make_response(generate_csrf())
    response.mimetype = "text/plain"
    response.headers["Cache-Control"] = "no-store"
    return response
