"""fly.toml says what the README's deployment section promises: two machines at least, rolling
deploys, migrations in the release command, the health check on /healthz, a graceful stop."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLY = tomllib.loads((ROOT / "fly.toml").read_text())


def test_two_machines_always_run():
    assert FLY["http_service"]["min_machines_running"] >= 2


def test_deploys_are_rolling_and_migrate_first():
    assert FLY["deploy"]["strategy"] == "rolling"
    assert FLY["deploy"]["release_command"].split()[-2:] == ["db", "upgrade"]


def test_the_proxy_asks_healthz_and_trusts_one_hop():
    checks = FLY["http_service"]["checks"]
    assert [check["path"] for check in checks] == ["/healthz"]
    assert FLY["env"]["PROXY_FIX_HOPS"] == "1" and FLY["env"]["LASNA_ENV"] == "production"


def test_machines_stop_gracefully():
    assert FLY["kill_signal"] == "SIGTERM"  # gunicorn finishes its requests; SIGINT would cut them
