"""The day board of one unit on one date: who is expected, who came, who did not, and what
each day record needs from the coach.

Built in a fixed number of SQL queries whatever the number of clients (a test counts them):
the periods running that day, the day records, the diary entries, the audit trail of the
records, the unit's opening hours and closures, the days waiting for review, and the refused
scans of an offline tablet.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from webapp.approvals import decisions
from webapp.approvals.access import on_board
from webapp.checkin.labels import NO_CHECK_OUT, flag_labels
from webapp.audit.models import AuditEvent
from webapp.checkin.models import ActivityDay, Kind, Outcome, Scan, month_closed
from webapp.clients.models import ClientProfile
from webapp.diary.models import DiaryEntry
from webapp.extensions import db
from webapp.lib import clock
from webapp.clients.models import ServicePeriod
from webapp.units.models import Unit


@dataclass
class Row:
    client: ClientProfile
    record: ActivityDay | None
    expected: bool
    entry: DiaryEntry | None = None
    events: list[AuditEvent] = field(default_factory=list)
    after_closing: bool = False
    elsewhere: bool = False  # the record is at another unit of the client's

    @property
    def state(self) -> str:
        """here, left, remote, absent, not_arrived or elsewhere."""
        if self.elsewhere:
            return "elsewhere"
        if self.record is None:
            return "not_arrived"
        if self.record.kind != Kind.ONSITE:
            return self.record.kind
        return "left" if self.record.check_out_at is not None else "here"

    @property
    def missing_check_out(self) -> bool:
        """Still checked in after the unit closed (or on an earlier day): the coach sets the time."""
        return self.state == "here" and self.after_closing

    @property
    def flags(self) -> list[str]:
        """The flags to show, in words ("no check-out" only once it is missing)."""
        if self.record is None or self.elsewhere:
            return []
        words = flag_labels(self.record.flags)
        if self.missing_check_out:
            words.insert(0, str(NO_CHECK_OUT))
        return words

    @property
    def can_confirm(self) -> bool:
        return self.record is not None and not self.elsewhere and decisions.can_confirm(self.record)

    @property
    def review(self) -> bool:
        """Decided, and a closure added later says the day was not held: the coach looks again."""
        return self.record is not None and not self.elsewhere and self.record.review is not None

    @property
    def needs_attention(self) -> bool:
        """Open and one tap is not enough, or decided and waiting for review."""
        return (self.record is not None and not self.elsewhere and self.record.open
                and self.state != "here" and not self.can_confirm) or self.missing_check_out or self.review


@dataclass
class Board:
    unit: Unit
    day: date
    rows: list[Row]
    closed: bool  # a closure day or no opening hours
    closes_at: datetime | None
    month_closed: bool = False  # the month's money is frozen: decided days are corrected, not undone
    refused: list[Scan] = field(default_factory=list)  # see refused_scans
    reviews: list[tuple[date, int]] = field(default_factory=list)  # (day, how many) waiting for review

    @property
    def closure_reason(self) -> str | None:
        return next((c.reason for c in self.unit.closures if c.starts_on <= self.day <= c.ends_on), None)

    @property
    def reviews_here(self) -> int:
        return sum(1 for r in self.rows if r.review)

    @property
    def reviews_elsewhere(self) -> list[tuple[date, int]]:
        """The other days of the unit with decided days waiting for review, for links."""
        return [(d, n) for d, n in self.reviews if d != self.day]

    @property
    def recorded(self) -> set[int]:
        """The clients with a record of the day (here or at another unit)."""
        return {r.client.person_id for r in self.rows if r.record is not None}

    def section(self, *states: str) -> list[Row]:
        return [r for r in self.rows if r.state in states]

    @property
    def arrived(self) -> list[Row]:
        return self.section("here", "left")

    @property
    def not_arrived(self) -> list[Row]:
        return self.section("not_arrived")

    @property
    def away(self) -> list[Row]:
        """Absences and remote days (and the rare record at another unit)."""
        return self.section("absent", "remote", "elsewhere")

    @property
    def not_held_offered(self) -> bool:
        """Offer "service not held" only where it can be recorded (decisions.not_held_refusal)."""
        return bool(self.not_arrived) and decisions.not_held_refusal(
            self.day, clock.today(), self.month_closed) is None

    @property
    def confirmable(self) -> int:
        return sum(1 for r in self.rows if r.can_confirm)

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.rows if r.record is not None and not r.elsewhere and r.record.open)

    @property
    def lunches(self) -> int:
        return sum(1 for r in self.rows if r.state in ("here", "left") and r.record.lunch)


def _closing(unit: Unit, on: date) -> datetime | None:
    hours = unit.hours_on(on.weekday())
    if hours is None:
        return None
    return decisions.local_moment(on, hours.closes)


def refused_scans(unit: Unit, on: date) -> list[Scan]:
    """The unit's scans of the day that an offline tablet's queue sent later and the server
    refused (a wrong PIN typed offline, an old card...), not yet handled by a coach. The tablet
    had told the client "saved", so the coach records the day by hand."""
    start = decisions.local_moment(on, time(0))
    end = decisions.local_moment(on + timedelta(days=1), time(0))
    return db.session.scalars(
        db.select(Scan).where(Scan.unit_id == unit.id, Scan.scanned_at >= start, Scan.scanned_at < end,
                              Scan.from_queue.is_(True), Scan.outcome == Outcome.REJECTED.value,
                              Scan.handled_at.is_(None))
        .options(db.joinedload(Scan.client).joinedload(ClientProfile.person), db.joinedload(Scan.kiosk))
        .order_by(Scan.scanned_at, Scan.id)
    ).unique().all()


def build(unit: Unit, on: date) -> Board:
    closed = unit.is_closed_on(on)  # loads the opening hours and closures
    closes_at = _closing(unit, on)
    now = clock.now()
    after_closing = on < clock.today() or (closes_at is not None and now >= closes_at)

    periods = db.session.scalars(
        db.select(ServicePeriod).where(ServicePeriod.unit_id == unit.id, ServicePeriod.starts_on <= on,
                                       ServicePeriod.ends_on >= on)
        .options(db.joinedload(ServicePeriod.client).joinedload(ClientProfile.person))
    ).unique().all()
    expected = {} if closed else {p.client_id: p.client for p in periods if p.is_planned_on(on)}

    here = ActivityDay.unit_id == unit.id
    records = db.session.scalars(
        db.select(ActivityDay)
        .where(ActivityDay.day == on, (here | ActivityDay.client_id.in_(expected)) if expected else here)
        .options(db.joinedload(ActivityDay.client).joinedload(ClientProfile.person),
                 db.joinedload(ActivityDay.decided_by))
    ).unique().all()
    by_client = {r.client_id: r for r in records}
    clients = dict(expected)
    clients.update({r.client_id: r.client for r in records})

    entries = {e.client_id: e for e in db.session.scalars(
        db.select(DiaryEntry).where(DiaryEntry.day == on, DiaryEntry.client_id.in_(clients)))} if clients else {}
    events: dict[int, list[AuditEvent]] = {}
    if records:
        for event in db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.entity == ActivityDay.__tablename__,
                                        AuditEvent.entity_id.in_([r.id for r in records]))
            .options(db.joinedload(AuditEvent.actor)).order_by(AuditEvent.at, AuditEvent.id)
        ):
            events.setdefault(event.entity_id, []).append(event)

    rows = []
    for client_id, client in clients.items():
        record = by_client.get(client_id)
        rows.append(Row(client=client, record=record, expected=client_id in expected,
                        entry=entries.get(client_id),
                        events=events.get(record.id, []) if record is not None else [],
                        after_closing=after_closing,
                        elsewhere=record is not None and record.unit_id != unit.id))
    rows.sort(key=lambda r: (r.client.called.casefold(), r.client.person.last_name.casefold(), r.client.person_id))
    reviews = [(d, n) for d, n in db.session.execute(
        db.select(ActivityDay.day, db.func.count()).where(ActivityDay.unit_id == unit.id,
                                                          ActivityDay.review.is_not(None))
        .group_by(ActivityDay.day).order_by(ActivityDay.day)) if on_board(d)]
    return Board(unit=unit, day=on, rows=rows, closed=closed, closes_at=closes_at,
                 month_closed=month_closed(unit.id, on), refused=refused_scans(unit, on),
                 reviews=reviews)
