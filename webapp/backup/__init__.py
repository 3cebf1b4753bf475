"""`flask backup` and `flask restore`: a consistent copy of the database and the diary media
while the app serves, and the way back (webapp/backup/archive.py has the file's shape)."""
import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.backup.archive import BackupError, Reader, holds_people, restore_backup, sealer, write_backup
from webapp.extensions import db
from webapp.lib import clock, storage


# The dated name `flask backup` gives a file in a folder; --keep removes only such files.
DATED = re.compile(r"lasna-\d{8}T\d{6}Z\.tar")


def _keys() -> list[str]:
    return current_app.config.get("BACKUP_KEYS") or []


def keep_newest(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` dated backups in folder (their names sort by time); any
    other file is left alone. Returns what was removed."""
    dated = sorted(p for p in folder.iterdir() if p.is_file() and DATED.fullmatch(p.name))
    removed = dated[:-keep] if len(dated) > keep else []
    for path in removed:
        path.unlink()
    return removed


@click.command("backup")
@click.option("--to", "target", type=click.Path(path_type=Path), default=None,
              help="A file, or a folder for a dated file (default: instance/backups/).")
@click.option("--keep", type=click.IntRange(min=1), default=None,
              help="Then remove all but the newest N dated backups in that folder.")
@with_appcontext
def backup_command(target: Path | None, keep: int | None):
    """Write a consistent copy of the database and every media file."""
    name = f"lasna-{clock.now():%Y%m%dT%H%M%SZ}.tar"
    if target is None:
        target = Path(current_app.instance_path) / "backups" / name
    elif target.is_dir() or str(target).endswith("/"):
        target = target / name
    elif keep is not None:
        raise click.UsageError("--keep needs a folder for dated files (--to /backups/), not a file name")
    try:
        seal = sealer(_keys())
        manifest = write_backup(db.engine, storage.current(), target, seal)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    rows = sum(t["rows"] for t in manifest.tables.values())
    size = sum(m["bytes"] for m in manifest.media)
    click.echo(f"{target}: {manifest.engine}, {len(manifest.tables)} tables, {rows} rows, "
               f"{len(manifest.media)} media files ({size / 1e6:.1f} MB), "
               f"{'encrypted' if seal else 'NOT encrypted (set LASNA_BACKUP_KEYS)'}, "
               f"{target.stat().st_size / 1e6:.1f} MB")
    if keep is not None:
        removed = keep_newest(target.parent, keep)
        click.echo(f"kept the newest {keep} backups in {target.parent}; removed {len(removed)}"
                   + (f": {', '.join(p.name for p in removed)}" if removed else ""))


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds people.")
@with_appcontext
def restore_command(source: Path, force: bool):
    """Put a backup back into this app's database and media store, then check it against its manifest."""
    try:
        reader = Reader(source, _keys())
        if holds_people(db.engine) and not force:
            raise BackupError("the database already holds data; stop the app and add --force to replace it")
        db.session.remove()
        differ = restore_backup(reader, db.engine, storage.current())
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    manifest = reader.manifest
    if differ["tables"] or differ["media"]:
        raise click.ClickException(f"restored, but it differs from the backup: tables {differ['tables']}, "
                                   f"media {differ['media']}")
    rows = sum(t["rows"] for t in manifest.tables.values())
    click.echo(f"restored {source.name} (made {manifest.created_at}): {len(manifest.tables)} tables, {rows} rows "
               f"and {len(manifest.media)} media files, every checksum as in the backup")
