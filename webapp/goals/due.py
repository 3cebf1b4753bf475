"""What is due for the staff member's clients: plans not signed, interim evaluations on or past
their agreed date, periods ending without a final evaluation, and clients nearing the 24 months
the service may last. Built in a fixed number of queries, whatever the number of clients."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.clients.access import visible_clients
from webapp.clients.models import ClientProfile, ServicePeriod
from webapp.extensions import db
from webapp.goals.models import PeriodDocument

PLAN_WITHIN = timedelta(days=30)  # the plan is written in the period's first month
SOON = timedelta(days=14)  # an evaluation shows this long before its date
ENDING = timedelta(days=30)  # a period ending this soon needs its final evaluation
NEARING_MONTHS = 21  # of the 24 months the service may last

WHAT = {"plan": _l("Toteutussuunnitelma puuttuu"), "interim": _l("Väliarviointi"),
        "final": _l("Loppuarviointi puuttuu"), "months": _l("Palvelua lähes 24 kuukautta")}


@dataclass
class Due:
    client: ClientProfile
    period: ServicePeriod
    what: str  # a key of WHAT
    day: date  # when it is (or was) due
    late: bool


def months_served(periods: list[ServicePeriod]) -> float:
    """The client's months of service, all her periods as planned (a month as 30.44 days)."""
    return sum((p.ends_on - p.starts_on).days + 1 for p in periods) / 30.44


def due_for(viewer, today: date) -> list[Due]:
    visible = visible_clients(viewer).with_only_columns(ClientProfile.person_id)
    periods = list(db.session.scalars(
        select(ServicePeriod).where(ServicePeriod.client_id.in_(visible), ServicePeriod.starts_on <= today,
                                    ServicePeriod.ends_on >= today - ENDING)
        .options(selectinload(ServicePeriod.client).selectinload(ClientProfile.periods),
                 selectinload(ServicePeriod.client).selectinload(ClientProfile.person))))
    signed: dict[int, list[PeriodDocument]] = {}
    for document in db.session.scalars(
            select(PeriodDocument).where(PeriodDocument.period_id.in_([p.id for p in periods]),
                                         PeriodDocument.signed_at.is_not(None))
            .order_by(PeriodDocument.signed_at)):
        signed.setdefault(document.period_id, []).append(document)
    found = []
    for period in periods:
        docs = signed.get(period.id, [])
        kinds = {d.kind for d in docs}
        client = period.client
        if "final" in kinds:
            continue
        if "plan" not in kinds and period.ends_on >= today:
            day = period.starts_on + PLAN_WITHIN
            found.append(Due(client, period, "plan", day, today > day))
        agreed = [d.next_evaluation_on for d in docs if d.kind in ("plan", "interim") and d.next_evaluation_on]
        if agreed and agreed[-1] <= today + SOON and agreed[-1] <= period.ends_on:
            found.append(Due(client, period, "interim", agreed[-1], today > agreed[-1]))
        if period.ends_on <= today + ENDING:
            found.append(Due(client, period, "final", period.ends_on, today > period.ends_on))
        if period.ends_on >= today and months_served(client.periods) >= NEARING_MONTHS:
            found.append(Due(client, period, "months", period.ends_on, False))
    return sorted(found, key=lambda d: (not d.late, d.day, d.client.display_name))
