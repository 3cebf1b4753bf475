"""Check-in and check-out: the day record, the rules that flag it, and the client's phone side."""
from flask import Blueprint

bp = Blueprint("checkin", __name__)

from webapp.checkin import labels, routes  # noqa: E402,F401

# A day's words (status, kind, absence reason, flags) in every template: the board, the week
# and month views, the client's page.
bp.app_context_processor(labels.template_helpers)
