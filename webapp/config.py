"""Settings, read strictly from the environment.

A bad value stops the app at start-up with a message that names the variable,
instead of surfacing later as a confusing error in a request.
"""
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

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


def backup_keys() -> list[str]:
    """LASNA_BACKUP_KEYS: Fernet keys, comma-separated; the first encrypts, any decrypts."""
    keys = [k.strip() for k in os.environ.get("LASNA_BACKUP_KEYS", "").split(",") if k.strip()]
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError:
            raise ConfigError("LASNA_BACKUP_KEYS must hold Fernet keys (44 characters of urlsafe base64), "
                              "comma-separated") from None
    return keys


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
        # The provider's name on certificates, beside the unit's (a provider runs one Läsnä).
        "ORGANISATION_NAME": os.environ.get("LASNA_ORGANISATION", "").strip()[:200],
        # Diary photos and voice notes: a folder (instance/media unless set), or an S3 bucket.
        "MEDIA_STORE": media_store,
        "MEDIA_DIR": os.environ.get("LASNA_MEDIA_DIR", "").strip() or None,
        **s3_settings(media_store),
        "BACKUP_KEYS": backup_keys(),
        # The unusual-reading report: one person opening the records of this many different clients
        # within this many minutes; reads outside the working hours (Helsinki).
        "UNUSUAL_READ_CLIENTS": env_int("LASNA_UNUSUAL_READ_CLIENTS", 20, minimum=2),
        "UNUSUAL_READ_MINUTES": env_int("LASNA_UNUSUAL_READ_MINUTES", 60, minimum=1),
        "WORKING_HOURS": working_hours(),
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
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": None,  # token lives as long as the session
    "BABEL_DEFAULT_LOCALE": "fi",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
    "LANGUAGES": ("fi", "sv", "en"),
    "ENROLMENT_CODE_MINUTES": 15,
}
