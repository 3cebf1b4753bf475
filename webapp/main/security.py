"""Strict security headers on every response, and the one check of text coming in."""
from flask import request
from flask_babel import gettext as _

from webapp.lib.errors import render_error

# Everything is served from this origin: no CDN, no third parties.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
    "worker-src 'self'",
])


STATIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"


def init_security_headers(app):
    @app.after_request
    def add_headers(response):
        headers = response.headers
        if request.endpoint == "static":
            # A style sheet, script or picture: it runs nothing of its own and is never framed, so
            # the short policy does; a page's dozen pictures then move a fraction of the headers.
            headers.setdefault("Content-Security-Policy", STATIC_CSP)
            headers.setdefault("X-Content-Type-Options", "nosniff")
            if app.config.get("HSTS"):
                headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
            return response
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        # Enrolment links carry one-time codes: never leak a URL to anyone.
        headers.setdefault("Referrer-Policy", "no-referrer")
        # The microphone: the diary's voice notes (static/js/diary-media.js), on this origin only.
        headers.setdefault("Permissions-Policy", "camera=(self), microphone=(self), geolocation=(), payment=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("HSTS"):
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        if response.mimetype == "text/html":
            # Pages hold personal data: never keep them in shared caches.
            headers.setdefault("Cache-Control", "no-store")
        return response


def _unstorable(text: str) -> bool:
    """A NUL character: no database column can hold it (PostgreSQL refuses it with an error),
    and no keyboard types it."""
    return "\x00" in text


def init_input_guard(app):
    """Every request's text in one place: the path, the query string and the form, names and
    values alike. Text no database can store is refused with a clear 400 before any view runs,
    so nothing is half-saved. (Bytes that are not UTF-8 never get this far: Werkzeug decodes
    them to U+FFFD, which every database stores.)"""

    @app.before_request
    def refuse_unstorable_text():
        texts = [request.path]
        for values in (request.args, request.form):
            for name, value in values.items(multi=True):
                texts += (name, value)
        texts += (upload.filename or "" for upload in request.files.values())
        if any(_unstorable(text) for text in texts):
            return render_error(400, _("Tekstissä oli merkki, jota ei voi tallentaa. "
                                       "Poista erikoismerkit ja yritä uudelleen."))
        return None
