"""The yardstick for bench/checkin.py: the smallest Flask app that answers the kiosk's calls.

No database, no templates, no sessions: what gunicorn + Flask cost on this machine by
themselves. bench/checkin.py serves it with the same gunicorn settings as the real app and
sends it the very same requests, so the ratio between the two shows what the check-in itself
costs.

    gunicorn --pythonpath bench trivial_app:app
"""
from flask import Flask, request

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.get("/kiosk/csrf")
def csrf():
    return "trivial", 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.post("/kiosk/scan")
def scan():
    key = request.form.get("key", "")  # parse the form, as any real endpoint would
    return f"<p>{len(key)}</p>", 200, {"X-Lasna-Outcome": "trivial"}
