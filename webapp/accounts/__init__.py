from flask import Blueprint

bp = Blueprint("accounts", __name__)

from webapp.accounts import routes, sign_ins  # noqa: E402,F401
