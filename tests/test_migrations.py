"""The schema comes only from migrations: they run from empty, match the models, and go back."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from webapp.extensions import db
from webapp.reference.models import ServiceType


def test_the_models_match_the_migrations(app):
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert "New upgrade operations detected" not in result.output


def test_migrations_go_down_to_empty_and_up_again(app):
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert {"person", "unit", "client_profile", "service_period", "audit_event"} <= tables


def test_reference_data_is_seeded_by_a_migration(app):
    downgrade(revision="a42e2676fce7")
    upgrade()
    codes = set(db.session.scalars(db.select(ServiceType.code)))
    assert {"work", "participation", "social_rehabilitation"} <= codes
