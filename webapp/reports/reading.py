"""The unusual-reading report (a manager's): people who opened many different clients' records in
a short time, and reads outside the working hours or at a weekend, from the access log
(audit/unusual.py), each with links to the clients' own logs. The thresholds come from the
settings (UNUSUAL_READ_CLIENTS, UNUSUAL_READ_MINUTES, WORKING_HOURS) and the manager may try
others on the page: ?clients=, ?minutes=, ?days= (how far back). A bad value: the form again
with its message, 400.
"""
from datetime import timedelta

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts.access import manager_required
from webapp.accounts.models import Person
from webapp.audit import access, unusual
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.urls import number_arg
from webapp.reports import bp

DAYS = 14  # how far back by default
LIMITS = {"clients": (2, 1000), "minutes": (1, 24 * 60), "days": (1, 730)}


def _arg(raw: str | None, name: str, default: int, problems: list[str]) -> int:
    if raw is None or raw == "":
        return default
    low, high = LIMITS[name]
    value = number_arg(raw, maximum=high)
    if value is None or value < low:
        problems.append(_("Anna luku väliltä %(low)d–%(high)d.", low=low, high=high))
        return default
    return value


@bp.get("/reports/reading")
@manager_required
def unusual_reading():
    problems: dict[str, list[str]] = {"clients": [], "minutes": [], "days": []}
    settings = current_app.config
    clients = _arg(request.args.get("clients"), "clients", settings.get("UNUSUAL_READ_CLIENTS", 20),
                   problems["clients"])
    minutes = _arg(request.args.get("minutes"), "minutes", settings.get("UNUSUAL_READ_MINUTES", 60),
                   problems["minutes"])
    days = _arg(request.args.get("days"), "days", DAYS, problems["days"])
    hours = settings.get("WORKING_HOURS", (7, 18))
    until = clock.now()
    since = clock.start_of_day(clock.today() - timedelta(days=days - 1))
    bursts = unusual.bursts(since, until, clients=clients, minutes=minutes)
    late = unusual.after_hours(since, until, hours=hours)
    ids = {c for finding in bursts + late for c in finding.clients}
    access.log_list(current_user, ids, "access_log")  # the report names them
    names = dict(db.session.execute(db.select(Person.id, Person.last_name + ", " + Person.first_name)
                                    .where(Person.id.in_(ids))).all()) if ids else {}

    def named(finding) -> list[tuple[int, str]]:
        return sorted(((c, names.get(c, "")) for c in finding.clients), key=lambda pair: (pair[1].casefold(), pair[0]))

    status = 400 if any(problems.values()) else 200
    return render_template("reports/reading.html", bursts=bursts, late=late, named=named, clients=clients,
                           minutes=minutes, days=days, hours=hours, since=since,
                           problems=problems), status, {"Cache-Control": "no-store"}
