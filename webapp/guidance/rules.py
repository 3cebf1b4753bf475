"""The guidance rule: at least 6 h of individual guidance per rolling 3 months.

The window is the 3 calendar months ending today: from the same day three months back
(clamped to the month's end) plus one day, to today, both included. A client whose current
period started inside the window needs a pro-rated share of the 6 h.
"""
import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from webapp.accounts.models import Person
from webapp.clients.access import visible_clients
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.guidance.models import GuidanceSession
from webapp.clients.models import ServicePeriod
from webapp.lib.dates import add_months

REQUIRED_MINUTES = 360
STEP = 15  # pro-rated requirements are rounded up to whole quarters of an hour


def window(today: date) -> tuple[date, date]:
    """(first day, last day) of the rolling 3 months ending today, both included."""
    return add_months(today, -3) + timedelta(days=1), today


def required_minutes(period_start: date | None, today: date) -> int:
    """Minutes needed by today: 360, or a share of it when the period started inside the window."""
    first, _ = window(today)
    if period_start is None or period_start <= first:
        return REQUIRED_MINUTES
    if period_start >= today:
        return 0
    share = REQUIRED_MINUTES * (today - period_start).days / (today - first).days
    return min(REQUIRED_MINUTES, math.ceil(share / STEP - 1e-9) * STEP)


def counted():
    """Sessions that count: not removed."""
    return GuidanceSession.removed_at.is_(None)


def totals(client_ids, today: date) -> dict[int, int]:
    """{client_id: minutes in the window} in one grouped query (clients without sessions: 0)."""
    ids = list(client_ids)
    result = dict.fromkeys(ids, 0)
    if not ids:
        return result
    first, last = window(today)
    rows = db.session.execute(
        select(GuidanceSession.client_id, func.sum(GuidanceSession.minutes))
        .where(GuidanceSession.client_id.in_(ids), counted(),
               GuidanceSession.day >= first, GuidanceSession.day <= last)
        .group_by(GuidanceSession.client_id))
    for client_id, minutes in rows:
        result[client_id] = int(minutes or 0)
    return result


def active_periods(client: ClientProfile, today: date) -> list[ServicePeriod]:
    return sorted((p for p in client.periods if p.is_active_on(today)), key=lambda p: p.starts_on)


def current_unit_id(client: ClientProfile, today: date) -> int:
    """The unit of the client's active period, else their home unit."""
    active = active_periods(client, today)
    return active[0].unit_id if active else client.home_unit_id


def status(client: ClientProfile, today: date) -> tuple[int, int]:
    """(done, required) minutes for one client today."""
    active = active_periods(client, today)
    done = totals([client.person_id], today)[client.person_id]
    return done, required_minutes(active[0].starts_on if active else None, today)


@dataclass
class Behind:
    client: ClientProfile
    unit: object
    done: int
    required: int

    @property
    def missing(self) -> int:
        return max(0, self.required - self.done)


def behind(person: Person, today: date, unit_id: int | None = None) -> list[Behind]:
    """Clients person may see, with a period active today, who lack guidance; most missing first.

    A fixed number of queries whatever the number of clients.
    """
    active = [ServicePeriod.client_id == ClientProfile.person_id,
              ServicePeriod.starts_on <= today, ServicePeriod.ends_on >= today]
    if unit_id is not None:
        active.append(ServicePeriod.unit_id == unit_id)
    query = (visible_clients(person)
             .where(select(ServicePeriod.id).where(and_(*active)).exists())
             .options(selectinload(ClientProfile.person),
                      selectinload(ClientProfile.periods).selectinload(ServicePeriod.unit)))
    clients = list(db.session.scalars(query))
    done = totals((c.person_id for c in clients), today)
    rows = []
    for client in clients:
        periods = active_periods(client, today)
        if unit_id is not None:
            periods = [p for p in periods if p.unit_id == unit_id] + [p for p in periods if p.unit_id != unit_id]
        start = min(p.starts_on for p in periods)
        row = Behind(client, periods[0].unit, done[client.person_id], required_minutes(start, today))
        if row.missing > 0:
            rows.append(row)
    rows.sort(key=lambda r: (-r.missing, r.client.person.last_name, r.client.person.first_name, r.client.person_id))
    return rows


def hours_minutes(minutes: int) -> str:
    """360 → "6 h", 90 → "1 h 30 min", 45 → "45 min" (the same in fi, sv and en)."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"
