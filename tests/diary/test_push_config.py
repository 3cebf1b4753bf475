"""The Web Push settings (webapp/config.py): the VAPID key pair and its contact from the
environment, strictly; a key made once in instance/ for development; push off in production
without a key; quiet hours."""
from datetime import time

import pytest

from webapp.config import ConfigError, from_environment, new_vapid_private_key, vapid_public_key

KEY = new_vapid_private_key()


@pytest.fixture
def env(monkeypatch):
    for name in ("LASNA_ENV", "SECRET_KEY", "LASNA_VAPID_PRIVATE_KEY", "LASNA_VAPID_PUBLIC_KEY",
                 "LASNA_VAPID_SUBJECT", "LASNA_QUIET_HOURS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def production(env):
    env.setenv("LASNA_ENV", "production")
    env.setenv("SECRET_KEY", "x" * 40)


def test_it_reads_the_key_pair_and_its_contact(env, tmp_path):
    production(env)
    env.setenv("LASNA_VAPID_PRIVATE_KEY", KEY)
    env.setenv("LASNA_VAPID_PUBLIC_KEY", vapid_public_key(KEY))
    env.setenv("LASNA_VAPID_SUBJECT", "mailto:tuki@example.fi")
    config = from_environment(str(tmp_path))
    assert (config["VAPID_PRIVATE_KEY"], config["VAPID_PUBLIC_KEY"], config["VAPID_SUBJECT"]) == (
        KEY, vapid_public_key(KEY), "mailto:tuki@example.fi")
    assert config["QUIET_HOURS"] == (time(20, 0), time(8, 0))


def test_production_without_a_key_has_push_off(env, tmp_path):
    production(env)
    config = from_environment(str(tmp_path))
    assert config["VAPID_PRIVATE_KEY"] is None and config["VAPID_PUBLIC_KEY"] is None
    assert not (tmp_path / "vapid_private_key").exists()


def test_development_makes_a_key_once_and_keeps_it(env, tmp_path):
    first = from_environment(str(tmp_path))
    again = from_environment(str(tmp_path))
    assert first["VAPID_PRIVATE_KEY"] == again["VAPID_PRIVATE_KEY"] == (tmp_path / "vapid_private_key").read_text()
    assert first["VAPID_PUBLIC_KEY"] == vapid_public_key(first["VAPID_PRIVATE_KEY"])
    assert (tmp_path / "vapid_private_key").stat().st_mode & 0o777 == 0o600
    assert first["VAPID_SUBJECT"].startswith("mailto:")


@pytest.mark.parametrize("settings, message", [
    ({"LASNA_VAPID_PRIVATE_KEY": "not a key"}, "LASNA_VAPID_PRIVATE_KEY"),
    ({"LASNA_VAPID_PRIVATE_KEY": "AAAA"}, "LASNA_VAPID_PRIVATE_KEY"),
    ({"LASNA_VAPID_PRIVATE_KEY": KEY, "LASNA_VAPID_PUBLIC_KEY": vapid_public_key(new_vapid_private_key())},
     "LASNA_VAPID_PUBLIC_KEY"),
    ({"LASNA_VAPID_PUBLIC_KEY": vapid_public_key(KEY)}, "LASNA_VAPID_PUBLIC_KEY"),
    ({"LASNA_VAPID_PRIVATE_KEY": KEY, "LASNA_VAPID_SUBJECT": "tuki@example.fi"}, "LASNA_VAPID_SUBJECT"),
    ({"LASNA_VAPID_PRIVATE_KEY": KEY, "LASNA_VAPID_SUBJECT": "http://example.fi"}, "LASNA_VAPID_SUBJECT"),
    ({"LASNA_QUIET_HOURS": "20-8"}, "LASNA_QUIET_HOURS"),
    ({"LASNA_QUIET_HOURS": "25:00-08:00"}, "LASNA_QUIET_HOURS"),
    ({"LASNA_QUIET_HOURS": "08:00-08:00"}, "LASNA_QUIET_HOURS"),
])
def test_a_bad_setting_stops_the_start(env, tmp_path, settings, message):
    for name, value in settings.items():
        env.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        from_environment(str(tmp_path))


def test_production_with_a_key_needs_a_contact(env, tmp_path):
    production(env)
    env.setenv("LASNA_VAPID_PRIVATE_KEY", KEY)
    with pytest.raises(ConfigError, match="LASNA_VAPID_SUBJECT"):
        from_environment(str(tmp_path))


def test_quiet_hours_are_read(env, tmp_path):
    env.setenv("LASNA_QUIET_HOURS", "21.30 - 07:15")
    assert from_environment(str(tmp_path))["QUIET_HOURS"] == (time(21, 30), time(7, 15))
