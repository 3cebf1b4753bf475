"""The manager's invoicing: day prices and the month's invoice basis.

GET  /invoicing/prices                    the day prices per orderer and service type, newest
                                          first, and the form for a new one (?orderer=&type=
                                          pre-fill it, e.g. from a "no price" problem).
POST /invoicing/prices                    add a price from a date on (audited). A price is never
                                          edited: a change is a new row from its date. Bad input
                                          or the same orderer, type and date again: 400 with the
                                          form and its messages. Success: 303 back to the list.
GET  /invoicing?month=YYYY-MM             per orderer and service type: confirmed days × the day
                                          price of each day (basis.invoice_lines), problems
                                          (no price, no orderer) apart; &format=csv|xlsx|print.
GET  /invoicing/clients?month=&orderer=&type=   the drill-down: each client's days and amount
                                          for one orderer and type ("none": the days without);
                                          &format=csv|xlsx|print.

Managers only (everyone else signed in: 403). A month, orderer, type or format that is not a
real one is 404.
"""
from datetime import date
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.accounts.access import manager_required
from webapp.accounts.models import Person
from webapp.approvals.month import in_reach, month_arg, shift_month
from webapp.clients.models import Municipality
from webapp.extensions import db
from webapp.invoicing import basis, bp
from webapp.invoicing.forms import PriceForm, cents_text
from webapp.lib import clock
from webapp.money.compensation import month_bounds
from webapp.money.models import DayPrice
from webapp.periods.models import ServiceType
from webapp.reports import export

NO_STORE = {"Cache-Control": "no-store"}


def euros(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


# --- Day prices ---------------------------------------------------------------------------------

def _choices(form: PriceForm) -> None:
    form.orderer.choices = [("", _("Valitse tilaaja"))] + [
        (m.id, m.name) for m in db.session.scalars(db.select(Municipality).order_by(Municipality.name))]
    kinds = db.session.scalars(db.select(ServiceType).order_by(ServiceType.code)).all()
    form.service_type.choices = [("", _("Valitse palvelun tyyppi"))] + [
        (k.id, k.name if k.active else _("%(name)s (ei käytössä)", name=k.name)) for k in kinds]


def _price_groups(today: date):
    """[(orderer, service type, [(DayPrice, valid until or None, in force today)])], by names."""
    prices = db.session.scalars(db.select(DayPrice).order_by(DayPrice.orderer_id, DayPrice.service_type_id,
                                                             DayPrice.valid_from.desc())).all()
    groups: dict[tuple[int, int], list] = {}
    for row in prices:
        groups.setdefault((row.orderer_id, row.service_type_id), []).append(row)
    result = []
    for rows in groups.values():
        shown, until, current_found = [], None, False
        for row in rows:  # newest first: each row is valid until the day before the newer one
            current = not current_found and row.valid_from <= today
            current_found |= current
            shown.append((row, until, current))
            until = date.fromordinal(row.valid_from.toordinal() - 1)
        result.append((rows[0].orderer, rows[0].service_type, shown))
    return sorted(result, key=lambda g: (g[0].name.casefold(), g[1].name.casefold()))


def _prices_page(form: PriceForm, status: int = 200):
    today = clock.today()
    return render_template("invoicing/prices.html", form=form, groups=_price_groups(today), today=today,
                           cents_text=cents_text), status, NO_STORE


def _pick(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


@bp.get("/invoicing/prices")
@manager_required
def prices():
    form = PriceForm(formdata=None, orderer=_pick(request.args.get("orderer")),
                     service_type=_pick(request.args.get("type")))
    _choices(form)
    return _prices_page(form)


@bp.post("/invoicing/prices")
@manager_required
def add_price():
    form = PriceForm()
    _choices(form)
    if not form.validate_on_submit():
        return _prices_page(form, 400)
    duplicate = db.session.scalar(db.select(DayPrice).where(
        DayPrice.orderer_id == form.orderer.data, DayPrice.service_type_id == form.service_type.data,
        DayPrice.valid_from == form.valid_from.data))
    if duplicate is None:
        price = DayPrice(orderer_id=form.orderer.data, service_type_id=form.service_type.data,
                         valid_from=form.valid_from.data, price_cents=form.price.cents, created_at=clock.now())
        db.session.add(price)
        try:
            audit.record(price, "create")
            db.session.commit()
        except IntegrityError:  # the same price was saved at the same moment
            db.session.rollback()
            duplicate = True
    if duplicate is not None:
        form.valid_from.errors.append(_("Tälle tilaajalle ja palvelun tyypille on jo hinta tästä päivästä alkaen. "
                                        "Hintaa ei muuteta: valitse muutokselle uusi alkamispäivä."))
        return _prices_page(form, 400)
    flash(_("Päivähinta tallennettu: %(price)s € %(day)s alkaen.", price=cents_text(price.price_cents),
            day=format_date(price.valid_from, "d.M.yyyy")), "success")
    return redirect(url_for("invoicing.prices"), 303)


# --- The month's invoice basis ------------------------------------------------------------------

def _names(lines) -> tuple[dict, dict]:
    orderer_ids = {line.orderer_id for line in lines if line.orderer_id is not None}
    type_ids = {line.service_type_id for line in lines if line.service_type_id is not None}
    orderers = dict(db.session.execute(db.select(Municipality.id, Municipality.name)
                                       .where(Municipality.id.in_(orderer_ids))).all()) if orderer_ids else {}
    kinds = {k.id: k.name for k in db.session.scalars(db.select(ServiceType).where(ServiceType.id.in_(type_ids)))} \
        if type_ids else {}
    return orderers, kinds


def _groups(lines, orderers, kinds):
    """[(orderer_id, type_id, orderer name, type name, [lines], days, amount_cents, unpriced days)], by names;
    the days without an orderer last."""
    groups: dict[tuple, list] = {}
    for line in lines:
        groups.setdefault((line.orderer_id, line.service_type_id), []).append(line)
    result = []
    for (orderer_id, type_id), rows in groups.items():
        rows.sort(key=lambda line: (line.price_cents is None, line.price_cents or 0))
        result.append((orderer_id, type_id,
                       orderers.get(orderer_id) if orderer_id is not None else _("Ei tilaajaa"),
                       kinds.get(type_id) if type_id is not None else _("Ei jaksoa"),
                       rows, sum(r.days for r in rows), sum(r.amount_cents for r in rows),
                       sum(r.days for r in rows if r.price_cents is None)))
    return sorted(result, key=lambda g: (g[0] is None, g[2].casefold(), g[3].casefold()))


def _note(line) -> str:
    if line.orderer_id is None:
        return _("Ei tilaajaa: päivälle ei ole jaksoa tilaajineen tässä toimipisteessä")
    if line.price_cents is None:
        return _("Ei päivähintaa")
    return ""


def _basis_table(groups):
    header = [_("Tilaaja"), _("Palvelun tyyppi"), _("Päivähinta (€)"), _("Päiviä"), _("Asiakkaita"),
              _("Summa (€)"), _("Huomio")]
    rows = [[orderer, kind, euros(line.price_cents), line.days, line.clients, euros(line.amount_cents), _note(line)]
            for _o, _t, orderer, kind, lines, *_rest in groups for line in lines]
    days = sum(g[5] for g in groups)
    amount = sum(g[6] for g in groups)
    problems = sum(g[7] for g in groups if g[0] is not None) + sum(g[5] for g in groups if g[0] is None)
    footer = [[_("Yhteensä"), "", None, days, None, euros(amount),
               _("Ongelmapäiviä %(count)d", count=problems) if problems else ""]]
    return header, rows, footer, problems


def _month_param(first: date) -> str:
    return f"{first:%Y-%m}"


@bp.get("/invoicing")
@manager_required
def month():
    today = clock.today()
    first = month_arg(request.args.get("month"), today)
    fmt = export.format_arg(request.args.get("format"))
    start, last = month_bounds(first)
    lines = basis.invoice_lines(start, last)
    orderers, kinds = _names(lines)
    groups = _groups(lines, orderers, kinds)
    header, rows, footer, problems = _basis_table(groups)
    title = _("Laskutusperuste %(month)s", month=format_date(first, "LLLL yyyy"))
    stem = f"laskutusperuste-{first:%Y-%m}"
    if fmt == "csv":
        return export.csv_response(stem, header, rows, footer)
    if fmt == "xlsx":
        return export.xlsx_response(stem, _("Laskutusperuste"), header, rows, footer)
    if fmt == "print":
        notes = [_("Vahvistetut päivät paikan päällä tai etänä, jakson tilaajalle ja palvelun tyypille, "
                   "kunkin päivän voimassa olevalla päivähinnalla.")]
        if problems:
            notes.append(_("Ongelmapäivät (ei päivähintaa tai ei tilaajaa) eivät ole summassa."))
        return export.print_response(title, header, rows, footer, notes=notes,
                                     back_url=url_for("invoicing.month", month=_month_param(first)))
    previous, following = shift_month(first, -1), shift_month(first, 1)
    return render_template(
        "invoicing/month.html", first=first, title=title, groups=groups, problems=problems,
        total_days=footer[0][3], total_cents=sum(g[6] for g in groups), euros=euros,
        previous=previous if in_reach(previous, today) else None,
        following=following if in_reach(following, today) else None,
    ), NO_STORE


def _id_or_none(value: str | None) -> int | None:
    """?orderer= / ?type=: an id, or "none" for the days without; anything else 404."""
    if value == "none":
        return None
    if value and value.isdigit() and len(value) < 12:
        return int(value)
    abort(404)


@bp.get("/invoicing/clients")
@manager_required
def clients():
    today = clock.today()
    first = month_arg(request.args.get("month"), today)
    fmt = export.format_arg(request.args.get("format"))
    orderer_id, type_id = _id_or_none(request.args.get("orderer")), _id_or_none(request.args.get("type"))
    orderer = db.get_or_404(Municipality, orderer_id) if orderer_id is not None else None
    kind = db.get_or_404(ServiceType, type_id) if type_id is not None else None
    if orderer is not None and kind is None:
        abort(404)  # a period always has a service type
    start, last = month_bounds(first)
    found = basis.client_days(start, last, orderer_id, type_id)
    names = dict(db.session.execute(
        db.select(Person.id, Person.last_name + ", " + Person.first_name)
        .where(Person.id.in_({c.client_id for c in found}))).all()) if found else {}
    found.sort(key=lambda c: names[c.client_id].casefold())
    orderer_name = orderer.name if orderer else _("Ei tilaajaa")
    kind_name = kind.name if kind else _("Ei jaksoa")
    header = [_("Asiakas"), _("Päiviä"), _("Päiviä ilman hintaa"), _("Summa (€)")]
    rows = [[names[c.client_id], c.days, c.unpriced, euros(c.amount_cents)] for c in found]
    footer = [[_("Yhteensä"), sum(c.days for c in found), sum(c.unpriced for c in found),
               euros(sum(c.amount_cents for c in found))]]
    title = _("Laskutusperuste %(month)s", month=format_date(first, "LLLL yyyy"))
    subtitle = f"{orderer_name} · {kind_name}"
    stem = f"laskutusperuste-{first:%Y-%m}-{orderer_name}-{kind_name}"
    if fmt == "csv":
        return export.csv_response(stem, header, rows, footer)
    if fmt == "xlsx":
        return export.xlsx_response(stem, _("Asiakkaat"), header, rows, footer)
    back = url_for("invoicing.clients", month=_month_param(first), orderer=request.args.get("orderer"),
                   type=request.args.get("type"))
    if fmt == "print":
        return export.print_response(title, header, rows, footer, subtitle=subtitle, back_url=back)
    return render_template("invoicing/clients.html", first=first, title=title, subtitle=subtitle, found=found,
                           names=names, footer=footer, euros=euros, orderer_arg=request.args.get("orderer"),
                           type_arg=request.args.get("type")), NO_STORE
