"""The coach's day board: confirm days, record absences and remote days, fix times; and the
week and month views around it. Nothing about a day changes without an audit event."""
from flask import Blueprint

bp = Blueprint("approvals", __name__)

from webapp.approvals import month, resolve, routes, summary, week  # noqa: E402,F401
