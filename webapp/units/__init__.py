from flask import Blueprint

# The area's own static folder holds one small script: htmx shows a form's 400 answer.
bp = Blueprint("units", __name__)

from webapp.units import organisation, reference, routes, staff  # noqa: E402,F401
