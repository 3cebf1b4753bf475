"""Static files under content-hashed URLs, kept by browsers for a year.

`url_for('static', filename='css/app.css')` gives `/static/css/app.css?v=3f9c1a2b7d40`: the
version is a hash of the file's bytes, so a changed file has a new URL and an unchanged one is
never asked for again. An answer to the current version says `immutable`; an old or missing
version is answered with the current bytes and `no-cache`, so a stale page still works.
Flask's own static view serves the bytes (no second copy of its handling).
"""
import hashlib
from pathlib import Path

from flask import Flask, request

YEAR = 365 * 24 * 3600


class Versions:
    """The hash of each static file, read once per change of its modification time."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self._known: dict[str, tuple[float, str]] = {}

    def of(self, filename: str) -> str | None:
        path = self.folder / filename
        try:
            stamp = path.stat().st_mtime
        except (OSError, ValueError):
            return None
        known = self._known.get(filename)
        if known and known[0] == stamp:
            return known[1]
        version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        self._known[filename] = (stamp, version)
        return version


def init_app(app: Flask) -> None:
    versions = Versions(app.static_folder)
    app.extensions["lasna_static_versions"] = versions

    @app.url_defaults
    def _versioned(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = versions.of(values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _cache_static(response):
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        if response.status_code == 200 and response.is_streamed:
            # Read into memory (the files are small), so that Flask-Compress, which leaves streams
            # alone, packs it like a page (it runs after this: after_request goes last-in first).
            response.direct_passthrough = False
            response.set_data(response.get_data())
        if request.args.get("v") and request.args["v"] == versions.of(filename):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            # Never asked again: no validators, no file name, the same for every cookie.
            for name in ("ETag", "Last-Modified", "Content-Disposition", "Accept-Ranges"):
                response.headers.pop(name, None)
            response.vary.discard("Cookie")
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response
