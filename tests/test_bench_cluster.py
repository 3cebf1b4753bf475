"""bench/cluster.py: two app instances behind nginx on one PostgreSQL, one killed and started again
mid-run; the figures print and nothing is lost (PostgreSQL suite only: it starts its own server)."""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "cluster.py"
DB_KIND = os.environ.get("LASNA_TEST_DB", "sqlite")


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_cluster", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = load_bench()


@pytest.mark.skipif(DB_KIND != "postgres", reason="several app instances share one PostgreSQL (LASNA_TEST_DB=postgres)")
@pytest.mark.skipif(not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")),
                    reason=f"nginx is missing: {bench.NGINX_HINT}")
def test_it_kills_an_instance_midway_and_loses_nothing():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--kiosks", "2", "--clients", "20", "--seconds", "3", "--pace", "0",
         "--down", "0.5", "--workers", "1", "--flow-kiosks", "2"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    header = r"^kiosks\s+requests\s+req/s\s+p50 ms\s+p95 ms\s+p99 ms\s+errors\s+retried\s+lost\s+doubled\s+disorder$"
    assert re.search(header, out, re.M), out
    row = re.search(r"^\s+2\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$",
                    out, re.M)
    assert row, out
    requests, rps, p50, p95, p99, errors, retried, lost, doubled, disorder = row.groups()
    assert int(requests) > 0 and int(rps) > 0
    assert float(p50) <= float(p95) <= float(p99)
    assert (errors, lost, doubled, disorder) == ("0", "0", "0", "0")
    answered = re.search(r"answered by instance: a (\d+), b (\d+); instance b was away ([\d.]+) s", out)
    assert answered and int(answered.group(1)) > 0 and int(answered.group(2)) > 0, out  # b served before or after
    assert float(answered.group(3)) > 0.5  # it was killed, and came back
    for kind in ("leave", "pin", "pin_lock", "sign_in"):  # each kiosk's (or the run's) two flows
        flow = re.search(rf"flow {kind}: (\d+) run, (\d+) ok, (\d+) ok across both instances, (\d+) interrupted", out)
        assert flow, out
        run, ok, crossed, interrupted = map(int, flow.groups())
        assert run == 2 and ok >= 1 and crossed == ok and ok + interrupted == run, out  # the kill may cut one
    assert "FAILED" not in out
    assert re.search(r"^lost: 0$", out, re.M)


def test_a_live_scan_from_the_queue_keeps_its_key_and_time():
    step = bench.bench.Step(7, "token", None, frozenset({"asked_leave", "duplicate"}), None)
    sent = datetime(2026, 12, 7, 8, 30, 5, tzinfo=timezone.utc)
    again, form = bench.queued_again(step, sent)
    assert (again.key, again.resend_of, form["key"]) == (step.key, step, step.key)
    assert (form["at"], form["queued"]) == ("2026-12-07T08:30:05.000Z", "1")
    assert again.expect == {"asked_leave", "duplicate", "checked_out"}  # a queued scan asks nothing


def test_a_queued_scan_from_the_queue_keeps_its_own_time():
    at = datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc)
    step = bench.bench.Step(7, "token", at, frozenset({"checked_in"}), at.date())
    again, form = bench.queued_again(step, datetime(2026, 12, 7, 8, 30, tzinfo=timezone.utc))
    assert form["at"] == "2026-12-01T06:00:00.000Z" and again.expect == {"checked_in"}


def test_the_proxy_is_what_a_failed_scan_is_queued_for():
    step = bench.bench.Step(7, "token", None, frozenset({"checked_in"}), None)
    step.status = 502  # nginx: the instance died with the request
    assert bench.failed(step)
    step.status, step.outcome = 422, "rejected"  # the kiosk's own answer: shown, not queued
    assert not bench.failed(step)
    step.status, step.outcome, step.error = None, None, "ConnectionResetError: reset"
    assert bench.failed(step)
