import pytest

from webapp.config import ConfigError, from_environment


def test_it_builds_a_testing_app(app):
    assert app.testing


def test_it_reads_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal:5432/lasna")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("LASNA_ENV", "production")
    config = from_environment(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.internal:5432/lasna"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["HSTS"] is True
    assert (config["BOARD_POLL_SECONDS"], config["LUNCH_POLL_SECONDS"]) == (5, 30)
    monkeypatch.setenv("LUNCH_POLL_SECONDS", "10")
    assert from_environment(str(tmp_path))["LUNCH_POLL_SECONDS"] == 10


@pytest.mark.parametrize("name, value, message", [
    ("LASNA_ENV", "staging", "LASNA_ENV"),
    ("SESSION_COOKIE_SECURE", "maybe", "SESSION_COOKIE_SECURE"),
    ("MAX_UPLOAD_BYTES", "lots", "MAX_UPLOAD_BYTES"),
    ("BOARD_POLL_SECONDS", "0", "BOARD_POLL_SECONDS"),
    ("LUNCH_POLL_SECONDS", "soon", "LUNCH_POLL_SECONDS"),
    ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
    ("SECRET_KEY", "short", "SECRET_KEY"),
    ("LASNA_MEDIA_STORE", "ftp", "LASNA_MEDIA_STORE"),
    ("LASNA_BACKUP_KEYS", "not-a-fernet-key", "LASNA_BACKUP_KEYS"),
    ("LASNA_HETU_KEYS", "short,keys", "LASNA_HETU_KEYS"),
])
def test_it_fails_loudly_on_a_bad_setting(monkeypatch, tmp_path, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        from_environment(str(tmp_path))


def test_the_s3_media_store_needs_a_bucket_and_takes_flys(monkeypatch, tmp_path):
    monkeypatch.setenv("LASNA_MEDIA_STORE", "s3")
    monkeypatch.delenv("LASNA_MEDIA_BUCKET", raising=False)
    monkeypatch.delenv("BUCKET_NAME", raising=False)
    with pytest.raises(ConfigError, match="LASNA_MEDIA_BUCKET"):
        from_environment(str(tmp_path))
    monkeypatch.setenv("BUCKET_NAME", "lasna-media")  # what `fly storage create` sets
    config = from_environment(str(tmp_path))
    assert (config["MEDIA_STORE"], config["MEDIA_S3_BUCKET"]) == ("s3", "lasna-media")


def test_production_needs_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("LASNA_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        from_environment(str(tmp_path))


def test_healthz_touches_the_database(http):
    response = http.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
