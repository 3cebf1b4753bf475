"""When the database is slow, busy or away: the pool's and the timeouts' settings, the calm 503
page instead of a 500, and /healthz saying so and recovering by itself when the database returns."""
import sqlite3
import time

import click
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tests.conftest import DB_KIND
from tests.conftest import test_config as app_config
from tests.http import csrf_token, login, post, text as page_text
from tests.pgserver import free_port, restartable_postgres_server
from webapp import create_app
from webapp.config import ConfigError, engine_options, from_environment
from webapp.extensions import db
from webapp.main import bp

on_postgres = pytest.mark.skipif(DB_KIND != "postgres", reason="PostgreSQL's timeouts (LASNA_TEST_DB=postgres)")
PG_URL = "postgresql+psycopg://lasna@db.internal:5432/lasna"


@bp.get("/_test/slow-query")
def _slow_query():  # registered before the app is built: a statement that outlives its timeout
    db.session.execute(text("SET LOCAL statement_timeout = 50"))
    db.session.execute(text("SELECT pg_sleep(2)"))
    return "never"


@bp.get("/_test/locked")
def _locked():  # what SQLite says when another writer holds the file past busy_timeout
    raise OperationalError("INSERT INTO scan ...", {}, sqlite3.OperationalError("database is locked"))


@bp.get("/_test/no-such-table")
def _no_such_table():  # a bug, not a busy database: still the 500 page
    db.session.execute(text("SELECT * FROM no_such_table"))
    return "never"


# --- Settings --------------------------------------------------------------------------------------

def test_postgresql_gets_a_small_pool_and_timeouts_while_serving():
    options = engine_options({"SQLALCHEMY_DATABASE_URI": PG_URL}, serving=True)
    assert options["pool_pre_ping"] is True
    assert (options["pool_size"], options["max_overflow"], options["pool_timeout"], options["pool_recycle"]) == \
        (5, 5, 10, 1800)
    assert options["connect_args"] == {
        "connect_timeout": 3,
        "options": "-c statement_timeout=15000 -c lock_timeout=5000 -c idle_in_transaction_session_timeout=60000"}


def test_flask_commands_run_without_the_timeouts():
    options = engine_options({"SQLALCHEMY_DATABASE_URI": PG_URL, "DB_STATEMENT_TIMEOUT_MS": 100}, serving=False)
    assert options["connect_args"] == {"connect_timeout": 3}
    assert options["pool_size"] == 5


def test_the_served_app_gets_the_timeouts_and_a_flask_command_does_not(media_settings):
    served = create_app(app_config(PG_URL, media_settings))
    assert "statement_timeout=15000" in served.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    with click.Context(click.Command("backup")):  # how `flask backup` builds the app
        command = create_app(app_config(PG_URL, media_settings))
    assert command.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"connect_timeout": 3}


def test_sqlite_keeps_its_own_pool():
    assert engine_options({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite3"}, serving=True) == {"pool_pre_ping": True}


def test_the_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LASNA_DB_POOL_SIZE", "3")
    monkeypatch.setenv("LASNA_DB_STATEMENT_TIMEOUT_MS", "0")
    monkeypatch.setenv("DATABASE_URL", "postgres://lasna@db.internal/lasna")
    config = from_environment(str(tmp_path))
    assert (config["DB_POOL_SIZE"], config["DB_MAX_OVERFLOW"], config["DB_STATEMENT_TIMEOUT_MS"]) == (3, 5, 0)
    options = engine_options(config, serving=True)
    assert options["pool_size"] == 3
    assert "-c statement_timeout=0 " in options["connect_args"]["options"]


@pytest.mark.parametrize("name, value, words", [
    ("LASNA_DB_POOL_SIZE", "five", "LASNA_DB_POOL_SIZE must be a whole number"),
    ("LASNA_DB_POOL_SIZE", "0", "LASNA_DB_POOL_SIZE must be at least 1"),
    ("LASNA_DB_MAX_OVERFLOW", "-1", "LASNA_DB_MAX_OVERFLOW must be at least 0"),
    ("LASNA_DB_STATEMENT_TIMEOUT_MS", "15s", "LASNA_DB_STATEMENT_TIMEOUT_MS must be a whole number"),
    ("LASNA_DB_CONNECT_TIMEOUT", "0", "LASNA_DB_CONNECT_TIMEOUT must be at least 1"),
])
def test_a_bad_setting_stops_the_app_naming_it(monkeypatch, tmp_path, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=words):
        from_environment(str(tmp_path))


@on_postgres
def test_the_apps_connections_carry_the_timeouts(app):
    with db.engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "15s"
        assert connection.execute(text("SHOW lock_timeout")).scalar() == "5s"
        assert connection.execute(text("SHOW idle_in_transaction_session_timeout")).scalar() == "1min"


# --- The calm 503 page -------------------------------------------------------------------------------

@on_postgres
def test_a_statement_past_its_timeout_is_a_calm_503(http, people):
    login(http, people.coach)
    started = time.monotonic()
    response = http.get("/_test/slow-query")
    assert time.monotonic() - started < 1.5  # cancelled, not waited out
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert "Palvelu ei vastaa juuri nyt" in page_text(response)
    assert "pg_sleep" not in page_text(response) and "statement" not in page_text(response)
    assert http.get("/healthz").status_code == 200  # the connection went back to the pool clean


def test_a_locked_database_is_a_calm_503_in_the_users_language(http, people):
    response = http.get("/_test/locked")
    assert response.status_code == 503
    assert "Vika ei ole sinun" in page_text(response)
    post(http, "/language", {"language": "sv"})
    assert "Tjänsten svarar inte just nu" in page_text(http.get("/_test/locked"))
    post(http, "/language", {"language": "en"})
    assert "The service is not answering right now" in page_text(http.get("/_test/locked"))


def test_an_htmx_request_gets_the_503_fragment(http):
    response = http.get("/_test/locked", headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert "<html" not in page_text(response)


def test_a_bug_in_a_query_is_still_a_500(http):
    response = http.get("/_test/no-such-table")
    assert response.status_code == 500
    assert "Meillä tapahtui virhe" in page_text(response)


# --- /healthz ----------------------------------------------------------------------------------------

def test_healthz_says_when_nothing_answers_at_the_databases_address(media_settings):
    url = f"postgresql+psycopg://lasna:secret-password@127.0.0.1:{free_port()}/lasna"
    away = create_app(app_config(url, media_settings))
    started = time.monotonic()
    response = away.test_client().get("/healthz")
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database unreachable\n"
    assert response.headers["Content-Type"].startswith("text/plain")


@pytest.mark.skipif(DB_KIND != "postgres", reason="starts and stops its own PostgreSQL (LASNA_TEST_DB=postgres)")
def test_healthz_and_pages_recover_by_themselves_when_the_database_returns(media_settings):
    with restartable_postgres_server() as server:
        app = create_app(app_config(server.url, media_settings))
        with app.app_context():
            db.create_all()
            # The throwaway server runs without fsync and with the least WAL: new tables reach
            # the disk only at a checkpoint, and a crash (stop -m immediate) would lose them.
            db.session.execute(text("CHECKPOINT"))
            db.session.commit()
            db.session.remove()
        http = app.test_client()
        assert http.get("/healthz").status_code == 200
        assert http.get("/login").status_code == 200
        token = csrf_token(http)

        server.stop("immediate")  # as if its machine died: every pooled connection is now dead
        started = time.monotonic()
        response = http.get("/healthz")
        assert time.monotonic() - started < 5
        assert (response.status_code, response.get_data(as_text=True)) == (503, "database unreachable\n")
        signing_in = http.post("/login", data={"csrf_token": token, "email": "a@example.fi", "password": "x"})
        assert signing_in.status_code == 503  # a regular page that needs the database: the calm page
        assert "Palvelu ei vastaa juuri nyt" in page_text(signing_in)

        server.start()
        deadline = time.monotonic() + 10
        while http.get("/healthz").status_code != 200:  # no restart of the app: the pool reconnects
            assert time.monotonic() < deadline, "the app did not reconnect within 10 s"
            time.sleep(0.2)
        assert http.post("/login", data={"csrf_token": token, "email": "a@example.fi",
                                         "password": "x"}).status_code == 400  # a wrong password, again
        with app.app_context():
            db.engine.dispose()


def test_healthz_is_plain_json_when_all_is_well(http):
    response = http.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})
