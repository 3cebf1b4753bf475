from flask import Blueprint

bp = Blueprint("clients", __name__)

from webapp.clients import labels, routes  # noqa: E402,F401
from webapp.clients import plain  # noqa: E402,F401  (its part of the client's page comes after the others)


@bp.app_context_processor
def _labels():
    """Labels of codes (payer, mode, plan...) for the clients' and periods' templates."""
    return {"client_labels": labels.template_helpers()}
