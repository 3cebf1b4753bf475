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

**Only Kela's days.** The report covers only the days of the period on which Kela was the
client's payer (`_kela_days`): a client the municipality pays from 2.12. has no planned, absence,
not-held or missing day from 2.12. on in Kela's report; one Kela pays from mid-period has only
the days from then. The screen, the printed page and the CSV/XLSX say which days those were
when they are not the whole period.

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
from sqlalchemy import Date, case, exists, func, literal, or_, select, union, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from webapp import audit
from webapp.accounts.models import Person
from webapp.checkin.labels import ABSENCE_REASONS
from webapp.checkin.models import AbsenceReason, ActivityDay, Kind, Status
from webapp.clients.access import visible_clients
from webapp.clients.models import ClientProfile, Payer, PayerAssignment
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.urls import day_arg
from webapp.money.compensation import _ranges, _within
from webapp.money.models import KelaReport
from webapp.clients.models import ServicePeriod
from webapp.units.models import Closure, OpeningHours, Unit

FIRST_PERIOD = date(2000, 1, 3)  # the Monday of ISO week 1 of 2000: nothing earlier is asked for
DUE_REACH_DAYS = 366  # the due list looks back a year
DUE_LIMIT = 500  # at most this many due reports on one page (the oldest)
PAGE_SIZE = 50  # clients on one page of a period's report on screen (the exports hold them all)

# Läsnä's own one-letter shorthand for the TT3 reasons, in the order DOMAIN.md lists them. They
# are not Kela's codes (the form asks for the reason; no copy of the current form was at hand to
# match its layout): every screen, export and print shows the reason in words beside the letter,
# and the legend says what the letters are.
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
    start = day_arg(value)  # only YYYY-MM-DD, not 20261102 or 2026-W45-1, nor 9999-12-27
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


def in_service(first: date, last: date):
    """A condition on ClientProfile: a service period running, or a day record, in first..last."""
    return or_(
        exists().where(ServicePeriod.client_id == ClientProfile.person_id, ServicePeriod.starts_on <= last,
                       ServicePeriod.ends_on >= first),
        exists().where(ActivityDay.client_id == ClientProfile.person_id, ActivityDay.day.between(first, last)),
    )


# --- One period's report ---------------------------------------------------------------------

@dataclass(frozen=True)
class ClientRef:
    """The client a report or a due row is about: the id and the name, read in the same query as
    the rest (no ORM object per client)."""
    person_id: int
    last_name: str
    first_name: str


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
    client: ClientRef
    start: date
    end: date
    planned: list[date] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)
    not_held: list[date] = field(default_factory=list)
    missing: list[date] = field(default_factory=list)  # planned, gone by, no record at all
    units: list[Unit] = field(default_factory=list)
    report: KelaReport | None = None
    kela_spans: list[tuple[date, date]] = field(default_factory=list)  # the runs of days Kela pays

    @property
    def name(self) -> str:
        return f"{self.client.last_name}, {self.client.first_name}"

    @property
    def whole_period(self) -> bool:
        """Kela paid every day of the period (else the report holds only kela_spans)."""
        return self.kela_spans == [(self.start, self.end)]

    @property
    def sent(self) -> bool:
        return self.report is not None and self.report.sent_at is not None


def in_unit(unit_id: int, first: date, last: date):
    """The client belongs to unit_id's report between first and last: a service period there runs
    on one of the days, or the client has a day record there. An IN of the unit's own clients
    (found by the unit's indexes), not an EXISTS probed per client: SQLite took 0.8 s over
    5,000 clients that way."""
    return ClientProfile.person_id.in_(union(
        select(ServicePeriod.client_id).where(ServicePeriod.unit_id == unit_id, ServicePeriod.starts_on <= last,
                                              ServicePeriod.ends_on >= first),
        select(ActivityDay.client_id).where(ActivityDay.unit_id == unit_id, ActivityDay.day.between(first, last)),
    ))


def clients_query(person: Person, start: date, end: date, client_id: int | None = None, *,
                  unit_id: int | None = None, client_ids: list[int] | None = None):
    """The period's Kela clients person may see, by name: all, one (client_id), those of one unit
    (unit_id, see in_unit), or those of a page (client_ids)."""
    query = (visible_clients(person).join(Person, Person.id == ClientProfile.person_id)
             .where(kela_on_some_day(start, end), in_service(start, end))
             .order_by(Person.last_name, Person.first_name, Person.id))
    if client_id is not None:
        query = query.where(ClientProfile.person_id == client_id)
    if unit_id is not None:
        query = query.where(in_unit(unit_id, start, end))
    if client_ids is not None:
        query = query.where(ClientProfile.person_id.in_(client_ids))
    return query


def clients_page(person: Person, start: date, unit_id: int | None, page: int):
    """One page (PAGE_SIZE clients, by name; page from 1) of the period's Kela clients person may
    see, of one unit or all: a Flask-SQLAlchemy Pagination whose items are the clients' ids. A page
    past the last one is 404."""
    start, end = period_of(start)
    ids = clients_query(person, start, end, unit_id=unit_id).with_only_columns(
        ClientProfile.person_id, maintain_column_froms=True)
    return db.paginate(ids, page=page, per_page=PAGE_SIZE, max_per_page=PAGE_SIZE, error_out=True)


MAX_FLAG_DAYS = 31  # a set of days in one integer: the flags stay 32-bit integers on both databases


def day_flags(start: date, end: date):
    """The days from start to end (at most MAX_FLAG_DAYS) as a small derived table: day, weekday
    (0 = Monday), bit (its bit in ServicePeriod.planned_weekdays) and flag (the day's own bit,
    1 << its index from start), so that the sum of the distinct flags of some days is that set of
    days in one integer (days_of reads it back; flag_of gives a day column's flag). A UNION ALL of literal rows: SQLite has no named
    VALUES."""
    count = (end - start).days + 1
    if not 0 < count <= MAX_FLAG_DAYS:
        raise ValueError(f"day_flags takes 1 to {MAX_FLAG_DAYS} days, not {count}")
    days = [start + timedelta(days=i) for i in range(count)]
    return union_all(*(select(literal(d, Date).label("day"), literal(d.weekday()).label("weekday"),
                              literal(1 << d.weekday()).label("bit"), literal(1 << i).label("flag"))
                       for i, d in enumerate(days))).subquery("calendar")


def flag_of(day_column, start: date, end: date):
    """The flag of day_column's day as day_flags(start, end) numbers them (0 outside): a CASE, for
    summing the flags of rows that already have their day, without joining a calendar."""
    count = (end - start).days + 1
    if not 0 < count <= MAX_FLAG_DAYS:
        raise ValueError(f"flag_of takes 1 to {MAX_FLAG_DAYS} days, not {count}")
    return case({start + timedelta(days=i): 1 << i for i in range(count)}, value=day_column, else_=0)


def days_of(flags: int, start: date, cache: dict | None = None) -> list[date]:
    """The days of a set of day flags from day_flags(start, ...), in order. With a cache (a dict
    kept over many clients) each distinct set is decoded once."""
    if cache is None:
        cache = {}
    flags = int(flags)
    if flags not in cache:
        cache[flags] = [start + timedelta(days=i) for i in range(flags.bit_length()) if flags >> i & 1]
    return list(cache[flags])


def _planned(ids, start: date, end: date) -> dict[int, int]:
    """Per client: the days of the period a service period plans, as a set of day flags (see
    day_flags), in one grouped query: a planned weekday on which the period's unit is open and not
    closed. SUM(DISTINCT flag): a day two periods plan is one day."""
    calendar = day_flags(start, end)
    query = (select(ServicePeriod.client_id, func.sum(calendar.c.flag.distinct())).select_from(ServicePeriod)
             .join(calendar, (ServicePeriod.starts_on <= calendar.c.day) & (ServicePeriod.ends_on >= calendar.c.day)
                   & (ServicePeriod.planned_weekdays.bitwise_and(calendar.c.bit) != 0))
             .join(OpeningHours, (OpeningHours.unit_id == ServicePeriod.unit_id)
                   & (OpeningHours.weekday == calendar.c.weekday))
             .where(ServicePeriod.client_id.in_(ids), ServicePeriod.starts_on <= end, ServicePeriod.ends_on >= start,
                    ~exists().where(Closure.unit_id == ServicePeriod.unit_id, Closure.starts_on <= calendar.c.day,
                                    Closure.ends_on >= calendar.c.day))
             .group_by(ServicePeriod.client_id))
    return {client_id: int(flags) for client_id, flags in db.session.execute(query)}


def _kela_days(ids, start: date, end: date) -> dict[int, int]:
    """Per client: the days of the period on which Kela was the payer (the payer ranges the money
    uses, joined to the period's days), as a set of day flags, in one grouped query. A day falls
    in one payer range, so the flags add up without DISTINCT."""
    calendar = day_flags(start, end)
    # The payer ranges (LEAD over valid_from, as compensation._ranges) of these clients only: the
    # window is per client, so filtering first gives the same ranges and reads fewer rows.
    payers = (select(PayerAssignment.client_id, PayerAssignment.payer, PayerAssignment.valid_from,
                     func.lead(PayerAssignment.valid_from).over(partition_by=PayerAssignment.client_id,
                                                                order_by=PayerAssignment.valid_from)
                     .label("valid_to"))
              .where(PayerAssignment.client_id.in_(ids), PayerAssignment.valid_from <= end).subquery("payers"))
    query = (select(payers.c.client_id, func.sum(calendar.c.flag)).select_from(payers)
             .join(calendar, _within(payers, calendar.c.day))
             .where(payers.c.payer == Payer.KELA.value)
             .group_by(payers.c.client_id))
    return {client_id: int(flags) for client_id, flags in db.session.execute(query)}


def spans_of(flags: int, start: date) -> list[tuple[date, date]]:
    """The runs of consecutive days in a set of day flags: [(first, last)], in order."""
    spans, i = [], 0
    while flags >> i:
        if flags >> i & 1:
            j = i
            while flags >> (j + 1) & 1:
                j += 1
            spans.append((start + timedelta(days=i), start + timedelta(days=j)))
            i = j + 1
        else:
            i += 1
    return spans


def _recorded(ids, start: date, end: date):
    """Per client and unit: the days of the period with a day record there, and those of them that
    are "service not held" absences (any status), as sets of day flags, in one grouped query."""
    flag = flag_of(ActivityDay.day, start, end)
    not_held = (ActivityDay.kind == Kind.ABSENT.value) & (ActivityDay.absence_reason == AbsenceReason.NOT_HELD.value)
    return db.session.execute(
        select(ActivityDay.client_id, ActivityDay.unit_id, func.sum(flag), func.sum(case((not_held, flag), else_=0)))
        .where(ActivityDay.client_id.in_(ids), ActivityDay.day.between(start, end))
        .group_by(ActivityDay.client_id, ActivityDay.unit_id)).all()


def period_report(person: Person, start: date, client_id: int | None = None,
                  today: date | None = None, *, unit_id: int | None = None,
                  client_ids: list[int] | None = None) -> list[ClientReport]:
    """The period's report for every Kela client person may see, or those clients_query picks
    (one client, one unit's, a page's).

    Set-based, a handful of queries whatever the number of clients: the clients; the days their
    service periods plan (_planned) and the days they have records on (_recorded), each client's
    as one integer of day flags; their absences; their service periods' units; the units; the
    KelaReports; the days Kela paid (_kela_days). Python puts each client's rows into its report,
    each kept to the days Kela paid: planned = planned by a period and not "not held"; missing =
    planned, gone by and without a record."""
    start, end = period_of(start)
    today = today or clock.today()
    clients = clients_query(person, start, end, client_id, unit_id=unit_id, client_ids=client_ids)
    homes, found = {}, []
    for person_id, last_name, first_name, home_unit_id in db.session.execute(clients.with_only_columns(
            ClientProfile.person_id, Person.last_name, Person.first_name, ClientProfile.home_unit_id,
            maintain_column_froms=True)):
        found.append(ClientReport(client=ClientRef(person_id, last_name, first_name), start=start, end=end))
        homes[person_id] = home_unit_id
    if not found:
        return []
    ids = clients.with_only_columns(ClientProfile.person_id, maintain_column_froms=True).order_by(None)
    by_id = {r.client.person_id: r for r in found}

    absences = db.session.execute(
        select(ActivityDay.client_id, ActivityDay.day, ActivityDay.absence_reason, ActivityDay.unit_id)
        .where(ActivityDay.client_id.in_(ids), ActivityDay.day.between(start, end),
               ActivityDay.kind == Kind.ABSENT.value, ActivityDay.status != Status.NOT_COUNTED.value)
        .order_by(ActivityDay.client_id, ActivityDay.day)).all()
    periods = db.session.execute(
        select(ServicePeriod.client_id, ServicePeriod.unit_id, ServicePeriod.starts_on)
        .where(ServicePeriod.client_id.in_(ids), ServicePeriod.starts_on <= end, ServicePeriod.ends_on >= start)
        .order_by(ServicePeriod.client_id, ServicePeriod.starts_on.desc(), ServicePeriod.id)).all()
    recorded = _recorded(ids, start, end)
    kela_days = _kela_days(ids, start, end)
    # The units in the order the days show them: by the first day a unit appears, a service
    # period (newest first) before a day record.
    seen: dict[int, list[tuple]] = defaultdict(list)
    for order, (cid, unit_id, starts_on) in enumerate(periods):
        seen[cid].append(((max(start, starts_on) - start).days, 0, order, unit_id))
    held_days: dict[int, int] = defaultdict(int)  # any record
    not_held: dict[int, int] = defaultdict(int)
    for cid, unit_id, flags, not_held_flags in recorded:
        flags = int(flags) & kela_days.get(cid, 0)
        if not flags:
            continue
        seen[cid].append(((flags & -flags).bit_length() - 1, 1, 0, unit_id))  # its first day
        held_days[cid] |= flags
        not_held[cid] |= int(not_held_flags) & flags
    unit_ids = {unit_id for events in seen.values() for *_, unit_id in events} | set(homes.values())
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    for row in db.session.scalars(select(KelaReport).where(KelaReport.client_id.in_(ids),
                                                           KelaReport.period_start == start)):
        by_id[row.client_id].report = row

    for cid, day, reason, unit_id in absences:
        if not kela_days.get(cid, 0) >> (day - start).days & 1:
            continue  # another payer's day: not Kela's to hear of
        if reason == AbsenceReason.NOT_HELD:
            by_id[cid].not_held.append(day)
        else:
            by_id[cid].absences.append(Absence(day=day, reason=reason, unit=units[unit_id]))
    gone_by = (1 << max(0, min((today - start).days, (end - start).days + 1))) - 1  # the days before today
    decoded: dict[int, list[date]] = {}
    for cid, flags in _planned(ids, start, end).items():
        planned = flags & ~not_held[cid] & kela_days.get(cid, 0)
        by_id[cid].planned = days_of(planned, start, decoded)
        by_id[cid].missing = days_of(planned & ~held_days[cid] & gone_by, start, decoded)
    for cid, report in by_id.items():
        order = dict.fromkeys(unit_id for *_, unit_id in sorted(seen[cid]))
        report.units = [units[u] for u in order] or [units[homes[cid]]]
        report.kela_spans = spans_of(kela_days.get(cid, 0), start)
    return found


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
    client: ClientRef
    start: date
    end: date
    report: KelaReport | None

    @property
    def name(self) -> str:
        return f"{self.client.last_name}, {self.client.first_name}"


def _periods_table(periods: list[tuple[date, date]]):
    return union_all(*(select(literal(s, Date).label("start"), literal(e, Date).label("end"))
                       for s, e in periods)).subquery("periods")


def due(person: Person, today: date | None = None, limit: int = DUE_LIMIT) -> tuple[list[Due], int]:
    """Ended, unsent reports of Kela clients person may see, oldest first; and how many in all.

    Set-based: the visible clients crossed with the periods in reach, kept where a service period
    runs in the period, the payer was Kela on one of its days (kela_on_some_day's rule, as a Kela
    payer range that overlaps the period, for every period at once) and no report was
    sent. One grouped query counts them per period; only the oldest periods that fill the page
    are read row by row (and sorted by name here, as Python compares names)."""
    today = today or clock.today()
    last_start = latest_ended(today)
    last = period_of(last_start)[1]
    first = period_of(today - timedelta(days=DUE_REACH_DAYS))[0]
    if period_of(first)[1] < today - timedelta(days=DUE_REACH_DAYS):
        first = next_period(first)
    if first > last:
        return [], 0
    periods = _periods_table(periods_between(first, last))
    visible = visible_clients(person).with_only_columns(ClientProfile.person_id, maintain_column_froms=True)
    payers = _ranges(PayerAssignment, PayerAssignment.client_id)  # Kela on some day: a Kela range overlaps
    pairs = (select(payers.c.client_id, periods.c.start, periods.c.end).distinct().select_from(periods)
             .join(payers, (payers.c.payer == Payer.KELA.value) & (payers.c.valid_from <= periods.c.end)
                   & (payers.c.valid_to.is_(None) | (payers.c.valid_to > periods.c.start)))
             .join(ServicePeriod, (ServicePeriod.client_id == payers.c.client_id)
                   & (ServicePeriod.starts_on <= periods.c.end) & (ServicePeriod.ends_on >= periods.c.start))
             .where(payers.c.client_id.in_(visible),
                    ~exists().where(KelaReport.client_id == payers.c.client_id,
                                    KelaReport.period_start == periods.c.start, KelaReport.sent_at.is_not(None)))
             ).subquery("due_pairs")
    counts = db.session.execute(select(pairs.c.start, func.count()).group_by(pairs.c.start)
                                .order_by(pairs.c.start)).all()
    total = sum(n for _start, n in counts)
    if total == 0 or limit <= 0:
        return [], total
    needed, upto = 0, None
    for upto, n in counts:  # the oldest periods that fill the page
        needed += n
        if needed >= limit:
            break
    rows = db.session.execute(
        select(pairs.c.client_id, Person.last_name, Person.first_name, pairs.c.start, pairs.c.end)
        .join(Person, Person.id == pairs.c.client_id).where(pairs.c.start <= upto)).all()
    rows.sort(key=lambda r: (r.start, r.last_name.casefold(), r.first_name.casefold(), r.client_id))
    rows = rows[:limit]
    reports: dict[tuple[int, date], KelaReport] = {}
    ids = sorted({r.client_id for r in rows})
    for chunk in _chunks(ids):
        for row in db.session.scalars(select(KelaReport).where(KelaReport.client_id.in_(chunk),
                                                               KelaReport.period_start.between(first, upto))):
            reports[(row.client_id, row.period_start)] = row
    return [Due(client=ClientRef(r.client_id, r.last_name, r.first_name), start=r.start, end=r.end,
                report=reports.get((r.client_id, r.start))) for r in rows], total
