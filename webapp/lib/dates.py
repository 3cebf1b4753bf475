"""Calendar arithmetic the areas share: months forward and back, a month's first and last day."""
import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def shift_month(first: date, months: int) -> date:
    """The first day of the month `months` away from the month of first."""
    return add_months(first.replace(day=1), months)


def month_bounds(month: date) -> tuple[date, date]:
    """The first and the last day of the month that holds `month`."""
    first = month.replace(day=1)
    return first, add_months(first, 1) - timedelta(days=1)
