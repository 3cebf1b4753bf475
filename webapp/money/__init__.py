"""Money from confirmed days: the daily compensation (kulukorvaus / toimintaraha), its
effective-dated rates, and the one function every screen and report asks."""
from flask import Blueprint

bp = Blueprint("money", __name__)

from webapp.money import routes  # noqa: E402,F401
