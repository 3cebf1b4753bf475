"""bench/checkin.py: the check-in benchmark prints its figures, and notices lost rows."""
import importlib.util
import os
import re
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "checkin.py"
DB_KIND = os.environ.get("LASNA_TEST_DB", "sqlite")


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_checkin", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = load_bench()
DAY = date(2026, 11, 17)
EIGHT = datetime(2026, 11, 17, 6, 0, tzinfo=timezone.utc)
TWO = datetime(2026, 11, 17, 12, 0, tzinfo=timezone.utc)


def answered(client_id, at, outcome, *, status=200, key=None):
    step = bench.Step(client_id, "token", at, frozenset({outcome}), DAY)
    step.status, step.outcome = status, outcome
    if key:
        step.key = key
    return step


def test_it_prints_the_figures_and_loses_nothing():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--clients", "20", "--kiosks", "2", "--seconds", "2", "--db", DB_KIND],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    header = r"^endpoint\s+db\s+kiosks\s+requests\s+req/s\s+p50 ms\s+p95 ms\s+p99 ms\s+errors\s+cpu ms/req$"
    assert re.search(header, out,
                     re.M)
    for endpoint, db in (("trivial", "-"), ("check-in", DB_KIND)):
        row = re.search(rf"^{endpoint}\s+{db}\s+2\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)"
                        rf"\s+([\d.]+)$", out, re.M)
        assert row, f"no {endpoint} row in:\n{out}"
        requests, rps, p50, p95, p99, errors, cpu = row.groups()
        assert int(requests) > 0 and int(rps) > 0 and float(cpu) > 0
        assert float(p50) <= float(p95) <= float(p99)
        assert errors == "0"
    assert re.search(rf"^ratio check-in/trivial, {DB_KIND}, 2 kiosks: req/s \d+\.\d\d", out, re.M)
    assert re.search(r"outcomes: .*checked_in \d+.*checked_out \d+", out)
    assert re.search(r"SQL +\d+ .* live check-in -> 200 checked_in", out)
    assert re.search(r"^lost: 0$", out, re.M)


def test_it_counts_an_answered_scan_without_a_row_as_lost():
    steps = [answered(1, EIGHT, "checked_in", key="a"), answered(1, TWO, "checked_out", key="b")]
    checked = bench.reconcile(steps, {"a": "checked_in"}, {(1, DAY): (EIGHT, TWO)})
    assert (checked.lost_scans, checked.lost) == (1, 1)


def test_it_counts_a_refused_scan_without_a_row_as_lost():
    steps = [answered(1, EIGHT, "rejected", status=422, key="a")]
    assert bench.reconcile(steps, {}, {}).lost_scans == 1


def test_it_counts_a_day_without_a_row_as_lost():
    steps = [answered(1, EIGHT, "checked_in", key="a")]
    checked = bench.reconcile(steps, {"a": "checked_in"}, {})
    assert (checked.lost_days, checked.lost) == (1, 1)


def test_it_counts_a_check_out_that_was_not_stored():
    steps = [answered(1, EIGHT, "checked_in", key="a"), answered(1, TWO, "checked_out", key="b")]
    checked = bench.reconcile(steps, {"a": "checked_in", "b": "checked_out"}, {(1, DAY): (EIGHT, None)})
    assert (checked.wrong_times, checked.lost) == (1, 1)


def test_it_counts_rows_nobody_sent_as_extra():
    steps = [answered(1, EIGHT, "checked_in", key="a")]
    checked = bench.reconcile(steps, {"a": "checked_in", "z": "checked_in"}, {(1, DAY): (EIGHT, None),
                                                                             (2, DAY): (EIGHT, None)})
    assert (checked.extra_scans, checked.extra_days, checked.lost) == (1, 1, 0)


def test_it_does_not_blame_the_rows_of_a_scan_that_got_no_answer():
    lost_answer = answered(1, EIGHT, "checked_in", key="a")
    lost_answer.status, lost_answer.outcome, lost_answer.error = None, None, "ConnectionResetError"
    checked = bench.reconcile([lost_answer], {"a": "checked_in"}, {(1, DAY): (EIGHT, None)})
    assert (checked.lost, checked.extra) == (0, 0)


def test_it_expects_the_day_of_a_re_sent_scan_whose_first_sending_got_no_answer():
    first = answered(1, EIGHT, "checked_in", key="a")
    first.status, first.outcome, first.error = None, None, "TimeoutError"
    again = answered(1, EIGHT, "checked_in", key="a")
    again.resend_of = first
    assert (bench.reconcile([first, again], {"a": "checked_in"}, {}).lost_days) == 1
    checked = bench.reconcile([first, again], {"a": "checked_in"}, {(1, DAY): (EIGHT, None)})
    assert (checked.lost, checked.extra) == (0, 0)


def test_it_agrees_when_everything_is_stored():
    steps = [answered(1, EIGHT, "checked_in", key="a"), answered(1, TWO, "checked_out", key="b")]
    resent = answered(1, TWO, "checked_out", key="b")
    resent.resend_of = steps[1]
    checked = bench.reconcile(steps + [resent], {"a": "checked_in", "b": "checked_out"}, {(1, DAY): (EIGHT, TWO)})
    assert (checked.lost, checked.extra, checked.notes) == (0, 0, [])


def test_it_fails_the_run_when_a_row_is_lost(capsys):
    trivial, checkin = bench.Run("trivial", "-", 2), bench.Run("check-in", "sqlite", 2)
    checkin.steps = checkin.measured = [answered(1, EIGHT, "checked_in", key="a")]
    trivial.steps = trivial.measured = [answered(1, EIGHT, "checked_in", key="b")]
    trivial.seconds = checkin.seconds = 1
    args = type("Args", (), {"workers": 2, "threads": 4, "seconds": 1, "warmup": 0, "clients": 2, "pace": 0})
    assert bench.report({2: trivial}, [(checkin, bench.reconcile(checkin.steps, {}, {}))], args) == 1
    assert "lost: 2" in capsys.readouterr().out
    assert bench.report({2: trivial}, [(checkin, bench.reconcile(checkin.steps, {"a": "x"},
                                                                 {(1, DAY): (EIGHT, None)}))], args) == 0
