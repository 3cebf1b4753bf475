"""tests/snapshots.py: rows put back from a copy are exactly the rows the build made, and the copy
is only used when the database and the clock are as they were at the build. Runs on both
databases (the copy is kept in a schema on PostgreSQL, in memory on SQLite)."""
import time_machine
from flask_migrate import downgrade, upgrade

from tests import factories
from tests.conftest import empty_all_tables, make_people
from tests.moments import DURING_THE_DAY, MORNING
from tests.snapshots import SNAPSHOTS
from webapp.extensions import db


def contents() -> dict:
    """Every table's rows, in a stable order."""
    found = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            rows = connection.execute(table.select()).all()
            if rows:
                found[table.name] = sorted(rows, key=repr)
    return found


def counting(build):
    calls = []

    def counted():
        calls.append(1)
        return build()
    return counted, calls


def test_the_rows_put_back_are_the_rows_the_build_made(app):
    with time_machine.travel(MORNING, tick=False):
        build, calls = counting(make_people)
        first = SNAPSHOTS.keep("people-check", build)
        made = contents()
        db.session.remove()
        empty_all_tables()
        assert contents() == {}
        again = SNAPSHOTS.keep("people-check", build)
        assert again == first and len(calls) == 1
        assert contents() == made
        assert set(made) >= {"person", "unit", "client_profile", "service_period"}


def test_a_copy_on_top_of_another_empties_the_tables_first(app):
    with time_machine.travel(MORNING, tick=False):
        SNAPSHOTS.keep("base-check", make_people)
        on_top, calls = counting(lambda: factories.make_unit("Puutarha").id)
        unit_id = SNAPSHOTS.keep("top-check", on_top)
        made = contents()
        db.session.remove()
        empty_all_tables()
        SNAPSHOTS.keep("base-check", make_people)  # put back: the state the copy on top started from
        assert SNAPSHOTS.keep("top-check", on_top) == unit_id and len(calls) == 1
        assert contents() == made


def test_a_test_that_wrote_first_gets_a_fresh_build(app):
    with time_machine.travel(MORNING, tick=False):
        build, calls = counting(make_people)
        SNAPSHOTS.keep("dirty-check", build)
        db.session.remove()
        empty_all_tables()
        factories.make_unit("Oma paja")  # written before asking: the copy would not be what build() makes
        SNAPSHOTS.keep("dirty-check", build)
        assert len(calls) == 2


def test_another_moment_gets_its_own_build(app):
    build, calls = counting(make_people)
    for moment in (MORNING, DURING_THE_DAY, MORNING):
        with time_machine.travel(moment, tick=False):
            SNAPSHOTS.keep("clock-check", build)
        db.session.remove()
        empty_all_tables()
    assert len(calls) == 2  # the second MORNING is put back


def test_a_schema_change_drops_every_copy(app):
    with time_machine.travel(MORNING, tick=False):
        build, calls = counting(make_people)
        SNAPSHOTS.keep("schema-check", build)
        db.session.remove()
        empty_all_tables()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE snapshot_probe (id INTEGER)")
            connection.exec_driver_sql("DROP TABLE snapshot_probe")
        empty_all_tables()
        SNAPSHOTS.keep("schema-check", build)
        assert len(calls) == 2


def test_a_migrating_build_on_empty_tables_is_put_back_as_the_migrations_made_it(app):
    with time_machine.travel(MORNING, tick=False):
        build, calls = counting(migrate_from_goals)
        SNAPSHOTS.keep("seed-check", build, migrates=True)
        made = contents()
        db.session.remove()
        empty_all_tables()
        SNAPSHOTS.keep("seed-check", build, migrates=True)
        assert len(calls) == 1 and contents() == made
        assert {"instrument", "document_template"} <= set(made)  # WHO-5 and the templates, as shipped


def test_a_migrating_build_on_rows_is_not_kept(app):
    with time_machine.travel(MORNING, tick=False):
        build, calls = counting(migrate_from_goals)
        for _ in range(2):
            factories.make_unit("Oma paja")  # its copy would belong to rows the schema change threw away
            SNAPSHOTS.keep("seed-rows-check", build, migrates=True)
            db.session.remove()
            empty_all_tables()
        assert len(calls) == 2


def migrate_from_goals():
    downgrade(revision="d8c8534669cc")
    upgrade()


def test_every_table_with_rows_is_known_to_have_been_written(app, people, http):
    http.get("/login")
    factories.make_kiosk(people.unit)
    assert set(contents()) <= SNAPSHOTS.written  # so emptying only those leaves nothing behind
    db.session.remove()
    empty_all_tables()
    assert contents() == {} and SNAPSHOTS.written == set()
