"""Where uploaded files live (diary photos and voice notes).

A folder under instance/ by default (`make run`, one machine). Several app machines share one
S3-compatible bucket instead (LASNA_MEDIA_STORE=s3: Fly.io's Tigris, or any S3 API; boto3 reads
the credentials and endpoint from its usual AWS_* variables). Callers see only keys and bytes:

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

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
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


class S3Store:
    """Objects in one bucket of an S3-compatible service. Every app machine sees the same files."""

    NOT_FOUND = ("NoSuchKey", "404", "NotFound")

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, region: str | None = None,
                 key_id: str | None = None, secret: str | None = None):
        self.bucket = bucket
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region, aws_access_key_id=key_id,
            aws_secret_access_key=secret,
            # Short waits: a phone is waiting for the answer; the retries cover a passing hiccup.
            config=Config(connect_timeout=5, read_timeout=20, retries={"max_attempts": 3, "mode": "standard"}))

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in self.NOT_FOUND:
                raise Missing(key) from None
            raise
        return answer["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))  # no error if there is none

    def keys(self, prefix: str = "") -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"]


def init_app(app: Flask) -> None:
    kind = app.config.get("MEDIA_STORE", "disk")
    if kind == "disk":
        store: Store = DiskStore(app.config.get("MEDIA_DIR") or Path(app.instance_path) / "media")
    elif kind == "s3":
        store = S3Store(app.config["MEDIA_S3_BUCKET"], endpoint_url=app.config.get("MEDIA_S3_ENDPOINT"),
                        region=app.config.get("MEDIA_S3_REGION"), key_id=app.config.get("MEDIA_S3_KEY_ID"),
                        secret=app.config.get("MEDIA_S3_SECRET"))
    else:
        raise ValueError(f"unknown media store {kind!r}")
    app.extensions["lasna_store"] = store


def current() -> Store:
    return current_app.extensions["lasna_store"]
