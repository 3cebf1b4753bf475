from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp import audit
from webapp.accounts.access import manager_required
from webapp.audit import access
from webapp.clients.labels import SHORT_REASONS, day
from webapp.clients.models import ClientProfile
from webapp.reference.models import Municipality
from webapp.extensions import db
from webapp.lib import clock
from webapp.periods import bp, rules
from webapp.periods.forms import EditPeriodForm, EndPeriodForm, PeriodForm
from webapp.reference.models import ServiceType
from webapp.clients.models import ServicePeriod
from webapp.units.models import Unit


def _prepare(form: PeriodForm, period: ServicePeriod | None = None) -> None:
    units = list(db.session.scalars(select(Unit).where(Unit.active).order_by(Unit.name)))
    kinds = list(db.session.scalars(select(ServiceType).where(ServiceType.active).order_by(ServiceType.code)))
    if period is not None:  # an archived unit or service type stays selectable for its periods
        if period.unit not in units:
            units.append(period.unit)
        if period.service_type not in kinds:
            kinds.append(period.service_type)
    form.unit.choices = [("", _("Valitse toimipiste"))] + [(u.id, u.name) for u in units]
    form.service_type.choices = [("", _("Valitse palvelun tyyppi"))] + [(k.id, k.name) for k in kinds]
    form.orderer.choices = [("", _("Ei tiedossa"))] + [
        (m.id, m.name) for m in db.session.scalars(select(Municipality).order_by(Municipality.name))]


def _others(client_id: int, period_id: int | None) -> list[ServicePeriod]:
    query = select(ServicePeriod).where(ServicePeriod.client_id == client_id)
    if period_id is not None:
        query = query.where(ServicePeriod.id != period_id)
    return list(db.session.scalars(query))


def _open_weekdays(form: PeriodForm) -> set[int] | None:
    """The weekdays the chosen unit has opening hours (None before a unit is chosen)."""
    unit = db.session.get(Unit, form.unit.data) if form.unit.data else None
    return None if unit is None else {hours.weekday for hours in unit.opening_hours}


def _valid(form: PeriodForm, client_id: int, period_id: int | None) -> bool:
    """The form's own checks and the period rules, all at once: a missing change reason does not
    hide a rule the dates break. The rules wait only for the fields they read to be readable."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    read = (form.unit, form.starts_on, form.ends_on, form.weekdays, form.hours_per_day, form.short_period_code,
            form.short_period_reason)
    if any(field.errors for field in read):
        return False
    return form.check_rules(_others(client_id, period_id), _open_weekdays(form)) and valid


def _short_reason(period: ServicePeriod) -> str | None:
    """A short period's reason in words, for the audit event: the choice and what was written."""
    if period.short_period_code is None:
        return None
    words = str(SHORT_REASONS.get(period.short_period_code, period.short_period_code))
    return f"{words}: {period.short_period_reason}" if period.short_period_reason else words


def _apply(form: PeriodForm, period: ServicePeriod) -> None:
    """Copy the form onto the period, by column, so the audit sees every change."""
    period.unit_id = form.unit.data
    period.starts_on = form.starts_on.data
    period.ends_on = form.ends_on.data
    period.weekdays = form.weekdays.data
    period.hours_per_day = form.hours_per_day.data
    period.service_type_id = form.service_type.data
    period.mode = form.mode.data
    period.referral_plan_type = form.referral_plan_type.data or None
    period.referral_plan_date = form.referral_plan_date.data
    period.orderer_id = form.orderer.data or None
    short = rules.is_shorter_than_minimum(period.starts_on, period.ends_on)
    reason = (form.short_period_reason.data or "").strip()
    period.short_period_code = (form.short_period_code.data or None) if short else None
    period.short_period_reason = reason if short and reason else None


@bp.route("/clients/<int:client_id>/periods/new", methods=["GET", "POST"])
@manager_required
def new(client_id: int):
    client = db.get_or_404(ClientProfile, client_id)
    form = PeriodForm()
    _prepare(form)
    if request.method == "GET":
        today = clock.today()
        form.unit.data = client.home_unit_id
        form.starts_on.data = today
        form.ends_on.data = rules.last_day_of(today, 6)
        form.weekdays.data = [0, 1, 2, 3]
        form.hours_per_day.data = Decimal("6")
    if _valid(form, client.person_id, None):
        with db.session.no_autoflush:
            period = ServicePeriod(client_id=client.person_id)
            _apply(form, period)
            db.session.add(period)
            audit.record(period, "create", reason=_short_reason(period))
        db.session.commit()
        flash(_("Jakso %(start)s–%(end)s on lisätty.", start=day(period.starts_on), end=day(period.ends_on)),
              "success")
        return redirect(url_for("clients.detail", client_id=client.person_id))
    status = 400 if form.is_submitted() else 200
    return render_template("periods/form.html", form=form, client=client, period=None), status


@bp.route("/periods/<int:period_id>/edit", methods=["GET", "POST"])
@manager_required
def edit(period_id: int):
    period = db.get_or_404(ServicePeriod, period_id)
    client = period.client
    form = EditPeriodForm()
    _prepare(form, period)
    if request.method == "GET":
        form.unit.data = period.unit_id
        form.starts_on.data = period.starts_on
        form.ends_on.data = period.ends_on
        form.weekdays.data = period.weekdays
        form.hours_per_day.data = period.hours_per_day
        form.service_type.data = period.service_type_id
        form.mode.data = period.mode
        form.referral_plan_type.data = period.referral_plan_type or ""
        form.referral_plan_date.data = period.referral_plan_date
        form.orderer.data = period.orderer_id
        form.short_period_code.data = period.short_period_code or ""
        form.short_period_reason.data = period.short_period_reason or ""
        access.log_read(current_user, client.person_id, "period")
    if _valid(form, client.person_id, period.id):
        with db.session.no_autoflush:
            _apply(form, period)
            changes = audit.changes_of(period)
            if changes:
                audit.record(period, "update", changes=changes, reason=form.change_reason.data.strip())
        db.session.commit()
        flash(_("Jakson muutokset on tallennettu."), "success")
        return redirect(url_for("clients.detail", client_id=client.person_id))
    status = 400 if form.is_submitted() else 200
    return render_template("periods/form.html", form=form, client=client, period=period), status


@bp.route("/periods/<int:period_id>/end", methods=["GET", "POST"])
@manager_required
def end(period_id: int):
    period = db.get_or_404(ServicePeriod, period_id)
    client = period.client
    form = EndPeriodForm()
    if request.method == "GET":
        form.ends_on.data = min(max(clock.today(), period.starts_on), period.ends_on)
        access.log_read(current_user, client.person_id, "period")
    if form.validate_on_submit():
        last = form.ends_on.data
        if last < period.starts_on:
            form.ends_on.errors.append(_("Jakso alkoi %(start)s: se ei voi päättyä sitä ennen.",
                                         start=day(period.starts_on)))
        elif last >= period.ends_on:
            form.ends_on.errors.append(_("Jakson on jo määrä päättyä %(end)s. Valitse sitä aiempi päivä.",
                                         end=day(period.ends_on)))
        else:
            reason = form.reason.data.strip()
            period.ends_on = last
            period.end_reason = reason
            audit.record(period, "end", reason=reason)
            db.session.commit()
            flash(_("Jakso päättyy %(end)s.", end=day(last)), "success")
            return redirect(url_for("clients.detail", client_id=client.person_id))
    status = 400 if form.is_submitted() else 200
    return render_template("periods/end.html", form=form, client=client, period=period), status
