"""Manager routes for kiosks."""
from webapp.kiosks import bp  # noqa: F401
