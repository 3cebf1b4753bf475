"""How long the month reports take on a realistic year, and how that grows with the clients.

    .venv/bin/python bench/reports.py [--clients 500,5000] [--months 12] [--runs 3]
                                      [--db sqlite postgres] [--try-index] [--only outcomes]

For each database (a throwaway SQLite file; a throwaway PostgreSQL server from
tests/pgserver.py) and each client count N, it builds a year from the migrations up:

- N clients in N/50 units (opening Mon–Fri), 10 orderer municipalities, two service types;
- a service period per client for the whole span (planned 4 weekdays), and for every tenth a
  second period from mid-span with another orderer (every twentieth also another service type);
- payers: Kela 70 %, municipality 25 %, none 5 %; every tenth changes from Kela to the
  municipality mid-span;
- one activity_day per client and planned weekday: about 1 M rows for 5,000 clients in 12
  months. 8 % absences (with reason codes), 10 % remote days, the rest on site with times and
  lunch; 97 % confirmed, 2 % not counted, the rest (and the last 3 days) open;
- compensation rates (9 €, Kela 9,50 € from mid-span) and day prices per orderer and type
  (raised mid-span).

Rows go in with the drivers' bulk paths (sqlite3 executemany, PostgreSQL COPY), not ORM objects
one by one; PostgreSQL is then ANALYZEd as its autovacuum would. The timed month is the last
month of the span. Each figure is the median of --runs runs, each in a fresh session:

  compensation.totals (all units, one unit), compensation.lines (all units), invoice_lines,
  the lunch month of one unit (webapp/lunch/counts.month_totals), and over HTTP as the manager:
  the compensation month as CSV and XLSX (webapp/money/exports.py; skipped with a note when
  the app does not export it) and the invoice basis as CSV; the Kela and travel reports; and
  the outcomes report of the timed month's year (webapp/reports/outcomes.py: its cost is the
  attendance against the plan over every day row of the year, one pass in which the database
  finds each day's weekday bit by integer arithmetic; this year has no goals or WHO-5 answers,
  which add one small query each), as a function, its page and its PDF (WeasyPrint laying out
  the table of its 110 groups).

--only WORD times only the figures whose label holds WORD (e.g. `--only outcomes`: the outcomes
report as a function, its page and its PDF), and skips closing the month unless WORD is in
"close_month".

It prints a table (clients, units, day rows, what, median/min/max ms, rows out), how each time
grew from the smallest to the largest N, and which figures miss the 1 s target. --try-index
adds candidate indexes to the throwaway database afterwards and times everything again, to
show whether a migration would be worth it (this script never changes the migrations).
"""
import argparse
import contextvars
import importlib.util
import logging
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher, profiles  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, literal, select, text, update  # noqa: E402

from tests.pgserver import postgres_server  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.accounts import passwords  # noqa: E402
from webapp.extensions import db  # noqa: E402

passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
HELSINKI = ZoneInfo("Europe/Helsinki")
TARGET_MS = 1000.0
CLIENTS_PER_UNIT = 50
MUNICIPALITIES = 10
PASSWORD = "bench-password"
MANAGER_EMAIL = "manager@example.fi"
CLOSE_LABEL = "close_month, one unit"
CANDIDATE_INDEXES = {
    "activity_day(day)": "CREATE INDEX bench_activity_day_day ON activity_day (day)",
    "service_period(client_id, unit_id, starts_on)":
        "CREATE INDEX bench_period_client_unit ON service_period (client_id, unit_id, starts_on)",
}
DAY_COLUMNS = ("id", "client_id", "unit_id", "day", "kind", "check_in_at", "check_in_method", "check_out_at",
               "check_out_method", "lunch", "flags", "reported_minutes", "absence_reason", "status", "decided_at",
               "created_at")
REASONS = ("own_illness", "own_illness", "child_illness", "job_interview", "other", "not_held")
WEEKDAY_SETS = (0b0001111, 0b0011110, 0b0011011)  # Mon–Thu, Tue–Fri, Mon Tue Thu Fri


def shift_month(first: date, months: int) -> date:
    year, month = divmod(first.year * 12 + first.month - 1 + months, 12)
    return date(year, month + 1, 1)


def aware(day: date, hour: int, minute: int = 0) -> datetime:
    """A Helsinki wall-clock moment in UTC, as the ORM takes it."""
    return datetime.combine(day, clock_time(hour, minute), HELSINKI).astimezone(timezone.utc)


def utc_naive(day: date, hour: int, minute: int = 0) -> datetime:
    """A Helsinki wall-clock moment as UTCDateTime stores it: naive UTC (for the drivers' bulk paths)."""
    return aware(day, hour, minute).replace(tzinfo=None)


# --- The year --------------------------------------------------------------------------------------

class Year:
    """What was built: the span, the ids the timings need, and the row counts."""

    def __init__(self, n_clients: int, months: int, today: date):
        self.n_clients = n_clients
        self.n_units = max(1, n_clients // CLIENTS_PER_UNIT)
        self.first = shift_month(today.replace(day=1), -months)  # the span ends with last month
        self.end = today.replace(day=1) - timedelta(days=1)
        self.middle = shift_month(self.first, months // 2) if months > 1 else self.first + timedelta(days=14)
        self.month = shift_month(today.replace(day=1), -1)  # the timed month: the last one of the span
        self.day_rows = 0


def empty_tables(connection) -> None:
    if connection.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def build(n_clients: int, months: int, today: date) -> Year:
    """Empty the database and load a year for n_clients (see the module doc)."""
    from webapp.accounts.models import Person
    from webapp.clients.models import ClientProfile, PayerAssignment
    from webapp.reference.models import Municipality
    from webapp.money.models import CompensationRate, DayPrice
    from webapp.reference.models import ServiceType
    from webapp.clients.models import ServicePeriod
    from webapp.units.models import OpeningHours, Unit

    year = Year(n_clients, months, today)
    rng = random.Random(n_clients)
    now = datetime.now(timezone.utc)
    with db.engine.begin() as connection:
        empty_tables(connection)
        connection.execute(insert(Municipality), [{"id": m + 1, "name": f"Kunta {m + 1}"}
                                                  for m in range(MUNICIPALITIES)])
        connection.execute(insert(ServiceType), [
            {"id": 1, "code": "work", "name_fi": "Työtoiminta", "name_sv": "", "name_en": "", "active": True},
            {"id": 2, "code": "coaching", "name_fi": "Valmennus", "name_sv": "", "name_en": "", "active": True}])
        connection.execute(insert(Unit), [
            {"id": u + 1, "name": f"Paja {u + 1}", "street_address": "", "postal_code": "", "city": "",
             "lunch_time": clock_time(11, 30), "lunch_cutoff": clock_time(9, 30), "active": True}
            for u in range(year.n_units)])
        connection.execute(insert(OpeningHours), [
            {"unit_id": u + 1, "weekday": d, "opens": clock_time(8), "closes": clock_time(15)}
            for u in range(year.n_units) for d in range(5)])
        connection.execute(insert(Person), [{
            "id": 1, "first_name": "Marja", "last_name": "Johtaja", "email": MANAGER_EMAIL,
            "password_hash": passwords.hash_secret(PASSWORD), "role": "admin", "language": "fi", "active": True,
            "login_token": "bench-manager", "created_at": now}])
        connection.execute(insert(CompensationRate), [
            {"payer": "kela", "valid_from": date(2001, 9, 1), "amount_cents": 900, "created_at": now},
            {"payer": "municipality", "valid_from": date(2001, 9, 1), "amount_cents": 900, "created_at": now},
            {"payer": "kela", "valid_from": year.middle, "amount_cents": 950, "created_at": now}])
        connection.execute(insert(DayPrice), [
            {"orderer_id": m + 1, "service_type_id": t, "valid_from": valid_from,
             "price_cents": 4000 + 250 * m + 1000 * (t - 1) + (200 if valid_from == year.middle else 0),
             "created_at": now}
            for m in range(MUNICIPALITIES) for t in (1, 2) for valid_from in (date(2020, 1, 1), year.middle)])

        people, profiles, periods, payers = [], [], [], []
        for i in range(n_clients):
            pid, unit = 1000 + i, i % year.n_units + 1
            orderer = i % MUNICIPALITIES + 1
            people.append({"id": pid, "first_name": f"Etunimi{i % 97}", "last_name": f"Sukunimi{i}", "email": None,
                           "password_hash": None, "role": "client", "language": "fi", "active": True,
                           "login_token": f"bench-client-{i}", "created_at": now})
            profiles.append({"person_id": pid, "preferred_name": "", "own_coach_id": None, "home_unit_id": unit,
                             "home_municipality_id": orderer, "travel_compensation": i % 4 == 0, "diet_note": "",
                             "badge_token": f"bench-badge-{i}", "badge_issued_at": now, "pin_hash": None,
                             "pin_failed_attempts": 0, "diary_share_default": False})
            period = {"client_id": pid, "unit_id": unit, "starts_on": year.first - timedelta(days=30),
                      "ends_on": year.end + timedelta(days=60), "planned_weekdays": WEEKDAY_SETS[i % 3],
                      "hours_per_day": 6, "service_type_id": 1, "mode": "on_site", "orderer_id": orderer,
                      "created_at": now}
            if i % 10 == 0:  # the orderer (and for some the service type) changes mid-span
                periods.append({**period, "ends_on": year.middle - timedelta(days=1)})
                period = {**period, "starts_on": year.middle, "orderer_id": (orderer % MUNICIPALITIES) + 1,
                          "service_type_id": 2 if i % 20 == 0 else 1}
            periods.append(period)
            payer = "kela" if i % 20 < 14 else "municipality" if i % 20 < 19 else "none"
            payers.append({"client_id": pid, "payer": payer, "valid_from": date(2020, 1, 1)})
            if i % 10 == 5:
                payers[-1]["payer"] = "kela"
                payers.append({"client_id": pid, "payer": "municipality", "valid_from": year.middle})
        connection.execute(insert(Person), people)
        connection.execute(insert(ClientProfile), profiles)
        connection.execute(insert(ServicePeriod), periods)
        connection.execute(insert(PayerAssignment), payers)

    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        day_id = 0
        batch = []

        def flush():
            if not batch:
                return
            if db.engine.dialect.name == "postgresql":
                with cursor.copy(f"COPY activity_day ({', '.join(DAY_COLUMNS)}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(f"INSERT INTO activity_day ({', '.join(DAY_COLUMNS)}) "
                                   f"VALUES ({', '.join('?' * len(DAY_COLUMNS))})", [sqlite_row(r) for r in batch])
            batch.clear()

        span = [year.first + timedelta(days=d) for d in range((year.end - year.first).days + 1)]
        open_from = year.end - timedelta(days=2)
        for i in range(n_clients):
            pid, unit, weekdays = 1000 + i, i % year.n_units + 1, WEEKDAY_SETS[i % 3]
            for day in span:
                if not weekdays & (1 << day.weekday()):
                    continue
                day_id += 1
                roll = rng.random()
                status = ("open" if day >= open_from or roll < 0.01 else "not_counted" if roll < 0.03
                          else "confirmed")
                decided = utc_naive(day, 16) if status != "open" else None
                kind_roll = rng.random()
                if kind_roll < 0.08:
                    row = (day_id, pid, unit, day, "absent", None, None, None, None, None, 0, None,
                           REASONS[int(kind_roll * 1000) % len(REASONS)], status, decided, utc_naive(day, 9))
                elif kind_roll < 0.18:
                    row = (day_id, pid, unit, day, "remote", None, None, None, None, None, 0, 300, None, status,
                           decided, utc_naive(day, 15))
                else:
                    arrival = utc_naive(day, 8, int(kind_roll * 100) % 30)
                    row = (day_id, pid, unit, day, "onsite", arrival, "badge", arrival + timedelta(hours=6),
                           "badge", kind_roll < 0.85, 0, None, None, status, decided, arrival)
                batch.append(row)
            if len(batch) >= 50_000:
                flush()
        flush()
        raw.commit()
        year.day_rows = day_id
    finally:
        raw.close()
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            for table in ("person", "service_period", "activity_day", "unit", "municipality", "service_type"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT coalesce(max(id), 1) FROM {table}))"))
            connection.execute(text("ANALYZE"))
    return year


def sqlite_row(row: tuple) -> tuple:
    """Values as SQLAlchemy writes them to SQLite (dates ISO, moments with microseconds)."""
    out = []
    for value in row:
        if isinstance(value, datetime):
            out.append(value.strftime("%Y-%m-%d %H:%M:%S.%f"))
        elif isinstance(value, date):
            out.append(value.isoformat())
        elif isinstance(value, bool):
            out.append(int(value))
        else:
            out.append(value)
    return out


# --- The timings ----------------------------------------------------------------------------------

def fresh(call, *args, **kwargs):
    """Run in its own context, as a request would: no session or g shared between runs."""
    return contextvars.Context().run(call, *args, **kwargs)


def timed(app, work, runs: int):
    """(median, min, max) ms and the size of the answer of work(), each run in a fresh app context."""
    times, size = [], None

    def once():
        with app.app_context():
            start = time.perf_counter()
            result = work()
            elapsed = (time.perf_counter() - start) * 1000
            db.session.remove()
            return elapsed, result

    for _ in range(runs):
        elapsed, size = fresh(once)
        times.append(elapsed)
    return statistics.median(times), min(times), max(times), size


def http_get(client, url):
    def work():
        response = fresh(client.get, url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response
    return work


def login(client) -> None:
    response = fresh(client.post, "/login", data={"email": MANAGER_EMAIL, "password": PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"the manager could not log in: {response.status_code}")


def measures(app, year: Year):
    """[(label, work returning the number of rows out)], and notes on what was skipped."""
    from webapp.money.invoice_basis import invoice_lines
    from webapp.money import compensation

    first, last = compensation.month_bounds(year.month)
    notes = []
    items = [
        ("compensation.totals, all units", lambda: len(compensation.totals(first, last))),
        ("compensation.totals, one unit", lambda: len(compensation.totals(first, last, unit_id=1))),
        ("compensation.lines, all units", lambda: len(compensation.lines(first, last))),
        ("invoice_lines", lambda: len(invoice_lines(first, last))),
    ]
    if importlib.util.find_spec("webapp.lunch.counts") is not None:
        from webapp.lunch import counts
        from webapp.units.models import Unit
        if hasattr(counts, "month_totals"):
            items.append(("lunch month_totals, one unit",
                          lambda: len(counts.month_totals(db.session.get(Unit, 1), year.month).days)))
    else:
        notes.append("lunch month_totals: skipped (webapp/lunch/counts.py is missing)")

    client = app.test_client()
    fresh(login, client)
    month = f"{year.month:%Y-%m}"
    exports = importlib.util.find_spec("webapp.money.exports") is not None
    if exports:
        probe = fresh(client.get, f"/money/compensation?month={month}&format=csv")
        exports = probe.status_code == 200 and probe.mimetype == "text/csv"
    if exports:
        for fmt in ("csv", "xlsx"):
            work = http_get(client, f"/money/compensation?month={month}&format={fmt}")
            items.append((f"HTTP compensation month {fmt.upper()}", lambda work=work: len(work().get_data())))
    else:
        notes.append("compensation month CSV/XLSX: skipped (webapp/money/exports.py or /money/compensation"
                     "?format=csv is not there yet)")
    items += pages(client, [
        ("HTTP compensation month page", f"/money/compensation?month={month}"),
        ("HTTP invoice basis CSV", f"/invoicing?month={month}&format=csv"),
        ("HTTP invoice basis page", f"/invoicing?month={month}"),
    ])

    from webapp.accounts.models import Person
    from webapp.reports import kela, outcomes, travel

    today = date.today()
    period = kela_period(year)

    def manager():
        return db.session.get(Person, 1)

    with app.app_context():
        last_page = kela.clients_page(manager(), period, None, 1).pages or 1
        db.session.remove()
    items += [
        ("kela.period_report, all clients", lambda: kela_rows(kela.period_report(manager(), period, today=today))),
        ("kela.due", lambda: kela.due(manager(), today)[1]),
        ("travel.month_list", lambda: sum(len(g.clients) for g in travel.month_list(manager(), first, last))),
        ("outcomes, the year, all units", lambda: len(outcomes.outcomes(
            manager(), date(year.month.year, 1, 1), date(year.month.year, 12, 31), today))),
    ]
    items += pages(client, [
        ("HTTP Kela period CSV", f"/reports/kela?period={period}&format=csv"),
        ("HTTP Kela period XLSX", f"/reports/kela?period={period}&format=xlsx"),
        (f"HTTP Kela period page 1 ({kela.PAGE_SIZE} clients)", f"/reports/kela?period={period}"),
        ("HTTP Kela period, the last page", f"/reports/kela?period={period}&page={last_page}"),
        ("HTTP Kela period page, one unit", f"/reports/kela?period={period}&unit=1"),
        ("HTTP Kela due page", "/reports/kela/due"),
        ("HTTP travel CSV", f"/reports/travel?month={month}&format=csv"),
        ("HTTP travel XLSX", f"/reports/travel?month={month}&format=xlsx"),
        ("HTTP travel page", f"/reports/travel?month={month}"),
        ("HTTP outcomes page", f"/reports/outcomes?year={year.month.year}"),
        ("HTTP outcomes PDF", f"/reports/outcomes?year={year.month.year}&format=pdf"),
    ])
    return items, notes


def pages(client, wanted):
    """[(label, work returning the bytes of the answer)] for GETs as the signed-in manager."""
    items = []
    for label, url in wanted:
        work = http_get(client, url)
        items.append((label, lambda work=work: len(work().get_data())))
    return items


def kela_period(year: Year) -> date:
    """The timed month's latest ended two-week period (its Monday)."""
    from webapp.lib.dates import month_bounds
    from webapp.reports import kela
    return kela.latest_ended(month_bounds(year.month)[1] + timedelta(days=1))


def kela_rows(reports) -> int:
    """The rows of the Kela table: one per absence, one for a client without absences."""
    return sum(max(1, len(r.absences)) for r in reports)


def kela_absences(app, year: Year) -> tuple[int, int]:
    """(Kela clients, absence days with a TT3 reason) in the timed period: the report has real rows."""
    from webapp.accounts.models import Person
    from webapp.reports import kela

    def work():
        with app.app_context():
            reports = kela.period_report(db.session.get(Person, 1), kela_period(year), today=date.today())
            db.session.remove()
            return len(reports), sum(len(r.absences) for r in reports)
    return fresh(work)


# --- A closed month --------------------------------------------------------------------------------

def close_the_month(app, year: Year) -> tuple[list[str], float]:
    """Close the timed month for every unit, as the office would. First, in one go: decide the days
    left open (one UPDATE) and freeze the earlier months of the span as close_month would have
    (per month an INSERT ... SELECT of compensation.lines_query into money_line and of
    basis.invoiced_days into invoice_line), so that they carry nothing over. Then close_month()
    for each unit, timed. Returns the lines to print and the median ms of one unit's close."""
    from webapp.accounts.models import Person
    from webapp.checkin.models import ActivityDay
    from webapp.money import invoice_basis as basis
    from webapp.money import close, compensation
    from webapp.money.models import InvoiceLine, MoneyLine
    from webapp.checkin.models import MonthClose
    from webapp.units.models import Unit

    with app.app_context():
        started = time.perf_counter()
        decided = db.session.execute(
            update(ActivityDay).where(ActivityDay.status == "open", ActivityDay.day <= year.end)
            .values(status="confirmed", decided_at=aware(year.end, 16))
            .execution_options(synchronize_session=False)).rowcount
        month = year.first
        while month < year.month:
            first, last = compensation.month_bounds(month)
            db.session.execute(insert(MonthClose), [
                {"unit_id": u + 1, "month": first, "closed_at": aware(last, 18), "closed_by_id": 1}
                for u in range(year.n_units)])
            if db.engine.dialect.name == "postgresql":  # as autovacuum would: else each month's join gets slower
                db.session.execute(text("ANALYZE month_close"))
            lines = compensation.lines_query(first, last).subquery()
            db.session.execute(insert(MoneyLine).from_select(
                ["close_id", "kind", "client_id", "day", "payer", "days", "amount_cents"],
                select(MonthClose.id, literal("day"), lines.c.client_id, lines.c.day, lines.c.payer, literal(1),
                       lines.c.rate_cents)
                .join(MonthClose, (MonthClose.unit_id == lines.c.unit_id) & (MonthClose.month == first))))
            days = basis.invoiced_days(first, last)
            db.session.execute(insert(InvoiceLine).from_select(
                ["close_id", "kind", "client_id", "day", "orderer_id", "service_type_id", "price_cents", "days",
                 "amount_cents"],
                select(MonthClose.id, literal("day"), days.c.client_id, days.c.day, days.c.orderer_id,
                       days.c.service_type_id, days.c.price_cents, literal(1), func.coalesce(days.c.price_cents, 0))
                .join(MonthClose, (MonthClose.unit_id == days.c.unit_id) & (MonthClose.month == first))))
            month = shift_month(month, 1)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        prepared = time.perf_counter() - started
        money, invoiced = (db.session.scalar(select(func.count()).select_from(model))
                           for model in (MoneyLine, InvoiceLine))
        db.session.remove()
    out = [(f"{'':>7} closed month {year.month:%Y-%m}: decided {decided} open days and froze {money} money lines "
            f"and {invoiced} invoice lines of the earlier months in one go ({prepared:.1f} s)")]

    def close_one(unit_id):
        with app.app_context():
            unit = db.session.get(Unit, unit_id)
            start = time.perf_counter()
            try:
                close.close_month(unit, year.month, db.session.get(Person, 1))
            except close.CloseError:
                raise RuntimeError(f"unit {unit_id} cannot close {year.month:%Y-%m}: "
                                   f"{close.missing(unit, year.month)[:5]} ...") from None
            db.session.commit()
            elapsed = (time.perf_counter() - start) * 1000
            db.session.remove()
            return elapsed

    times = [fresh(close_one, u + 1) for u in range(year.n_units)]
    with app.app_context():
        this_month = select(MonthClose.id).where(MonthClose.month == year.month)

        def count(model, kind):
            return db.session.scalar(select(func.count()).select_from(model)
                                     .where(model.close_id.in_(this_month), model.kind == kind))
        frozen = count(MoneyLine, "day")
        carried = (count(MoneyLine, "adjustment"), count(InvoiceLine, "adjustment"))
        db.session.remove()
    out.append(row(year, CLOSE_LABEL, statistics.median(times), min(times), max(times), frozen // year.n_units))
    out.append(f"{'':>7} adjustments carried into the closed month: {carried[0]} money, {carried[1]} invoice "
               f"(0 expected: nothing was corrected)")
    return out, statistics.median(times)


def closed_measures(app, year: Year):
    client = app.test_client()
    fresh(login, client)
    month = f"{year.month:%Y-%m}"
    return pages(client, [
        ("closed month: HTTP compensation CSV", f"/money/compensation?month={month}&format=csv"),
        ("closed month: HTTP compensation page", f"/money/compensation?month={month}"),
        ("closed month: HTTP invoice basis CSV", f"/invoicing?month={month}&format=csv"),
    ])


def header() -> str:
    return (f"{'clients':>7} {'units':>5} {'day rows':>9}  {'what':<38} {'median ms':>9} {'min ms':>8} "
            f"{'max ms':>8} {'out':>8}")


def row(year: Year, label: str, median: float, low: float, high: float, size) -> str:
    return (f"{year.n_clients:>7} {year.n_units:>5} {year.day_rows:>9}  {label:<38} {median:>9.1f} {low:>8.1f} "
            f"{high:>8.1f} {size:>8}")


def run_database(kind: str, url: str, args) -> list[tuple]:
    app = create_app({"SECRET_KEY": "bench-reports-" + "x" * 32, "SQLALCHEMY_DATABASE_URI": url,
                      "WTF_CSRF_ENABLED": False, "TESTING": False, "PROPAGATE_EXCEPTIONS": True})
    logging.getLogger("alembic").setLevel(logging.WARNING)
    results = []
    with app.app_context():
        upgrade()
    print(f"\ndatabase: {kind}; the last month of the span, median of {args.runs} runs")
    print(header())
    for n in args.clients:
        with app.app_context():
            started = time.perf_counter()
            year = build(n, args.months, date.today())
            built = time.perf_counter() - started
            db.session.remove()
        items, notes = fresh(measures, app, year)
        if args.only:
            items = [(label, work) for label, work in items if args.only.casefold() in label.casefold()]
        for label, work in items:
            median, low, high, size = timed(app, work, args.runs)
            print(row(year, label, median, low, high, size), flush=True)
            results.append((kind, n, label, median, None))
        print(f"{'':>7} built {year.day_rows} day rows in {built:.1f} s; timed month {year.month:%Y-%m}")
        clients, absences = kela_absences(app, year)
        print(f"{'':>7} Kela period {kela_period(year)}: {clients} Kela clients, {absences} absence days "
              f"with a TT3 reason")
        for note in notes:
            print(f"{'':>7} note: {note}")
        if args.try_index and n == max(args.clients):
            with app.app_context():
                with db.engine.begin() as connection:
                    for name, ddl in CANDIDATE_INDEXES.items():
                        connection.execute(text(ddl))
                    connection.execute(text("ANALYZE"))
            print(f"{'':>7} with the candidate indexes: {', '.join(CANDIDATE_INDEXES)} (and ANALYZE)")
            for label, work in items:
                median, low, high, size = timed(app, work, args.runs)
                print(row(year, label + " +idx", median, low, high, size), flush=True)
                results.append((kind, n, label, None, median))
        if n == max(args.clients) and (not args.only or args.only.casefold() in CLOSE_LABEL.casefold()):
            lines, close_ms = close_the_month(app, year)
            for line in lines:
                print(line, flush=True)
            results.append((kind, n, CLOSE_LABEL, close_ms, None))
            for label, work in fresh(closed_measures, app, year):
                median, low, high, size = timed(app, work, args.runs)
                print(row(year, label, median, low, high, size), flush=True)
                results.append((kind, n, label, median, None))
    with app.app_context():
        db.engine.dispose()
    return results


def growth(results, clients) -> None:
    if len(clients) < 2:
        return
    small, large = min(clients), max(clients)
    print(f"\ngrowth from {small} to {large} clients (x{large / small:g}):")
    for kind in dict.fromkeys(r[0] for r in results):
        times = {(n, label): median for k, n, label, median, _ in results if k == kind and median is not None}
        for label in dict.fromkeys(label for (n, label) in times):
            if (small, label) in times and (large, label) in times and times[(small, label)] > 0:
                print(f"  {kind:<9} {label:<38} x{times[(large, label)] / times[(small, label)]:.1f}")


def over_target(results) -> int:
    slow = [(k, n, label, median) for k, n, label, median, _ in results if median is not None and median > TARGET_MS]
    if not slow:
        print(f"\nall under {TARGET_MS / 1000:g} s")
    else:
        print(f"\nover {TARGET_MS / 1000:g} s:")
        for kind, n, label, median in slow:
            print(f"  {kind:<9} {n:>6} clients  {label:<38} {median:.0f} ms")
    return len(slow)


def client_counts(value: str) -> list[int]:
    try:
        counts = [int(v) for v in re.split(r"[,\s]+", value.strip()) if v]
    except ValueError:
        raise argparse.ArgumentTypeError("give client counts like 500,5000") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("give client counts like 500,5000")
    return sorted(counts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=client_counts, default=[5000],
                        help="client counts, comma-separated (default 5000; e.g. 500,5000 to see growth)")
    parser.add_argument("--months", type=int, default=12, help="months of days before this month (default 12)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is printed (default 3)")
    parser.add_argument("--db", nargs="+", choices=("sqlite", "postgres"), default=["sqlite", "postgres"])
    parser.add_argument("--try-index", action="store_true",
                        help="time again with candidate indexes on the largest count (throwaway database only)")
    parser.add_argument("--only", metavar="WORD",
                        help="time only the figures whose label holds WORD (e.g. outcomes, Kela, CSV)")
    args = parser.parse_args(argv)
    if args.months < 1 or args.runs < 1:
        parser.error("--months and --runs must be at least 1")
    print(f"bench/reports.py: {', '.join(map(str, args.clients))} clients, {args.months} months, "
          f"{CLIENTS_PER_UNIT} clients a unit; CPUs: {os.cpu_count()}")
    results = []
    for kind in args.db:
        if kind == "sqlite":
            with tempfile.TemporaryDirectory(prefix="lasna-bench-reports-") as tmp:
                results += run_database(kind, "sqlite:///" + os.path.join(tmp, "bench.sqlite3"), args)
        else:
            with postgres_server() as url:
                results += run_database(kind, url, args)
    growth(results, args.clients)
    over_target(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
