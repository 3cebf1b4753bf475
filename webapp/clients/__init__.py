from flask import Blueprint

bp = Blueprint("clients", __name__)


@bp.app_context_processor
def _labels():
    """Labels of codes (payer, mode, plan...) for the clients' and periods' templates."""
    from webapp.clients.labels import template_helpers
    return {"client_labels": template_helpers()}


from webapp.clients import routes  # noqa: E402,F401
