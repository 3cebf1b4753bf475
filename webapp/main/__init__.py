from flask import Blueprint

bp = Blueprint("main", __name__)

from webapp.main import routes  # noqa: E402,F401
from webapp.main import pwa  # noqa: E402,F401
from webapp.main import mydata  # noqa: E402,F401
