from flask import Blueprint

bp = Blueprint("periods", __name__)

from webapp.periods import routes  # noqa: E402,F401
