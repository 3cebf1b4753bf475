from flask import Blueprint

bp = Blueprint("diary", __name__)

from webapp.diary import coach, routes  # noqa: E402,F401
