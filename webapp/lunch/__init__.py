"""Lunch: the forecast before the cut-off, the live count of the day, the final count from
confirmed days, special diets, and the kitchen's own view (counts.py: the rules; routes.py:
the kitchen view, the served count, the month's totals and their exports)."""
from flask import Blueprint

bp = Blueprint("lunch", __name__)

from webapp.lunch import routes  # noqa: E402,F401
