from flask import Blueprint

bp = Blueprint("enrolment", __name__)

from webapp.enrolment import pin, routes  # noqa: E402,F401
