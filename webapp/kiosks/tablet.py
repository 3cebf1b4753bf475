"""The kiosk screen on the tablet."""
from webapp.kiosks import bp  # noqa: F401
