"""The manager's view of failed sign-ins: what is locked now (opened with one button, audited), and
each wrong password or kiosk pairing code with the email as typed, the address and the time."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp import audit
from webapp.accounts import bp, throttle
from webapp.accounts.access import manager_required
from webapp.lib.forms import EmptyForm
from webapp.accounts.models import FailedSignIn, Person, SignInThrottle
from webapp.extensions import db
from webapp.lib.urls import page_arg

PAGE_SIZE = 50
KINDS = {"password": _l("Salasana"), "pairing": _l("Kioskin yhdistämiskoodi")}
SCOPES = {
    "account": _l("Käyttäjätunnus"),
    "device": _l("Käyttäjätunnus laitteella, jolla on kirjauduttu aiemmin"),
    "address": _l("IP-osoite (kirjautuminen)"),
    "pairing": _l("IP-osoite (kioskin yhdistäminen)"),
}


def _people_by_email(emails) -> dict[str, Person]:
    wanted = {e.strip().lower() for e in emails if e}
    if not wanted:
        return {}
    return {p.email: p for p in db.session.scalars(db.select(Person).where(Person.email.in_(wanted)))}


def _lock_rows(locks: list[SignInThrottle]) -> list[dict]:
    emails = [throttle.device_email(row) if row.scope == "device" else row.subject
              for row in locks if row.scope in ("account", "device")]
    people = _people_by_email(emails)
    rows = []
    for row in locks:
        who = throttle.device_email(row) if row.scope == "device" else row.subject
        rows.append({"row": row, "what": SCOPES[row.scope], "who": who,
                     "person": people.get(who) if row.scope in ("account", "device") else None,
                     "until": format_time(row.locked_until, "short")})
    return rows


@bp.get("/sign-ins")
@manager_required
def sign_ins():
    pages = db.paginate(db.select(FailedSignIn).order_by(FailedSignIn.at.desc(), FailedSignIn.id.desc()),
                        page=page_arg(request.args.get("page")), per_page=PAGE_SIZE, max_per_page=PAGE_SIZE,
                        error_out=True)
    people = _people_by_email(f.email for f in pages.items)
    return render_template("accounts/sign_ins.html", pages=pages, kinds=KINDS, locks=_lock_rows(throttle.locks_now()),
                           people=people, form=EmptyForm(), rules=throttle.RULES)


@bp.post("/sign-ins/locks/<int:lock_id>/unlock")
@manager_required
def unlock(lock_id: int):
    row = db.session.get(SignInThrottle, lock_id)
    if row is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    audit.record(row, "unlock", changes={
        "scope": [row.scope, row.scope], "subject": [row.subject, row.subject], "failures": [row.failures, 0],
        "locked_until": [row.locked_until.isoformat() if row.locked_until else None, None]})
    throttle.unlock(row)
    db.session.commit()
    who = throttle.device_email(row) if row.scope == "device" else row.subject
    flash(_("Lukitus on avattu: %(who)s. Kirjautumista voi yrittää heti.", who=who), "success")
    return redirect(url_for("accounts.sign_ins"))
