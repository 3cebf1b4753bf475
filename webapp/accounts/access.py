"""Who may see what. Authorisation lives here and in each area's one access helper."""
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp.extensions import db, login_manager

from .models import Person, Role


def init_login(app):
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Kirjaudu sisään nähdäksesi tämän sivun.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(login_token: str):
        return db.session.scalar(db.select(Person).where(Person.login_token == login_token))


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
