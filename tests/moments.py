"""Named moments for frozen-time tests (Europe/Helsinki wall clock)."""
from datetime import datetime
from zoneinfo import ZoneInfo

HEL = ZoneInfo("Europe/Helsinki")

# A Wednesday in an ordinary working week.
BEFORE_OPENING = datetime(2026, 11, 18, 7, 15, tzinfo=HEL)
MORNING = datetime(2026, 11, 18, 8, 5, tzinfo=HEL)
DURING_THE_DAY = datetime(2026, 11, 18, 11, 0, tzinfo=HEL)
AFTER_CLOSING = datetime(2026, 11, 18, 16, 30, tzinfo=HEL)
MONTH_END = datetime(2026, 11, 30, 17, 0, tzinfo=HEL)
