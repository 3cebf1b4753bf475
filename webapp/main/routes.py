from flask import abort, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import text

from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.main import bp
from webapp.main.forms import LanguageForm


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    if current_user.role == Role.ADMIN:
        return redirect(url_for("clients.index"))
    if current_user.role == Role.COACH:
        return redirect(url_for("clients.mine"))
    return render_template("main/home.html")


@bp.get("/healthz")
def healthz():
    """For the load balancer: the app answers and the database too."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.post("/language")
def language():
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["lang"] = form.language.data
    if current_user.is_authenticated:
        current_user.language = form.language.data
        db.session.commit()
    target = form.next.data or ""
    # Only ever go back to a page of this site.
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("main.home")
    return redirect(target)


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")
