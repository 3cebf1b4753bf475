"""Lunch counts of a unit on a day: the rules, in SQL aggregates (never one query per client).

Three counts, each with its special diets broken down:

- **forecast** (ennuste): the clients expected that day — an active period at the unit that
  plans the weekday (not a remote-only period), the client active, the unit open — minus those
  whose absence or remote day was recorded *before the cut-off moment* of the day
  (`Unit.lunch_cutoff`, 09:30 by default, Helsinki wall-clock time, so the moment in UTC moves
  with summer time). A remote day does not eat here, so it is subtracted like an absence.

  The forecast is *ready* at the cut-off. **After the cut-off it stays as it was at the
  cut-off**: an absence or remote day recorded later does not change it (the kitchen has already
  cooked). Those are counted separately as "cancelled later" (peruttu myöhemmin), with their
  diets. What "recorded" means is the record's `decided_at` (absences and remote days are
  recorded confirmed; the creation time when it has none). Two things the record no longer
  knows are not replayed: an absence removed with undo after the cut-off drops out of the
  subtraction, and a client who came after all (the scan turns the absence into an on-site
  day) is expected again — both make the forecast agree with what happened.
  Before the cut-off (and for future days) the forecast is the same sum with what is known so
  far; `ready` says which.
- **live** (tällä hetkellä): on-site days at the unit that day whose client said yes to lunch,
  whatever the coach's decision, expected or not.
- **final** (lopullinen): the same, only days the coach has confirmed.

**Diets**: for each count, the number of clients per special diet (a client with two diets is
counted under both) and, for those clients only, their short names ("Anna A.") with their
diet note: the kitchen needs to know whose plate it is. Names of clients without a special
diet are never given. A client with a diet note but no diet from the list is counted under
"other special diet" (`DietLine.code is None`).

**Served** (tarjoiltu): the kitchen's own figure (`LunchServed`). It is compared with the
attendance lunch count: `final` once every on-site day of the unit that day is decided (and the
day is past), else `live`; more lunches served than that raises a warning.

`month_totals(unit, first_of_month)` gives the same per day for a month, with a total row, for
meal invoicing.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, false, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from webapp.lib.dates import month_bounds
from webapp.accounts.models import Person
from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.clients.models import ClientProfile, client_diet
from webapp.reference.models import Diet
from webapp.extensions import db
from webapp.lib import clock
from webapp.lunch.models import LunchServed
from webapp.clients.models import Mode, ServicePeriod
from webapp.units.models import Unit

NOT_EATING_HERE = (Kind.ABSENT.value, Kind.REMOTE.value)
OTHER_DIET = _l("Muu erityisruokavalio")


# --- What the counts look like ---------------------------------------------------------------

@dataclass(frozen=True)
class Plate:
    """A client with a special diet: what the kitchen needs to know, nothing more."""
    client_id: int
    short_name: str
    note: str


@dataclass
class DietLine:
    """One special diet in a count: how many plates and whose."""
    diet: Diet | None  # None: a diet note without a diet from the list
    count: int
    plates: list[Plate] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        return self.diet.code if self.diet is not None else None

    @property
    def name(self) -> str:
        """In the reader's language (read inside a request)."""
        return self.diet.name if self.diet is not None else str(OTHER_DIET)


@dataclass
class Count:
    total: int
    special: int  # clients with at least one special diet (or a diet note)
    diets: list[DietLine]

    @property
    def ordinary(self) -> int:
        return self.total - self.special


@dataclass
class Forecast(Count):
    ready: bool = False  # the cut-off has passed: the figure no longer changes
    cutoff_at: datetime | None = None  # the cut-off moment, UTC
    cancelled_later: Count | None = None  # absences and remote days recorded after the cut-off


@dataclass
class DayCounts:
    """Everything the kitchen view shows for a unit and a day."""
    unit: Unit
    day: date
    closed: bool
    forecast: Forecast
    live: Count
    final: Count
    served: LunchServed | None
    open_onsite: int  # on-site days the coach has not decided yet
    past: bool

    @property
    def settled(self) -> bool:
        """The day is over and every on-site day is decided: the final count is the attendance."""
        return self.past and self.open_onsite == 0

    @property
    def attendance(self) -> int:
        """What lunches served are compared with: final when settled, else live."""
        return self.final.total if self.settled else self.live.total

    @property
    def too_many_served(self) -> bool:
        return self.served is not None and self.served.served > self.attendance


# --- The sets of clients, as SQL -------------------------------------------------------------

def cutoff_at(unit: Unit, day: date) -> datetime:
    """The cut-off moment of day at unit in UTC (09:30 Helsinki is 07:30 UTC in winter and
    06:30 UTC in summer)."""
    return datetime.combine(day, unit.lunch_cutoff, clock.HELSINKI).astimezone(timezone.utc)


def _recorded_at():
    return func.coalesce(ActivityDay.decided_at, ActivityDay.created_at)


def _not_here(day: date, *, before: datetime | None = None, since: datetime | None = None):
    """EXISTS an absence or remote day of the period's client on day, recorded before / since a moment."""
    conditions = [ActivityDay.client_id == ServicePeriod.client_id, ActivityDay.day == day,
                  ActivityDay.kind.in_(NOT_EATING_HERE)]
    if before is not None:
        conditions.append(_recorded_at() < before)
    if since is not None:
        conditions.append(_recorded_at() >= since)
    return exists().where(*conditions)


def _expected(unit: Unit, day: date):
    """SELECT DISTINCT client_id of the clients expected at unit on day (see the module doc)."""
    query = (select(ServicePeriod.client_id).distinct()
             .join(Person, Person.id == ServicePeriod.client_id)
             .where(ServicePeriod.unit_id == unit.id, ServicePeriod.starts_on <= day, ServicePeriod.ends_on >= day,
                    ServicePeriod.planned_weekdays.op("&")(1 << day.weekday()) != 0,
                    ServicePeriod.mode != Mode.REMOTE.value, Person.active.is_(True)))
    if unit.is_closed_on(day):
        query = query.where(false())
    return query


def forecast_ids(unit: Unit, day: date):
    """SELECT client_id of the forecast: expected, minus absences and remote days recorded
    before the cut-off."""
    return _expected(unit, day).where(~_not_here(day, before=cutoff_at(unit, day)))


def cancelled_later_ids(unit: Unit, day: date):
    """SELECT client_id of expected clients whose absence or remote day came after the cut-off."""
    return _expected(unit, day).where(_not_here(day, since=cutoff_at(unit, day)))


def live_ids(unit: Unit, day: date):
    """SELECT client_id of on-site days at unit on day with lunch yes."""
    return select(ActivityDay.client_id).where(ActivityDay.unit_id == unit.id, ActivityDay.day == day,
                                               ActivityDay.kind == Kind.ONSITE.value,
                                               ActivityDay.lunch.is_(True))


def final_ids(unit: Unit, day: date):
    """SELECT client_id of confirmed on-site days at unit on day with lunch yes."""
    return live_ids(unit, day).where(ActivityDay.status == Status.CONFIRMED.value)


# --- Counting a set, with its diets ----------------------------------------------------------

def _has_note():
    return func.length(func.trim(func.coalesce(ClientProfile.diet_note, ""))) > 0


def count(ids) -> Count:
    """The total of a set of client ids (a SELECT of one column) and its special diets: per
    diet a count (SQL GROUP BY), and the short names of only the clients who have a diet."""
    members = ClientProfile.person_id.in_(ids)
    has_diet = exists().where(client_diet.c.client_id == ClientProfile.person_id)

    def how_many(*conditions):
        return select(func.count(ClientProfile.person_id)).where(members, *conditions).scalar_subquery()

    total, special, note_only = db.session.execute(
        select(how_many(), how_many(or_(has_diet, _has_note())), how_many(~has_diet, _has_note()))
    ).one()
    if not special:
        return Count(total=total, special=0, diets=[])
    per_diet = db.session.execute(
        select(Diet, func.count(client_diet.c.client_id))
        .join(client_diet, client_diet.c.diet_id == Diet.id)
        .where(client_diet.c.client_id.in_(ids))
        .group_by(Diet.id).order_by(Diet.code)
    ).all()
    clients = db.session.scalars(
        select(ClientProfile).where(members, or_(has_diet, _has_note()))
        .options(joinedload(ClientProfile.person), selectinload(ClientProfile.diets))
    ).all()
    plates_of = defaultdict(list)
    for client in clients:
        plate = Plate(client.person_id, client.short_name, (client.diet_note or "").strip())
        for diet in client.diets:
            plates_of[diet.id].append(plate)
        if not client.diets:
            plates_of[None].append(plate)
    lines = [DietLine(diet, n, _by_name(plates_of[diet.id])) for diet, n in per_diet]
    if note_only:
        lines.append(DietLine(None, note_only, _by_name(plates_of[None])))
    return Count(total=total, special=special, diets=lines)


def _by_name(plates: list[Plate]) -> list[Plate]:
    return sorted(plates, key=lambda p: (p.short_name.casefold(), p.client_id))


# --- The counts ------------------------------------------------------------------------------

def forecast(unit: Unit, day: date) -> Forecast:
    """The morning's forecast with its diets, whether it is ready, and the later cancellations."""
    moment = cutoff_at(unit, day)
    counted = count(forecast_ids(unit, day))
    return Forecast(total=counted.total, special=counted.special, diets=counted.diets,
                    ready=clock.now() >= moment, cutoff_at=moment,
                    cancelled_later=count(cancelled_later_ids(unit, day)))


def live(unit: Unit, day: date) -> Count:
    return count(live_ids(unit, day))


def final(unit: Unit, day: date) -> Count:
    return count(final_ids(unit, day))


def served_on(unit: Unit, day: date) -> LunchServed | None:
    return db.session.scalar(select(LunchServed).where(LunchServed.unit_id == unit.id, LunchServed.day == day))


def _open_onsite(unit: Unit, day: date) -> int:
    return db.session.scalar(select(func.count(ActivityDay.id)).where(
        ActivityDay.unit_id == unit.id, ActivityDay.day == day, ActivityDay.kind == Kind.ONSITE.value,
        ActivityDay.status == Status.OPEN.value))


def day_counts(unit: Unit, day: date) -> DayCounts:
    return DayCounts(unit=unit, day=day, closed=unit.is_closed_on(day), forecast=forecast(unit, day),
                     live=live(unit, day), final=final(unit, day), served=served_on(unit, day),
                     open_onsite=_open_onsite(unit, day), past=day < clock.today())


# --- A month ---------------------------------------------------------------------------------

@dataclass
class MonthDay:
    day: date
    closed: bool
    forecast: int
    live: int
    final: int
    served: int | None
    open_onsite: int
    past: bool

    @property
    def settled(self) -> bool:
        return self.past and self.open_onsite == 0

    @property
    def attendance(self) -> int:
        return self.final if self.settled else self.live

    @property
    def too_many_served(self) -> bool:
        return self.served is not None and self.served > self.attendance


@dataclass
class MonthTotals:
    unit: Unit
    first: date
    days: list[MonthDay]

    @property
    def forecast(self) -> int:
        return sum(d.forecast for d in self.days)

    @property
    def live(self) -> int:
        return sum(d.live for d in self.days)

    @property
    def final(self) -> int:
        return sum(d.final for d in self.days)

    @property
    def served(self) -> int:
        return sum(d.served or 0 for d in self.days)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.days if d.too_many_served)

    @property
    def too_many_served(self) -> bool:
        return self.warnings > 0


def month_days(first: date) -> list[date]:
    first, last = month_bounds(first)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def month_totals(unit: Unit, first: date) -> MonthTotals:
    """Per day of the month of first: forecast, live, final, served and the warning. Days the
    unit is closed are left out unless something was recorded on them. Four queries in all."""
    days = month_days(first)
    last = days[-1]
    forecasts = {}
    open_days = [d for d in days if not unit.is_closed_on(d)]
    if open_days:
        selects = [select(literal(i).label("i"), func.count().label("n"))
                   .select_from(forecast_ids(unit, d).subquery()) for i, d in enumerate(open_days)]
        forecasts = {open_days[i]: n for i, n in db.session.execute(union_all(*selects)).all()}
    onsite = ActivityDay.kind == Kind.ONSITE.value
    lunch_yes = and_(onsite, ActivityDay.lunch.is_(True))
    per_day = {row.day: row for row in db.session.execute(
        select(ActivityDay.day,
               func.sum(case((lunch_yes, 1), else_=0)).label("live"),
               func.sum(case((and_(lunch_yes, ActivityDay.status == Status.CONFIRMED.value), 1), else_=0))
               .label("final"),
               func.sum(case((and_(onsite, ActivityDay.status == Status.OPEN.value), 1), else_=0)).label("open"))
        .where(ActivityDay.unit_id == unit.id, ActivityDay.day.between(first, last))
        .group_by(ActivityDay.day)
    ).all()}
    served = dict(db.session.execute(
        select(LunchServed.day, LunchServed.served)
        .where(LunchServed.unit_id == unit.id, LunchServed.day.between(first, last))
    ).all())
    today = clock.today()
    rows = []
    for d in days:
        row = per_day.get(d)
        closed = unit.is_closed_on(d)
        if closed and row is None and d not in served:
            continue
        rows.append(MonthDay(day=d, closed=closed, forecast=forecasts.get(d, 0),
                             live=int(row.live or 0) if row else 0, final=int(row.final or 0) if row else 0,
                             served=served.get(d), open_onsite=int(row.open or 0) if row else 0, past=d < today))
    return MonthTotals(unit=unit, first=first, days=rows)
