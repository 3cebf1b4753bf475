"""How fast the door tablets check clients in and out, beside a trivial Flask endpoint.

    .venv/bin/python bench/checkin.py [--kiosks 50] [--clients 2000] [--seconds 20] [--db sqlite postgres]

Serves the app with gunicorn (as `make run` and the Dockerfile do: 2 workers x 4 threads) on a
throwaway SQLite file and on a throwaway PostgreSQL server (tests/pgserver.py), and a trivial
Flask app (bench/trivial_app.py) the same way. Then N simulated kiosks, each with its own
device cookie, session and keep-alive connection, send badge scans back to back
(POST /kiosk/scan) from a small asyncio driver:

- today at the door: a live check-in, or a queued one from earlier today, then a live scan
  that asks "Leaving now?" (or, within 2 minutes, is a duplicate);
- taking turns with it, an offline queue of the six days before: a queued check-in at 08:00
  and a queued check-out at 14:00 per client and day, then more queued check-outs a few
  minutes apart;
- every 25th scan is sent twice with the same key, as the offline queue does after a lost answer.

The trivial app gets the very same requests. The script prints requests/s and p50/p95/p99
latency for each, their ratio, whether the targets are met (check-in >= 0.3 x the trivial
throughput, p95 < 50 ms at 50 kiosks), and the SQL statements one scan costs, beside what it
cost before the check-in was made lighter (STATEMENTS_BEFORE).

Nothing lost: after each run it reads the database and compares it with the answers. Every key
answered 200 or 422 has its scan row (and there are no others), every day answered
"checked_in" has its activity_day row (and no others), every queued check-out is stored, no
day ends before it begins. It prints "lost: N" and exits 1 if anything was lost, stored
twice or answered unexpectedly, or if any request got a 5xx or no answer. Missing the speed
targets is reported, not failed.

The load generator runs on the same machine (2 cores here): compare the rows of one run, as
ratios. Do not run it across midnight in Helsinki (a live scan would land on the next day).
"""
import argparse
import asyncio
import contextlib
import contextvars
import io
import itertools
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time as clock_time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pgserver import free_port, postgres_server  # noqa: E402

HELSINKI = ZoneInfo("Europe/Helsinki")
SECRET_KEY = "bench-checkin-secret-key-" + "x" * 24
RESEND_EVERY = 25
PAST_DAYS = 6  # queued scans older than 7 days are refused
TARGET_RATIO = 0.3
# SQL statements per scan as this script counted them at commit 481b1bc (6 December 2026), before
# a scan read the client's week once and wrote the day and the scan with their final values.
STATEMENTS_BEFORE = {
    "sqlite": {"live check-in": 11, "live scan again (duplicate)": 5, "queued check-in": 11,
               "queued check-out": 11, "re-sent scan (same key)": 8},
    "postgres": {"live check-in": 12, "live scan again (duplicate)": 6, "queued check-in": 12,
                 "queued check-out": 12, "re-sent scan (same key)": 8},
}
TARGET_P95_MS = 50.0
TARGET_KIOSKS = 50
REQUEST_TIMEOUT = 30.0


# --- Servers -------------------------------------------------------------------------------------

@dataclass
class Server:
    host: str
    port: int
    pid: int


@contextlib.contextmanager
def gunicorn(app_spec: str, env: dict, args, log_path: Path, pythonpath: str | None = None):
    """Serve app_spec with gunicorn on a free port; yield the Server; stop it."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
               "--workers", str(args.workers), "--threads", str(args.threads),
               "--no-control-socket", "--timeout", "60", "--graceful-timeout", "5"]
    if pythonpath:
        command += ["--pythonpath", pythonpath]
    command.append(app_spec)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log)
    try:
        wait_until_ready("127.0.0.1", port, process, log_path)
        yield Server("127.0.0.1", port, process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(host: str, port: int, process: subprocess.Popen, log_path: Path, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{tail(log_path)}")
        try:
            with socket.create_connection((host, port), timeout=1) as sock:
                sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /healthz in {seconds} s:\n{tail(log_path)}")


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of a process and its children so far, from /proc (Linux);
    None elsewhere. The figure that does not depend on what else the machine is doing."""
    def stat(p):
        with open(f"/proc/{p}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()  # [0] state, [1] ppid, [11] utime, [12] stime
    try:
        fields = {pid: stat(pid)}
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) != pid:
                with contextlib.suppress(OSError, IndexError):
                    child = stat(entry)
                    if int(child[1]) == pid:
                        fields[int(entry)] = child
        return sum(int(f[11]) + int(f[12]) for f in fields.values()) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- A small HTTP/1.1 client: one keep-alive connection per kiosk, cookies kept ------------------

class ServerError(Exception):
    pass


class Connection:
    """Just enough HTTP/1.1 for the bench, and cheap: httpx costs the driver ~1 ms of CPU per
    request, which on two cores would cap the trivial endpoint near 900 req/s."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None
        self.cookies: dict[str, str] = {}
        self.reconnects = 0

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
            self.reader = self.writer = None

    async def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        """(status, headers, body). A request on a reused connection that the server had closed
        is sent once more (scans carry a key, so a repeat is answered, not recorded twice)."""
        body = urlencode(form).encode() if form is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for name, value in (headers or {}).items():
            head.append(f"{name}: {value}")
        if form is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        payload = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        for attempt in (1, 2):
            reused = self.writer is not None
            if not reused:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                self.writer.write(payload)
                return await asyncio.wait_for(self._response(), REQUEST_TIMEOUT)
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if not reused or attempt == 2:
                    raise
                self.reconnects += 1

    async def _response(self):
        line = await self.reader.readline()
        if not line:
            raise asyncio.IncompleteReadError(b"", None)
        status = int(line.split()[1])
        headers = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie, _, _ = value.partition(";")
                cname, _, cvalue = cookie.partition("=")
                if cvalue:
                    self.cookies[cname.strip()] = cvalue.strip()
                else:
                    self.cookies.pop(cname.strip(), None)
            headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                body += await self.reader.readexactly(size)
                await self.reader.readline()
            await self.reader.readline()
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", 0)))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, body


# --- The work: what each kiosk scans, in order ----------------------------------------------------

@dataclass
class Step:
    client_id: int
    token: str
    at: datetime | None  # None: a live scan, at the server's now
    expect: frozenset
    day: date | None  # None: a live scan's day is today when it is answered
    key: str = field(default_factory=lambda: str(uuid.uuid4()))
    resend_of: "Step | None" = None
    # filled in by the driver
    status: int | None = None
    outcome: str | None = None
    error: str | None = None
    started: float = 0.0
    latency: float = 0.0
    answered_day: date | None = None


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), HELSINKI).astimezone(timezone.utc)


def steps(clients: list[tuple[int, str]], now: datetime):
    """Endless scans for one kiosk's clients: today's door traffic and an offline queue of the
    past days, taking turns so that even a short run checks in and out."""
    today = now.astimezone(HELSINKI).date()
    midnight = datetime.combine(today, clock_time(0), HELSINKI).astimezone(timezone.utc)
    # Whole seconds: the tablet sends milliseconds and this is compared with what is stored.
    earlier_today = max(midnight, now - timedelta(hours=3)).replace(microsecond=0) + timedelta(seconds=1)
    checked_in, checked_out = frozenset({"checked_in"}), frozenset({"checked_out"})

    def door():
        for j, (client_id, token) in enumerate(clients):
            if j % 2 == 0:  # arrives now
                yield Step(client_id, token, None, checked_in, None)
            else:  # arrived earlier today while the tablet was offline
                yield Step(client_id, token, earlier_today, checked_in, today)
        for client_id, token in clients:  # scans again now: "Leaving now?", or within 2 minutes a duplicate
            yield Step(client_id, token, None, frozenset({"asked_leave", "duplicate"}), None)

    def queue():
        for days_ago in range(1, PAST_DAYS + 1):  # arrival at 8, leaving at 14
            day = today - timedelta(days=days_ago)
            for client_id, token in clients:
                yield Step(client_id, token, at_local(day, 8), checked_in, day)
                yield Step(client_id, token, at_local(day, 14), checked_out, day)
        day = today - timedelta(days=PAST_DAYS)
        for minutes in range(3, 9 * 60, 3):  # more scans of the oldest day: each moves the leaving on
            for client_id, token in clients:
                yield Step(client_id, token, at_local(day, 14) + timedelta(minutes=minutes), checked_out, day)

    live, queued = door(), queue()
    yield from itertools.chain.from_iterable(zip(live, queued))
    yield from queued  # zip stops at the end of live without taking one from queued


def scan_form(step: Step) -> dict:
    form = {"key": step.key, "kind": "badge", "badge": "lasna:badge:" + step.token}
    if step.at is not None:
        form["at"] = step.at.strftime("%Y-%m-%dT%H:%M:%S.000Z")  # as the tablet's toISOString()
        form["queued"] = "1"
    return form


# --- The driver ----------------------------------------------------------------------------------

@dataclass
class Run:
    endpoint: str
    db: str
    kiosks: int
    steps: list = field(default_factory=list)
    measured: list = field(default_factory=list)
    seconds: float = 0.0
    reconnects: int = 0
    exhausted: int = 0
    pace: float = 0.0
    cpu: float | None = None  # the server's CPU seconds while measuring
    profile: list = field(default_factory=list)

    @property
    def rps(self) -> float:
        return len(self.measured) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        latencies = sorted(s.latency for s in self.measured)
        if not latencies:
            return float("nan")
        return latencies[max(0, math.ceil(q * len(latencies)) - 1)] * 1000

    @property
    def cpu_ms(self) -> float:
        """Server CPU per measured request (the load generator and the database server excluded)."""
        return self.cpu * 1000 / len(self.measured) if self.cpu is not None and self.measured else float("nan")

    @property
    def server_errors(self) -> list:
        return [s for s in self.steps if s.error or (s.status or 0) >= 500]

    @property
    def errors(self) -> list:
        """Answers that are not what a kiosk expects: no answer, not 200, an unexpected outcome."""
        return [s for s in self.steps if s.error or s.status != 200 or (s.outcome not in s.expect)]


async def kiosk_loop(host, port, secret, plan, run: Run, check: bool, start_at: float, measure_from: float,
                     stop_at: float, offset: float):
    connection = Connection(host, port)
    connection.cookies["lasna_kiosk"] = secret
    status, _, body = await connection.request("GET", "/kiosk/csrf")
    if status != 200:
        raise RuntimeError(f"GET /kiosk/csrf answered {status}: {body[:200]!r}")
    headers = {"X-CSRFToken": body.decode().strip()}
    next_at = start_at + offset  # with --pace the kiosks take turns, not all at once
    previous = None
    try:
        for n in itertools.count(1):
            if next_at > time.perf_counter():
                await asyncio.sleep(next_at - time.perf_counter())
            next_at = max(next_at + run.pace, time.perf_counter()) if run.pace else next_at
            if time.perf_counter() >= stop_at:
                break
            if previous is not None and n % RESEND_EVERY == 0:
                expect = frozenset({previous.outcome}) if previous.outcome else previous.expect
                step = Step(previous.client_id, previous.token, previous.at, expect, previous.day,
                            key=previous.key, resend_of=previous)
            else:
                step = next(plan, None)
                if step is None:
                    run.exhausted += 1
                    break
            if not check:
                step.expect = frozenset({"trivial"})
            step.started = time.perf_counter()
            try:
                status, response_headers, _ = await connection.request("POST", "/kiosk/scan", scan_form(step),
                                                                      headers)
                step.status, step.outcome = status, response_headers.get("x-lasna-outcome")
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
                step.error = f"{type(error).__name__}: {error}"
                await connection.close()
            step.latency = time.perf_counter() - step.started
            step.answered_day = datetime.now(HELSINKI).date()
            run.steps.append(step)
            if step.started >= measure_from and not step.error:
                run.measured.append(step)
            previous = step if step.resend_of is None else previous
    finally:
        run.reconnects += connection.reconnects
        await connection.close()


async def drive(server: Server, kiosks, run: Run, check: bool, warmup: float, seconds: float):
    now = datetime.now(timezone.utc)
    start_at = time.perf_counter() + 0.5  # every kiosk has its CSRF token before the first scan
    measure_from = start_at + warmup
    stop_at = measure_from + seconds

    async def sample_cpu():
        await asyncio.sleep(measure_from - time.perf_counter())
        before = cpu_seconds(server.pid)
        await asyncio.sleep(stop_at - time.perf_counter())
        after = cpu_seconds(server.pid)
        if before is not None and after is not None:
            run.cpu = after - before

    await asyncio.gather(sample_cpu(), *[
        kiosk_loop(server.host, server.port, secret, steps(clients, now), run, check, start_at, measure_from,
                   stop_at, run.pace * k / len(kiosks))
        for k, (secret, clients) in enumerate(kiosks)
    ])
    ends = [s.started + s.latency for s in run.measured]
    run.seconds = max(ends) - measure_from if ends else seconds


# --- The database: data before the run, reconciliation after ---------------------------------------

def make_app(url: str):
    from webapp import create_app
    return create_app({"SECRET_KEY": SECRET_KEY, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": True})


def prepare(app, n_kiosks: int, n_clients: int):
    """Units open all week, each with one paired kiosk and its share of clients (with periods).
    Returns [(device secret, [(client id, badge token)])] and a spare client for profiling."""
    from flask_migrate import upgrade
    from webapp.accounts.models import Person, Role
    from webapp.clients.models import ClientProfile, PayerAssignment
    from webapp.extensions import db
    from webapp.kiosks import device
    from webapp.reference.models import ServiceType
    from webapp.clients.models import ServicePeriod
    from webapp.units.models import OpeningHours, Unit

    with app.app_context():
        with contextlib.redirect_stderr(io.StringIO()):  # alembic's INFO lines
            upgrade()
        kind = db.session.scalar(db.select(ServiceType).order_by(ServiceType.id)) or ServiceType(
            code="bench", name_fi="Työtoiminta", name_sv="Arbetsverksamhet", name_en="Work activity")
        manager = Person(first_name="Marja", last_name="Johtaja", email="bench-manager@example.fi",
                         role=Role.ADMIN.value)
        units = [Unit(name=f"Paja {i + 1}", opening_hours=[
            OpeningHours(weekday=d, opens=clock_time(7), closes=clock_time(17)) for d in range(7)])
            for i in range(n_kiosks)]
        db.session.add_all([kind, manager, *units])
        today = datetime.now(HELSINKI).date()
        profiles_by_unit = [[] for _ in units]
        for i in range(n_clients + 1):
            unit = units[i % n_kiosks]
            person = Person(first_name="Asiakas", last_name=f"Numero {i + 1}", role=Role.CLIENT.value)
            profile = ClientProfile(person=person, home_unit=unit,
                                    payers=[PayerAssignment(payer="kela", valid_from=date(2020, 1, 1))])
            period = ServicePeriod(client=profile, unit=unit, starts_on=today - timedelta(days=60),
                                   ends_on=today + timedelta(days=120), hours_per_day=Decimal(6),
                                   service_type=kind)
            period.weekdays = (0, 1, 2, 3)
            db.session.add_all([person, profile, period])
            profiles_by_unit[i % n_kiosks].append(profile)
        db.session.flush()
        spare = profiles_by_unit[n_clients % n_kiosks].pop()
        codes = [device.create_kiosk(unit, "Ovitabletti", manager)[0] for unit in units]
        db.session.commit()
        secrets = []
        for code in codes:
            secret, _ = device.claim_pairing(code)
            secrets.append(secret)
        db.session.commit()
        kiosks = [(secret, [(p.person_id, p.badge_token) for p in profiles])
                  for secret, profiles in zip(secrets, profiles_by_unit)]
        spare = (spare.person_id, spare.badge_token, secrets[n_clients % n_kiosks])
        db.session.remove()
        db.engine.dispose()
    return kiosks, spare


@dataclass
class Reconciliation:
    lost_scans: int = 0
    extra_scans: int = 0
    lost_days: int = 0
    extra_days: int = 0
    wrong_times: int = 0
    reversed_days: int = 0
    notes: list = field(default_factory=list)

    @property
    def lost(self) -> int:
        return self.lost_scans + self.lost_days + self.wrong_times + self.reversed_days

    @property
    def extra(self) -> int:
        return self.extra_scans + self.extra_days


def reconcile(steps: list, scans: dict, days: dict) -> Reconciliation:
    """Compare the kiosks' answers with what the database holds.

    scans: {key: outcome} of every scan row; days: {(client id, day): (check_in_at, check_out_at)}.
    """
    result = Reconciliation()
    sent = {s.key for s in steps}
    answered = {s.key for s in steps if s.status in (200, 422)}
    unanswered = sent - answered  # no answer or a 5xx: stored or not, either is possible
    for key in answered - scans.keys():
        result.lost_scans += 1
        result.notes.append(f"scan {key} was answered but has no row")
    for key in scans.keys() - sent:
        result.extra_scans += 1
        result.notes.append(f"scan row {key} was never sent")
    expected_days, check_in, check_out = set(), {}, {}
    for s in steps:
        if s.status != 200 or (s.resend_of is not None and s.resend_of.status == 200):
            continue  # a re-sent scan counts only if its first sending got no answer
        day = s.day or s.answered_day
        if s.outcome == "checked_in":
            expected_days.add((s.client_id, day))
            if s.at is not None:
                check_in[(s.client_id, day)] = s.at
        elif s.outcome == "checked_out" and s.at is not None:
            check_out[(s.client_id, day)] = max(s.at, check_out.get((s.client_id, day), s.at))
    maybe_days = {(s.client_id, s.day or s.answered_day) for s in steps if s.key in unanswered}
    for found in expected_days - days.keys():
        result.lost_days += 1
        result.notes.append(f"client {found[0]} checked in on {found[1]} but has no day row")
    for found in days.keys() - expected_days - maybe_days:
        result.extra_days += 1
        result.notes.append(f"day row {found} was never answered checked_in")
    for found, moment in check_in.items():
        stored = days.get(found)
        if stored is not None and stored[0] != moment:
            result.wrong_times += 1
            result.notes.append(f"day {found}: check-in {stored[0]} instead of {moment}")
    for found, moment in check_out.items():
        stored = days.get(found)
        if stored is not None and stored[1] != moment:
            result.wrong_times += 1
            result.notes.append(f"day {found}: check-out {stored[1]} instead of {moment}")
    for found, (arrived, left) in days.items():
        if left is not None and left < arrived:
            result.reversed_days += 1
            result.notes.append(f"day {found} ends before it begins")
    return result


def stored_rows(app) -> tuple[dict, dict]:
    from webapp.checkin.models import ActivityDay, Scan
    from webapp.extensions import db
    with app.app_context():
        scans = dict(db.session.execute(db.select(Scan.key, Scan.outcome)).all())
        days = {(c, d): (i, o) for c, d, i, o in db.session.execute(
            db.select(ActivityDay.client_id, ActivityDay.day, ActivityDay.check_in_at, ActivityDay.check_out_at))}
        db.session.remove()
    return scans, days


def sql_per_scan(app, spare) -> list[tuple[str, str, int, float]]:
    """In-process, one request at a time: (kind, answer, SQL statements, milliseconds) of one scan of
    each kind."""
    from sqlalchemy import event
    from webapp.extensions import db
    client_id, token, secret = spare
    today = datetime.now(HELSINKI).date()
    counter = [0]

    def count(*_):
        counter[0] += 1

    http = app.test_client()
    http.set_cookie("lasna_kiosk", secret, path="/kiosk")
    fresh = lambda call, *a, **kw: contextvars.Context().run(call, *a, **kw)  # noqa: E731
    with app.app_context():
        csrf = fresh(http.get, "/kiosk/csrf").get_data(as_text=True).strip()
        event.listen(db.engine, "before_cursor_execute", count)
        warm = Step(client_id, token, at_local(today - timedelta(days=2), 8), frozenset(), None)
        fresh(http.post, "/kiosk/scan", data=scan_form(warm), headers={"X-CSRFToken": csrf})  # templates compiled
        rows = []
        first = Step(client_id, token, None, frozenset(), None)
        for label, step in [
            ("live check-in", first),
            ("live scan again (duplicate)", Step(client_id, token, None, frozenset(), None)),
            ("queued check-in", Step(client_id, token, at_local(today - timedelta(days=1), 8), frozenset(), None)),
            ("queued check-out", Step(client_id, token, at_local(today - timedelta(days=1), 14), frozenset(),
                                      None)),
            ("re-sent scan (same key)", Step(client_id, token, None, frozenset(), None, key=first.key)),
        ]:
            counter[0] = 0
            started = time.perf_counter()
            response = fresh(http.post, "/kiosk/scan", data=scan_form(step), headers={"X-CSRFToken": csrf})
            elapsed = (time.perf_counter() - started) * 1000
            rows.append((label, f"{response.status_code} {response.headers.get('X-Lasna-Outcome')}",
                         counter[0], elapsed))
        event.remove(db.engine, "before_cursor_execute", count)
        db.session.remove()
    return rows


# --- Putting it together ---------------------------------------------------------------------------

def server_env(url: str) -> dict:
    return {"LASNA_ENV": "production", "SECRET_KEY": SECRET_KEY, "DATABASE_URL": url,
            "SESSION_COOKIE_SECURE": "false", "HSTS": "false", "PROXY_FIX_HOPS": "0"}


@contextlib.contextmanager
def database(kind: str, workdir: Path):
    if kind == "sqlite":
        yield "sqlite:///" + str(workdir / "bench.sqlite3")
    else:
        with postgres_server() as url:
            yield url


def run_trivial(args, workdir: Path, kiosks: int) -> Run:
    run = Run("trivial", "-", kiosks, pace=args.pace)
    fake = [(f"secret-{k}", [(k * 10_000 + i, uuid.uuid4().hex) for i in range(max(1, args.clients // kiosks))])
            for k in range(kiosks)]
    with gunicorn("trivial_app:app", {}, args, workdir / "trivial.log", pythonpath=str(ROOT / "bench")) as server:
        asyncio.run(drive(server, fake, run, False, args.warmup, args.seconds))
    return run


def run_checkin(args, workdir: Path, kind: str, kiosk_counts: list[int]) -> list[tuple[Run, Reconciliation]]:
    results = []
    for kiosks in kiosk_counts:
        with database(kind, workdir / f"{kind}-{kiosks}") as url:
            app = make_app(url)
            data, spare = prepare(app, kiosks, args.clients)
            run = Run("check-in", kind, kiosks, pace=args.pace)
            log = workdir / f"{kind}-{kiosks}.log"
            with gunicorn("webapp:create_app()", server_env(url), args, log) as server:
                asyncio.run(drive(server, data, run, True, args.warmup, args.seconds))
            scans, days = stored_rows(app)
            checked = reconcile(run.steps, scans, days)
            if run.server_errors:
                print(f"\n{kind}: server log (last lines):\n{tail(log)}", file=sys.stderr)
            if kiosks == kiosk_counts[-1] and not args.no_profile:
                run.profile = sql_per_scan(app, spare)
            results.append((run, checked))
    return results


def row(run: Run) -> str:
    return (f"{run.endpoint:<9} {run.db:<9} {run.kiosks:>6} {len(run.measured):>9} {run.rps:>8.0f} "
            f"{run.percentile(0.50):>7.1f} {run.percentile(0.95):>7.1f} {run.percentile(0.99):>7.1f} "
            f"{len(run.errors):>7} {run.cpu_ms:>11.2f}")


def report(trivial: dict, checkins: list, args) -> int:
    print()
    pace = f"each kiosk scans every {args.pace:g} s" if args.pace else "each kiosk scans back to back"
    print(f"gunicorn --workers {args.workers} --threads {args.threads}; {args.seconds:g} s measured after "
          f"{args.warmup:g} s warm-up; {args.clients} clients; {pace}; CPUs: {os.cpu_count()}")
    print(f"{'endpoint':<9} {'db':<9} {'kiosks':>6} {'requests':>9} {'req/s':>8} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7} {'cpu ms/req':>11}")
    for run in trivial.values():
        print(row(run))
    for run, _ in checkins:
        print(row(run))
    print()
    failed = False
    total_lost = 0
    for run, checked in checkins:
        base = trivial[run.kiosks]
        ratio = run.rps / base.rps if base.rps else float("nan")
        p95 = run.percentile(0.95)
        met = ratio >= TARGET_RATIO and p95 < TARGET_P95_MS
        target = ("target met" if met else "target NOT met") + \
            f" (>= {TARGET_RATIO:g} x trivial req/s and p95 < {TARGET_P95_MS:g} ms)"
        if run.kiosks != TARGET_KIOSKS or run.pace:
            target = f"(targets are for {TARGET_KIOSKS} kiosks scanning back to back)"
        base_p95 = base.percentile(0.95)
        print(f"ratio check-in/trivial, {run.db}, {run.kiosks} kiosks: req/s {ratio:.2f}, "
              f"p95 {p95 / base_p95 if base_p95 else float('nan'):.1f}x, "
              f"server CPU per request {run.cpu_ms / base.cpu_ms if base.cpu_ms else float('nan'):.1f}x; {target}")
        outcomes = {}
        for step in run.steps:
            outcomes[step.outcome or step.error or "-"] = outcomes.get(step.outcome or step.error or "-", 0) + 1
        print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) +
              f"; re-sent {sum(1 for s in run.steps if s.resend_of)}; reconnects {run.reconnects}")
        if run.exhausted:
            print(f"  {run.exhausted} kiosks ran out of scans before the end: give more --clients")
        for step in run.errors[:5]:
            print(f"  unexpected: {step.status or step.error} {step.outcome} (expected "
                  f"{'/'.join(sorted(step.expect))}) for a {'queued' if step.at else 'live'} scan")
        for note in checked.notes[:5]:
            print(f"  {note}")
        print(f"  rows: {checked.lost} lost, {checked.extra} extra; "
              f"5xx or no answer: {len(run.server_errors)}; unexpected answers: {len(run.errors)}")
        total_lost += checked.lost
        failed |= bool(checked.lost or checked.extra or run.server_errors or run.errors)
        for label, answer, statements, ms in run.profile:
            before = STATEMENTS_BEFORE[run.db][label]
            print(f"  SQL {statements:>3} (before: {before:>2})  {ms:6.1f} ms in-process  {label} -> {answer}")
    for run in trivial.values():
        failed |= bool(run.server_errors)
    print(f"\nlost: {total_lost}")
    if failed:
        print("FAILED: rows lost or extra, server errors, or unexpected answers (see above)")
    return 1 if failed else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosks", type=int, nargs="+", default=[TARGET_KIOSKS],
                        help="concurrent kiosks (several values: one run each)")
    parser.add_argument("--clients", type=int, default=1000, help="clients, spread over the kiosks' units")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, help="unmeasured seconds first (default: a quarter, at most 3)")
    parser.add_argument("--db", nargs="+", choices=("sqlite", "postgres"), default=["sqlite", "postgres"])
    parser.add_argument("--pace", type=float, default=0.0,
                        help="seconds between one kiosk's scans (default 0: back to back, the most load)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-profile", action="store_true", help="skip counting SQL statements per scan")
    args = parser.parse_args(argv)
    if args.warmup is None:
        args.warmup = min(3.0, args.seconds / 4)
    if min(args.kiosks) < 1 or args.clients < max(args.kiosks):
        parser.error("need at least one kiosk and one client per kiosk")
    with tempfile.TemporaryDirectory(prefix="lasna-bench-") as tmp:
        workdir = Path(tmp)
        for kiosks in args.kiosks:
            (workdir / f"sqlite-{kiosks}").mkdir()
        trivial = {k: run_trivial(args, workdir, k) for k in args.kiosks}
        checkins = []
        for kind in args.db:
            checkins += run_checkin(args, workdir, kind, args.kiosks)
        return report(trivial, checkins, args)


if __name__ == "__main__":
    sys.exit(main())
