"""bench/reports.py: builds a tiny year and prints its figures in the expected format."""
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "reports.py"
DB_KIND = os.environ.get("LASNA_TEST_DB", "sqlite")


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_reports", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = load_bench()
ROW = r"^\s*{n}\s+1\s+(\d+)\s+{label}\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)$"


def test_it_builds_a_tiny_year_and_prints_the_figures():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--clients", "40,60", "--months", "2", "--runs", "2", "--db", DB_KIND],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert re.search(rf"^database: {DB_KIND}; ", out, re.M)
    assert re.search(r"^clients\s+units\s+day rows\s+what\s+median ms\s+min ms\s+max ms\s+out$", out, re.M)
    for n in (40, 60):
        for label in ("compensation.totals, all units", "compensation.totals, one unit",
                      "compensation.lines, all units", "invoice_lines", "lunch month_totals, one unit",
                      "HTTP invoice basis CSV", "HTTP compensation month page", "HTTP invoice basis page",
                      "kela.period_report, all clients", "kela.due", "travel.month_list",
                      "outcomes, the year, all units", "HTTP outcomes page", "HTTP Kela period CSV",
                      "HTTP Kela period XLSX", "HTTP Kela period page 1 (50 clients)", "HTTP Kela period, the last page",
                      "HTTP Kela period page, one unit", "HTTP Kela due page", "HTTP travel CSV",
                      "HTTP travel XLSX", "HTTP travel page"):
            found = re.search(ROW.format(n=n, label=re.escape(label)), out, re.M)
            assert found, f"no row for {n} clients, {label}:\n{out}"
            rows, median, low, high, size = found.groups()
            assert int(rows) > 0 and float(low) <= float(median) <= float(high) and int(size) > 0
        assert re.search(r"built (\d+) day rows in [\d.]+ s; timed month \d{4}-\d\d", out)
    kela_clients = [(int(c), int(a)) for c, a in re.findall(
        r"Kela period \d{4}-\d\d-\d\d: (\d+) Kela clients, (\d+) absence days with a TT3 reason", out)]
    assert len(kela_clients) == 2 and all(c > 0 and a > 0 for c, a in kela_clients), out  # the report has real rows
    # The closed month, at the largest count only: the earlier month frozen in one go, each unit closed by
    # close_month with nothing carried over, then the month's money and invoice basis timed again.
    assert re.search(r"closed month \d{4}-\d\d: decided \d+ open days and froze \d+ money lines and \d+ "
                     r"invoice lines of the earlier months", out), out
    assert re.search(r"adjustments carried into the closed month: 0 money, 0 invoice", out), out
    for label in (bench.CLOSE_LABEL, "closed month: HTTP compensation CSV", "closed month: HTTP compensation page",
                  "closed month: HTTP invoice basis CSV"):
        assert re.search(ROW.format(n=60, label=re.escape(label)), out, re.M), f"no row for {label}:\n{out}"
        assert not re.search(ROW.format(n=40, label=re.escape(label)), out, re.M)
    lines = int(re.search(ROW.format(n=40, label="compensation.lines, all units"), out, re.M).group(5))
    assert lines > 40 * 10  # a month of confirmed days for 40 clients (4 planned days a week)
    assert re.search(r"^growth from 40 to 60 clients \(x1.5\):$", out, re.M)
    assert re.search(rf"^\s+{DB_KIND}\s+invoice_lines\s+x[\d.]+$", out, re.M)
    assert re.search(r"compensation month (CSV|XLSX)|note: compensation month CSV/XLSX: skipped", out)
    assert re.search(r"^(all under 1 s|over 1 s:)$", out, re.M)


def test_a_year_has_what_the_reports_need(app):
    from datetime import date

    from webapp.checkin.models import ActivityDay
    from webapp.clients.models import PayerAssignment
    from webapp.extensions import db
    from webapp.money.models import DayPrice
    from webapp.clients.models import ServicePeriod
    year = bench.build(40, 12, date(2026, 11, 23))
    try:
        assert (year.first, year.month, year.n_units) == (date(2025, 11, 1), date(2026, 10, 1), 1)
        count = db.session.scalar(db.select(db.func.count()).select_from(ActivityDay))
        assert count == year.day_rows and 40 * 180 < count < 40 * 230  # about 4 days a week for a year
        kinds = dict(db.session.execute(db.select(ActivityDay.kind, db.func.count()).group_by(ActivityDay.kind)).all())
        assert set(kinds) == {"onsite", "remote", "absent"}
        assert db.session.scalar(db.select(db.func.count()).select_from(ServicePeriod)) == 44  # 4 change orderer
        assert db.session.scalar(db.select(db.func.count()).select_from(PayerAssignment)) == 44  # 4 change payer
        assert db.session.scalar(db.select(db.func.count()).select_from(DayPrice)) == 40
    finally:
        db.session.remove()


@pytest.mark.parametrize("value", ["", "0", "a,b", "5000,-1"])
def test_bad_client_counts_are_refused(value):
    with pytest.raises(SystemExit):
        bench.main(["--clients", value, "--db", "sqlite"])
