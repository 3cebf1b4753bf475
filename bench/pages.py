"""How fast the foundation's busiest pages answer as the client count grows.

    .venv/bin/python bench/pages.py [--clients 500 5000] [--requests 200]
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/pages.py

Builds a throwaway database (SQLite in a temp dir unless DATABASE_URL is set; that database is
emptied first), loads N clients spread over 20 units, then times real requests through the app:
the manager's client list, a search as you type, a coach's "my clients", and /healthz.
Prints the median and 95th percentile in milliseconds, and the SQL statements per request.

First it prints what a phone transfers on its first load of the login page, a client's home page
(goal: 50 KB each, issue 17) and the diary page in plain-language mode (selkokieli; goal 60 KB,
issue 16): the HTML and every stylesheet, script and image it references (favicon,
<img>/<source>/<use>/<image>, and url() in the stylesheets), each once. Per file: its bytes, gzip
at level 6 (computed here), and what the app itself sends to a browser that accepts Brotli (the
"sent" column; Flask-Compress). Then what the service worker fetches besides, on that first
visit. `--weight-only` prints only these.
"""
import argparse
import contextvars
import gzip

import brotli
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date, time as clock_time, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

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


# --- Page weight ---------------------------------------------------------------------------------------

WEIGHT_GOAL = 60 * 1024  # bytes, gzip: the diary page in plain-language mode on first load (issue 16)
PAGE_GOAL = 50 * 1024  # the login page and the client's home page (issue 17)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
SHELL_URL = re.compile(r"""["'](/(?:static/[^"']+|offline))["']""")


class References(HTMLParser):
    """Every file a page makes the browser fetch as it loads: stylesheets, icons, scripts and images."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v for k, v in attrs if v}
        rel = set((a.get("rel") or "").lower().split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload"}:
            self.urls.append(a.get("href", ""))
        elif tag == "script":
            self.urls.append(a.get("src", ""))
        elif tag in ("img", "source", "input", "video", "audio", "embed", "iframe"):
            self.urls += [a.get("src", ""), a.get("poster", "")]
            self.urls += [part.strip().split(" ")[0] for part in a.get("srcset", "").split(",")]
        elif tag in ("use", "image", "object"):
            self.urls.append(a.get("href") or a.get("xlink:href") or a.get("data") or "")

    handle_startendtag = handle_starttag


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(client, path: str) -> list[tuple[str, int, int, int]]:
    """[(url, bytes, gzip bytes, bytes sent)] for a page and everything it loads, each file once (an
    SVG sprite used for ten pictograms is one file). "Sent" is what the app answers a browser that
    accepts Brotli and gzip. Files of other sites count too, if a page ever had any: they are
    listed with 0 bytes, never silently left out."""
    found, seen = [], set()

    def fetch(url):
        response = fresh(client.get, url, headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200, (url, response.status_code)
        sent = response.get_data()
        encoding = response.headers.get("Content-Encoding")
        body = brotli.decompress(sent) if encoding == "br" else gzip.decompress(sent) if encoding == "gzip" else sent
        return body, response.mimetype, len(sent)

    def visit(url, base):
        url = urljoin(base, url).split("#")[0]
        if not url or url.startswith("data:") or url in seen:
            return
        seen.add(url)
        if urlsplit(url).netloc not in ("", "localhost"):
            found.append((url + " (another site: not measured)", 0, 0))
            return
        body, kind, sent = fetch(urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else ""))
        found.append((url, len(body), gzipped(body), sent))
        if kind == "text/css":
            for match in CSS_URL.finditer(body.decode("utf-8", "replace")):
                visit(match.group(1) or match.group(2), url)

    body, _kind, sent = fetch(path)
    seen.add(path)
    found.append((path, len(body), gzipped(body), sent))
    parser = References()
    parser.feed(body.decode("utf-8"))
    for url in parser.urls:
        visit(url, path)
    return found


def worker_extra(client, counted: set[str]) -> list[tuple[str, int, int]]:
    """What the phone app's service worker fetches besides on the first visit: itself and the
    files of its app shell that the page did not load already."""
    found = []
    body = fresh(client.get, "/sw.js").get_data()
    found.append(("/sw.js", len(body), gzipped(body)))
    for url in dict.fromkeys(SHELL_URL.findall(body.decode("utf-8"))):
        if url not in counted:
            data = fresh(client.get, url).get_data()
            found.append((url, len(data), gzipped(data)))
    return found


def plain_diary_client():
    """A client in plain-language mode with a unit's activity chips, who can sign in."""
    from webapp.diary.models import UnitActivity
    from webapp.reference.models import Municipality
    unit = Unit(name="Selkopaja", opening_hours=[OpeningHours(weekday=d, opens=clock_time(8), closes=clock_time(15))
                                                  for d in range(5)])
    person = Person(first_name="Aino", last_name="Selkonen", email="selko@example.fi", role=Role.CLIENT.value,
                    password_hash=passwords.hash_secret("bench-password"), plain_language=True)
    profile = ClientProfile(person=person, home_unit=unit, home_municipality=Municipality(name="Helsinki"),
                            payers=[PayerAssignment(payer="kela", valid_from=date.today() - timedelta(days=100))])
    db.session.add_all([unit, person, profile])
    db.session.flush()
    for position, label in enumerate(["Puutyöt", "Keittiö", "Siivous", "Pihatyöt", "Kierrätys", "Kahvitauko"]):
        db.session.add(UnitActivity(unit_id=unit.id, label=label, active=True, position=position))
    db.session.commit()
    return person


def print_page(title: str, files: list, goal: int) -> int:
    print(f"{title} (gzip level 6 computed here; sent: what the app sends a browser that takes Brotli):")
    print(f"  {'file':<52} {'bytes':>9} {'gzip':>8} {'sent':>8}")
    for url, raw, packed, sent in files:
        print(f"  {url:<52} {raw:>9} {packed:>8} {sent:>8}")
    total = sum(packed for _url, _raw, packed, _sent in files)
    sent = sum(s for *_rest, s in files)
    verdict = "within" if total <= goal else "OVER"
    print(f"  {'total':<52} {sum(raw for _u, raw, _p, _s in files):>9} {total:>8} {sent:>8}"
          f"  = {total / 1024:.1f} KB gzip, {sent / 1024:.1f} KB sent, {verdict} the {goal // 1024} KB goal")
    return total


def print_weight(app) -> int:
    """Print the first-load weight of the login page, a client's home page and the plain-language
    diary page, file by file; return the diary page's gzip total."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    person = plain_diary_client()
    visitor = app.test_client()
    print_page("the login page, first load", page_weight(visitor, "/login"), PAGE_GOAL)
    person.plain_language = False
    db.session.commit()
    home = app.test_client()
    login(home, "selko@example.fi")
    print_page("a client's home page, first load", page_weight(home, "/"), PAGE_GOAL)
    person.plain_language = True
    db.session.commit()
    phone = app.test_client()
    login(phone, "selko@example.fi")
    files = page_weight(phone, "/diary")
    total = print_page("the diary page, plain language, first load", files, WEIGHT_GOAL)
    extra = worker_extra(phone, {url for url, *_rest in files})
    print(f"  and the service worker fetches besides: {len(extra)} files, "
          f"{sum(packed for _u, _r, packed in extra) / 1024:.1f} KB gzip "
          f"({', '.join(url for url, _r, _p in extra)})")
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--weight-only", action="store_true", help="print only the pages' weights")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
    url = url.replace("postgres://", "postgresql+psycopg://")
    app = create_app({"SECRET_KEY": "bench" * 8, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": True})
    counter = [0]
    with app.app_context():
        upgrade()
        event.listen(db.engine, "before_cursor_execute", lambda *a: counter.__setitem__(0, counter[0] + 1))
        print(f"database: {db.engine.dialect.name}")
        print_weight(app)
        if args.weight_only:
            return
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
