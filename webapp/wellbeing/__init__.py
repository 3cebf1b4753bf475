"""Wellbeing self-assessments: validated questionnaires (WHO-5 first) the client answers on her
phone at the start of a period, before evaluations and at the end."""
from flask import Blueprint

bp = Blueprint("wellbeing", __name__)

from webapp.wellbeing import routes  # noqa: E402,F401
