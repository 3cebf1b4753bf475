"""Läsnä: attendance, wellbeing diary and reimbursements for rehabilitative work activity."""
import logging
import sys
from pathlib import Path

import click
from flask import Flask, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import config as settings
from webapp.config import ROOT
from webapp.extensions import babel, compress, csrf, db, htmx, login_manager, migrate
from webapp.lib import static_files, storage
from webapp.lib.urls import IdConverter



def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(settings.DEFAULTS)
    if config and "SQLALCHEMY_DATABASE_URI" in config and "SECRET_KEY" in config:
        app.config.update(config)  # tests and tools: the environment is not consulted
    else:
        app.config.update(settings.from_environment(app.instance_path))
        app.config.update(config or {})
    if "SQLALCHEMY_ENGINE_OPTIONS" not in (config or {}):
        # A `flask` command runs inside click's context; gunicorn's workers do not.
        serving = click.get_current_context(silent=True) is None
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = settings.engine_options(app.config, serving)

    logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if app.config.get("PROXY_FIX_HOPS"):
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Europe/Helsinki",
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    login_manager.init_app(app)
    storage.init_app(app)
    compress.init_app(app)
    static_files.init_app(app)
    app.url_map.converters["int"] = IdConverter  # before any route is added

    from webapp import models  # noqa: F401  (registers every table)
    from webapp.accounts import bp as accounts_bp
    from webapp.accounts.access import init_login
    from webapp.lib.i18n import money, plain, plain_mode
    from webapp.approvals import bp as approvals_bp
    from webapp.checkin import bp as checkin_bp
    from webapp.clients import bp as clients_bp
    from webapp.diary import bp as diary_bp
    from webapp.enrolment import bp as enrolment_bp
    from webapp.goals import bp as goals_bp
    from webapp.guidance import bp as guidance_bp
    from webapp.invoicing import bp as invoicing_bp
    from webapp.kiosks import bp as kiosks_bp
    from webapp.lunch import bp as lunch_bp
    from webapp.main import bp as main_bp
    from webapp.main.errors import init_errors
    from webapp.main.security import init_input_guard, init_security_headers
    from webapp.money import bp as money_bp
    from webapp.periods import bp as periods_bp
    from webapp.reports import bp as reports_bp
    from webapp.skills import bp as skills_bp
    from webapp.units import bp as units_bp
    from webapp.wellbeing import bp as wellbeing_bp
    from webapp.certificates import bp as certificates_bp
    from webapp.checkin import closures as closure_days
    from webapp.units.closures import init_app as init_closure_days

    for blueprint in (main_bp, accounts_bp, units_bp, clients_bp, periods_bp, enrolment_bp, diary_bp,
                      checkin_bp, kiosks_bp, guidance_bp, goals_bp, wellbeing_bp, approvals_bp, money_bp,
                      lunch_bp, reports_bp, invoicing_bp, certificates_bp, skills_bp):
        app.register_blueprint(blueprint)
    init_login(app)
    init_closure_days(app, closure_days)  # the day records a closure touches, for the units' screens
    app.add_template_filter(money, "money")
    init_errors(app)
    init_security_headers(app)
    init_input_guard(app)

    from webapp.backup import backup_command, restore_command
    from webapp.clients.hetu import rotate_command as hetu_rotate_command
    from webapp.demo import demo_command
    from webapp.retention import retention_command
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(hetu_rotate_command)
    app.cli.add_command(retention_command)
    from webapp.diary.reminders import reminders_cli
    app.cli.add_command(reminders_cli)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals.update(plain=plain, plain_mode=plain_mode)  # plain language (lib/i18n.py)
    return app


def select_locale() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.language
    lang = session.get("lang")
    if lang in ("fi", "sv", "en"):
        return lang
    return "fi"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys, write-ahead log for concurrent readers."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
