"""Error pages in the app's style and the reader's language."""
import logging

from flask import request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.extensions import db
from webapp.lib.errors import render_error

log = logging.getLogger(__name__)


def init_errors(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _("Lomake ehti vanhentua. Lataa sivu uudelleen ja yritä uudestaan."))

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        response = render_error(error.code)
        if error.code == 405 and error.valid_methods:
            return response[0], 405, {"Allow": ", ".join(error.valid_methods)}
        return response

    @app.errorhandler(Exception)
    def server_error(error):
        log.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)
