"""Unusual reading in the access log, for a manager to look into:

- a burst: one person opened the records of at least `clients` different clients within
  `minutes` (only single records count: a list or report naming many clients is one look);
- after hours: a person read clients' data outside the working hours (Helsinki) or at a weekend.

Each finding says who, when (first and last read), and which clients, so the report can link to
each client's own log. Overlapping windows of one person make one burst.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.lib import clock

from .models import AccessRead

WEEKEND = (5, 6)


@dataclass
class Finding:
    reader: object  # accounts.models.Person (audit lies below accounts)
    first: datetime
    last: datetime
    clients: set[int] = field(default_factory=set)
    reads: int = 0

    @property
    def count(self) -> int:
        return len(self.clients)


def _reads(since: datetime, until: datetime, *, single_only: bool) -> list[AccessRead]:
    query = (select(AccessRead).where(AccessRead.at >= since, AccessRead.at < until)
             .options(joinedload(AccessRead.reader))
             .order_by(AccessRead.reader_id, AccessRead.at, AccessRead.id))
    if single_only:
        query = query.where(AccessRead.in_list.is_(False))
    return list(db.session.scalars(query))


def _by_reader(reads: list[AccessRead]) -> list[list[AccessRead]]:
    groups: list[list[AccessRead]] = []
    for read in reads:
        if not groups or groups[-1][0].reader_id != read.reader_id:
            groups.append([])
        groups[-1].append(read)
    return groups


def bursts(since: datetime, until: datetime, *, clients: int, minutes: int) -> list[Finding]:
    """Each person's spans in which at least `clients` different clients' records were opened
    within `minutes`, newest first."""
    window = timedelta(minutes=minutes)
    found: list[Finding] = []
    for reads in _by_reader(_reads(since, until, single_only=True)):
        in_window: Counter = Counter()
        left = start = 0
        current: Finding | None = None
        for right, read in enumerate(reads):
            in_window[read.client_id] += 1
            while read.at - reads[left].at >= window:
                in_window[reads[left].client_id] -= 1
                if not in_window[reads[left].client_id]:
                    del in_window[reads[left].client_id]
                left += 1
            if len(in_window) < clients:
                continue
            if current is not None and reads[left].at <= current.last:  # overlaps: the same burst
                current.last = read.at
                current.clients |= set(in_window)
                current.reads = right - start + 1
            else:
                start = left
                current = Finding(reader=read.reader, first=reads[left].at, last=read.at, clients=set(in_window),
                                  reads=right - left + 1)
                found.append(current)
    return sorted(found, key=lambda f: f.first, reverse=True)


def outside_hours(moment: datetime, hours: tuple[int, int]) -> bool:
    local = clock.to_local(moment)
    starts, ends = hours
    return local.weekday() in WEEKEND or not starts <= local.hour + local.minute / 60 < ends


def after_hours(since: datetime, until: datetime, *, hours: tuple[int, int]) -> list[Finding]:
    """Each person's reads outside the working hours or at a weekend, one finding per person and
    local day, newest first."""
    found: dict[tuple[int, date], Finding] = {}
    for read in _reads(since, until, single_only=False):
        if not outside_hours(read.at, hours):
            continue
        key = (read.reader_id, clock.to_local(read.at).date())
        finding = found.get(key)
        if finding is None:
            finding = found[key] = Finding(reader=read.reader, first=read.at, last=read.at)
        finding.last = read.at
        finding.clients.add(read.client_id)
        finding.reads += 1
    return sorted(found.values(), key=lambda f: f.first, reverse=True)
