from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from webapp import audit
from webapp.accounts import bp
from webapp.accounts.forms import ChangePasswordForm, LoginForm
from webapp.accounts.models import Person, Role
from webapp.accounts.passwords import burn_time, hash_secret, verify_secret
from webapp.extensions import db
from webapp.main.forms import EmptyForm


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        person = db.session.scalar(db.select(Person).where(Person.email == email))
        if person is None:
            burn_time()
        elif verify_secret(person.password_hash, form.password.data) and person.active:
            login_user(person, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Väärä sähköposti tai salasana."))
        return render_template("accounts/login.html", form=form), 400
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.get("/logout/confirm")
@login_required
def confirm_logout():
    """The question before logging out, for the client's phone: what it means, in plain words.
    A client who came in with a one-time code has no password: once logged out, only a new code
    from her coach brings this phone back. (Staff log out from the menu at once.)"""
    return render_template("accounts/logout_confirm.html", form=EmptyForm(),
                           has_password=current_user.password_hash is not None and current_user.email is not None)


@bp.post("/logout")
def logout():
    form = EmptyForm()
    response = redirect(url_for("accounts.login"))
    if form.validate_on_submit():
        staff = current_user.is_authenticated and current_user.role != Role.CLIENT
        logout_user()
        flash(_("Olet kirjautunut ulos."), "info")
        if not staff:
            # A client's phone may be shared: the browser forgets what the phone app kept (the
            # service worker, its copies of the client's pages, unsent diary drafts). Unsent
            # drafts are lost; that trade-off belongs to logging out, not to every page.
            # Not for staff: they never had the phone app, and a tablet a coach signs out on may
            # also be the unit's kiosk, whose unsent scans wait in this same origin's storage.
            # (An expired session counts as a client's: nothing to keep there either.)
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_secret(current_user.password_hash, form.current.data):
            form.current.errors.append(_("Nykyinen salasana ei ole oikein."))
        else:
            person = current_user._get_current_object()
            person.password_hash = hash_secret(form.new.data)
            person.sign_out_everywhere()
            audit.record(person, "password_change")
            db.session.commit()
            login_user(person)  # stay signed in here, out everywhere else
            flash(_("Salasanasi on vaihdettu."), "success")
            return redirect(url_for("main.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/password.html", form=form), status
