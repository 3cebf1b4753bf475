"""The figures on the client's home page: "today at a glance"."""
from dataclasses import dataclass
from datetime import date, timedelta

from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.clients.models import ClientProfile
from webapp.clients.search import is_expected_on
from webapp.extensions import db
from webapp.lib.dates import month_bounds

LOOK_AHEAD_DAYS = 366  # how far ahead next_planned_days looks before it gives up


def month_days(client: ClientProfile, today: date) -> tuple[int, int]:
    """(attended, confirmed): the days this calendar month (Europe/Helsinki) the client took
    part, on site or remotely, and how many of them the coach has confirmed.

    Issue 6 adds the one money function (9 € a confirmed day, effective-dated); then the home
    page can show euros from it.
    """
    first, last = month_bounds(today)
    attended, confirmed = db.session.execute(
        db.select(db.func.count(), db.func.count().filter(ActivityDay.status == Status.CONFIRMED.value))
        .where(ActivityDay.client_id == client.person_id, ActivityDay.day >= first,
               ActivityDay.day <= last, ActivityDay.kind != Kind.ABSENT.value)).one()
    return attended, confirmed


@dataclass(frozen=True)
class PlannedDay:
    day: date
    absence: str | None = None  # the reason of an absence already recorded (AbsenceReason), if any


def next_planned_days(client: ClientProfile, today: date, count: int = 5) -> list[PlannedDay]:
    """The next `count` days from today on (today included) on which the client is expected,
    each with the absence already recorded on it (a job interview told in advance, a day the
    unit did not hold), so the client sees that the coach knows."""
    periods = list(client.periods)
    if not periods:
        return []
    last = min(max(p.ends_on for p in periods), today + timedelta(days=LOOK_AHEAD_DAYS))
    found, day = [], today
    while day <= last and len(found) < count:
        if is_expected_on(client, day):
            found.append(day)
        day += timedelta(days=1)
    if not found:
        return []
    absences = dict(db.session.execute(
        db.select(ActivityDay.day, ActivityDay.absence_reason)
        .where(ActivityDay.client_id == client.person_id, ActivityDay.day.between(found[0], found[-1]),
               ActivityDay.kind == Kind.ABSENT.value)).all())
    return [PlannedDay(d, absences.get(d)) for d in found]
