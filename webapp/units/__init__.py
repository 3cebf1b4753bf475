from flask import Blueprint

# The area's own static folder holds one small script: htmx shows a form's 400 answer.
bp = Blueprint("units", __name__, static_folder="static", static_url_path="/units/static")

from webapp.units import reference, routes, staff  # noqa: E402,F401
