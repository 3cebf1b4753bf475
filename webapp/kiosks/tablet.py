"""The kiosk screen on the tablet."""
from flask import abort, send_from_directory

from webapp import ROOT
from webapp.kiosks import bp

KIOSK_DIR = ROOT / "kiosk"


@bp.get("/kiosk/app/<path:filename>")
def asset(filename: str):
    """The tablet's scripts and the vendored QR decoder, from kiosk/ (scripts only)."""
    if not filename.endswith(".js"):
        abort(404)
    return send_from_directory(KIOSK_DIR, filename, max_age=3600)
