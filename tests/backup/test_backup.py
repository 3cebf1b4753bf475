"""`flask backup` and `flask restore`, on the run's own database engine: a copy made while
check-ins are being written restores into an empty database with every table's rows and
checksum as they were at the copy, media included; a database with people in it is not
overwritten unless told; an encrypted copy needs its key."""
import tarfile
import threading
from datetime import datetime, time, timedelta

import boto3
import pytest
import time_machine
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests import factories
from tests import conftest
from tests.moments import HEL, MORNING
from webapp import create_app
from webapp.backup.archive import Reader, table_figures
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Method, Scan
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.lib import storage
from webapp.units.models import Unit

PHOTO, VOICE = b"\xff\xd8\xff\xe0 a photo", b"\x1aE\xdf\xa3 a voice note"


@pytest.fixture
def frozen(app):
    """Morning, and an empty file store (other tests leave their media files; rows are emptied)."""
    store = storage.current()
    for key in list(store.keys()):
        store.delete(key)
    with time_machine.travel(MORNING, tick=True):
        yield


def empty_target(database_url: str, media_settings: dict, tmp_path, name: str):
    """A second app on an empty database (nothing migrated) and an empty media store."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        url = url.set(database=str(tmp_path / f"{name}.sqlite3"))
    else:
        with create_engine(database_url, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            connection.execute(text(f"CREATE DATABASE {name}"))
        url = url.set(database=name)
    media = dict(media_settings)
    if media["MEDIA_STORE"] == "s3":
        media["MEDIA_S3_BUCKET"] = name.replace("_", "-")
        boto3.client("s3", endpoint_url=media["MEDIA_S3_ENDPOINT"], region_name=media["MEDIA_S3_REGION"],
                     aws_access_key_id=media["MEDIA_S3_KEY_ID"], aws_secret_access_key=media["MEDIA_S3_SECRET"]
                     ).create_bucket(Bucket=media["MEDIA_S3_BUCKET"],
                                     CreateBucketConfiguration={"LocationConstraint": media["MEDIA_S3_REGION"]})
    else:
        media["MEDIA_DIR"] = str(tmp_path / f"{name}-media")
    return create_app(conftest.test_config(url.render_as_string(hide_password=False), media))


def workdays(n: int):
    day = MORNING.date() - timedelta(days=1)
    while n:
        if day.weekday() < 4:
            yield day
            n -= 1
        day -= timedelta(days=1)


class CheckIns(threading.Thread):
    """Check-ins and check-outs from a kiosk's offline queue, written one after another until stopped."""

    def __init__(self, app, client_ids, unit_id):
        super().__init__(daemon=True)
        self.app, self.client_ids, self.unit_id = app, client_ids, unit_id
        self.written, self.errors = 0, []
        self.stop, self.started_writing = threading.Event(), threading.Event()

    def run(self):
        with self.app.app_context():
            try:
                unit = db.session.get(Unit, self.unit_id)
                for day in workdays(5000):
                    for client_id in self.client_ids:
                        client = db.session.get(ClientProfile, client_id)
                        for hour in (8, 14):
                            at = datetime.combine(day, time(hour), HEL)
                            scans.record_scan(key=f"backup-{client_id}-{day}-{hour}", unit=unit,
                                              method=Method.BADGE, client=client, scanned_at=at, queued=True)
                            self.written += 1
                            if self.written == 20:
                                self.started_writing.set()
                        if self.stop.is_set():
                            return
            except Exception as error:  # noqa: BLE001 (the test reports it)
                self.errors.append(error)
            finally:
                self.started_writing.set()
                db.session.remove()


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_copy_made_while_check_ins_are_written_restores_exactly(app, people, frozen, tmp_path,
                                                                  database_url, media_settings):
    clients = [people.client.client.person_id] + [
        factories.make_client(people.unit, first_name=f"Asiakas{n}").client.person_id for n in range(5)]
    storage.current().put("diary/1/photo.jpg", PHOTO, "image/jpeg")
    storage.current().put("diary/1/voice.webm", VOICE, "audio/webm")
    writer = CheckIns(app, clients, people.unit.id)
    writer.start()
    try:
        assert writer.started_writing.wait(30)
        result = app.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "copy.tar")])
        at_backup = writer.written
        while writer.is_alive() and writer.written < at_backup + 4:  # it goes on after the copy
            writer.stop.wait(0.01)
    finally:
        writer.stop.set()
        writer.join(60)
    assert not writer.errors, writer.errors
    assert result.exit_code == 0, result.output
    assert "copy.tar" in result.output and "2 media files" in result.output

    manifest = Reader(tmp_path / "copy.tar", []).manifest
    assert manifest.engine == db.engine.dialect.name
    assert manifest.tables["scan"]["rows"] >= 20  # it copied while the writer ran...
    assert count(Scan) > manifest.tables["scan"]["rows"]  # ...which went on writing
    assert {m["key"] for m in manifest.media} == {"diary/1/photo.jpg", "diary/1/voice.webm"}

    target = empty_target(database_url, media_settings, tmp_path, "lasna_restored")
    with target.app_context():  # (a command runs in the app whose context is open)
        result = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "copy.tar")])
        assert result.exit_code == 0, result.output
        assert "every checksum as in the backup" in result.output
        with db.engine.connect() as connection:
            restored = table_figures(connection)
        assert restored == manifest.tables  # every table: its rows and their checksum
        assert set(restored) >= {"person", "scan", "activity_day", "alembic_version"}
        # A consistent moment: every scan's day is there, and each day has its scans.
        days = db.session.scalar(db.select(db.func.count()).select_from(ActivityDay))
        assert days == manifest.tables["activity_day"]["rows"] > 0
        orphans = db.session.scalar(db.select(db.func.count()).select_from(Scan).where(
            Scan.day_id.is_not(None), ~Scan.day_id.in_(db.select(ActivityDay.id))))
        assert orphans == 0
        assert storage.current().get("diary/1/photo.jpg") == PHOTO
        assert storage.current().get("diary/1/voice.webm") == VOICE
        db.engine.dispose()


def test_restore_does_not_overwrite_a_database_with_people_unless_told(app, people, frozen, tmp_path):
    assert app.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "copy.tar")]).exit_code == 0
    factories.make_client(people.unit, first_name="Myöhempi")
    with db.engine.connect() as connection:
        before = table_figures(connection)
    result = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "copy.tar")])
    assert result.exit_code == 1
    assert "already holds data" in result.output and "--force" in result.output
    with db.engine.connect() as connection:
        assert table_figures(connection) == before  # nothing changed


def test_an_encrypted_copy_needs_its_key_and_survives_a_key_rotation(app, people, frozen, tmp_path,
                                                                      database_url, media_settings, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    storage.current().put("diary/1/photo.jpg", PHOTO, "image/jpeg")
    monkeypatch.setitem(app.config, "BACKUP_KEYS", [old])
    result = app.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "sealed.tar")])
    assert result.exit_code == 0 and "encrypted" in result.output and "NOT" not in result.output
    with tarfile.open(tmp_path / "sealed.tar") as tar:  # nothing readable but the format note
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            if member.name != "format.json":  # a Fernet token each, opened by the key
                assert data.startswith(b"gAAAAA") and PHOTO not in data, member.name
                assert Fernet(old.encode()).decrypt(data), member.name

    target = empty_target(database_url, media_settings, tmp_path, "lasna_sealed")
    with target.app_context():
        runner = target.test_cli_runner()
        assert "LASNA_BACKUP_KEYS" in runner.invoke(args=["restore", str(tmp_path / "sealed.tar")]).output
        target.config["BACKUP_KEYS"] = [Fernet.generate_key().decode()]
        assert "cannot be opened with these keys" in runner.invoke(
            args=["restore", str(tmp_path / "sealed.tar")]).output
        target.config["BACKUP_KEYS"] = [new, old]  # rotated: the new key first, the old one still opens
        result = runner.invoke(args=["restore", str(tmp_path / "sealed.tar")])
        assert result.exit_code == 0, result.output
        assert storage.current().get("diary/1/photo.jpg") == PHOTO
        db.engine.dispose()


@pytest.mark.parametrize("damage", ["not a tar", "truncated", "member changed"])
def test_a_damaged_or_foreign_file_is_refused_with_a_reason(app, people, frozen, tmp_path, damage, monkeypatch):
    monkeypatch.setitem(app.config, "BACKUP_KEYS", [Fernet.generate_key().decode()])
    path = tmp_path / "copy.tar"
    assert app.test_cli_runner().invoke(args=["backup", "--to", str(path)]).exit_code == 0
    data = bytearray(path.read_bytes())
    if damage == "not a tar":
        path.write_bytes(b"hello, I am a spreadsheet")
    elif damage == "truncated":
        path.write_bytes(bytes(data[:2048]))
    else:
        at = data.find(b"gAAAAA")  # the first Fernet token's start: change one of its bytes
        data[at + 100] = ord("A") if data[at + 100] != ord("A") else ord("B")
        path.write_bytes(bytes(data))
    with db.engine.connect() as connection:
        before = table_figures(connection)
    result = app.test_cli_runner().invoke(args=["restore", "--force", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert any(reason in result.output for reason in ("not a Läsnä backup", "damaged", "cannot be opened"))
    with db.engine.connect() as connection:
        assert table_figures(connection) == before


def test_keep_leaves_the_newest_dated_backups_and_nothing_else_is_touched(app, people, frozen, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [folder / f"lasna-2026110{day}T020000Z.tar" for day in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"an older backup")
    other = folder / "lasna-before-the-migration.tar"  # named by hand: never removed
    other.write_bytes(b"kept")
    result = app.test_cli_runner().invoke(args=["backup", "--to", f"{folder}/", "--keep", "2"])
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in folder.iterdir())
    new = [name for name in left if name.startswith("lasna-2026") and folder / name not in old]
    assert len(new) == 1 and new[0] > old[-1].name  # today's copy
    assert left == sorted([old[-1].name, new[0], other.name])
    assert "removed 2: lasna-20261101T020000Z.tar, lasna-20261102T020000Z.tar" in result.output
    Reader(folder / new[0], [])  # the copy itself is whole


def test_keep_needs_a_folder_and_at_least_one(app, people, frozen, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "--to", str(tmp_path / "copy.tar"), "--keep", "3"])
    assert result.exit_code != 0 and "--keep needs a folder" in result.output
    assert not (tmp_path / "copy.tar").exists()
    result = runner.invoke(args=["backup", "--to", f"{tmp_path}/", "--keep", "0"])
    assert result.exit_code != 0 and "0 is not in the range x>=1" in result.output
