"""URL converters shared by every route."""
import re
from datetime import date

from flask import abort
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a number larger than any id is not a match (404), instead
    of reaching PostgreSQL, which refuses it with an error (a 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def number_arg(value: str | None, maximum: int = MAX_ID) -> int | None:
    """A number as it came in a query string or a form: 1 to maximum in ASCII digits, else None.
    The one check for it: "²".isdigit() is true, but int("²") raises (a 500 where a 404 is due)."""
    if not value or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= maximum else None


MAX_PAGE = 100_000  # past any list's last page: a larger ?page= never reaches the database's OFFSET


def page_arg(value: str | None) -> int:
    """A list's ?page=: 1 when not given, else a number from 1 to MAX_PAGE, else 404."""
    if value is None or value == "":
        return 1
    page = number_arg(value, MAX_PAGE)
    if page is None:
        abort(404)
    return page


# Days the service can be about. Outside them date arithmetic overflows (9999-12-31 + 1 day)
# and no record can exist, so a day out of range is simply not found.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def day_arg(value: str | None) -> date | None:
    """A day as it came in a URL or a form: YYYY-MM-DD, a real date from FIRST_DAY to LAST_DAY;
    else None."""
    if not value or not _DAY.fullmatch(value):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None
