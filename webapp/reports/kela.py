"""Kela's absence report (TT3, "Ilmoitus poissaolosta"): per client paid by Kela, per two-week
period, the absence days with their reasons, the planned days, and which reports are still due.

**Two-week periods.** A period is a fixed window of two ISO weeks, Monday to Sunday, that starts
on the Monday of an odd ISO week (weeks 1–2, 3–4, ..., 51–52). A year with 53 ISO weeks (2026,
2032, ...) ends with week 53, which is odd too and is followed by week 1, which starts the next
period: that period is one week long (28.12.2026–3.1.2027). `period_of(day)` is the one place
that knows this.

**Who is in a period's report.** A client whose payer was Kela on at least one day of the period
(the effective-dated payer, as the money uses) and who had a service period running on at least
one of its days, or a day record in it.

**What the report holds per client.**
- Absence days: day records of kind "absent" (any status but "not counted") with a TT3 reason and
  a short code (`KELA_CODES`): own illness, child's illness, job interview or similar, public
  office of trust, other reason.
- "Service not held" is not the client's absence: those days are *left out* of the absence rows
  (and of the CSV and XLSX); the screen and the printed page list them apart, and they are not
  planned days.
- Planned days: the planned weekdays of the client's service periods on which the unit was open
  and the service was held.
- Missing: planned days gone by without any record. Not an absence Kela can be told about yet:
  the coach should record what happened first; shown as a warning on screen and on paper.

**Due.** A report is due for (client, period) when the period has ended (its Sunday is before
today), ended at most `DUE_REACH_DAYS` ago, the client was paid by Kela on a day of it and had a
service period running in it, and there is no KelaReport with sent_at for it. Printing a report
records that it was produced (KelaReport produced_at/by); marking it sent records sent_at/by.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, selectinload

from webapp import audit
from webapp.accounts.models import Person
from webapp.approvals.labels import ABSENCE_REASONS
from webapp.checkin.models import AbsenceReason, ActivityDay, Kind, Status
from webapp.clients.access import visible_clients
from webapp.clients.models import ClientProfile, Payer, PayerAssignment
from webapp.extensions import db
from webapp.lib import clock
from webapp.money.models import KelaReport
from webapp.periods.models import ServicePeriod
from webapp.units.models import Unit

FIRST_PERIOD = date(2000, 1, 3)  # the Monday of ISO week 1 of 2000: nothing earlier is asked for
DUE_REACH_DAYS = 366  # the due list looks back a year
DUE_LIMIT = 500  # at most this many due reports on one page (the oldest)

# The short codes of the TT3 reasons (the form's check boxes), and the reasons in Kela's order.
KELA_CODES = {
    AbsenceReason.OWN_ILLNESS: "S",  # sairaus
    AbsenceReason.CHILD_ILLNESS: "L",  # lapsen sairaus
    AbsenceReason.JOB_INTERVIEW: "T",  # työhaastattelu tai vastaava
    AbsenceReason.OFFICE_OF_TRUST: "J",  # julkinen luottamustoimi
    AbsenceReason.OTHER: "M",  # muu syy
}
NOT_HELD_WORD = _l("Palvelua ei järjestetty")


# --- Periods ---------------------------------------------------------------------------------

def period_of(day: date) -> tuple[date, date]:
    """(Monday, Sunday) of the two-week period that holds day (see the module doc)."""
    monday = day - timedelta(days=day.weekday())
    week = monday.isocalendar()[1]
    start = monday if week % 2 == 1 else monday - timedelta(days=7)
    end = start + timedelta(days=13)
    following = start + timedelta(days=7)
    if following.isocalendar()[1] == 1 and start.isocalendar()[1] != 1:  # week 53, then week 1
        end = start + timedelta(days=6)
    return start, end


def next_period(start: date) -> date:
    return period_of(start)[1] + timedelta(days=1)


def previous_period(start: date) -> date:
    return period_of(start - timedelta(days=1))[0]


def latest_ended(today: date) -> date:
    """The start of the newest period that has ended before today."""
    start, end = period_of(today)
    return start if end < today else previous_period(start)


def period_arg(value: str | None, today: date) -> date:
    """The ?period= (the period's Monday, YYYY-MM-DD); the latest ended period when missing.
    Not a date, not a period's first day, before 2000 or a period to come: 404."""
    if not value:
        return latest_ended(today)
    try:
        start = date.fromisoformat(value)
    except ValueError:
        start = None
    if start is not None and start.isoformat() != value:  # only YYYY-MM-DD, not 20261102 or 2026-W45-1
        start = None
    if start is None or period_of(start)[0] != start or not FIRST_PERIOD <= start <= period_of(today)[0]:
        abort(404)
    return start


def periods_between(first: date, last: date) -> list[tuple[date, date]]:
    """Every period that has a day from first to last."""
    found, start = [], period_of(first)[0]
    while start <= last:
        found.append(period_of(start))
        start = next_period(start)
    return found


# --- Who is paid by Kela ---------------------------------------------------------------------

def kela_on_some_day(first: date, last: date):
    """A condition on ClientProfile: the client's payer was Kela on at least one day from first
    to last — a Kela assignment from on or before last that no other assignment replaced on or
    before first."""
    kela, later = aliased(PayerAssignment), aliased(PayerAssignment)
    replaced = exists().where(later.client_id == kela.client_id, later.valid_from > kela.valid_from,
                              later.valid_from <= first)
    return exists().where(kela.client_id == ClientProfile.person_id, kela.payer == Payer.KELA.value,
                          kela.valid_from <= last, ~replaced)


def kela_days(payers: list[PayerAssignment], first: date, last: date) -> bool:
    """The same rule in Python, over a client's assignments (sorted by valid_from)."""
    current = Payer.NONE.value
    for assignment in payers:
        if assignment.valid_from <= first:
            current = assignment.payer
        elif assignment.valid_from <= last and assignment.payer == Payer.KELA.value:
            return True
    return current == Payer.KELA.value


def in_service(first: date, last: date):
    """A condition on ClientProfile: a service period running, or a day record, in first..last."""
    return or_(
        exists().where(ServicePeriod.client_id == ClientProfile.person_id, ServicePeriod.starts_on <= last,
                       ServicePeriod.ends_on >= first),
        exists().where(ActivityDay.client_id == ClientProfile.person_id, ActivityDay.day.between(first, last)),
    )


# --- One period's report ---------------------------------------------------------------------

@dataclass
class Absence:
    day: date
    reason: str
    unit: Unit

    @property
    def code(self) -> str:
        return KELA_CODES.get(self.reason, "")

    @property
    def word(self) -> str:
        return str(ABSENCE_REASONS.get(self.reason, self.reason))


@dataclass
class ClientReport:
    client: ClientProfile
    start: date
    end: date
    planned: list[date] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)
    not_held: list[date] = field(default_factory=list)
    missing: list[date] = field(default_factory=list)  # planned, gone by, no record at all
    units: list[Unit] = field(default_factory=list)
    report: KelaReport | None = None

    @property
    def name(self) -> str:
        return f"{self.client.person.last_name}, {self.client.person.first_name}"

    @property
    def sent(self) -> bool:
        return self.report is not None and self.report.sent_at is not None


def clients_query(person: Person, start: date, end: date, client_id: int | None = None):
    query = (visible_clients(person).join(Person, Person.id == ClientProfile.person_id)
             .where(kela_on_some_day(start, end), in_service(start, end))
             .order_by(Person.last_name, Person.first_name, Person.id))
    if client_id is not None:
        query = query.where(ClientProfile.person_id == client_id)
    return query


def period_report(person: Person, start: date, client_id: int | None = None,
                  today: date | None = None) -> list[ClientReport]:
    """The period's report for every Kela client person may see (or the one client asked)."""
    start, end = period_of(start)
    today = today or clock.today()
    clients = db.session.scalars(clients_query(person, start, end, client_id).options(
        selectinload(ClientProfile.person), selectinload(ClientProfile.home_unit),
        selectinload(ClientProfile.periods).selectinload(ServicePeriod.unit).selectinload(Unit.opening_hours),
        selectinload(ClientProfile.periods).selectinload(ServicePeriod.unit).selectinload(Unit.closures),
    )).all()
    if not clients:
        return []
    ids = [c.person_id for c in clients]
    records: dict[int, dict[date, ActivityDay]] = defaultdict(dict)
    for chunk in _chunks(ids):
        for record in db.session.scalars(
                select(ActivityDay).where(ActivityDay.client_id.in_(chunk), ActivityDay.day.between(start, end))
                .options(selectinload(ActivityDay.unit))):
            records[record.client_id][record.day] = record
    reports = {}
    for chunk in _chunks(ids):
        reports.update({r.client_id: r for r in db.session.scalars(
            select(KelaReport).where(KelaReport.client_id.in_(chunk), KelaReport.period_start == start))})
    found = []
    for client in clients:
        found.append(_client_report(client, start, end, records[client.person_id], today,
                                    reports.get(client.person_id)))
    return found


def _client_report(client: ClientProfile, start: date, end: date, records: dict[date, ActivityDay],
                   today: date, report: KelaReport | None) -> ClientReport:
    result = ClientReport(client=client, start=start, end=end, report=report)
    units = {}
    day = start
    while day <= end:
        record = records.get(day)
        running = [p for p in client.periods if p.is_planned_on(day) and not p.unit.is_closed_on(day)]
        held = not (record is not None and record.kind == Kind.ABSENT
                    and record.absence_reason == AbsenceReason.NOT_HELD)
        if running and held:
            result.planned.append(day)
            if record is None and day < today:
                result.missing.append(day)
        for p in client.periods:
            if p.is_active_on(day):
                units.setdefault(p.unit_id, p.unit)
        if record is not None and record.kind == Kind.ABSENT and record.status != Status.NOT_COUNTED:
            if record.absence_reason == AbsenceReason.NOT_HELD:
                result.not_held.append(day)
            else:
                result.absences.append(Absence(day=day, reason=record.absence_reason, unit=record.unit))
        if record is not None:
            units.setdefault(record.unit_id, record.unit)
        day += timedelta(days=1)
    result.units = list(units.values()) or [client.home_unit]
    return result


def _chunks(ids: list[int], size: int = 500):
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


# --- Produced and sent -----------------------------------------------------------------------

def _report_row(client_id: int, start: date) -> KelaReport | None:
    return db.session.scalar(select(KelaReport).where(KelaReport.client_id == client_id,
                                                      KelaReport.period_start == start))


def mark_produced(reports: list[ClientReport], person: Person) -> None:
    """The printed page was made: create or update each client's KelaReport (audited), commit."""
    for item in reports:
        row = item.report or _report_row(item.client.person_id, item.start)
        if row is None:
            row = KelaReport(client_id=item.client.person_id, period_start=item.start, period_end=item.end)
            db.session.add(row)
            action = "kela_report_produced"
        else:
            action = "kela_report_produced_again"
        row.produced_at, row.produced_by_id = clock.now(), person.id
        audit.record(row, action)
        item.report = row
    try:
        db.session.commit()
    except IntegrityError:  # another printout of the same report at the same moment: theirs stands
        db.session.rollback()


def mark_sent(client: ClientProfile, start: date, person: Person) -> bool:
    """Record that the report was sent to Kela (audited). False if it already was."""
    start, end = period_of(start)
    row = _report_row(client.person_id, start)
    if row is not None and row.sent_at is not None:
        return False
    if row is None:  # sent without printing it here (e.g. typed into Kela's e-service)
        row = KelaReport(client_id=client.person_id, period_start=start, period_end=end,
                         produced_at=clock.now(), produced_by_id=person.id)
        db.session.add(row)
    row.sent_at, row.sent_by_id = clock.now(), person.id
    audit.record(row, "kela_report_sent")
    db.session.commit()
    return True


def is_kela_client_in(client: ClientProfile, start: date) -> bool:
    start, end = period_of(start)
    return db.session.scalar(select(ClientProfile.person_id).where(
        ClientProfile.person_id == client.person_id, kela_on_some_day(start, end), in_service(start, end))) is not None


# --- Due reports -----------------------------------------------------------------------------

@dataclass
class Due:
    client: ClientProfile
    start: date
    end: date
    report: KelaReport | None

    @property
    def name(self) -> str:
        return f"{self.client.person.last_name}, {self.client.person.first_name}"


def due(person: Person, today: date | None = None, limit: int = DUE_LIMIT) -> tuple[list[Due], int]:
    """Ended, unsent reports of Kela clients person may see, oldest first; and how many in all."""
    today = today or clock.today()
    last_start = latest_ended(today)
    last = period_of(last_start)[1]
    first = period_of(today - timedelta(days=DUE_REACH_DAYS))[0]
    if period_of(first)[1] < today - timedelta(days=DUE_REACH_DAYS):
        first = next_period(first)
    if first > last:
        return [], 0
    clients = db.session.scalars(
        visible_clients(person).where(kela_on_some_day(first, last),
                                      exists().where(ServicePeriod.client_id == ClientProfile.person_id,
                                                     ServicePeriod.starts_on <= last, ServicePeriod.ends_on >= first))
        .options(selectinload(ClientProfile.person), selectinload(ClientProfile.payers),
                 selectinload(ClientProfile.periods))).all()
    if not clients:
        return [], 0
    ids = [c.person_id for c in clients]
    reports: dict[tuple[int, date], KelaReport] = {}
    for chunk in _chunks(ids):
        for row in db.session.scalars(select(KelaReport).where(KelaReport.client_id.in_(chunk),
                                                               KelaReport.period_start >= first)):
            reports[(row.client_id, row.period_start)] = row
    periods = periods_between(first, last)
    found = []
    for client in clients:
        spans = [(p.starts_on, p.ends_on) for p in client.periods]
        for start, end in periods:
            if not any(s <= end and e >= start for s, e in spans):
                continue
            if not kela_days(client.payers, start, end):
                continue
            row = reports.get((client.person_id, start))
            if row is not None and row.sent_at is not None:
                continue
            found.append(Due(client=client, start=start, end=end, report=row))
    found.sort(key=lambda d: (d.start, d.client.person.last_name.casefold(),
                              d.client.person.first_name.casefold(), d.client.person_id))
    return found[:limit], len(found)
