"""Settings, read strictly from the environment.

A bad value stops the app at start-up with a message that names the variable,
instead of surfacing later as a confusing error in a request.
"""
import base64
import binascii
import os
import re
import secrets
from datetime import time
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

# The project's folder: templates/, static/, kiosk/, migrations/ and instance/ are beside webapp/.
ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    pass


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "lasna.sqlite3")
    # Fly.io and Heroku hand out postgres:// URLs; SQLAlchemy wants a driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if url.startswith(("postgresql+psycopg://", "sqlite:///")):
        return url
    raise ConfigError(
        "DATABASE_URL must be a postgres:// or sqlite:/// URL, not " + url.split(":", 1)[0]
    )


def secret_key(instance_path: str, production: bool) -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if len(key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters long")
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when LASNA_ENV=production")
    # Development: one random key per checkout, kept in instance/ so sessions survive restarts.
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def s3_settings(media_store: str) -> dict:
    """The bucket for LASNA_MEDIA_STORE=s3. Fly.io's `fly storage create` sets BUCKET_NAME and the
    AWS_* variables (endpoint, region, keys), which boto3 reads by itself."""
    if media_store != "s3":
        return {}
    bucket = (os.environ.get("LASNA_MEDIA_BUCKET") or os.environ.get("BUCKET_NAME") or "").strip()
    if not bucket:
        raise ConfigError("LASNA_MEDIA_STORE=s3 needs a bucket: set LASNA_MEDIA_BUCKET (or BUCKET_NAME)")
    return {"MEDIA_S3_BUCKET": bucket}


def fernet_keys(name: str) -> list[str]:
    """Fernet keys, comma-separated: the first encrypts, any of them decrypts (so keys rotate)."""
    keys = [k.strip() for k in os.environ.get(name, "").split(",") if k.strip()]
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError:
            raise ConfigError(f"{name} must hold Fernet keys (44 characters of urlsafe base64), "
                              "comma-separated") from None
    return keys


# The connection pool and the PostgreSQL timeouts: (setting, variable, default, minimum).
# Each gunicorn worker process has its own pool: the Dockerfile's 2 workers x 4 threads need at
# most 4 connections each, so 5 + 5 overflow leave room, and two machines hold at most 40 of a
# small PostgreSQL's 100. Timeouts in milliseconds; 0 turns one off.
DATABASE_SETTINGS = (
    ("DB_POOL_SIZE", "LASNA_DB_POOL_SIZE", 5, 1),
    ("DB_MAX_OVERFLOW", "LASNA_DB_MAX_OVERFLOW", 5, 0),
    ("DB_POOL_TIMEOUT", "LASNA_DB_POOL_TIMEOUT", 10, 1),  # seconds to wait for a free connection
    ("DB_POOL_RECYCLE", "LASNA_DB_POOL_RECYCLE", 1800, 1),  # seconds before a connection is replaced
    ("DB_CONNECT_TIMEOUT", "LASNA_DB_CONNECT_TIMEOUT", 3, 1),  # seconds
    ("DB_STATEMENT_TIMEOUT_MS", "LASNA_DB_STATEMENT_TIMEOUT_MS", 15000, 0),
    ("DB_LOCK_TIMEOUT_MS", "LASNA_DB_LOCK_TIMEOUT_MS", 5000, 0),
    ("DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "LASNA_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", 60000, 0),
)


def database_settings() -> dict:
    return {key: env_int(name, default, minimum=minimum) for key, name, default, minimum in DATABASE_SETTINGS}


def engine_options(config: dict, serving: bool) -> dict:
    """SQLAlchemy's engine options for the configured database.

    PostgreSQL: a pool of DB_POOL_SIZE (+ DB_MAX_OVERFLOW) connections per process, each checked
    before use (pool_pre_ping: after the database restarts, the app reconnects by itself) and
    replaced after DB_POOL_RECYCLE seconds; connecting gives up after DB_CONNECT_TIMEOUT seconds.
    While serving requests, a statement that runs longer than DB_STATEMENT_TIMEOUT_MS or waits
    for a lock longer than DB_LOCK_TIMEOUT_MS is cancelled (the user gets the calm 503 page), and
    a transaction left idle is ended. `flask` commands (migrations, backups) run without those
    three: a migration of a big table or a backup's snapshot may take minutes.
    SQLite keeps its own busy_timeout (webapp/__init__.py) and SQLAlchemy's default pool."""
    options = {"pool_pre_ping": True}
    if not str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        return options
    values = {key: config.get(key, default) for key, _, default, _ in DATABASE_SETTINGS}
    options.update(pool_size=values["DB_POOL_SIZE"], max_overflow=values["DB_MAX_OVERFLOW"],
                   pool_timeout=values["DB_POOL_TIMEOUT"], pool_recycle=values["DB_POOL_RECYCLE"])
    connect_args = {"connect_timeout": values["DB_CONNECT_TIMEOUT"]}
    if serving:
        timeouts = [("statement_timeout", values["DB_STATEMENT_TIMEOUT_MS"]),
                    ("lock_timeout", values["DB_LOCK_TIMEOUT_MS"]),
                    ("idle_in_transaction_session_timeout", values["DB_IDLE_IN_TRANSACTION_TIMEOUT_MS"])]
        connect_args["options"] = " ".join(f"-c {name}={ms}" for name, ms in timeouts)
    options["connect_args"] = connect_args
    return options


def hetu_keys(instance_path: str, production: bool) -> list[str]:
    """The keys that seal personal identity codes. Production: LASNA_HETU_KEYS or none (the codes
    cannot be stored then). Development: one random key per checkout, kept in instance/."""
    keys = fernet_keys("LASNA_HETU_KEYS")
    if keys or production:
        return keys
    path = Path(instance_path) / "hetu_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_public_key(private_key: str) -> str:
    """The application server key browsers subscribe with (base64url, 65 bytes uncompressed),
    derived from the private key (base64url, the raw 32-byte number, as web-push tools print it).
    Raises ValueError for anything that is not such a key."""
    try:
        raw = _unb64url(private_key)
    except (binascii.Error, ValueError):
        raise ValueError("not base64url") from None
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    return _b64url(key.public_key().public_bytes(serialization.Encoding.X962,
                                                 serialization.PublicFormat.UncompressedPoint))


def new_vapid_private_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return _b64url(key.private_numbers().private_value.to_bytes(32, "big"))


DEV_VAPID_SUBJECT = "mailto:lasna-dev@example.fi"


def vapid_keys(instance_path: str, production: bool) -> dict:
    """Web Push (diary reminders, the coach's replies): the VAPID key pair and its contact.

    LASNA_VAPID_PRIVATE_KEY (base64url raw key), LASNA_VAPID_PUBLIC_KEY (optional; must match the
    private one), LASNA_VAPID_SUBJECT (mailto: or https:, required with a key in production). In
    production without a key push is off: the settings page says reminders are not available. In
    development a key pair is made once and kept in instance/vapid_private_key."""
    private = os.environ.get("LASNA_VAPID_PRIVATE_KEY", "").strip()
    public = os.environ.get("LASNA_VAPID_PUBLIC_KEY", "").strip()
    subject = os.environ.get("LASNA_VAPID_SUBJECT", "").strip()
    if public and not private:
        raise ConfigError("LASNA_VAPID_PUBLIC_KEY is set without LASNA_VAPID_PRIVATE_KEY")
    if subject and not re.fullmatch(r"(mailto:[^@\s]+@[^@\s]+|https://[^\s]+)", subject):
        raise ConfigError(f"LASNA_VAPID_SUBJECT must be a mailto: or https: address, not {subject!r}")
    if not private:
        if production:
            return {"VAPID_PRIVATE_KEY": None, "VAPID_PUBLIC_KEY": None, "VAPID_SUBJECT": None}
        path = Path(instance_path) / "vapid_private_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new_vapid_private_key())
            path.chmod(0o600)
        private = path.read_text().strip()
    try:
        derived = vapid_public_key(private)
    except ValueError:
        raise ConfigError("LASNA_VAPID_PRIVATE_KEY must be a base64url P-256 private key (32 bytes)") from None
    if public and public.rstrip("=") != derived:
        raise ConfigError("LASNA_VAPID_PUBLIC_KEY does not belong to LASNA_VAPID_PRIVATE_KEY")
    if not subject:
        if production:
            raise ConfigError("LASNA_VAPID_SUBJECT must be set (mailto:you@example.fi) with a VAPID key")
        subject = DEV_VAPID_SUBJECT
    return {"VAPID_PRIVATE_KEY": private, "VAPID_PUBLIC_KEY": derived, "VAPID_SUBJECT": subject}


def env_quiet_hours(name: str, default: tuple[time, time]) -> tuple[time, time]:
    """Quiet hours as HH:MM-HH:MM in Helsinki time (e.g. 20:00-08:00, across midnight)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    match = re.fullmatch(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])\s*-\s*([01]?[0-9]|2[0-3])[:.]([0-5][0-9])", raw)
    if not match:
        raise ConfigError(f"{name} must be like 20:00-08:00, not {raw!r}")
    start, end = time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4]))
    if start == end:
        raise ConfigError(f"{name} must start and end at different times, not {raw!r}")
    return start, end
def working_hours() -> tuple[int, int]:
    """LASNA_WORK_STARTS and LASNA_WORK_ENDS: the hours (Helsinki, 0–24) of the working day; a read
    outside them, or at a weekend, shows in the unusual-reading report."""
    starts, ends = env_int("LASNA_WORK_STARTS", 7), env_int("LASNA_WORK_ENDS", 18)
    if not 0 <= starts < ends <= 24:
        raise ConfigError(f"LASNA_WORK_STARTS and LASNA_WORK_ENDS must be hours with 0 <= start < end <= 24, "
                          f"not {starts} and {ends}")
    return starts, ends


def from_environment(instance_path: str) -> dict:
    env = os.environ.get("LASNA_ENV", "development")
    if env not in ("development", "production"):
        raise ConfigError(f"LASNA_ENV must be development or production, not {env!r}")
    production = env == "production"
    media_store = env_choice("LASNA_MEDIA_STORE", ("disk", "s3"), "disk")
    return {
        "LASNA_ENV": env,
        "SECRET_KEY": secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        # Secure cookies everywhere; browsers accept them on http://127.0.0.1 and localhost.
        "SESSION_COOKIE_SECURE": env_bool("SESSION_COOKIE_SECURE", True),
        "REMEMBER_COOKIE_SECURE": env_bool("SESSION_COOKIE_SECURE", True),
        "PROXY_FIX_HOPS": env_int("PROXY_FIX_HOPS", 1 if production else 0),
        "MAX_CONTENT_LENGTH": env_int("MAX_UPLOAD_BYTES", 2 * 1024 * 1024, minimum=1024),
        "HSTS": env_bool("HSTS", production),
        # How soon the day board and the kitchen view ask for fresh rows (the board backs off to 60 s).
        "BOARD_POLL_SECONDS": env_int("BOARD_POLL_SECONDS", 5, minimum=1),
        "LUNCH_POLL_SECONDS": env_int("LUNCH_POLL_SECONDS", 30, minimum=1),
        # Diary photos and voice notes: a folder (instance/media unless set), or an S3 bucket.
        "MEDIA_STORE": media_store,
        "MEDIA_DIR": os.environ.get("LASNA_MEDIA_DIR", "").strip() or None,
        **s3_settings(media_store),
        "BACKUP_KEYS": fernet_keys("LASNA_BACKUP_KEYS"),
        "HETU_KEYS": hetu_keys(instance_path, production),
        # Web Push: diary reminders and the coach's replies (off in production without a key).
        **vapid_keys(instance_path, production),
        "QUIET_HOURS": env_quiet_hours("LASNA_QUIET_HOURS", DEFAULTS["QUIET_HOURS"]),
        # The largest photo and voice note a phone may send, and each client's room for them.
        "MEDIA_PHOTO_MAX_BYTES": env_int("LASNA_MEDIA_MAX_BYTES", 12 * 1024 * 1024, minimum=64 * 1024),
        "MEDIA_VOICE_MAX_BYTES": env_int("LASNA_VOICE_MAX_BYTES", 5 * 1024 * 1024, minimum=64 * 1024),
        "MEDIA_QUOTA_BYTES": env_int("LASNA_MEDIA_QUOTA_MB", 200, minimum=1) * 1024 * 1024,
        # The unusual-reading report: one person opening the records of this many different clients
        # within this many minutes; reads outside the working hours (Helsinki).
        "UNUSUAL_READ_CLIENTS": env_int("LASNA_UNUSUAL_READ_CLIENTS", 20, minimum=2),
        "UNUSUAL_READ_MINUTES": env_int("LASNA_UNUSUAL_READ_MINUTES", 60, minimum=1),
        "WORKING_HOURS": working_hours(),
        **database_settings(),
    }


# Settings that do not depend on the environment.
DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "lasna_session",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_NAME": "lasna_remember",
    "REMEMBER_COOKIE_DURATION": 400 * 24 * 3600,  # an enrolled phone stays signed in
    "WTF_CSRF_TIME_LIMIT": None,  # token lives as long as the session
    "BABEL_DEFAULT_LOCALE": "fi",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
    "LANGUAGES": ("fi", "sv", "en"),
    "ENROLMENT_CODE_MINUTES": 15,
    # Brotli or gzip for pages, styles, scripts and pictures drawn in SVG (Flask-Compress), in the
    # app itself so that `make run` is as light as production. Streamed answers are left alone.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_STREAMS": False,
    "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/javascript",
                           "application/json", "application/manifest+json", "image/svg+xml", "text/csv"],
    "COMPRESS_BR_LEVEL": 5,
    # Web Push: no reminder is sent in these hours (Helsinki), start to end across midnight.
    "QUIET_HOURS": (time(20, 0), time(8, 0)),
    "VAPID_PRIVATE_KEY": None,  # from_environment sets the key pair, or leaves push off
    "VAPID_PUBLIC_KEY": None,
    "VAPID_SUBJECT": None,
    # The push services a browser's subscription may point at (scheme://host; "*." any subdomain):
    # the server posts to a subscription's endpoint, so nothing else may be one.
    "PUSH_SERVICES": ("https://fcm.googleapis.com", "https://updates.push.services.mozilla.com",
                      "https://*.push.apple.com", "https://*.notify.windows.com"),
}
