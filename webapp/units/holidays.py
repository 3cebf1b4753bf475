"""Finnish public holidays, computed: no table to keep up to date, no third-party package.

The moving holidays hang on Easter Sunday (Gregorian computus) or on a Saturday in a
fixed week (Midsummer Day, All Saints' Day). Midsummer Eve and Christmas Eve are not
holidays in law, but workplaces and so the units are closed on them.
"""
from datetime import date, timedelta

from flask_babel import gettext as _


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_between(first: date) -> date:
    """The Saturday in the seven days starting at first."""
    return first + timedelta(days=(5 - first.weekday()) % 7)


def finnish_holidays(year: int) -> list[tuple[date, str]]:
    """(day, Finnish name) for every day the service is not held nationally, in date order."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(date(year, 6, 20))
    days = [
        (date(year, 1, 1), _("Uudenvuodenpäivä")),
        (date(year, 1, 6), _("Loppiainen")),
        (easter - timedelta(days=2), _("Pitkäperjantai")),
        (easter, _("Pääsiäispäivä")),
        (easter + timedelta(days=1), _("2. pääsiäispäivä")),
        (date(year, 5, 1), _("Vappu")),
        (easter + timedelta(days=39), _("Helatorstai")),
        (easter + timedelta(days=49), _("Helluntaipäivä")),
        (midsummer_day - timedelta(days=1), _("Juhannusaatto")),
        (midsummer_day, _("Juhannuspäivä")),
        (_saturday_between(date(year, 10, 31)), _("Pyhäinpäivä")),
        (date(year, 12, 6), _("Itsenäisyyspäivä")),
        (date(year, 12, 24), _("Jouluaatto")),
        (date(year, 12, 25), _("Joulupäivä")),
        (date(year, 12, 26), _("Tapaninpäivä")),
    ]
    return sorted(days)
