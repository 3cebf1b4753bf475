"""Where a ?next= or a form's next field may send the browser: only to a page of this site.

The one check for every redirect target that comes with a request. A browser reads an address
before it follows it: it drops tabs, line feeds and carriage returns wherever they are, strips
spaces and control characters at either end, and reads a backslash as a slash in an http(s)
address. So "/<tab>/evil.example" and "/\\evil.example" both mean //evil.example, another site,
though neither starts with "//". The target is judged the way the browser will read it, and
once more percent-decoded ("/%2F%2Fevil.example"), which a proxy or server on the way may do;
text a link of this site never holds (control characters, spaces) is refused outright.
"""
import unicodedata
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2000  # longer than any address of the app


def _strange(text: str) -> bool:
    """Control and format characters, spaces and separators: none is part of an address this
    site makes (browsers percent-encode a space), and browsers drop or strip some of them."""
    return any(unicodedata.category(char)[0] in "CZ" for char in text)


def _off_site(reading: str) -> bool:
    reading = reading.replace("\\", "/")
    if not reading.startswith("/") or reading.startswith("//"):
        return True
    parts = urlsplit(reading)
    return bool(parts.scheme or parts.netloc)


def safe_next(target: str | None, default: str) -> str:
    """target when a browser would read it as a page of this site (a path from the root, with
    its query), else default."""
    if not target or len(target) > MAX_LENGTH:
        return default
    for reading in (target, unquote(target)):
        if _strange(reading) or _off_site(reading):
            return default
    return target
