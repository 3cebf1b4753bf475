"""The month's compensation per payer, for the office: client, compensable days, rate, amount
and totals — all from `compensation.totals`, the same function the client's phone uses."""
from flask import render_template, request
from flask_login import current_user

from webapp.accounts.access import manager_required
from webapp.accounts.models import Person
from webapp.approvals.month import month_arg, shift_month
from webapp.extensions import db
from webapp.lib import clock
from webapp.money import bp, compensation
from webapp.money.models import PAYING
from webapp.units.access import get_unit_for
from webapp.units.models import Unit


@bp.get("/money/compensation")
@manager_required
def compensation_month():
    today = clock.today()
    month = month_arg(request.args.get("month"), today)
    unit = get_unit_for(current_user, request.args["unit"]) if request.args.get("unit") else None
    first, last = compensation.month_bounds(month)
    totals = compensation.totals(first, last, unit_id=unit.id if unit else None)
    names = dict(db.session.execute(
        db.select(Person.id, Person.last_name + ", " + Person.first_name)
        .where(Person.id.in_({t.client_id for t in totals}))).all()) if totals else {}
    payers = [(payer, sorted((t for t in totals if t.payer == payer), key=lambda t: names[t.client_id].casefold()))
              for payer in PAYING]
    units = db.session.scalars(db.select(Unit).order_by(Unit.name)).all()
    return render_template("money/compensation.html", month=month, unit=unit, units=units, payers=payers,
                           names=names, today=today,
                           previous=shift_month(month, -1),
                           following=shift_month(month, 1) if month < today.replace(day=1) else None)
