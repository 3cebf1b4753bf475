"""A file the reader downloads: an attachment with a safe name, never cached (it holds personal data).

Shared by the report exports (webapp/lib/export.py) and the PDF files (webapp/lib/pdf.py), so
that neither imports the other's module to send its bytes.
"""
import io
import re

from flask import send_file

NO_STORE = {"Cache-Control": "no-store"}


def download_response(data: bytes, filename: str, extension: str, mimetype: str):
    """`data` as the attachment `<filename>.<extension>` (non-ASCII names are sent both ways, as
    RFC 6266 asks), with `Cache-Control: no-store`."""
    name = filename if filename.endswith("." + extension) else f"{filename}.{extension}"
    name = re.sub(r'[\\/:*?"<>|\r\n]+', "-", name)
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name,
                         max_age=0, etag=False, last_modified=None)
    response.headers.update(NO_STORE)
    return response
