"""Check-in and check-out: the day record, the rules that flag it, and the client's phone side."""
from flask import Blueprint

bp = Blueprint("checkin", __name__)

from webapp.checkin import routes  # noqa: E402,F401
