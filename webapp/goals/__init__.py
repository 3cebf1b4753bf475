"""The client's goals for a period, scored at each evaluation with Goal Attainment Scaling (GAS)."""
from flask import Blueprint

bp = Blueprint("goals", __name__)

from webapp.goals import reference, routes  # noqa: E402,F401
