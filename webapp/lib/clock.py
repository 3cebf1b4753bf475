"""The one clock. Everything that needs "now" asks here, so tests can freeze it."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def now() -> datetime:
    """The current moment, timezone-aware, in UTC (the way it is stored)."""
    return datetime.now(timezone.utc)


def local_now() -> datetime:
    return now().astimezone(HELSINKI)


def today() -> date:
    """Today's date where the units are: Europe/Helsinki."""
    return local_now().date()


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(HELSINKI)


def start_of_day(day: date) -> datetime:
    """Midnight in Helsinki at the start of day, in UTC (for "since this date" queries)."""
    return datetime.combine(day, datetime.min.time(), HELSINKI).astimezone(timezone.utc)
