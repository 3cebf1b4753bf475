"""How a day record reads on the screens: the phone and the kiosk say it the same way."""
from flask_babel import gettext as _

from webapp.checkin.models import ActivityDay


def duration_text(day: ActivityDay) -> str:
    """The length of a checked-out day, e.g. "5 t 20 min"."""
    minutes = int(day.duration.total_seconds() // 60)
    return _("%(hours)d t %(minutes)d min", hours=minutes // 60, minutes=minutes % 60)
