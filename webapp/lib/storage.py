"""Where uploaded files live (diary photos and voice notes).

A folder under instance/ by default (`make run`, one machine). Several app machines share one
S3-compatible bucket instead (LASNA_MEDIA_STORE=s3). Callers see only keys and bytes:

    store = storage.current()
    store.put("diary/12/3f9c….jpg", data, "image/jpeg")
    store.get(key) -> bytes          (Missing if there is none)
    store.delete(key)                (no error if there is none)
    store.keys("diary/12/")          every key under a prefix, for backups and retention

Keys are made by the app, never taken from a request; they are still checked, so that a bug
can never reach outside the folder.
"""
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-zA-Z0-9][a-zA-Z0-9_.-]*)+$")


class Missing(LookupError):
    """No file under that key."""


class Store(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...
    def keys(self, prefix: str = "") -> Iterator[str]: ...


def check_key(key: str) -> str:
    if not KEY.match(key) or ".." in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


class DiskStore:
    """Files in a folder; written to a temporary name first, so a reader never sees half a file."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise Missing(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self, prefix: str = "") -> Iterator[str]:
        if not self.root.exists():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    yield key


def init_app(app: Flask) -> None:
    kind = app.config.get("MEDIA_STORE", "disk")
    if kind == "disk":
        store: Store = DiskStore(app.config.get("MEDIA_DIR") or Path(app.instance_path) / "media")
    else:
        raise ValueError(f"unknown media store {kind!r}")
    app.extensions["lasna_store"] = store


def current() -> Store:
    return current_app.extensions["lasna_store"]
