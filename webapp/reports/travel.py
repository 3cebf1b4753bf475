"""Travel compensation (matkakorvaus): per home municipality, the clients entitled to it who had
at least one confirmed day of taking part (on site or remote: `compensation.compensable()`, the
same rule as the money) in the month, with those days.

**Remote days are no travel.** Nobody travelled on them, so the list counts only the days on
site ("travel days"); the remote days are shown apart, in their own columns, and left out of
every total. A client with remote days only is still listed (with 0 travel days), so the office
sees why nothing is paid.

Entitled is the client's `travel_compensation` today (it is not effective-dated). A client
without a home municipality is listed under "Kotikunta puuttuu" so the office can fix it.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from webapp.accounts.models import Person
from webapp.checkin.models import ActivityDay, Kind
from webapp.clients.access import visible_clients
from webapp.clients.models import ClientProfile
from webapp.reference.models import Municipality
from webapp.extensions import db
from webapp.money import compensation
from webapp.reports import kela


@dataclass
class TravelClient:
    client_id: int
    name: str
    days: list[date] = field(default_factory=list)  # on site: the travel days
    remote: list[date] = field(default_factory=list)  # remote: shown apart, no travel


@dataclass
class Group:
    municipality: str | None  # None: no home municipality
    clients: list[TravelClient] = field(default_factory=list)

    @property
    def days(self) -> int:
        return sum(len(c.days) for c in self.clients)

    @property
    def remote(self) -> int:
        return sum(len(c.remote) for c in self.clients)


def month_list(person: Person, first: date, last: date) -> list[Group]:
    """The month's list for the clients person may see, municipalities by name (missing last).

    Aggregated in SQL: one row per client, not one per day (the client's travel days are one
    integer, the sum of their kela.flag_of, and the remote days another); a span longer than a
    month is read a month's worth of days at a time."""
    visible = visible_clients(person).where(ClientProfile.travel_compensation.is_(True)).subquery()
    groups: dict[str | None, dict[int, TravelClient]] = defaultdict(dict)
    window = first
    while window <= last:
        upto = min(last, window + timedelta(days=kela.MAX_FLAG_DAYS - 1))
        flag = kela.flag_of(ActivityDay.day, window, upto)
        remote = ActivityDay.kind == Kind.REMOTE.value
        query = (select(Municipality.name, ActivityDay.client_id, Person.last_name, Person.first_name,
                        func.sum(case((remote, 0), else_=flag)), func.sum(case((remote, flag), else_=0)))
                 .join(visible, visible.c.person_id == ActivityDay.client_id)
                 .join(Person, Person.id == ActivityDay.client_id)
                 .outerjoin(Municipality, Municipality.id == visible.c.home_municipality_id)
                 .where(compensation.compensable(), ActivityDay.day.between(window, upto))
                 .group_by(Municipality.name, ActivityDay.client_id, Person.last_name, Person.first_name))
        decoded: dict[int, list[date]] = {}
        for municipality, client_id, last_name, first_name, flags, remote_flags in db.session.execute(query):
            clients = groups[municipality]
            if client_id not in clients:
                clients[client_id] = TravelClient(client_id=client_id, name=f"{last_name}, {first_name}")
            clients[client_id].days += kela.days_of(flags, window, decoded)
            clients[client_id].remote += kela.days_of(remote_flags, window, decoded)
        window = upto + timedelta(days=1)
    names = sorted((m for m in groups if m is not None), key=str.casefold)
    ordered = [Group(m, sorted(groups[m].values(), key=lambda c: (c.name.casefold(), c.client_id))) for m in names]
    if None in groups:
        ordered.append(Group(None, sorted(groups[None].values(), key=lambda c: (c.name.casefold(), c.client_id))))
    return ordered
