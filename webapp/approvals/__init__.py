"""The coach's day board: confirm days, record absences and remote days, fix times; and the
week and month views around it. Nothing about a day changes without an audit event."""
from flask import Blueprint

bp = Blueprint("approvals", __name__)


@bp.app_context_processor
def _day_labels():
    from webapp.approvals.labels import template_helpers
    return template_helpers()


from webapp.approvals import month, resolve, routes, week  # noqa: E402,F401
