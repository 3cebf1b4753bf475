"""Shared steps for the enrolment tests."""
import re
from urllib.parse import urlparse

from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db

CLAIM_URL = re.compile(r"/enrol/([A-Za-z0-9_-]{43})")


def start_enrolment(app, coach, client_person) -> str:
    """A coach makes a code through the real view; returns the secret in the QR's URL."""
    staff = app.test_client()
    login(staff, coach)
    response = post(staff, f"/clients/{client_person.id}/enrol")
    assert response.status_code == 200, text(response)
    return secret_from_qr(text(response))


def secret_from_qr(html: str) -> str:
    """Decode the QR on the page (the SVG's path) and return the code in the URL it encodes."""
    url = decode_svg_qr(html)
    path = urlparse(url).path
    match = CLAIM_URL.fullmatch(path)
    assert match, url
    return match.group(1)


def decode_svg_qr(html: str) -> str:
    """Render the page's <svg class="qr"> to pixels and read it with zbar, as a camera would."""
    from PIL import Image, ImageDraw
    from pyzbar.pyzbar import decode

    svg = html[html.index("<svg"):html.index("</svg>")]
    path = re.search(r' d="([^"]+)"', svg).group(1)
    view = [float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split()]
    scale = 8
    size = int(view[2] * scale)
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    # qrcode's SvgPathFillImage draws each dark module as "M x y h 1 v 1 h -1 z" (or similar);
    # take the absolute move-to points and fill one module each.
    for x, y in re.findall(r"M\s*([\d.]+)[ ,]([\d.]+)", path):
        left, top = float(x) * scale, float(y) * scale
        draw.rectangle([left, top, left + scale - 1, top + scale - 1], fill=0)
    found = decode(image)
    assert found, "no QR code could be read from the page"
    return found[0].data.decode()


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)).all()
