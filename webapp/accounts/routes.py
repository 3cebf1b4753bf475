from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp import audit
from webapp.accounts import bp, sessions, throttle
from webapp.accounts.forms import ChangePasswordForm, LoginForm
from webapp.lib.forms import EmptyForm
from webapp.accounts.models import Person, Role
from webapp.accounts.passwords import burn_time, hash_secret, verify_secret
from webapp.extensions import db
from webapp.lib.redirects import safe_next


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        typed = form.email.data
        email = typed.strip().lower()
        attempt = throttle.attempt(*throttle.password_targets(email))
        if attempt.refused:  # not even checked: a right password does not sign in now
            return _login_page(form, 429, refusal=throttle.refusal(attempt.refused_until, password=True),
                               headers={"Retry-After": str(attempt.retry_after())})
        person = db.session.scalar(db.select(Person).where(Person.email == email))
        if person is None:
            burn_time()
        elif verify_secret(person.password_hash, form.password.data) and person.active:
            throttle.succeeded(attempt)
            throttle.clear(throttle.ACCOUNT, email)  # also when the try was counted for a known device
            sessions.start(person, remember=form.remember.data)  # commits
            response = redirect(safe_next(request.args.get("next"), url_for("main.home")))
            return throttle.remember_device(response, email)
        throttle.failed("password", typed)
        form.password.errors.append(_("Väärä sähköposti tai salasana."))
        return _login_page(form, 400)
    return _login_page(form, 400 if form.is_submitted() else 200)


def _login_page(form: LoginForm, status: int, refusal: list[str] | None = None, headers: dict | None = None):
    return render_template("accounts/login.html", form=form, refusal=refusal), status, headers or {}


def _signed_out(staff: bool):
    """To the sign-in page. A client's phone may be shared: the browser forgets what the phone app
    kept (the service worker, its copies of the client's pages, unsent diary drafts). Unsent
    drafts are lost; that trade-off belongs to logging out, not to every page. Not for staff: they
    never had the phone app, and a tablet a coach signs out on may also be the unit's kiosk, whose
    unsent scans wait in this same origin's storage. (An expired session counts as a client's:
    nothing to keep there either.)"""
    response = redirect(url_for("accounts.login"))
    if not staff:
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


def _is_staff() -> bool:
    return current_user.is_authenticated and current_user.role != Role.CLIENT


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
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("accounts.login"))
    staff = _is_staff()
    sessions.end_current()  # this device only: the person's other devices stay signed in
    flash(_("Olet kirjautunut ulos."), "info")
    return _signed_out(staff)


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """Every device out at once, this one too: for a lost phone, or a session left open somewhere."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("main.home"))
    staff = _is_staff()
    person = current_user._get_current_object()
    person.sign_out_everywhere()
    audit.record(person, "signed_out_everywhere", changes={"login_token": ["…", "…"]})
    db.session.commit()
    sessions.end_current()
    flash(_("Olet kirjautunut ulos kaikilta laitteilta."), "info")
    return _signed_out(staff)


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
            # Stay signed in here (as remembered as before), out everywhere else.
            sessions.start(person, remember=current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies)
            flash(_("Salasanasi on vaihdettu."), "success")
            return redirect(url_for("main.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/password.html", form=form), status
