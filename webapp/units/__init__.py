from flask import Blueprint

bp = Blueprint("units", __name__)

from webapp.units import routes  # noqa: E402,F401
