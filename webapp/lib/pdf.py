"""HTML to a real PDF file with WeasyPrint: a report's print page or a certificate, downloaded.

    data = pdf_bytes(render_template("reports/print.html", ...))   # the same page the browser prints
    return pdf_response(data, "lounas-2026-11")                      # an attachment, never cached

WeasyPrint lays the page out with the `print` media rules, so what the app's `@media print`
styles hide (the header, the navigation, the buttons) is not on paper either. The page may load
only the app's own static files: `StaticOnly` reads `/static/...` from disk and refuses every
other address (no network, no third party, no file outside `static/`). Fonts come from the
system (Debian's fonts-dejavu, which WeasyPrint's libraries bring).
"""
import logging
import mimetypes
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

# WeasyPrint tells every step of its work at INFO, starting with its own style sheets at import;
# the app's log (and every flask command's output) wants only its warnings.
for name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(name).setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402
from werkzeug.security import safe_join

from webapp.lib.download import download_response

PDF_MIME = "application/pdf"


class NotAStaticFile(ValueError):
    """A PDF's page asked for something that is not one of the app's static files."""


def fetch_static(url: str) -> dict:
    """The app's static file that `url` names, read from disk; anything else is refused."""
    path = urlsplit(url).path
    prefix = current_app.static_url_path.rstrip("/") + "/"
    if urlsplit(url).scheme not in ("http", "https") or not path.startswith(prefix):
        raise NotAStaticFile(url)
    file = safe_join(current_app.static_folder, path[len(prefix):])
    if file is None:
        raise NotAStaticFile(url)
    try:
        with open(file, "rb") as f:
            data = f.read()
    except OSError as error:
        raise NotAStaticFile(url) from error
    return {"body": data, "mime_type": mimetypes.guess_type(file)[0] or "application/octet-stream"}


class StaticOnly(URLFetcher):
    """WeasyPrint's fetcher, limited to `fetch_static`: it never opens a connection."""

    def fetch(self, url, headers=None):
        found = fetch_static(url)
        return URLFetcherResponse(url, body=found["body"], headers={"Content-Type": found["mime_type"]})


def pdf_bytes(html: str) -> bytes:
    """The page as a PDF (A4 unless its CSS says otherwise)."""
    base = request.host_url if has_request_context() else "http://localhost/"
    return HTML(string=html, base_url=base, url_fetcher=StaticOnly()).write_pdf()


def pdf_response(data: bytes, filename: str):
    """A PDF download named `<filename>.pdf`, never cached (it holds personal data)."""
    return download_response(data, filename, "pdf", PDF_MIME)
