"""Phone check-in routes (see the phone helper)."""
from webapp.checkin import bp  # noqa: F401
