"""Lighthouse (mobile) on the login page and a client's home page, as `make run` serves them.

    npm install --prefix bench/.lighthouse lighthouse@13      # once (Node 18+; not vendored: a tool)
    .venv/bin/python bench/lighthouse.py [--runs 3]

Builds a throwaway SQLite database with the demo data, serves the app with gunicorn as `make run`
does, signs the demo client in, and runs Lighthouse's mobile preset (simulated slow 4G, a
mid-range phone) with Debian's Chromium on each page. Prints per page the transferred bytes (the
goal: at most 50 KB), the requests, and the performance, accessibility and best-practices scores
(the goal: 100 each), the median of --runs. Scores vary with the machine's load; run it on a
quiet one.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pgserver import free_port  # noqa: E402
from webapp.demo import CLIENT_EMAIL, CLIENT_PASSWORD  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
GOAL_BYTES = 50 * 1024
PAGES = [("login page", "/login", False), ("client's home page", "/", True)]


def serve(workdir: Path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}", "FLASK_APP": "webapp",
           "LASNA_MEDIA_DIR": str(workdir / "media"),
           # the script signs in with httpx, which keeps Secure cookies to https (browsers allow localhost)
           "SESSION_COOKIE_SECURE": "false"}
    flask = [str(ROOT / ".venv" / "bin" / "flask")]
    subprocess.run(flask + ["db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run(flask + ["demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", "--threads", "4", "--no-control-socket", "webapp:create_app()"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://localhost:{port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.kill()
    raise SystemExit("the app did not start")


def client_cookie(base: str) -> str:
    """The demo client's session cookie, signed in through the login form."""
    with httpx.Client(base_url=base) as http:
        page = http.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        answer = http.post("/login", data={"csrf_token": token, "email": CLIENT_EMAIL, "password": CLIENT_PASSWORD})
        if answer.status_code != 302:
            raise SystemExit(f"the demo client could not sign in ({answer.status_code})")
        return "; ".join(f"{name}={value}" for name, value in http.cookies.items())


def lighthouse(url: str, cookie: str | None, out: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--quiet", "--form-factor=mobile", "--output=json", f"--output-path={out}",
               "--only-categories=performance,accessibility,best-practices",
               "--chrome-flags=--headless=new --no-sandbox"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                   capture_output=True, timeout=300)
    report = json.loads(out.read_text())
    requests = report["audits"]["network-requests"]["details"]["items"]
    return {"bytes": report["audits"]["total-byte-weight"]["numericValue"], "requests": len(requests),
            **{name: round(category["score"] * 100) for name, category in report["categories"].items()},
            "final": report.get("finalDisplayedUrl") or report.get("finalUrl")}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"Lighthouse is missing: npm install --prefix bench/.lighthouse lighthouse@13")
    workdir = Path(tempfile.mkdtemp(prefix="lasna-lighthouse-"))
    server, base = serve(workdir)
    try:
        cookie = client_cookie(base)
        print(f"Lighthouse mobile, median of {args.runs} runs; goal: at most {GOAL_BYTES // 1024} KB, scores 100")
        print(f"{'page':<20} {'KB moved':>9} {'requests':>9} {'perf':>5} {'a11y':>5} {'best':>5}")
        for label, path, signed_in in PAGES:
            runs = [lighthouse(base + path, cookie if signed_in else None, workdir / f"{n}.json")
                    for n in range(args.runs)]
            if signed_in and runs[0]["final"].rstrip("/").endswith("/login"):
                raise SystemExit("the home page went to the login page: the cookie was not taken")
            median = {key: statistics.median(r[key] for r in runs)
                      for key in ("bytes", "requests", "performance", "accessibility", "best-practices")}
            verdict = "within" if median["bytes"] <= GOAL_BYTES else "OVER"
            print(f"{label:<20} {median['bytes'] / 1024:>9.1f} {median['requests']:>9.0f} "
                  f"{median['performance']:>5.0f} {median['accessibility']:>5.0f} {median['best-practices']:>5.0f}"
                  f"  ({verdict} the goal)")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
