"""Individual guidance sessions: at least 6 h per rolling 3 months for every client."""
from flask import Blueprint

bp = Blueprint("guidance", __name__)

from webapp.guidance import routes  # noqa: E402,F401
