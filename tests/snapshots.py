"""Rows a fixture made once, put back for the next test that asks for the same.

Every test starts on empty tables, and most then make the same things: the fixed test people,
the access matrix's records. Made through the factories that is dozens of INSERTs and commits,
each a round trip to the database server; put back from a copy it is one. So a fixture asks
`SNAPSHOTS.keep(name, build)`: the first time, build() makes the rows as always and the tables'
contents are copied aside (on PostgreSQL into a schema of its own, on SQLite into memory); the
next time, with the database in the same state as when they were built, the copy is put back
instead and build()'s answer returned again (ids, secrets: what the rows were made with).

The copy is only used when it is certainly what build() would make now:
- the database must be in the state it was in before the first build: empty, or just after
  the same earlier copy was put back (people, then the matrix's records on top). A test that
  wrote anything itself first (seeding, its own rows) gets build() run as before;
- the clock must agree: a frozen clock (time_machine, tick=False) at the very same moment, or a
  ticking one within the same FRESH_SECONDS (rows built then are at most that old; a test that
  needs something fresher makes it itself, as the matrix does for the kiosk's 30-s code);
- a change of schema or a TRUNCATE (migrations run down and up again, the benchmark's loader)
  restarts PostgreSQL's sequences, so every copy is dropped then.
Writes are noticed through SQLAlchemy's engine events, so the app's own requests (the test
client, the live server's threads) count too.
"""
import contextlib
import copy
import itertools
import re

from sqlalchemy import event
from sqlalchemy.engine import Engine

from webapp.extensions import db
from webapp.lib import clock

FRESH_SECONDS = 20
EMPTY = ("empty",)
DIRTY = ("dirty",)
_READS = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SHOW", "SET ", "EXPLAIN")
_RESETS = ("CREATE", "DROP", "ALTER", "TRUNCATE")
SCHEMA_PREFIX = "lasna_snapshot_"
_INSERT = re.compile(r'\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?(\w+)"?[\s(]', re.IGNORECASE)


def moment_key():
    """What the clock says, as far as rows made now can depend on it."""
    first, second = clock.now(), clock.now()
    if first == second:  # frozen: rows made now carry exactly this moment
        return ("frozen", first)
    return ("ticking", clock.today(), int(first.timestamp()) // FRESH_SECONDS)


class Snapshots:
    def __init__(self):
        self.kept = {}  # key -> (value, restore)
        self.state = DIRTY
        self.generation = 0
        self.doomed = []  # PostgreSQL schemas of dropped copies, removed with the next copy
        self._own = False  # our own statements are not the tests' writes
        self._numbers = itertools.count(1)
        self.engine = None
        self.written = None  # the tables written since they were last emptied; None: any of them

    # --- watching the engine -------------------------------------------------------------------

    def watch(self, engine):
        """Follow what is written through any engine (a test may start a second app on the same
        database, as another app machine would be); copies left by an earlier run are removed."""
        if self.engine is engine:
            return
        self.engine = engine
        if not event.contains(Engine, "before_cursor_execute", self._statement):
            event.listen(Engine, "before_cursor_execute", self._statement)
        if engine.dialect.name == "postgresql":
            with self._ours(), engine.begin() as connection:
                left = connection.exec_driver_sql(
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE %(prefix)s",
                    {"prefix": SCHEMA_PREFIX + "%"}).scalars().all()
                if left:
                    connection.exec_driver_sql(drop_schemas_sql(left))

    def close(self):
        """At the end of the run: remove the copies (a server of TEST_DATABASE_URL keeps no litter)."""
        self.forget()
        if self.doomed and self.engine is not None:
            with self._ours(), self.engine.begin() as connection:
                connection.exec_driver_sql(drop_schemas_sql(self.doomed))
            self.doomed = []

    def _statement(self, conn, cursor, statement, parameters, context, executemany):
        head = statement.lstrip()[:10].upper()
        if self._own or head.startswith(_READS):
            return
        if self.written is not None and not head.startswith(("UPDATE", "DELETE")):
            insert = _INSERT.match(statement)
            if insert:
                self.written.add(insert.group(1))
            else:  # a statement that may add rows anywhere (WITH ..., COPY, a migration's DDL)
                self.written = None
        if head.startswith(_RESETS):
            self.forget()
        self.state = DIRTY

    def forget(self):
        """Drop every copy: the schema changed, or sequences may have restarted."""
        self.generation += 1
        self.doomed += [restore.schema for _, restore in self.kept.values() if restore.schema]
        self.kept.clear()

    def tables_to_empty(self, tables):
        """Of tables, those that may have rows: the ones written since they were last emptied."""
        if self.written is None:
            return list(tables)
        return [table for table in tables if table.name in self.written]

    def _drop_stale(self, name):
        """A ticking clock has moved past the copies of name made in earlier windows: they will
        not be asked for again, so they go (PostgreSQL would otherwise gather a schema a window)."""
        stale = [key for key in self.kept if key[0] == name and key[3][0] == "ticking"]
        for key in stale:
            restore = self.kept.pop(key)[1]
            if restore.schema:
                self.doomed.append(restore.schema)

    def emptied(self):
        """Every table was just emptied (after each test)."""
        self.state = EMPTY
        self.written = set()

    @contextlib.contextmanager
    def _ours(self):
        self._own = True
        try:
            yield
        finally:
            self._own = False

    # --- keeping and putting back -------------------------------------------------------------

    def keep(self, name, build, *, migrates=False):
        """build()'s rows and answer: made now, or put back from the copy made the first time.
        A build that migrates (runs migrations down and up, which drops every copy) is copied
        only when it started on empty tables: its copy then belongs to the schema it made."""
        if self.state == DIRTY or self.engine is None:
            return build()
        state, moment = self.state, moment_key()
        key = (name, state, self.generation, moment)
        if key in self.kept:
            value, restore = self.kept[key]
            with self._ours():
                restore(self.engine, emptying_first=self.state != EMPTY)
            if self.written is not None:
                self.written |= restore.tables
            db.session.expire_all()
            self.state = ("kept", key)
            return copy.deepcopy(value)
        generation = self.generation
        value = build()
        if self.generation != generation:  # build() changed the schema: every earlier copy is gone
            if not (migrates and state == EMPTY):
                return value
            key = (name, EMPTY, self.generation, moment)
        self._drop_stale(name)
        with self._ours():
            restore = copy_tables(self.engine, next(self._numbers), self.doomed)
        self.doomed = []
        self.kept[key] = (copy.deepcopy(value), restore)
        self.state = ("kept", key)
        return value


def drop_schemas_sql(schemas) -> str:
    return "; ".join(f"DROP SCHEMA IF EXISTS {schema} CASCADE" for schema in schemas)


def non_empty_tables(connection, tables):
    if not tables:
        return []
    probe = " UNION ALL ".join(
        f"SELECT {i} WHERE EXISTS (SELECT 1 FROM \"{table.name}\")" for i, table in enumerate(tables))
    found = {row[0] for row in connection.exec_driver_sql(probe)}
    return [table for i, table in enumerate(tables) if i in found]


def delete_all_sql(tables) -> list[str]:
    return [f'DELETE FROM "{table.name}"' for table in reversed(tables)]


def copy_tables(engine, number, doomed):
    """Copy every table's rows aside; return the function that puts them back."""
    tables = list(db.metadata.sorted_tables)
    with engine.begin() as connection:
        filled = non_empty_tables(connection, tables)
        if connection.dialect.name == "postgresql":
            return _copy_in_schema(connection, tables, filled, f"{SCHEMA_PREFIX}{number}", doomed)
        return _copy_in_memory(connection, tables, filled)


def _columns(table) -> str:
    return ", ".join(f'"{column.name}"' for column in table.columns)


def _copy_in_schema(connection, tables, filled, schema, doomed):
    statements = [drop_schemas_sql([*doomed, schema]), f"CREATE SCHEMA {schema}"]
    statements += [f'CREATE TABLE {schema}."{t.name}" AS SELECT {_columns(t)} FROM "{t.name}"' for t in filled]
    connection.exec_driver_sql("; ".join(statements))
    inserts = [f'INSERT INTO "{t.name}" ({_columns(t)}) SELECT {_columns(t)} FROM {schema}."{t.name}"'
               for t in filled]
    deletes = delete_all_sql(tables)

    def restore(engine, emptying_first):
        with engine.begin() as connection:
            connection.exec_driver_sql("; ".join((deletes if emptying_first else []) + inserts))

    restore.schema, restore.tables = schema, {t.name for t in filled}
    return restore


def _copy_in_memory(connection, tables, filled):
    rows = {t.name: connection.exec_driver_sql(f'SELECT {_columns(t)} FROM "{t.name}"').fetchall() for t in filled}
    inserts = [(f'INSERT INTO "{t.name}" ({_columns(t)}) VALUES ({", ".join("?" * len(t.columns))})',
                [tuple(row) for row in rows[t.name]]) for t in filled]
    deletes = delete_all_sql(tables)

    def restore(engine, emptying_first):
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            if emptying_first:
                for statement in deletes:
                    connection.exec_driver_sql(statement)
            for statement, values in inserts:
                connection.exec_driver_sql(statement, values)

    restore.schema, restore.tables = None, {t.name for t in filled}
    return restore


SNAPSHOTS = Snapshots()
