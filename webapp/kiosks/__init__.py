"""The door tablets: pairing them with a unit, and the kiosk screen that runs on them."""
from flask import Blueprint

bp = Blueprint("kiosks", __name__)

from webapp.kiosks import routes, tablet  # noqa: E402,F401
