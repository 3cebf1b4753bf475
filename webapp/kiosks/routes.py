"""Kiosks: the manager lists, adds, renames and revokes them and makes pairing codes; the
tablet opens /kiosk/pair, types (or scans) the code and gets its device cookie.

There is no open kiosk URL: everything the tablet does afterwards needs that cookie
(device.kiosk_required), and without it the tablet sees only the "not paired" page.
"""
from itertools import groupby

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, format_time, format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.routing import BuildError

from webapp import audit
from webapp.accounts import throttle
from webapp.accounts.access import manager_required
from webapp.enrolment.codes import hash_code
from webapp.enrolment.forms import ConfirmForm
from webapp.extensions import db
from webapp.kiosks import bp, device
from webapp.kiosks.forms import KioskForm, PairForm, RenameForm
from webapp.checkin.models import Kiosk
from webapp.lib import clock
from webapp.lib.qr import qr_svg
from webapp.lib.forms import EmptyForm
from webapp.units.models import Unit

# Audit actions on a kiosk, as the history on its page names them.
ACTIONS = {
    "create": _l("Kioski lisätty"),
    "rename": _l("Nimi muutettu"),
    "pairing_code": _l("Yhdistämiskoodi tehty"),
    "paired": _l("Tabletti yhdistetty"),
    "revoke": _l("Poistettu käytöstä"),
}
STATUSES = {
    "waiting": _l("Odottaa yhdistämistä"),
    "in_use": _l("Käytössä"),
    "revoked": _l("Poistettu käytöstä"),
}


def status_of(kiosk: Kiosk) -> str:
    if kiosk.is_revoked:
        return "revoked"
    if kiosk.is_paired:
        return "in_use"
    return "waiting"


@bp.app_template_global("kiosk_status")
def _kiosk_status(kiosk: Kiosk) -> dict:
    key = status_of(kiosk)
    return {"key": key, "label": STATUSES[key]}


@bp.app_template_global("kiosk_last_seen")
def _kiosk_last_seen(kiosk: Kiosk) -> str:
    """When the tablet last called in: "5 minuuttia sitten" today, else the date and time."""
    if kiosk.last_seen_at is None:
        return "–"
    ago = kiosk.last_seen_at - clock.now()
    if -ago.total_seconds() < 24 * 3600:
        return format_timedelta(ago, add_direction=True)
    return format_datetime(kiosk.last_seen_at, "short")


def get_kiosk(kiosk_id: int) -> Kiosk:
    """The one way to fetch a kiosk for the manager's screens: 404 when there is none."""
    kiosk = db.session.get(Kiosk, kiosk_id)
    if kiosk is None:
        abort(404)
    return kiosk


def screen_url() -> str:
    """The kiosk screen on the tablet (built in tablet.py), or its address until it exists."""
    try:
        return url_for("kiosks.screen")
    except BuildError:
        return "/kiosk"


def grouped_code(code: str) -> str:
    """12345678 → "1234 5678": easier to read aloud and to type."""
    return f"{code[:4]} {code[4:]}"


# --- The manager's screens ----------------------------------------------------------------------

@bp.get("/kiosks")
@manager_required
def index():
    kiosks = db.session.scalars(
        db.select(Kiosk).join(Kiosk.unit).options(selectinload(Kiosk.unit))
        .order_by(Unit.name, Unit.id, Kiosk.revoked_at.is_not(None), Kiosk.name, Kiosk.id)
    ).all()
    by_unit = [(unit, list(rows)) for unit, rows in groupby(kiosks, key=lambda k: k.unit)]
    return render_template("kiosks/index.html", by_unit=by_unit)


def _new_form() -> KioskForm:
    form = KioskForm()
    units = db.session.scalars(db.select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)).all()
    form.unit.choices = [("", _("Valitse toimipiste"))] + [(u.id, u.name) for u in units]
    return form


PENDING = "kiosk_pairing"  # {kiosk id: code} in the manager's own session, while the code is open


def _show_code_next(kiosk: Kiosk, code: str):
    """Post/redirect/get: a refresh of the page must not make a second kiosk or code. The
    database keeps only the code's hash; the manager's signed session holds the code itself
    until the tablet uses it or it expires, so the kiosk's page can show it meanwhile."""
    session[PENDING] = {**session.get(PENDING, {}), str(kiosk.id): code}
    return redirect(url_for("kiosks.detail", kiosk_id=kiosk.id), 303)


def _pending_code(kiosk: Kiosk) -> str | None:
    """The open pairing code this manager made for kiosk, if it still works."""
    pending = session.get(PENDING, {})
    code = pending.get(str(kiosk.id))
    if code is None:
        return None
    if kiosk.pairing_open() and hash_code(code) == kiosk.pairing_code_hash:
        return code
    session[PENDING] = {k: v for k, v in pending.items() if k != str(kiosk.id)}
    return None


def _pairing_page(kiosk: Kiosk, code: str):
    """The kiosk's page with its open pairing code, as digits and as a QR the tablet's camera
    can open."""
    url = url_for("kiosks.pair", code=code, _external=True)
    pairing = {
        "code": grouped_code(code),
        "qr": qr_svg(url, _("QR-koodi, jolla tabletti yhdistetään kioskiksi %(name)s", name=kiosk.name)),
        "expires": format_time(kiosk.pairing_expires_at, "short"),
        "minutes": device.PAIRING_MINUTES,
        "pair_url": url_for("kiosks.pair", _external=True),
    }
    return _detail_page(kiosk, pairing=pairing)


def _detail_page(kiosk: Kiosk, status: int = 200, **context):
    context.setdefault("rename_form", RenameForm(formdata=None, data={"name": kiosk.name}))
    return render_template("kiosks/detail.html", kiosk=kiosk, events=audit.history(kiosk),
                           actions=ACTIONS, **context), status


@bp.route("/kiosks/new", methods=["GET", "POST"])
@manager_required
def new():
    form = _new_form()
    if form.validate_on_submit():
        unit = db.session.get(Unit, form.unit.data)
        code, kiosk = device.create_kiosk(unit, form.name.data, current_user)
        # Written out by hand: the row also holds the private key and the code's hash.
        audit.record(kiosk, "create", changes={
            "name": [None, kiosk.name], "unit_id": [None, unit.id],
            "pairing_expires_at": [None, kiosk.pairing_expires_at.isoformat()]})
        db.session.commit()
        return _show_code_next(kiosk, code)
    status = 400 if form.is_submitted() else 200
    return render_template("kiosks/new.html", form=form), status


@bp.get("/kiosks/<int:kiosk_id>")
@manager_required
def detail(kiosk_id: int):
    kiosk = get_kiosk(kiosk_id)
    code = _pending_code(kiosk)
    return _pairing_page(kiosk, code) if code else _detail_page(kiosk)


@bp.get("/kiosks/<int:kiosk_id>/pairing")
@manager_required
def pairing_status(kiosk_id: int):
    """The pairing page asks this every few seconds: has the tablet used the code yet?

    Only claim_pairing and revoke clear a code, so a code that is gone from a kiosk still in
    use was used by a tablet."""
    kiosk = get_kiosk(kiosk_id)
    if kiosk.pairing_open():
        state = "waiting"
    elif kiosk.is_revoked:
        state = "revoked"
    elif kiosk.pairing_code_hash is None and kiosk.is_paired:
        state = "paired"
    else:
        state = "expired"
    return render_template("kiosks/_pairing_status.html", kiosk=kiosk, state=state)


@bp.post("/kiosks/<int:kiosk_id>/rename")
@manager_required
def rename(kiosk_id: int):
    kiosk = get_kiosk(kiosk_id)
    form = RenameForm()
    if not form.validate_on_submit():
        return _detail_page(kiosk, 400, rename_form=form)
    if form.name.data != kiosk.name:
        audit.record(kiosk, "rename", changes={"name": [kiosk.name, form.name.data]})
        kiosk.name = form.name.data
        db.session.commit()
    flash(_("Nimi on tallennettu."), "success")
    return redirect(url_for("kiosks.detail", kiosk_id=kiosk.id))


@bp.post("/kiosks/<int:kiosk_id>/pair")
@manager_required
def new_code(kiosk_id: int):
    """A new pairing code: for a tablet that lost its cookie, or a new tablet in its place.
    The tablet holding the current cookie keeps working until the new code is used."""
    kiosk = get_kiosk(kiosk_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if kiosk.is_revoked:
        return _detail_page(kiosk, 409, problem=_(
            "Käytöstä poistettua kioskia ei voi yhdistää uudelleen. Lisää uusi kioski."))
    code = device.open_pairing(kiosk)
    audit.record(kiosk, "pairing_code", changes={
        "pairing_expires_at": [None, kiosk.pairing_expires_at.isoformat()]})
    db.session.commit()
    return _show_code_next(kiosk, code)


@bp.post("/kiosks/<int:kiosk_id>/revoke")
@manager_required
def revoke(kiosk_id: int):
    kiosk = get_kiosk(kiosk_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if kiosk.is_revoked:
        flash(_("Kioski on jo poistettu käytöstä."), "info")
        return redirect(url_for("kiosks.detail", kiosk_id=kiosk.id))
    if not form.confirmed:
        return _detail_page(kiosk, ask_revoke=True)
    was_paired = kiosk.is_paired
    device.revoke(kiosk, current_user)
    audit.record(kiosk, "revoke", changes={
        "revoked_at": [None, kiosk.revoked_at.isoformat()], "was_paired": [was_paired, False]})
    db.session.commit()
    flash(_("Kioski %(name)s on poistettu käytöstä. Tabletti ei enää toimi kioskina.", name=kiosk.name),
          "success")
    return redirect(url_for("kiosks.detail", kiosk_id=kiosk.id))


# --- The tablet --------------------------------------------------------------------------------
#
# Guessing a code: there are 10^8 codes; a code lives 15 minutes and is used once. Wrong codes
# are throttled per address like passwords (accounts.throttle.PAIRING: 4 at once, then waits of
# 15 s, 30 s ... and from the 10th a 15-minute lock; the count is in the database, so every app
# machine counts together). One address gets about 100 guesses a day: no real chance at a code.
# A win would also show: the manager's screen would say "Yhdistetty!" before their own tablet did,
# and they revoke it. The answer to a wrong code is the same whether the code never existed,
# expired or was used, so it tells nothing. Wrong codes are listed for the manager (/sign-ins),
# without the digits guessed.

def _code_for_input(raw: str | None) -> str:
    """?code= from the QR, shown in the box grouped as on the manager's screen."""
    digits = device.normalise_code((raw or "")[:40])[:device.PAIRING_DIGITS]
    return grouped_code(digits) if len(digits) == device.PAIRING_DIGITS else digits


def _pair_page(form: PairForm, status: int, paired_as: Kiosk | None = None, refusal: list[str] | None = None,
               headers: dict | None = None):
    return render_template("kiosks/pair.html", form=form, paired_as=paired_as, screen_url=screen_url(),
                           refusal=refusal), status, headers or {}


@bp.route("/kiosk/pair", methods=["GET", "POST"])
def pair():
    form = PairForm()
    if request.method == "GET":
        form.code.data = _code_for_input(request.args.get("code"))
        return _pair_page(form, 200, paired_as=device.current_kiosk())
    if not form.validate_on_submit():
        return _pair_page(form, 400)
    attempt = throttle.attempt((throttle.PAIRING, throttle.current_address_key()))
    if attempt.refused:  # not even checked: the right code does not pair now
        return _pair_page(form, 429, refusal=throttle.refusal(attempt.refused_until),
                          headers={"Retry-After": str(attempt.retry_after())})
    claimed = device.claim_pairing(form.code.data)
    if claimed is None:
        db.session.rollback()
        throttle.failed("pairing")
        form.code.errors.append(_(
            "Koodi ei kelpaa. Tarkista numerot. Koodi toimii vain kerran ja %(minutes)d minuuttia: "
            "pyydä tarvittaessa esihenkilöltä uusi koodi.", minutes=device.PAIRING_MINUTES))
        return _pair_page(form, 400)
    secret, kiosk = claimed
    throttle.succeeded(attempt)
    audit.record(kiosk, "paired", changes={"paired_at": [None, kiosk.paired_at.isoformat()]})
    db.session.commit()
    response = redirect(screen_url(), code=303)
    return device.set_device_cookie(response, secret)
