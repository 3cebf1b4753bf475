"""The personal badge: what its QR says. The kiosk reads this format, so it lives in one place."""
from webapp.clients.models import ClientProfile

PREFIX = "lasna:badge:"


def badge_payload(profile: ClientProfile) -> str:
    return PREFIX + profile.badge_token


def token_from_payload(payload: str) -> str | None:
    """The badge token in a scanned payload, or None if it is not a Läsnä badge."""
    if not payload.startswith(PREFIX):
        return None
    token = payload[len(PREFIX):]
    return token or None
