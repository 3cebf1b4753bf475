"""Web Push: keep a client's browsers' subscriptions and send them a notification.

The message is encrypted for each browser (RFC 8291, aes128gcm) and signed with the app's VAPID
key (RFC 8292) by pywebpush; the push service (Google's, Mozilla's, Apple's, Microsoft's) only
passes it on. What a message holds is the caller's choice; the callers here send no diary text.

- A subscription's endpoint must be one of the known push services (config PUSH_SERVICES): the
  server posts to it, so a made-up endpoint must not point the server at anything else.
- A push service that answers 404 or 410 has forgotten the browser (it unsubscribed, the app was
  removed, the site's data cleared on logout): the subscription is removed. Other failures are
  counted; after MAX_FAILURES in a row it is removed too.
- Sending never raises: the caller learns how many browsers took the message.
"""
import base64
import binascii
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import requests
from flask import current_app
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from webapp.clients.models import ClientProfile
from webapp.diary.push_models import ENDPOINT_MAX, PushSubscription
from webapp.extensions import db
from webapp.lib import clock

log = logging.getLogger(__name__)

MAX_FAILURES = 10  # failed sends in a row before a subscription is given up
TIMEOUT = (3.05, 5)  # seconds to connect, to wait for the answer: a coach's reply waits on it
GONE = (404, 410)


def enabled() -> bool:
    """Push is on when the app has a VAPID key (always in development; in production when set)."""
    return bool(current_app.config.get("VAPID_PRIVATE_KEY"))


def public_key() -> str | None:
    """The application server key a browser subscribes with (base64url)."""
    return current_app.config.get("VAPID_PUBLIC_KEY") if enabled() else None


@lru_cache(maxsize=4)
def _vapid(private_key: str) -> Vapid:
    return Vapid.from_raw(private_key.encode())


# --- Subscriptions -------------------------------------------------------------------------------

def _host_allowed(host: str, pattern: str) -> bool:
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return host == pattern


def allowed_endpoint(url: str) -> bool:
    """The endpoint is an address of a known push service (PUSH_SERVICES: scheme://host)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if parts.username or parts.password or not host:
        return False
    if parts.scheme == "https" and parts.port not in (None, 443):
        return False
    for service in current_app.config.get("PUSH_SERVICES", ()):
        scheme, _sep, pattern = service.partition("://")
        if parts.scheme == scheme and _host_allowed(host, pattern.lower()):
            return True
    return False


def _key(text, size: int) -> str | None:
    """A base64url key of exactly size bytes, as the browser gave it (padding dropped)."""
    if not isinstance(text, str) or not 0 < len(text) <= 200:
        return None
    text = text.strip().rstrip("=")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != size or (size == 65 and raw[0] != 4):
        return None
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def parse_subscription(data) -> tuple[str, str, str] | None:
    """(endpoint, p256dh, auth) from a browser's PushSubscription.toJSON(), or None if it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        return None
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not 0 < len(endpoint) <= ENDPOINT_MAX or not allowed_endpoint(endpoint):
        return None
    p256dh, auth = _key(data["keys"].get("p256dh"), 65), _key(data["keys"].get("auth"), 16)
    if p256dh is None or auth is None:
        return None
    return endpoint, p256dh, auth


def save_subscription(client: ClientProfile, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """This browser's subscription, for this client. A browser sends the same endpoint again on
    each visit; one that another client used on a shared phone becomes this client's."""
    found = db.session.scalar(db.select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if found is None:
        found = PushSubscription(client_id=client.person_id, endpoint=endpoint, p256dh=p256dh, auth=auth)
        db.session.add(found)
    else:
        if found.client_id != client.person_id or found.p256dh != p256dh or found.auth != auth:
            found.created_at = clock.now()
        found.client_id, found.p256dh, found.auth, found.failures = client.person_id, p256dh, auth, 0
    db.session.commit()
    return found


def service_of(subscription: PushSubscription) -> str:
    """The push service's host (fcm.googleapis.com …): the endpoint itself is a key to the browser."""
    return urlsplit(subscription.endpoint).hostname or ""


def subscriptions_of(client_id: int) -> list[PushSubscription]:
    return list(db.session.scalars(db.select(PushSubscription).where(PushSubscription.client_id == client_id)
                                   .order_by(PushSubscription.id)))


# --- Sending -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Message:
    """What a notification shows (title, body), where tapping it goes (url, a path of this site),
    and how the push service treats it: ttl seconds to keep it for an offline phone, urgency
    (very-low, low, normal, high), topic (a newer message with the same topic replaces an
    undelivered older one)."""
    title: str
    body: str
    url: str
    tag: str
    ttl: int
    urgency: str = "normal"
    topic: str | None = None

    def payload(self) -> str:
        return json.dumps({"title": self.title, "body": self.body, "url": self.url, "tag": self.tag},
                          ensure_ascii=False, separators=(",", ":"))


@dataclass
class Outcome:
    delivered: int = 0
    failed: int = 0
    removed: int = 0


def _post(subscription: PushSubscription, message: Message, config) -> int | None:
    """Send to one browser; its push service's HTTP status, or None when it could not be reached."""
    headers = {"Urgency": message.urgency}
    if message.topic:
        headers["Topic"] = message.topic
    try:
        response = webpush(
            {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
            data=message.payload(), vapid_private_key=_vapid(config["VAPID_PRIVATE_KEY"]),
            vapid_claims={"sub": config["VAPID_SUBJECT"]}, ttl=max(0, int(message.ttl)), headers=headers,
            timeout=TIMEOUT)
        return response.status_code
    except WebPushException as problem:
        return problem.response.status_code if problem.response is not None else None
    except (requests.RequestException, ValueError) as problem:
        log.warning("push to %s failed: %s", urlsplit(subscription.endpoint).hostname, type(problem).__name__)
        return None


def send(client_id: int, message: Message) -> Outcome:
    """Send message to every browser of the client and commit what was learnt (last success,
    failures, forgotten browsers removed). Never raises for a push service's answer."""
    config = current_app.config
    outcome = Outcome()
    if not enabled():
        return outcome
    for subscription in subscriptions_of(client_id):
        status = _post(subscription, message, config)
        if status is not None and 200 <= status < 300:
            subscription.last_success_at, subscription.failures = clock.now(), 0
            outcome.delivered += 1
        elif status in GONE:
            db.session.delete(subscription)
            outcome.removed += 1
        else:
            log.warning("push service %s answered %s", urlsplit(subscription.endpoint).hostname, status)
            subscription.failures = (subscription.failures or 0) + 1
            outcome.failed += 1
            if subscription.failures >= MAX_FAILURES:
                db.session.delete(subscription)
                outcome.removed += 1
    db.session.commit()
    return outcome
