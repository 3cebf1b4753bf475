"""Error pages in the app's style and the reader's language."""
import logging

from flask import request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from webapp.extensions import db
from webapp.lib.errors import render_error

log = logging.getLogger(__name__)

# PostgreSQL's error classes that mean "busy or away", not "a bug": connection exceptions (08),
# operator intervention (57: a statement timeout, the server shutting down), insufficient
# resources (53), transaction rollback (40: a deadlock, a serialization failure), a lock not
# got in time (55P03) and a transaction left idle too long (25P03).
UNAVAILABLE_CLASSES = ("08", "57", "53", "40")
UNAVAILABLE_STATES = ("55P03", "25P03")
RETRY_AFTER_SECONDS = 10


def database_unavailable(error: BaseException) -> bool:
    """Whether a database error means the database is busy, slow or unreachable, so that the
    answer is "try again in a moment" (503) rather than "we have a bug" (500)."""
    if isinstance(error, PoolTimeout):  # every connection of the pool stayed busy
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    state = getattr(original, "sqlstate", None)
    if state:
        return state[:2] in UNAVAILABLE_CLASSES or state in UNAVAILABLE_STATES
    if type(original).__module__.startswith("psycopg"):  # no state: the connection itself failed
        return isinstance(error, OperationalError)
    return "database is locked" in str(original)  # SQLite past its busy_timeout


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
        if database_unavailable(error):
            log.warning("Database unavailable on %s %s: %s", request.method, request.path,
                        str(getattr(error, "orig", None) or error).splitlines()[0])
            try:
                db.session.rollback()
            except Exception:  # the connection is gone: the pool replaces it on the next checkout
                log.debug("rollback failed", exc_info=True)
            response = render_error(503)
            return response[0], 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
        log.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)
