"""HTML to PDF (webapp/lib/pdf.py): a real PDF that pdftotext reads back, the app's own static
files only, and a download that is never cached."""
import subprocess

import pytest

from webapp.lib import pdf


@pytest.fixture
def request_context(app):
    with app.test_request_context("/"):
        yield


def pdf_text(data: bytes) -> str:
    """The PDF's words as poppler's pdftotext reads them."""
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_a_page_becomes_a_pdf_that_reads_back(request_context):
    data = pdf.pdf_bytes('<html lang="fi"><head><link rel="stylesheet" href="/static/css/reports.css"></head>'
                         "<body><h1>Työtoimintatodistus</h1><p>Äänekoski 1.–30.11.2026: 18 päivää</p></body></html>")
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Työtoimintatodistus" in text and "18 päivää" in text


def test_the_page_may_load_only_the_apps_static_files(request_context):
    assert pdf.fetch_static("http://localhost/static/css/reports.css")["mime_type"] == "text/css"
    for url in ("https://cdn.example.com/style.css", "http://localhost/static/../webapp/config.py",
                "file:///etc/passwd", "http://localhost/static/no-such-file.css", "http://localhost/admin"):
        with pytest.raises(pdf.NotAStaticFile):
            pdf.fetch_static(url)


def test_an_outside_address_is_left_out_and_the_pdf_still_renders(request_context):
    data = pdf.pdf_bytes('<link rel="stylesheet" href="https://cdn.example.com/style.css">'
                         '<img src="https://tracker.example.com/p.gif" alt=""><p>Kierrätyspaja</p>')
    assert "Kierrätyspaja" in pdf_text(data)


def test_the_download_is_an_attachment_that_is_never_cached(request_context):
    response = pdf.pdf_response(b"%PDF-1.7 test", "työtoimintatodistus-aho")
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "filename*=UTF-8''ty%C3%B6toimintatodistus-aho.pdf" in response.headers["Content-Disposition"]


def pdf_download_text(response, filename: str) -> str:
    """A report's ?format=pdf answer: a PDF attachment named `filename`, never cached; its words."""
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and (f"filename={filename}" in disposition
                                                      or f"filename*=UTF-8''{filename}" in disposition)
    return pdf_text(response.data)
