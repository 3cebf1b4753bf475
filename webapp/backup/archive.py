"""A backup is one tar file: the database, every stored media file, and a manifest that says
how many rows each table held and a checksum of its contents at the moment of the copy.

    format.json            {"format": 1, "encrypted": true|false}   (always readable)
    manifest.json          engine, migration revision, time, tables, media list
    database.sqlite3       SQLite: a copy made with SQLite's online backup API
    database.pgdump        PostgreSQL: pg_dump's custom format
    media/0001 …           the media files, named by number (their keys are in the manifest)

The copy is consistent while the app serves: SQLite's backup API copies one committed state;
on PostgreSQL the checksums are read in the same exported snapshot pg_dump copies.

With keys in the settings (LASNA_BACKUP_KEYS) every member except format.json is a Fernet
token; the first key encrypts and any key decrypts (MultiFernet), so keys can rotate.
Each member is encrypted alone, so no file has to fit in memory twice over.
"""
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from glob import glob
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from webapp.lib import clock
from webapp.lib.storage import Store

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the person at the terminal."""


@dataclass
class Manifest:
    engine: str
    revision: str | None
    created_at: str
    tables: dict[str, dict] = field(default_factory=dict)  # name -> {"rows": n, "checksum": hex}
    media: list[dict] = field(default_factory=list)  # {"key", "member", "bytes", "sha256", "content_type"}

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "Manifest":
        return cls(**json.loads(data))


def sealer(keys: Iterable[str]) -> MultiFernet | None:
    keys = [k.strip() for k in keys if k.strip()]
    if not keys:
        return None
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError:
        raise BackupError("LASNA_BACKUP_KEYS holds a key that is not a Fernet key "
                          "(make one: python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')") from None


# --- checksums -----------------------------------------------------------------------------------

def table_figures(connection: Connection) -> dict[str, dict]:
    """Rows and a checksum per table, read through one connection (one snapshot)."""
    metadata = MetaData()
    metadata.reflect(connection)
    figures = {}
    for name in sorted(metadata.tables):
        table: Table = metadata.tables[name]
        order = list(table.primary_key.columns) or list(table.columns)
        digest, rows = hashlib.sha256(), 0
        for row in connection.execute(select(table).order_by(*order)):
            digest.update(repr(tuple(row)).encode())
            digest.update(b"\n")
            rows += 1
        figures[name] = {"rows": rows, "checksum": digest.hexdigest()}
    return figures


def revision_of(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def holds_people(engine: Engine) -> bool:
    """A database 'holds data' once anyone can sign in to it; a freshly migrated one has none."""
    with engine.connect() as connection:
        if "person" not in inspect(connection).get_table_names():
            return False
        return bool(connection.execute(text("SELECT 1 FROM person LIMIT 1")).first())


# --- PostgreSQL tools ----------------------------------------------------------------------------

def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: the newest Debian server's own, else the one on PATH."""
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[-3]))
    if candidates:
        return candidates[-1]
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is missing: install PostgreSQL's client tools (apt-get install postgresql-client)")
    return found


def libpq_url(url: str) -> str:
    """SQLAlchemy's postgresql+psycopg://… as libpq's postgresql://…"""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def run_tool(command: list[str]) -> None:
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-500:]}")


# --- writing -------------------------------------------------------------------------------------

class Writer:
    def __init__(self, path: Path, seal: MultiFernet | None):
        self.tar = tarfile.open(path, "w")
        self.seal = seal

    def add(self, name: str, data: bytes, *, sealed: bool = True) -> None:
        if sealed and self.seal:
            data = self.seal.encrypt(data)
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = int(datetime.now().timestamp())
        info.mode = 0o600
        self.tar.addfile(info, io.BytesIO(data))

    def close(self) -> None:
        self.tar.close()


def dump_database(engine: Engine, workdir: Path) -> tuple[str, Path, Manifest]:
    """Copy the database into workdir; return its member name, the file, and the manifest of that copy."""
    now = clock.now().isoformat(timespec="seconds")
    if engine.dialect.name == "sqlite":
        copy = workdir / "database.sqlite3"
        source = sqlite3.connect(engine.url.database)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)  # one committed state, even while others write
        finally:
            target.close()
            source.close()
        copy_engine = create_engine(f"sqlite:///{copy}")
        with copy_engine.connect() as connection:
            manifest = Manifest("sqlite", revision_of(connection), now, table_figures(connection))
        copy_engine.dispose()
        return "database.sqlite3", copy, manifest
    if engine.dialect.name == "postgresql":
        copy = workdir / "database.pgdump"
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar()
                # pg_dump copies exactly what this transaction sees, while it stays open.
                run_tool([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                          f"--snapshot={snapshot}", f"--file={copy}", f"--dbname={libpq_url(str(engine.url))}"])
                manifest = Manifest("postgresql", revision_of(connection), now, table_figures(connection))
        return "database.pgdump", copy, manifest
    raise BackupError(f"cannot back up a {engine.dialect.name} database")


def write_backup(engine: Engine, store: Store, path: Path, seal: MultiFernet | None) -> Manifest:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="lasna-backup-") as workdir:
        member, copy, manifest = dump_database(engine, Path(workdir))
        writer = Writer(partial, seal)
        try:
            writer.add("format.json", json.dumps({"format": FORMAT, "encrypted": bool(seal)}).encode(), sealed=False)
            writer.add(member, copy.read_bytes())
            copy.unlink()
            # Media after the database: a file the copied rows name was written before its row.
            for number, key in enumerate(sorted(store.keys()), start=1):
                data = store.get(key)
                name = f"media/{number:06}"
                writer.add(name, data)
                manifest.media.append({"key": key, "member": name, "bytes": len(data),
                                       "sha256": hashlib.sha256(data).hexdigest()})
            writer.add("manifest.json", manifest.to_json())
        finally:
            writer.close()
    os.replace(partial, path)
    path.chmod(0o600)
    return manifest


# --- reading and restoring -------------------------------------------------------------------------

class Reader:
    def __init__(self, path: Path, keys: Iterable[str]):
        try:
            self.tar = tarfile.open(path, "r")
            head = json.loads(self._raw("format.json"))
        except (OSError, tarfile.TarError, KeyError, ValueError):
            raise BackupError(f"{path} is not a Läsnä backup (or it is damaged)") from None
        if head.get("format") != FORMAT:
            raise BackupError(f"{path} has backup format {head.get('format')}, this version reads {FORMAT}")
        self.seal = sealer(keys) if head.get("encrypted") else None
        if head.get("encrypted") and self.seal is None:
            raise BackupError("the backup is encrypted: set LASNA_BACKUP_KEYS to the key it was made with")
        self.manifest = Manifest.from_json(self.read("manifest.json"))

    def _raw(self, name: str) -> bytes:
        member = self.tar.extractfile(name)
        if member is None:
            raise KeyError(name)
        return member.read()

    def read(self, name: str) -> bytes:
        try:
            data = self._raw(name)
        except KeyError:
            raise BackupError(f"the backup has no {name}: it is damaged") from None
        if self.seal:
            try:
                return self.seal.decrypt(data)
            except InvalidToken:
                raise BackupError("the backup cannot be opened with these keys (or it is damaged)") from None
        return data


def restore_backup(reader: Reader, engine: Engine, store: Store) -> dict[str, list[str]]:
    """Put the database and the media back; return what differs from the manifest (nothing, when well)."""
    manifest = reader.manifest
    if manifest.engine != engine.dialect.name:
        raise BackupError(f"the backup is of a {manifest.engine} database; the target is {engine.dialect.name}")
    with tempfile.TemporaryDirectory(prefix="lasna-restore-") as workdir:
        if manifest.engine == "sqlite":
            copy = Path(workdir) / "database.sqlite3"
            copy.write_bytes(reader.read("database.sqlite3"))
            engine.dispose()
            source, target = sqlite3.connect(copy), sqlite3.connect(engine.url.database)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        else:
            copy = Path(workdir) / "database.pgdump"
            copy.write_bytes(reader.read("database.pgdump"))
            engine.dispose()
            run_tool([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                      "--single-transaction", f"--dbname={libpq_url(str(engine.url))}", str(copy)])
    for item in manifest.media:
        data = reader.read(item["member"])
        if hashlib.sha256(data).hexdigest() != item["sha256"]:
            raise BackupError(f"media file {item['key']} in the backup is damaged")
        store.put(item["key"], data, "application/octet-stream")
    return verify(manifest, engine, store)


def verify(manifest: Manifest, engine: Engine, store: Store) -> dict[str, list[str]]:
    with engine.connect() as connection:
        now = table_figures(connection)
    differ = [name for name in sorted(set(now) | set(manifest.tables)) if now.get(name) != manifest.tables.get(name)]
    stored = set(store.keys())
    missing = [item["key"] for item in manifest.media if item["key"] not in stored]
    return {"tables": differ, "media": missing}
