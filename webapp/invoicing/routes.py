"""The manager's invoicing: day prices and the month's invoice basis.

GET  /invoicing/prices                    the day prices per orderer and service type, newest
                                          first, and the form for a new one (?orderer=&type=
                                          pre-fill it, e.g. from a "no price" problem).
POST /invoicing/prices                    add a price from a date on (audited). A price is never
                                          edited: a change is a new row from its date. Bad input
                                          or the same orderer, type and date again: 400 with the
                                          form and its messages. Success: 303 back to the list.
GET  /invoicing?month=YYYY-MM             per orderer and service type: confirmed days × the day
                                          price of each day, problems (no price, no orderer)
                                          apart; &format=csv|xlsx|print|pdf. A unit whose month is
                                          closed shows its frozen invoice lines and the
                                          adjustments its close carries (month.py); later
                                          corrections are noted on the original month.
GET  /invoicing/clients?month=&orderer=&type=   the drill-down: each client's days and amount
                                          for one orderer and type ("none": the days without),
                                          and the adjustments; &format=csv|xlsx|print|pdf.

Managers only (everyone else signed in: 403). A month, orderer, type or format that is not a
real one is 404.
"""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.accounts.access import manager_required
from webapp.accounts.models import Person
from webapp.audit import access
from webapp.clients import hetu
from webapp.approvals.month import in_reach, month_arg
from webapp.lib.dates import shift_month
from webapp.reference.models import Municipality
from webapp.extensions import db
from webapp.invoicing import bp
from webapp.invoicing import month as month_basis
from webapp.invoicing.forms import PriceForm, cents_text
from webapp.lib import clock
from webapp.lib.urls import number_arg
from webapp.money.invoice_basis import orderer_and_kind_names
from webapp.money import close
from webapp.money.exports import closed_word, euros, later_note, signed
from webapp.money.models import DayPrice
from webapp.reference.models import ServiceType
from webapp.lib import export

NO_STORE = {"Cache-Control": "no-store"}


# --- Day prices ---------------------------------------------------------------------------------

def _choices(form: PriceForm) -> None:
    form.orderer.choices = [("", _("Valitse tilaaja"))] + [
        (m.id, m.name) for m in db.session.scalars(db.select(Municipality).order_by(Municipality.name))]
    kinds = db.session.scalars(db.select(ServiceType).order_by(ServiceType.code)).all()
    form.service_type.choices = [("", _("Valitse palvelun tyyppi"))] + [
        (k.id, k.name if k.active else _("%(name)s (ei käytössä)", name=k.name)) for k in kinds]


def _price_groups(today: date):
    """[(orderer, service type, [(DayPrice, valid until or None, in force today, its "create" audit
    event or None)])], by names."""
    prices = db.session.scalars(db.select(DayPrice).order_by(DayPrice.orderer_id, DayPrice.service_type_id,
                                                             DayPrice.valid_from.desc())).all()
    added = audit.creations(DayPrice.__tablename__, [p.id for p in prices])
    groups: dict[tuple[int, int], list] = {}
    for row in prices:
        groups.setdefault((row.orderer_id, row.service_type_id), []).append(row)
    result = []
    for rows in groups.values():
        shown, until, current_found = [], None, False
        for row in rows:  # newest first: each row is valid until the day before the newer one
            current = not current_found and row.valid_from <= today
            current_found |= current
            shown.append((row, until, current, added.get(row.id)))
            until = date.fromordinal(row.valid_from.toordinal() - 1)
        result.append((rows[0].orderer, rows[0].service_type, shown))
    return sorted(result, key=lambda g: (g[0].name.casefold(), g[1].name.casefold()))


def _prices_page(form: PriceForm, status: int = 200):
    today = clock.today()
    return render_template("invoicing/prices.html", form=form, groups=_price_groups(today), today=today,
                           cents_text=cents_text), status, NO_STORE


def _pick(value: str | None) -> int | None:
    return number_arg(value)


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

def _groups(rows, orderers, kinds):
    """[(orderer_id, type_id, orderer name, type name, [rows], days, amount_cents, problem days)], by
    names; the days without an orderer last. Each group: its prices, then its adjustments."""
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault((row.orderer_id, row.service_type_id), []).append(row)
    result = []
    for (orderer_id, type_id), found in groups.items():
        result.append((orderer_id, type_id,
                       orderers.get(orderer_id) if orderer_id is not None else _("Ei tilaajaa"),
                       kinds.get(type_id) if type_id is not None else _("Ei jaksoa"),
                       found, sum(r.days for r in found), sum(r.amount_cents for r in found),
                       sum(r.days for r in found if r.problem)))
    return sorted(result, key=lambda g: (g[0] is None, g[2].casefold(), g[3].casefold()))


def day_word(on: date) -> str:
    return format_date(on, "d.M.yyyy")


def later_summary(found: list[month_basis.Later]) -> str:
    """The later corrections of a row's days, one phrase per month that carries them."""
    days_of: dict = {}  # month -> the corrected (client, day)s: a day moved to another orderer is two lines
    cents_of: dict = {}
    for item in found:
        days_of.setdefault(item.month, set()).add((item.client_id, item.day))
        cents_of[item.month] = cents_of.get(item.month, 0) + item.amount_cents
    phrases = []
    for month in sorted(days_of, key=lambda m: (m is None, m or date.min)):
        days, cents = len(days_of[month]), cents_of[month]
        if month is None:
            phrases.append(ngettext("Korjaus odottaa seuraavaa sulkemista: %(num)d päivä, %(amount)s",
                                    "Korjaus odottaa seuraavaa sulkemista: %(num)d päivää, %(amount)s",
                                    days, amount=signed(cents)))
        else:
            phrases.append(ngettext("Korjattu myöhemmin: %(num)d päivä, %(amount)s, oikaisu: %(month)s",
                                    "Korjattu myöhemmin: %(num)d päivää, %(amount)s, oikaisu: %(month)s",
                                    days, amount=signed(cents), month=format_date(month, "LLLL yyyy")))
    return "; ".join(phrases)


def _note(row: month_basis.Row, view: month_basis.Month) -> str:
    notes = []
    if row.adjustment:
        notes.append(_("Oikaisu: alkuperäinen päivä %(day)s", day=day_word(row.day)))
    if row.problem and row.orderer_id is None:
        notes.append(_("Ei tilaajaa: päivälle ei ole jaksoa tilaajineen tässä toimipisteessä"))
    elif row.problem:
        notes.append(_("Ei päivähintaa"))
    if not row.adjustment and (row.orderer_id, row.service_type_id, row.price_cents) in view.later:
        notes.append(later_summary(view.later[(row.orderer_id, row.service_type_id, row.price_cents)]))
    return "; ".join(notes)


def _basis_table(groups, view):
    header = [_("Tilaaja"), _("Palvelun tyyppi"), _("Päivähinta (€)"), _("Päiviä"), _("Asiakkaita"),
              _("Summa (€)"), _("Huomio")]
    rows = [[orderer, kind, euros(row.price_cents), row.days, row.clients, euros(row.amount_cents), _note(row, view)]
            for _o, _t, orderer, kind, found, *_rest in groups for row in found]
    days, amount = view.sums()
    footer = [[_("Yhteensä"), "", None, days, None, euros(amount),
               _("Ongelmapäiviä %(count)d", count=view.problems) if view.problems else ""]]
    return header, rows, footer


def elsewhere_word(view: month_basis.Month) -> str | None:
    """The later corrections of days that were not on the closed invoice (a day counted later)."""
    if not view.later_elsewhere:
        return None
    return _("Myöhemmin lisätyt päivät, joita ei ollut suljetussa kuukaudessa: %(notes)s", notes=later_summary(view.later_elsewhere))


def _month_param(first: date) -> str:
    return f"{first:%Y-%m}"


@bp.get("/invoicing")
@manager_required
def month():
    today = clock.today()
    first = month_arg(request.args.get("month"), today)
    fmt = export.format_arg(request.args.get("format"))
    view = month_basis.month_view(first)
    orderers, kinds = orderer_and_kind_names(view.rows)
    groups = _groups(view.rows, orderers, kinds)
    header, rows, footer = _basis_table(groups, view)
    title = _("Laskutusperuste %(month)s", month=format_date(first, "LLLL yyyy"))
    stem = f"laskutusperuste-{first:%Y-%m}"
    if fmt in export.DOWNLOADS:
        return export.download(fmt, stem, _("Laskutusperuste"), header, rows, footer)
    if fmt in export.PRINTED:
        notes = [_("Vahvistetut päivät paikan päällä tai etänä, jakson tilaajalle ja palvelun tyypille, "
                   "kunkin päivän voimassa olevalla päivähinnalla."), closed_word(view.closes, view.units)]
        if any(row.adjustment for row in view.rows):
            notes.append(_("Oikaisut korjaavat aiemmin suljetun kuukauden päiviä; summa sisältää ne."))
        if elsewhere_word(view):
            notes.append(elsewhere_word(view))
        if view.problems:
            notes.append(_("Ongelmapäivät (ei päivähintaa tai ei tilaajaa) eivät ole summassa."))
        return export.printed(fmt, stem, title, header, rows, footer, notes=notes,
                              back_url=url_for("invoicing.month", month=_month_param(first)))
    previous, following = shift_month(first, -1), shift_month(first, 1)
    days, cents = view.sums()
    return render_template(
        "invoicing/month.html", first=first, title=title, groups=groups, view=view, problems=view.problems,
        total_days=days, total_cents=cents, euros=euros, later_summary=later_summary,
        closed_word=closed_word(view.closes, view.units), elsewhere=elsewhere_word(view),
        previous=previous if in_reach(previous, today) else None,
        following=following if in_reach(following, today) else None,
    ), NO_STORE


def _id_or_none(value: str | None) -> int | None:
    """?orderer= / ?type=: an id, or "none" for the days without; anything else 404."""
    if value == "none":
        return None
    found = number_arg(value)
    if found is None:
        abort(404)
    return found


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
    found = month_basis.client_rows(first, orderer_id, type_id)
    later = month_basis.later_of_clients(first, orderer_id, type_id)
    ids = {c.client_id for c in found} | set(later)
    names = dict(db.session.execute(
        db.select(Person.id, Person.last_name + ", " + Person.first_name)
        .where(Person.id.in_(ids))).all()) if ids else {}
    access.log_list(current_user, names, "invoice_basis")
    found.sort(key=lambda c: (names[c.client_id].casefold(), c.client_id, c.day is not None, c.day or first))

    def note(c: month_basis.ClientRow) -> str:
        if c.day is not None:
            return _("Oikaisu: alkuperäinen päivä %(day)s", day=day_word(c.day))
        return "; ".join(later_note(item) for item in later.get(c.client_id, []))

    orderer_name = orderer.name if orderer else _("Ei tilaajaa")
    kind_name = kind.name if kind else _("Ei jaksoa")
    # The orderer's invoice identifies the client by her henkilötunnus: the files and the paper
    # show it (each code logged); the screen does not need it.
    codes = {}
    if fmt is not None:
        codes = hetu.reveal_many(current_user, ids, purpose=access.BILLING)
    header = [_("Asiakas"), _("Päiviä"), _("Päiviä ilman hintaa"), _("Summa (€)"), _("Huomio"), _("Henkilötunnus")]
    rows = [[names[c.client_id], c.days, c.unpriced, euros(c.amount_cents), note(c), codes.get(c.client_id, "")]
            for c in found]
    footer = [[_("Yhteensä"), sum(c.days for c in found), sum(c.unpriced for c in found),
               euros(sum(c.amount_cents for c in found)), "", ""]]
    title = _("Laskutusperuste %(month)s", month=format_date(first, "LLLL yyyy"))
    subtitle = f"{orderer_name} · {kind_name}"
    stem = f"laskutusperuste-{first:%Y-%m}-{orderer_name}-{kind_name}"
    if fmt in export.DOWNLOADS:
        return export.download(fmt, stem, _("Asiakkaat"), header, rows, footer)
    back = url_for("invoicing.clients", month=_month_param(first), orderer=request.args.get("orderer"),
                   type=request.args.get("type"))
    if fmt in export.PRINTED:
        return export.printed(fmt, stem, title, header, rows, footer, subtitle=subtitle, back_url=back,
                              notes=[closed_word(*close.month_closes(first))])
    return render_template("invoicing/clients.html", first=first, title=title, subtitle=subtitle, found=found,
                           names=names, footer=footer, euros=euros, note=note, orderer_arg=request.args.get("orderer"),
                           type_arg=request.args.get("type")), NO_STORE
