"""Several app machines on one PostgreSQL, behind a proxy, one of them dying: does anything get lost?

    .venv/bin/python bench/cluster.py [--kiosks 50 200] [--pace 2] [--seconds 20] [--down 2]

Serves the app from two gunicorn instances (as the Dockerfile does: 2 workers x 4 threads each) on
one throwaway PostgreSQL server (tests/pgserver.py), behind nginx from Debian's packages, run as
an unprivileged process with a generated configuration in a temporary folder. nginx does what
Fly.io's proxy does: it shares requests between the instances, sets X-Forwarded-For, -Proto
(https) and -Host (the app trusts one hop, PROXY_FIX_HOPS=1), tries the other instance when one
refuses connections, and sends a request carrying `fly-force-instance-id: a` (or b) to that
instance only. It answers with the instance that served each request (X-Lasna-Instance).

The door tablets are bench/checkin.py's: the same kiosks, clients, plan of scans (live and
queued, re-sent keys), HTTP client and reconciliation with the database. Halfway through, one
instance is killed with SIGKILL, master and workers at once, as a machine dies; `--down` seconds
later it is started again on the same port. A scan that got no answer or a 5xx without the
kiosk's outcome header (nginx's 502 for a request the dying instance held) goes to the tablet's
offline queue, as kiosk/kiosk.js does, and is sent again through nginx with the same key, its
original time and queued=1. Such a scan counts as retried, not as an error; it is an error only
if the retry is not answered either.

What a machine keeps in memory must not matter, so a few kiosks also run, each once, flows whose
steps are forced to alternate between the instances (`--flow-kiosks`, PIN checks cost Argon2):

- "Leaving now?": a queued check-in from earlier today (instance a), a live scan that asks
  "Leaving now?" (b), and the answer with the ticket from that question (a): checked out;
- a PIN check-in: a wrong PIN (a), then the right one (b): checked in;
- the PIN lock: five wrong PINs alternating a/b lock the PIN; the right PIN on the other instance
  is refused while locked;
- signing in (twice: before the kill and after the restart): five wrong passwords for one account
  alternating a/b, then the right password is refused (429) by the other instance; another person
  signs in on one instance and her session opens a page on the other.

It prints requests/s and p50/p95/p99 of the scans, how many each instance answered, the scans
retried after the kill, the flows, and the rows lost, doubled or out of order (bench/checkin.py's
reconciliation: every answered key has its row and no others, every day answered "checked_in" has
its row, queued times are stored as sent, no day ends before it begins). It exits 1 if a row is
lost or doubled, a flow fails, or a scan stays unanswered after its retry. The load generator,
both instances, nginx and PostgreSQL share the machine: compare the rows of one run.
"""
import argparse
import asyncio
import contextlib
import itertools
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time as clock_time, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import checkin as bench  # noqa: E402  (the kiosks, their HTTP client and the reconciliation)
from argon2 import PasswordHasher, profiles  # noqa: E402
from tests.pgserver import free_port, postgres_server  # noqa: E402

NAMES = ("a", "b")
PIN, WRONG_PIN = "2468", "1357"
PASSWORD = "kaksi-konetta-yksi-tietokanta"
PIN_MAX_ATTEMPTS = 5  # webapp/checkin/scans.py
SIGN_IN_SLOW_FROM = 5  # webapp/accounts/throttle.py: ACCOUNT.slow_from
FLOW_AT = {"leave": 0.15, "pin": 0.3, "pin_lock": 0.8}  # when, as a share of the run, each kiosk's flow starts
SIGN_IN_AT = (0.1, 0.85)
FLOW_GRACE = 3.0  # seconds the kill waits for running flows (a flow it cuts counts as interrupted)
TICKET = re.compile(r'name="ticket" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
CHEAP_HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
NGINX_HINT = "apt-get install -y --no-install-recommends nginx"


# --- The instances and the proxy ------------------------------------------------------------------

class Instance:
    """One app machine: gunicorn in its own process group, so that SIGKILL takes it all at once."""

    def __init__(self, name: str, env: dict, args, workdir: Path):
        self.name, self.env, self.args = name, env, args
        self.port = free_port()
        self.log = workdir / f"instance-{name}.log"
        self.process = None

    def start(self):
        self.launch()
        self.ready()

    def launch(self):
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.args.workers), "--threads", str(self.args.threads),
                   "--no-control-socket", "--timeout", "60", "--graceful-timeout", "5", "webapp:create_app()"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **self.env}, stdout=log,
                                            stderr=log, start_new_session=True)

    def ready(self):
        bench.wait_until_ready("127.0.0.1", self.port, self.process, self.log, seconds=90)

    def kill(self):
        """As a machine dies: master and workers at once, nothing finished, nothing said."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


NGINX_CONF = """\
# Generated by bench/cluster.py: Fly.io's proxy in front of two app machines.
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;

    upstream lasna {{
{servers}
        keepalive 64;
    }}
{single}
    # fly-force-instance-id: that machine only (Fly's header), else either.
    map $http_fly_force_instance_id $lasna_upstream {{
        default lasna;
{forced}
    }}
    map $upstream_addr $lasna_instance {{
        default "";
{answered}
    }}

    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://$lasna_upstream;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-Port 443;
            proxy_set_header Fly-Client-IP $remote_addr;
            # A machine that refuses connections: the next one. A request it already took is not
            # sent twice (POST is not idempotent): the client gets 502, and the tablet queues it.
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            add_header X-Lasna-Instance $lasna_instance always;
        }}
    }}
}}
"""


@contextlib.contextmanager
def nginx(instances: list[Instance], workdir: Path):
    """Serve nginx on a free port in front of the instances; yield the port."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        raise SystemExit(f"nginx is missing. Install it: {NGINX_HINT}")
    folder = workdir / "nginx"
    folder.mkdir()
    port = free_port()
    servers = "\n".join(f"        server 127.0.0.1:{i.port} max_fails=1 fail_timeout=1s;" for i in instances)
    single = "".join(f"    upstream instance_{i.name} {{ server 127.0.0.1:{i.port}; keepalive 16; }}\n"
                     for i in instances)
    forced = "\n".join(f"        {i.name} instance_{i.name};" for i in instances)
    answered = "\n".join(f'        "~127\\.0\\.0\\.1:{i.port}$" {i.name};' for i in instances)
    (folder / "nginx.conf").write_text(NGINX_CONF.format(dir=folder, servers=servers, single=single, forced=forced,
                                                          answered=answered, port=port))
    command = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    if os.geteuid() == 0:  # unprivileged, as the proxy should be
        shutil.chown(folder, "nobody")
        command = ["runuser", "-u", "nobody", "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited with {process.returncode}: {process.stderr.read().decode()}")
            with contextlib.suppress(OSError):
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not start listening in 10 s")
            time.sleep(0.05)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- The run ----------------------------------------------------------------------------------------

@dataclass
class Flow:
    kind: str
    ok: bool = False
    crossed: bool = False  # its steps were answered by both instances
    interrupted: bool = False  # a step hit the instance being killed (then neither ok nor failed)
    note: str = ""


@dataclass
class Cluster:
    host: str
    port: int
    instances: list
    up: set = field(default_factory=lambda: set(NAMES))
    started_at: float = 0.0
    killed_at: float | None = None
    back_at: float | None = None
    both_up: asyncio.Event | None = None
    flows_running: int = 0

    @contextlib.asynccontextmanager
    async def flow(self):
        """A flow starts only while both instances serve, and the kill waits for running flows to
        end: they check what the instances share, the scans check what survives a crash."""
        await self.both_up.wait()
        self.flows_running += 1
        try:
            yield
        finally:
            self.flows_running -= 1

    @property
    def referer(self) -> str:
        return f"https://{self.host}:{self.port}/kiosk"


@dataclass
class Outcome:
    """What one run of the cluster did, beside bench/checkin.py's Run."""
    answered_by: dict = field(default_factory=lambda: {name: 0 for name in NAMES})
    retried: int = 0  # scans the tablet's queue sent again after the kill
    unanswered: int = 0  # ...and that got no answer even then
    flows: list = field(default_factory=list)


def instance_of(headers: dict) -> str:
    return headers.get("x-lasna-instance", "")


def failed(step) -> bool:
    """No answer, or an answer that is not the kiosk's (a 502 from the proxy, a 503 page): the
    tablet keeps such a scan in its queue (kiosk/kiosk.js)."""
    return bool(step.error) or (step.status or 0) >= 500 or not step.outcome


async def send(connection, step, headers: dict, form: dict, run, outcome: Outcome, measure_from: float):
    """Send one scan; record its answer on the step and the step in the run."""
    step.started = time.perf_counter()
    try:
        status, answer, body = await connection.request("POST", "/kiosk/scan", form, headers)
        step.status, step.outcome = status, answer.get("x-lasna-outcome")
        if instance_of(answer) in outcome.answered_by:
            outcome.answered_by[instance_of(answer)] += 1
    except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
        step.error, body, answer = f"{type(error).__name__}: {error}", b"", {}
        await connection.close()
    step.latency = time.perf_counter() - step.started
    step.answered_day = datetime.now(bench.HELSINKI).date()
    run.steps.append(step)
    if step.started >= measure_from and not failed(step):
        run.measured.append(step)
    return answer, body


def queued_again(step, sent_at: datetime):
    """The scan as the tablet's queue sends it again: the same key, its time, queued. A live
    "Leaving now?" scan comes back from the queue as a check-out (a queued scan asks nothing)."""
    expect = step.expect | ({"checked_out"} if "asked_leave" in step.expect else set())
    again = bench.Step(step.client_id, step.token, None, frozenset(expect), step.day, key=step.key, resend_of=step)
    form = bench.scan_form(step)
    form.update(at=(step.at or sent_at).strftime("%Y-%m-%dT%H:%M:%S.000Z"), queued="1")
    return again, form


def pin_form(key: str, client_id: int, pin: str) -> dict:
    return {"key": key, "kind": "pin", "client": str(client_id), "pin": pin}


async def kiosk_loop(cluster: Cluster, secret: str, plan, flow_clients: dict, run, outcome: Outcome,
                     start_at: float, measure_from: float, stop_at: float, offset: float, k: int):
    connection = bench.Connection(cluster.host, cluster.port)
    connection.cookies["lasna_kiosk"] = secret
    status, _, body = await connection.request("GET", "/kiosk/csrf", headers={"Referer": cluster.referer})
    if status != 200:
        raise RuntimeError(f"GET /kiosk/csrf answered {status}: {body[:200]!r}")
    headers = {"X-CSRFToken": body.decode().strip(), "Referer": cluster.referer}
    flows_due = sorted((start_at + FLOW_AT[kind] * (stop_at - start_at), kind) for kind in flow_clients)
    queue, previous, next_at = [], None, start_at + offset
    try:
        for n in itertools.count(1):
            if next_at > time.perf_counter():
                await asyncio.sleep(next_at - time.perf_counter())
            next_at = max(next_at + run.pace, time.perf_counter()) if run.pace else next_at
            if time.perf_counter() >= stop_at:
                break
            if flows_due and flows_due[0][0] <= time.perf_counter() and cluster.both_up.is_set():
                _, kind = flows_due.pop(0)
                async with cluster.flow():
                    outcome.flows.append(await FLOWS[kind](cluster, connection, headers, flow_clients[kind], run,
                                                            outcome, measure_from, k))
                continue
            entry = None
            if queue:  # online again: the tablet sends its queue first
                entry = queue.pop(0)
                step, form = queued_again(*entry)
            elif previous is not None and n % bench.RESEND_EVERY == 0:
                expect = frozenset({previous.outcome}) if previous.outcome else previous.expect
                step = bench.Step(previous.client_id, previous.token, previous.at, expect, previous.day,
                                  key=previous.key, resend_of=previous)
                form = bench.scan_form(step)
            else:
                step = next(plan, None)
                if step is None:
                    run.exhausted += 1
                    break
                form = bench.scan_form(step)
            sent_at = datetime.now(timezone.utc).replace(microsecond=0)
            await send(connection, step, headers, form, run, outcome, measure_from)
            if not failed(step):
                previous = step if step.resend_of is None else previous
            elif entry is not None:  # the queue's retry failed too: it stays queued
                queue.append(entry)
                next_at = max(next_at, time.perf_counter() + 0.2)
            elif step.resend_of is None:  # a scan without an answer: into the tablet's queue
                outcome.retried += 1
                queue.append((step, sent_at))
                next_at = max(next_at, time.perf_counter() + 0.2)  # the tablet waits a moment
            # (a re-sent copy of an answered scan that failed: its first answer stands)
        for _ in range(40):  # the run is over, the tablet is not: it sends what it still holds
            if not queue:
                break
            entry = queue.pop(0)
            step, form = queued_again(*entry)
            await send(connection, step, headers, form, run, outcome, float("inf"))
            if failed(step):
                queue.append(entry)
                await asyncio.sleep(0.5)
        outcome.unanswered += len(queue)
        for _, kind in flows_due:  # flows that waited for the killed instance: run them now, unmeasured
            async with cluster.flow():
                outcome.flows.append(await FLOWS[kind](cluster, connection, headers, flow_clients[kind], run,
                                                        outcome, measure_from, k))
    finally:
        run.reconnects += connection.reconnects
        await connection.close()


def forced(headers: dict, name: str) -> dict:
    return {**headers, "fly-force-instance-id": name}


async def flow_leave(cluster, connection, headers, client, run, outcome, measure_from, k) -> Flow:
    """A queued check-in from earlier today on one instance, "Leaving now?" on the other, and
    the answer with that question's ticket on the first."""
    flow = Flow("leave")
    a, b = NAMES if k % 2 == 0 else NAMES[::-1]
    client_id, token = client
    now = datetime.now(timezone.utc)
    today = now.astimezone(bench.HELSINKI).date()
    midnight = datetime.combine(today, clock_time(0), bench.HELSINKI).astimezone(timezone.utc)
    earlier = max(midnight, now - timedelta(hours=1)).replace(microsecond=0) + timedelta(seconds=1)
    arrival = bench.Step(client_id, token, earlier, frozenset({"checked_in"}), today)
    answer, _ = await send(connection, arrival, forced(headers, a), bench.scan_form(arrival), run, outcome,
                           float("inf"))
    if failed(arrival):
        flow.interrupted, flow.note = True, f"the queued check-in got {arrival.status or arrival.error}"
        return flow
    ask = bench.Step(client_id, token, None, frozenset({"asked_leave"}), None)
    answer, body = await send(connection, ask, forced(headers, b), bench.scan_form(ask), run, outcome, float("inf"))
    ticket = TICKET.search(body.decode(errors="replace"))
    if failed(ask) or ask.outcome != "asked_leave" or not ticket:
        flow.interrupted = bool(ask.error) or (ask.status or 0) >= 500
        flow.note = f"the second scan answered {ask.status} {ask.outcome}, no ticket"
        return flow
    asked_on = instance_of(answer)
    try:
        status, answer, _ = await connection.request("POST", "/kiosk/leave", {"ticket": ticket.group(1)},
                                                     forced(headers, a))
    except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
        await connection.close()
        flow.interrupted = True
        return flow
    flow.crossed = instance_of(answer) != asked_on and bool(asked_on)
    flow.ok = status == 200 and answer.get("x-lasna-outcome") == "checked_out"
    if not flow.ok:
        flow.interrupted = status >= 500
        flow.note = f"the answer to 'Leaving now?' got {status} {answer.get('x-lasna-outcome')}"
    return flow


async def flow_pin(cluster, connection, headers, client, run, outcome, measure_from, k) -> Flow:
    """A wrong PIN on one instance, the right one on the other: checked in."""
    flow = Flow("pin")
    a, b = NAMES if k % 2 == 0 else NAMES[::-1]
    client_id, _ = client
    answered = set()
    for pin, name, expect in ((WRONG_PIN, a, "rejected"), (PIN, b, "checked_in")):
        step = bench.Step(client_id, "", None, frozenset({expect}), None, key=str(uuid.uuid4()))
        answer, _ = await send(connection, step, forced(headers, name), pin_form(step.key, client_id, pin), run,
                               outcome, float("inf"))
        if step.error or (step.status or 0) >= 500:
            flow.interrupted, flow.note = True, f"a PIN scan on {name} got {step.status or step.error}"
            return flow
        answered.add(instance_of(answer))
        if step.outcome != expect:
            flow.note = f"PIN {'right' if pin == PIN else 'wrong'} answered {step.status} {step.outcome}"
            return flow
    flow.ok, flow.crossed = True, len(answered) == 2
    return flow


async def flow_pin_lock(cluster, connection, headers, client, run, outcome, measure_from, k) -> Flow:
    """Five wrong PINs alternating between the instances lock the PIN; the right PIN is then
    refused on the other instance too."""
    flow = Flow("pin_lock")
    client_id, _ = client
    answered, reasons = set(), []
    for attempt in range(PIN_MAX_ATTEMPTS + 1):
        pin = WRONG_PIN if attempt < PIN_MAX_ATTEMPTS else PIN
        step = bench.Step(client_id, "", None, frozenset({"rejected"}), None, key=str(uuid.uuid4()))
        name = NAMES[(attempt + k) % 2]
        form = pin_form(step.key, client_id, pin)
        step.started = time.perf_counter()
        try:
            status, answer, _ = await connection.request("POST", "/kiosk/scan", form, forced(headers, name))
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
            step.error = type(error).__name__
            await connection.close()
        else:
            step.status, step.outcome = status, answer.get("x-lasna-outcome")
            answered.add(instance_of(answer))
            reasons.append(answer.get("x-lasna-reason"))
        step.answered_day = datetime.now(bench.HELSINKI).date()
        run.steps.append(step)
        if failed(step):
            flow.interrupted = True
            return flow
    expected = ["wrong_pin"] * (PIN_MAX_ATTEMPTS - 1) + ["pin_locked", "pin_locked"]
    flow.ok, flow.crossed = reasons == expected, len(answered) == 2
    if not flow.ok:
        flow.note = f"reasons {reasons}, expected {expected}"
    return flow


FLOWS = {"leave": flow_leave, "pin": flow_pin, "pin_lock": flow_pin_lock}


async def flow_sign_in(cluster: Cluster, locked_email: str, email: str) -> Flow:
    """Sign-in failures are counted for the account whichever instance checks the password, and a
    session started on one instance opens pages on the other."""
    flow = Flow("sign_in")
    browser = bench.Connection(cluster.host, cluster.port)
    referer = {"Referer": f"https://{cluster.host}:{cluster.port}/login"}
    answered = set()
    try:
        status, answer, body = await browser.request("GET", "/login", headers=forced(referer, "a"))
        token = CSRF.search(body.decode(errors="replace"))
        if status != 200 or not token:
            flow.note = f"GET /login answered {status}"
            return flow
        token = token.group(1) or token.group(2)
        statuses = []
        for attempt in range(SIGN_IN_SLOW_FROM + 1):
            password = "not-the-password" if attempt < SIGN_IN_SLOW_FROM else PASSWORD
            status, answer, _ = await browser.request(
                "POST", "/login", {"csrf_token": token, "email": locked_email, "password": password},
                forced(referer, NAMES[attempt % 2]))
            statuses.append(status)
            answered.add(instance_of(answer))
        expected = [400] * SIGN_IN_SLOW_FROM + [429]
        if statuses != expected:
            flow.note = f"sign-in answers {statuses}, expected {expected}"
            flow.interrupted = any(s >= 500 for s in statuses)
            return flow
        status, answer, _ = await browser.request(
            "POST", "/login", {"csrf_token": token, "email": email, "password": PASSWORD}, forced(referer, "b"))
        if status != 302:
            flow.note = f"the right password answered {status}"
            return flow
        status, answer, _ = await browser.request("GET", "/clients", headers=forced(referer, "a"))
        answered.add(instance_of(answer))
        flow.ok, flow.crossed = status == 200, len(answered) == 2
        if not flow.ok:
            flow.note = f"the signed-in page on the other instance answered {status}"
    except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
        flow.interrupted, flow.note = True, type(error).__name__
    finally:
        await browser.close()
    return flow


async def chaos(cluster: Cluster, kill_at: float, down: float):
    """Kill instance b halfway (SIGKILL, the whole process group); start it again `down` s later."""
    victim = cluster.instances[1]
    await asyncio.sleep(max(0.0, kill_at - time.perf_counter()))
    cluster.both_up.clear()  # no new flow starts; running ones get a moment to end
    while cluster.flows_running and time.perf_counter() < kill_at + FLOW_GRACE:
        await asyncio.sleep(0.01)
    cluster.up.discard(victim.name)
    victim.kill()
    cluster.killed_at = time.perf_counter()
    await asyncio.sleep(down)
    await asyncio.to_thread(victim.start)
    cluster.up.add(victim.name)
    cluster.back_at = time.perf_counter()
    cluster.both_up.set()


async def drive(cluster: Cluster, kiosks, flow_clients, staff, run, outcome: Outcome, args):
    cluster.both_up = asyncio.Event()
    cluster.both_up.set()
    now = datetime.now(timezone.utc)
    start_at = time.perf_counter() + 0.5
    measure_from = start_at + args.warmup
    stop_at = measure_from + args.seconds
    kill_at = start_at + (stop_at - start_at) / 2
    cluster.started_at = start_at

    async def sign_ins():
        for i, share in enumerate(SIGN_IN_AT):
            await asyncio.sleep(max(0.0, start_at + share * (stop_at - start_at) - time.perf_counter()))
            async with cluster.flow():
                outcome.flows.append(await flow_sign_in(cluster, *staff[i]))

    killing = [] if args.no_kill else [chaos(cluster, kill_at, args.down)]
    await asyncio.gather(*killing, sign_ins(), *[
        kiosk_loop(cluster, secret, bench.steps(clients, now), flow_clients.get(k, {}), run, outcome, start_at,
                   measure_from, stop_at, run.pace * k / len(kiosks), k)
        for k, (secret, clients) in enumerate(kiosks)
    ])
    ends = [s.started + s.latency for s in run.measured]
    run.seconds = max(ends) - measure_from if ends else args.seconds


def prepare(app, n_kiosks: int, n_clients: int, flow_kiosks: int):
    """bench/checkin.py's units, kiosks and clients; then, for the first flow_kiosks kiosks, three
    of their clients kept out of the scan plan for the flows (two with a PIN), and staff to sign in."""
    from webapp.accounts.models import Person, Role
    from webapp.clients.models import ClientProfile
    from webapp.extensions import db

    kiosks, _ = bench.prepare(app, n_kiosks, n_clients)
    flow_clients, plan_kiosks = {}, []
    with app.app_context():
        # Argon2's cheapest parameters (the hash carries them, so checking it is cheap too): the
        # flows check what the instances share, not what hashing costs.
        pin_hash = CHEAP_HASHER.hash(PIN)
        for k, (secret, clients) in enumerate(kiosks):
            if k < flow_kiosks and len(clients) > len(FLOWS):
                chosen, clients = clients[:len(FLOWS)], clients[len(FLOWS):]
                flow_clients[k] = dict(zip(FLOWS, chosen))
                for client_id, _ in chosen[1:]:
                    db.session.get(ClientProfile, client_id).pin_hash = pin_hash
            plan_kiosks.append((secret, clients))
        password_hash = CHEAP_HASHER.hash(PASSWORD)
        staff = []
        for i in range(len(SIGN_IN_AT)):
            pair = []
            for who in ("lukittu", "ohjaaja"):
                email = f"{who}-{i}@example.fi"
                db.session.add(Person(first_name="Testi", last_name=who.title(), email=email, role=Role.ADMIN.value,
                                      password_hash=password_hash))
                pair.append(email)
            staff.append(tuple(pair))
        db.session.commit()
        db.session.remove()
    return plan_kiosks, flow_clients, staff


def server_env(url: str) -> dict:
    return {**bench.server_env(url), "PROXY_FIX_HOPS": "1", "SESSION_COOKIE_SECURE": "true"}


def say(started: float, what: str):
    print(f"[{time.monotonic() - started:6.1f} s] {what}", file=sys.stderr, flush=True)


def run_cluster(args, workdir: Path, kiosks: int):
    folder = workdir / f"cluster-{kiosks}"
    folder.mkdir()
    started = time.monotonic()
    with postgres_server() as url, contextlib.ExitStack() as stack:
        say(started, f"{kiosks} kiosks: PostgreSQL started")
        app = bench.make_app(url)
        data, flow_clients, staff = prepare(app, kiosks, args.clients, args.flow_kiosks)
        say(started, "migrated, kiosks and clients made")
        instances = [Instance(name, server_env(url), args, folder) for name in NAMES]
        for instance in instances:  # both start at once: importing the app takes seconds
            stack.callback(instance.stop)
            instance.launch()
        for instance in instances:
            instance.ready()
        port = stack.enter_context(nginx(instances, folder))
        say(started, "instances a and b and nginx serve")
        cluster = Cluster("127.0.0.1", port, instances)
        run, outcome = bench.Run("check-in", "postgres", kiosks, pace=args.pace), Outcome()
        asyncio.run(drive(cluster, data, flow_clients, staff, run, outcome, args))
        say(started, "kiosks done")
        scans, days = bench.stored_rows(app)
        checked = bench.reconcile(run.steps, scans, days)
        with app.app_context():
            from webapp.extensions import db
            db.engine.dispose()
        logs = [bench.tail(i.log, 15) for i in instances if "Traceback" in i.log.read_text(errors="replace")]
        return run, outcome, checked, cluster, logs


def percentile(run, q: float) -> float:
    latencies = sorted(s.latency for s in run.measured)
    return latencies[max(0, math.ceil(q * len(latencies)) - 1)] * 1000 if latencies else float("nan")


def report(results: list, args) -> int:
    pace = f"each kiosk scans every {args.pace:g} s" if args.pace else "each kiosk scans back to back"
    print()
    chaos_said = ("nothing killed" if args.no_kill else
                  f"instance b killed (SIGKILL) halfway and started again {args.down:g} s later")
    print(f"2 instances x gunicorn --workers {args.workers} --threads {args.threads} behind nginx, one PostgreSQL; "
          f"{args.seconds:g} s measured after {args.warmup:g} s warm-up; {args.clients} clients; {pace}; "
          f"{chaos_said}; CPUs: {os.cpu_count()}")
    print(f"{'kiosks':>6} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7} "
          f"{'retried':>8} {'lost':>5} {'doubled':>8} {'disorder':>9}")
    failures = 0
    for run, outcome, checked, cluster, logs in results:
        unexpected = [s for s in run.steps if not failed(s) and s.outcome not in s.expect and s.expect]
        errors = outcome.unanswered + len(unexpected)
        disorder = checked.wrong_times + checked.reversed_days
        lost = checked.lost_scans + checked.lost_days
        print(f"{run.kiosks:>6} {len(run.measured):>9} {run.rps:>8.0f} {percentile(run, 0.5):>7.1f} "
              f"{percentile(run, 0.95):>7.1f} {percentile(run, 0.99):>7.1f} {errors:>7} {outcome.retried:>8} "
              f"{lost:>5} {checked.extra:>8} {disorder:>9}")
        answered = "answered by instance: " + ", ".join(f"{k} {v}" for k, v in outcome.answered_by.items())
        if cluster.killed_at and cluster.back_at:
            print(f"  {answered}; instance b was away {cluster.back_at - cluster.killed_at:.1f} s (killed, started, "
                  f"ready), killed {cluster.killed_at - cluster.started_at:.1f} s into the "
                  f"{args.warmup + args.seconds:g} s run")
        else:
            print(f"  {answered}; nothing killed (--no-kill)")
        print(f"  retried: {outcome.retried} scans had no answer from the dying instance and were sent again "
              f"from the tablet's queue with the same key; unanswered after that: {outcome.unanswered}")
        kinds = {}
        for flow in outcome.flows:
            tally = kinds.setdefault(flow.kind, [0, 0, 0, 0])
            tally[0] += 1
            tally[1] += flow.ok
            tally[2] += flow.ok and flow.crossed
            tally[3] += flow.interrupted
        for kind, (count, ok, crossed, interrupted) in kinds.items():
            print(f"  flow {kind}: {count} run, {ok} ok, {crossed} ok across both instances, "
                  f"{interrupted} interrupted by the kill")
        bad_flows = [f for f in outcome.flows if not f.ok and not f.interrupted]
        for flow in [f for f in outcome.flows if f.interrupted][:3]:
            print(f"  flow {flow.kind} interrupted: {flow.note}")
        for flow in bad_flows[:5]:
            print(f"  flow {flow.kind} FAILED: {flow.note}")
        for step in unexpected[:5]:
            print(f"  unexpected: {step.status} {step.outcome} (expected {'/'.join(sorted(step.expect))})")
        for note in checked.notes[:5]:
            print(f"  {note}")
        for log in logs:
            print(f"  server log with a traceback (last lines):\n{log}", file=sys.stderr)
        failures += checked.lost + checked.extra + outcome.unanswered + len(bad_flows) + len(unexpected)
        print(f"  rows: {lost} lost, {checked.extra} doubled or never sent, {disorder} out of order")
    total_lost = sum(r[2].lost for r in results)
    print(f"\nlost: {total_lost}")
    if failures:
        print("FAILED: rows lost or doubled, scans unanswered after their retry, unexpected answers or failed flows")
    return 1 if failures else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosks", type=int, nargs="+", default=[50, 200], help="concurrent kiosks (one run each)")
    parser.add_argument("--clients", type=int, default=2000, help="clients, spread over the kiosks' units")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, help="unmeasured seconds first (default: a quarter, at most 3)")
    parser.add_argument("--pace", type=float, default=2.0, help="seconds between one kiosk's scans (0: back to back)")
    parser.add_argument("--down", type=float, default=2.0, help="seconds the killed instance stays away")
    parser.add_argument("--no-kill", action="store_true", help="kill nothing: the same load on two steady instances")
    parser.add_argument("--flow-kiosks", type=int, default=10, help="kiosks that also run the cross-instance flows")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    if args.warmup is None:
        args.warmup = min(3.0, args.seconds / 4)
    if min(args.kiosks) < 1 or args.clients < max(args.kiosks) * (len(FLOWS) + 1):
        parser.error(f"need at least one kiosk and {len(FLOWS) + 1} clients per kiosk")
    with tempfile.TemporaryDirectory(prefix="lasna-cluster-") as tmp:
        workdir = Path(tmp)
        if os.geteuid() == 0:
            os.chmod(workdir, 0o755)  # nginx runs as nobody and reads its folder in here
        results = [run_cluster(args, workdir, kiosks) for kiosks in args.kiosks]
        return report(results, args)


if __name__ == "__main__":
    sys.exit(main())
