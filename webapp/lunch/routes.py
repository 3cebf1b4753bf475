"""The kitchen's view of a unit's day, the served count, and a unit's month of lunches.

GET  /kitchen?unit=&day=              the kitchen view: big numbers, diets, the served form;
                                      htmx asks it again every LUNCH_POLL_SECONDS (30) for the
                                      counts alone (#lunch-counts). Kitchen: every active unit;
                                      manager: every unit; coach: own units. Clients 403.
POST /units/<id>/lunch/served         the kitchen (or a manager) records lunches served on a day
                                      (today or earlier); a change is an audit event. 303 back.
GET  /units/<id>/lunch?month=YYYY-MM  a month per day with totals; &format=csv|xlsx|print|pdf.

A unit, day, month or format that is not a real one, or not the person's, is 404.
"""
from datetime import date, timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_time
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from webapp import audit
from webapp.audit import access
from webapp.accounts.access import roles_required
from webapp.accounts.models import Role
from webapp.approvals.access import board_day, on_board
from webapp.approvals.month import in_reach, month_arg
from webapp.lib.dates import shift_month
from webapp.extensions import db
from webapp.lib import clock
from webapp.lunch import bp, counts
from webapp.lunch.access import get_lunch_unit, lunch_units
from webapp.lunch.forms import ServedForm
from webapp.lunch.models import LunchServed
from webapp.lib import export
from webapp.units.models import Unit

LUNCH_ROLES = (Role.KITCHEN, Role.ADMIN, Role.COACH)
SERVED_ROLES = (Role.KITCHEN, Role.ADMIN)
NO_STORE = {"Cache-Control": "no-store", "Vary": "HX-Request"}


def poll_seconds() -> int:
    """How often the kitchen view asks for fresh counts (config LUNCH_POLL_SECONDS, 30 s)."""
    return current_app.config.get("LUNCH_POLL_SECONDS", 30)


def may_record_served(person, day: date) -> bool:
    return person.role in SERVED_ROLES and day <= clock.today()


# --- The kitchen view -------------------------------------------------------------------------

def _kitchen_page(unit: Unit, day: date, units: list[Unit], form: ServedForm | None = None, status: int = 200):
    today = clock.today()
    day_counts = counts.day_counts(unit, day)
    context = dict(unit=unit, day=day, today=today, c=day_counts, poll=day == today, wait=poll_seconds(),
                   printed_at=clock.now())
    if request.htmx and not request.htmx.boosted:
        return render_template("lunch/_counts.html", **context), status, NO_STORE
    # The page names the clients with a special diet (its polls show the same plates again).
    access.log_list(current_user, {plate.client_id for count in (day_counts.forecast, day_counts.live,
                                                                  day_counts.final)
                                   for line in count.diets for plate in line.plates}, "lunch")
    if form is None and may_record_served(current_user, day):
        form = ServedForm(formdata=None, day=day.isoformat(),
                          served=day_counts.served.served if day_counts.served else None)
    previous, following = day - timedelta(days=1), day + timedelta(days=1)
    return render_template(
        "lunch/kitchen.html", units=units, form=form if may_record_served(current_user, day) else None,
        previous=previous if on_board(previous) else None, following=following if on_board(following) else None,
        **context,
    ), status, NO_STORE


def _unit_choice(value: str | None) -> tuple[Unit | None, list[Unit]]:
    units = lunch_units(current_user)
    if value is None or value == "":
        return (units[0] if units else None), units
    return get_lunch_unit(current_user, value), units


@bp.get("/kitchen")
@roles_required(*LUNCH_ROLES)
def kitchen():
    unit, units = _unit_choice(request.args.get("unit"))
    day = board_day(request.args.get("day"))
    if unit is None:
        return render_template("lunch/no_unit.html"), {"Cache-Control": "no-store"}
    return _kitchen_page(unit, day, units)


@bp.post("/units/<int:unit_id>/lunch/served")
@roles_required(*SERVED_ROLES)
def served(unit_id: int):
    unit = get_lunch_unit(current_user, unit_id)
    form = ServedForm()
    valid = form.validate_on_submit()
    day = getattr(form.day, "parsed", None)
    if day is not None and day > clock.today():
        form.day.errors.append(_("Tarjoiltuja lounaita ei voi kirjata etukäteen."))
        valid = False
    elif day is not None and not on_board(day):
        form.day.errors.append(_("Päivä on liian kaukana menneisyydessä."))
        valid = False
    if not valid:
        shown = day if day is not None and on_board(day) and day <= clock.today() else clock.today()
        return _kitchen_page(unit, shown, lunch_units(current_user), form=form, status=400)

    saved = _save_served(unit, day, form.served.data, form.reason.data or None)
    message = _("Tallennettu: %(count)d lounasta.", count=form.served.data) if saved else _("Määrä oli jo tallennettu.")
    flash(message, "success")
    return redirect(url_for("lunch.kitchen", unit=unit.id, day=day.isoformat()), 303)


def _save_served(unit: Unit, day: date, served: int, reason: str | None, retry: bool = True) -> bool:
    """Create or change the served count; an audit event for each change. False: unchanged."""
    row = counts.served_on(unit, day)
    if row is not None and row.served == served:
        return False
    with db.session.no_autoflush:
        if row is None:
            row = LunchServed(unit_id=unit.id, day=day, served=served, recorded_by_id=current_user.id,
                              recorded_at=clock.now())
            db.session.add(row)
            action = "create"
        else:
            row.served, row.recorded_by_id, row.recorded_at = served, current_user.id, clock.now()
            action = "update"
        try:
            audit.record(row, action, reason=reason)
            db.session.commit()
        except IntegrityError:  # someone saved the same day at the same moment: change theirs
            db.session.rollback()
            if not retry:
                raise
            return _save_served(unit, day, served, reason, retry=False)
    return True


# --- The month --------------------------------------------------------------------------------

def _month_table(month: counts.MonthTotals):
    header = [_("Päivä"), _("Ennuste"), _("Ilmoittautuneet lounaalle"), _("Vahvistetut"), _("Tarjoiltu"),
              _("Huomio")]
    rows = []
    for d in month.days:
        note = []
        if d.closed:
            note.append(_("Suljettu"))
        if d.too_many_served:
            note.append(_("Tarjoiltu enemmän kuin läsnä"))
        elif d.open_onsite and d.past:
            note.append(_("Vahvistamatta %(count)d", count=d.open_onsite))
        rows.append([d.day, d.forecast, d.live, d.final, d.served, ", ".join(note)])
    footer = [[_("Yhteensä"), month.forecast, month.live, month.final, month.served,
               _("Varoituksia %(count)d", count=month.warnings) if month.warnings else ""]]
    return header, rows, footer


@bp.get("/units/<int:unit_id>/lunch")
@roles_required(*LUNCH_ROLES)
def month(unit_id: int):
    unit = get_lunch_unit(current_user, unit_id)
    today = clock.today()
    first = month_arg(request.args.get("month"), today)
    fmt = export.format_arg(request.args.get("format"))
    totals = counts.month_totals(unit, first)
    header, rows, footer = _month_table(totals)
    stem = f"lounaat-{first:%Y-%m}-{unit.name}"
    title = _("Lounaat %(month)s", month=format_date(first, "LLLL yyyy"))
    if fmt in export.DOWNLOADS:
        return export.download(fmt, stem, _("Lounaat"), header, rows, footer)
    if fmt in export.PRINTED:
        notes = [_("Ennuste: odotetut asiakkaat, joiden poissaolo ei ollut tiedossa klo %(time)s.",
                   time=format_time(counts.cutoff_at(unit, first), "short")),
                 _("Vahvistetut: ohjaajan vahvistamat päivät, joina asiakas sanoi syövänsä lounaan.")]
        return export.printed(fmt, stem, title, header, rows, footer, subtitle=unit.name, notes=notes,
                              back_url=url_for("lunch.month", unit_id=unit.id, month=f"{first:%Y-%m}"))
    previous, following = shift_month(first, -1), shift_month(first, 1)
    return render_template(
        "lunch/month.html", unit=unit, units=lunch_units(current_user), first=first, month=totals, title=title,
        header=header, rows=rows, footer=footer, today=today,
        previous=previous if in_reach(previous, today) else None,
        following=following if in_reach(following, today) else None,
    ), {"Cache-Control": "no-store"}
