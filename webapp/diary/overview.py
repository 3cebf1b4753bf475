"""The figures on the client's home page: "today at a glance"."""
from datetime import date, timedelta

from webapp.checkin.models import ActivityDay
from webapp.clients.models import ClientProfile
from webapp.clients.search import is_expected_on
from webapp.extensions import db

LOOK_AHEAD_DAYS = 366  # how far ahead next_planned_days looks before it gives up


def month_days(client: ClientProfile, today: date) -> int:
    """How many days this calendar month (Europe/Helsinki) the client has checked in.

    A stand-in: no day is confirmed by the coach yet, so this counts day records with a
    check-in. Issue 6 replaces it with the count of confirmed days and the one money function
    (9 € a confirmed day, effective-dated), and then the home page can show euros.
    """
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return db.session.scalar(
        db.select(db.func.count()).select_from(ActivityDay)
        .where(ActivityDay.client_id == client.person_id, ActivityDay.day >= first,
               ActivityDay.day < following, ActivityDay.check_in_at.is_not(None))) or 0


def next_planned_days(client: ClientProfile, today: date, count: int = 5) -> list[date]:
    """The next `count` days from today on (today included) on which the client is expected."""
    periods = list(client.periods)
    if not periods:
        return []
    last = min(max(p.ends_on for p in periods), today + timedelta(days=LOOK_AHEAD_DAYS))
    found, day = [], today
    while day <= last and len(found) < count:
        if is_expected_on(client, day):
            found.append(day)
        day += timedelta(days=1)
    return found
