"""How fast the foundation's busiest pages answer as the client count grows.

    .venv/bin/python bench/pages.py [--clients 500 5000] [--requests 200]
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/pages.py

Builds a throwaway database (SQLite in a temp dir unless DATABASE_URL is set; that database is
emptied first), loads N clients spread over 20 units, then times real requests through the app:
the manager's client list, a search as you type, a coach's "my clients", and /healthz.
Prints the median and 95th percentile in milliseconds, and the SQL statements per request.
"""
import argparse
import contextvars
import os
import statistics
import sys
import tempfile
import time
from datetime import date, time as clock_time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher, profiles  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.accounts import passwords  # noqa: E402
from webapp.accounts.models import Person, Role  # noqa: E402
from webapp.clients.models import ClientProfile, PayerAssignment  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.reference.models import ServiceType
from webapp.clients.models import ServicePeriod
from webapp.units.models import OpeningHours, Unit  # noqa: E402

passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
FIRST = ["Aino", "Eino", "Helmi", "Väinö", "Sofia", "Leo", "Ella", "Oliver", "Aada", "Onni", "Ilona", "Elias"]
LAST = ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen"]


def load(n_clients: int):
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    kind = ServiceType(code="work", name_fi="Työtoiminta")
    units = [Unit(name=f"Paja {i}", opening_hours=[OpeningHours(weekday=d, opens=clock_time(8), closes=clock_time(15))
                                                  for d in range(5)]) for i in range(20)]
    manager = Person(first_name="Marja", last_name="Johtaja", email="m@example.fi", role=Role.ADMIN.value,
                     password_hash=passwords.hash_secret("bench-password"))
    coach = Person(first_name="Kaisa", last_name="Ohjaaja", email="c@example.fi", role=Role.COACH.value,
                   password_hash=passwords.hash_secret("bench-password"), units=[units[0]])
    db.session.add_all([kind, manager, coach, *units])
    today = date.today()
    for i in range(n_clients):
        person = Person(first_name=FIRST[i % len(FIRST)], last_name=f"{LAST[i % len(LAST)]}{i}", role=Role.CLIENT.value)
        unit = units[i % len(units)]
        profile = ClientProfile(person=person, home_unit=unit, own_coach=coach if unit is units[0] else None,
                                payers=[PayerAssignment(payer="kela", valid_from=today - timedelta(days=100))])
        period = ServicePeriod(client=profile, unit=unit, starts_on=today - timedelta(days=30),
                               ends_on=today + timedelta(days=150), hours_per_day=Decimal(6), service_type=kind)
        period.weekdays = (0, 1, 2, 3)
        db.session.add_all([person, profile, period])
    db.session.commit()


def timed(client, url, n, counter):
    times, statements = [], []
    for _ in range(n):
        counter[0] = 0
        start = time.perf_counter()
        response = fresh(client.get, url)
        times.append((time.perf_counter() - start) * 1000)
        statements.append(counter[0])
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], max(statements)


def fresh(call, *args, **kwargs):
    """Run a request in its own context, as a server would: no app context, g or session shared."""
    return contextvars.Context().run(call, *args, **kwargs)


def login(client, email):
    import re
    html = fresh(client.get, "/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = fresh(client.post, "/login",
                     data={"csrf_token": token, "email": email, "password": "bench-password"})
    assert response.status_code == 302


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
    url = url.replace("postgres://", "postgresql+psycopg://")
    app = create_app({"SECRET_KEY": "bench" * 8, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": True})
    counter = [0]
    with app.app_context():
        upgrade()
        event.listen(db.engine, "before_cursor_execute", lambda *a: counter.__setitem__(0, counter[0] + 1))
        print(f"database: {db.engine.dialect.name}")
        print(f"{'clients':>8} {'page':<34} {'median ms':>10} {'p95 ms':>8} {'SQL':>5}")
        for n in args.clients:
            load(n)
            manager, coach = app.test_client(), app.test_client()
            login(manager, "m@example.fi")
            login(coach, "c@example.fi")
            for label, client, page in [
                ("healthz", manager, "/healthz"),
                ("manager: client list", manager, "/clients"),
                ("manager: search 'kor'", manager, "/clients?q=kor"),
                ("coach: my clients", coach, "/clients/mine"),
            ]:
                median, p95, statements = timed(client, page, args.requests, counter)
                print(f"{n:>8} {label:<34} {median:>10.1f} {p95:>8.1f} {statements:>5}")


if __name__ == "__main__":
    main()
