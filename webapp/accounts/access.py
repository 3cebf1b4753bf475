"""Who may see what. Authorisation lives here and in each area's one access helper."""
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_url

from webapp.extensions import login_manager

from . import sessions
from .models import Person, Role


def init_login(app):
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Kirjaudu sisään nähdäksesi tämän sivun.")
    login_manager.login_message_category = "info"
    # The cookies carry the login token and the key of the device's sign-in record (sessions.py).
    login_manager.id_attribute = "sign_in_id"
    login_manager.user_loader(sessions.load)

    @app.after_request
    def sign_in_as_a_whole_page(response):
        """htmx follows a redirect quietly and would put the sign-in page inside the part it
        refreshes (the kitchen's counts, the board's rows, after the session ended). It gets
        HX-Redirect instead: the browser goes to the sign-in page, and back to the page after."""
        if (response.status_code == 302 and request.headers.get("HX-Request") == "true"
                and urlsplit(response.location).path == url_for(login_manager.login_view)):
            page = request.headers.get("HX-Current-URL") or request.url
            response.status_code = 401
            response.headers.pop("Location")
            response.headers["HX-Redirect"] = login_url(login_manager.login_view, next_url=page)
        return response


def roles_required(*roles: Role):
    """Signed in and holding one of the roles; anyone else gets 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


manager_required = roles_required(Role.ADMIN)
staff_required = roles_required(Role.ADMIN, Role.COACH)


def visible_unit_ids(person: Person) -> set[int] | None:
    """Units a staff member may see: all for a manager (None), their own for a coach."""
    if person.role == Role.ADMIN:
        return None
    return {unit.id for unit in person.units}
