"""The office's money screens (managers; a closed day's correction also its unit's coach).

GET  /money/compensation?month=&unit=&format=   the month's compensation per payer: client,
                                                compensable days, rate, amount and totals — from
                                                `month.month_view` (a closed unit's frozen lines,
                                                the others' live `compensation.totals`), and the
                                                days without a payer as a problem.
GET  /money/rates                               the daily compensation rates per payer, newest
                                                first, who added each, when and why; the form.
POST /money/rates                               add a rate from a date on (audited, a reason is
                                                required). Bad input or the payer's date again:
                                                400. A date in a closed month: 400 asking to
                                                confirm (confirm=y); the closed month stays frozen
                                                and the difference is adjusted at the next close.
GET|POST /money/close?unit=&month=              close a unit's month.
GET|POST /days/<id>/correct                     correct a day of a closed month.
"""
from datetime import date
from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts.access import manager_required, staff_required
from webapp.accounts.models import Person
from webapp.audit import access
from webapp.approvals import decisions
from webapp.checkin.models import month_closed
from webapp.approvals.access import get_day_for
from webapp.approvals.month import month_arg
from webapp.lib.dates import shift_month
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.forms import EmptyForm
from webapp.clients.labels import PAYERS
from webapp.lib.cents import cents_text
from webapp.money import bp, close, exports, rates
from webapp.money.invoice_basis import orderer_and_kind_names
from webapp.money.month import month_view
from webapp.money.forms import CorrectionForm, RateForm
from webapp.money.models import PAYING
from webapp.units.access import get_unit_for
from webapp.units.models import Unit


@bp.get("/money/compensation")
@manager_required
def compensation_month():
    today = clock.today()
    month = month_arg(request.args.get("month"), today)
    unit = get_unit_for(current_user, request.args["unit"]) if request.args.get("unit") else None
    view = month_view(month, unit)
    names = _names(view.client_ids)
    fmt = exports.format_arg(request.args.get("format"))
    access.log_list(current_user, names, "compensation")
    if fmt is not None:
        return exports.compensation_response(fmt, view, unit, names)
    payers = [(payer, sorted(view.rows(payer), key=lambda t: (names[t.client_id].casefold(), t.client_id)))
              for payer in PAYING]
    units = db.session.scalars(db.select(Unit).order_by(Unit.name)).all()
    return render_template("money/compensation.html", view=view, month=month, unit=unit, units=units,
                           payers=payers, names=names, today=today, notes=exports.later_notes(view),
                           closed_word=exports.closed_word(view.closes, view.units), later_note=exports.later_note,
                           without_payer=exports.without_payer_rows(view, names), days_span=exports.days_span,
                           previous=shift_month(month, -1),
                           following=shift_month(month, 1) if month < today.replace(day=1) else None)


# --- Compensation rates ------------------------------------------------------------------------

NO_STORE = {"Cache-Control": "no-store"}


def _rates_page(form: RateForm, status: int = 200, reaching=None):
    today = clock.today()
    return render_template("money/rates.html", form=form, groups=rates.rate_groups(today), today=today,
                           reaching=reaching, reaching_words=rates.closes_words(reaching or []),
                           cents_text=cents_text), status, NO_STORE


@bp.get("/money/rates")
@manager_required
def rates_page():
    payer = request.args.get("payer")
    return _rates_page(RateForm(formdata=None, payer=payer if payer in PAYING else None))


@bp.post("/money/rates")
@manager_required
def add_rate():
    form = RateForm()
    if not form.validate_on_submit():
        return _rates_page(form, 400)
    payer, valid_from = form.payer.data, form.valid_from.data
    reaching = rates.closes_from(valid_from)
    if reaching and not form.confirm.data:
        form.confirm.errors = [_("Päivä osuu suljettuun kuukauteen. Vahvista, että näin on tarkoitus.")]
        return _rates_page(form, 400, reaching)
    reason = form.reason.data.strip()
    if reaching:
        reason += " — " + _("Ulottuu suljettuihin kuukausiin, jotka eivät muutu: %(months)s",
                            months=rates.closes_words(reaching))
    rate = rates.add_rate(payer, valid_from, form.amount.cents, reason)
    if rate is None:
        form.valid_from.errors.append(_("Tälle maksajalle on jo summa tästä päivästä alkaen. Summaa ei muuteta: "
                                        "valitse muutokselle uusi alkamispäivä."))
        return _rates_page(form, 400, reaching)
    flash(_("Päivän summa tallennettu: %(payer)s %(amount)s € %(day)s alkaen.", payer=PAYERS[payer],
            amount=cents_text(rate.amount_cents), day=format_date(valid_from, "d.M.yyyy")), "success")
    return redirect(url_for("money.rates_page"), 303)


# --- Month close -------------------------------------------------------------------------------

@bp.route("/money/close", methods=["GET", "POST"])
@manager_required
def close_month():
    """One unit's month: what keeps it open, the adjustments it will carry, and the close button."""
    unit = get_unit_for(current_user, request.values.get("unit") or _first_unit_id())
    month = (month_arg(request.values.get("month"), clock.today()) if request.values.get("month")
             else close.first_open_month(unit) or clock.today().replace(day=1))
    form = EmptyForm()
    status, message = 200, None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            close.close_month(unit, month, current_user)
        except close.CloseError as error:
            db.session.rollback()
            status, message = error.status, str(error.message)
        else:
            db.session.commit()
            flash(_("Kuukausi %(month)s on suljettu.", month=format_date(month, "LLLL yyyy")), "success")
            return redirect(url_for("money.close_month", unit=unit.id, month=month.strftime("%Y-%m")), 303)
    record = close.closed(unit.id, month)
    missing = [] if record else close.missing(unit, month)
    names = _names({m.client_id for m in missing if m.client_id})
    adjustments = ([line for line in close.frozen_lines(record) if line.kind == "adjustment"] if record
                   else close.pending_adjustments(unit, month))
    names.update(_names({a.client_id for a in adjustments}))
    units = db.session.scalars(db.select(Unit).order_by(Unit.name)).all()
    invoice = _invoice_side(unit, month, record)
    access.log_list(current_user, [*names, *invoice.names], "compensation")
    return render_template("money/close.html", unit=unit, units=units, month=month, record=record, missing=missing,
                           adjustments=adjustments, names=names, form=form, message=message,
                           invoice=invoice,
                           next_month=close.first_open_month(unit)), status


def _invoice_side(unit, month: date, record):
    """For templates/money/close.html: the invoice side of a unit's month close — the days that
    will be frozen without a price, and the invoice adjustments (carried by the close, or
    pending for it), with the names they need."""
    if record is not None:
        adjustments = [line for line in close.frozen_invoice_lines(record) if line.kind == "adjustment"]
        unpriced = 0
    else:
        adjustments = close.pending_invoice_adjustments(unit, month)
        unpriced = close.unpriced_days(unit, month)
    orderers, kinds = orderer_and_kind_names(adjustments)
    return SimpleNamespace(unpriced=unpriced, adjustments=adjustments,
                           names=_names({a.client_id for a in adjustments}),
                           orderer=lambda a: orderers.get(a.orderer_id, _("Ei tilaajaa")),
                           kind=lambda a: kinds.get(a.service_type_id, _("Ei jaksoa")))


def _first_unit_id() -> str:
    unit_id = db.session.scalar(db.select(Unit.id).where(Unit.active.is_(True)).order_by(Unit.name))
    if unit_id is None:
        abort(404)
    return str(unit_id)


def _names(ids) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(db.select(Person.id, Person.last_name + ", " + Person.first_name)
                                   .where(Person.id.in_(ids))).all())


# --- Correcting a day of a closed month ------------------------------------------------------------

@bp.route("/days/<int:day_id>/correct", methods=["GET", "POST"])
@staff_required
def correct_day(day_id: int):
    """A later correction of a decided day in a closed month (a coach of the unit or a manager):
    the day counts after all, or it does not; the money difference becomes an adjustment line."""
    day = get_day_for(current_user, day_id)
    form = CorrectionForm()
    if request.method == "GET":
        access.log_read(current_user, day.client_id, "days", purpose=access.BILLING)
    if not month_closed(day.unit_id, day.day):
        return render_template("money/correct.html", day=day, form=None,
                               message=_("Kuukausi ei ole suljettu: käsittele päivä päivän näkymässä.")), 409
    status, message = 200, None
    if form.validate_on_submit():
        try:
            decisions.correct_closed_day(day, current_user, form.counted.data == "yes", form.reason.data)
        except decisions.DecisionError as error:
            db.session.rollback()
            status, message = error.status, str(error.message)
        else:
            db.session.commit()
            flash(_("Korjaus tallennettu. Se näkyy oikaisuna seuraavassa suljettavassa kuukaudessa."), "success")
            return redirect(url_for("approvals.board", unit_id=day.unit_id, day=day.day.isoformat()), 303)
    elif form.is_submitted():
        status = 400
    return render_template("money/correct.html", day=day, form=form, message=message), status
