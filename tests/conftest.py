"""Test plumbing: a real database (SQLite or a PostgreSQL server started here), the app,
fixed test people, and Playwright driving Debian's Chromium.

LASNA_TEST_DB=sqlite|postgres picks the database (make test runs both). For PostgreSQL a
server is started in a temporary directory unless TEST_DATABASE_URL points at one.

LASNA_TEST_TODAY=2027-01-01 (or 2027-03-28T03:30, Helsinki time) runs the whole suite as if
today were that day: the clock is moved there once, when the run starts, and keeps ticking
from there; browsers opened through `new_context` start on the same moment. A test that
freezes its own moment (tests/moments.py) still gets exactly that moment.
"""
import contextvars
import os
import re
import tempfile
import threading
import time
from datetime import date, datetime
from types import SimpleNamespace

import pytest
import time_machine
from argon2 import PasswordHasher, profiles
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from werkzeug.serving import make_server

from tests import factories
from tests.pgserver import ServerInBackground
from tests.s3server import s3_server
from tests.snapshots import SNAPSHOTS
from webapp import create_app
from webapp.accounts import passwords
from webapp.accounts.models import Person
from webapp.config import new_vapid_private_key, vapid_public_key
from webapp.extensions import db
from webapp.lib import clock
from webapp.units.models import Unit

DB_KIND = os.environ.get("LASNA_TEST_DB", "sqlite")
CHROMIUM = "/usr/bin/chromium"
HETU_KEY = "dGVzdHMtb25seS1oZXR1LWtleS1ub3Qtc2VjcmV0ISE="  # a Fernet key: "tests-only-hetu-key-not-secret!!"
MEDIA_DIR = tempfile.mkdtemp(prefix="lasna-media-")  # uploads never land in the checkout's instance/
VAPID_KEY = new_vapid_private_key()  # Web Push is on, as in development; no push service is reachable

# Real Argon2id, with the cheapest parameters: hashing is not what these tests measure.
passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
passwords._DUMMY = passwords._hasher.hash("not a real password")  # an unknown email's check, as cheap


def shifted_start(value: str, real_now: datetime) -> datetime:
    """The moment LASNA_TEST_TODAY names: its date, at its time or else at the real time of
    day, in Helsinki. A bad value stops the run with a clear message."""
    try:
        if "T" in value:
            moment = datetime.fromisoformat(value)
        else:
            moment = datetime.combine(date.fromisoformat(value), real_now.astimezone(clock.HELSINKI).time())
    except ValueError:
        raise pytest.UsageError(f"LASNA_TEST_TODAY must be a date like 2027-01-01 or 2027-01-01T09:30, not {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.HELSINKI)
    return moment


def pytest_configure(config):
    if DB_KIND == "postgres" and not os.environ.get("TEST_DATABASE_URL") and not config.option.collectonly:
        config._lasna_postgres = ServerInBackground()  # starts while the tests are collected
    value = os.environ.get("LASNA_TEST_TODAY", "").strip()
    if value:
        start = shifted_start(value, datetime.now(clock.HELSINKI))
        config._lasna_shifted = time_machine.travel(start, tick=True)
        config._lasna_shifted.start()


def pytest_unconfigure(config):
    server = getattr(config, "_lasna_postgres", None)
    if server is not None:
        server.stop()
    shifted = getattr(config, "_lasna_shifted", None)
    if shifted is not None:
        shifted.stop()


# `make test` runs the SQLite and the PostgreSQL suites side by side on two cores, and a browser
# flow is mostly waiting on Chromium, not on the database (whose rules the HTTP tests check on
# both). So each browser file runs in one of the two suites: the accessibility and layout files
# on SQLite (they say so themselves), and the other flows shared out so the two runs end about
# together. The estimates are seconds measured on a 2-core machine (December 2026): the suites
# without their browser tests, and a browser test on average. LASNA_BROWSER_ON_BOTH=1 runs every
# browser file on both databases.
PINNED_TO_SQLITE = {"test_staff_a11y.py", "test_client_a11y.py", "test_whole_words.py",
                    "test_plans_reference.py", "test_client_path.py"}
WITHOUT_BROWSER_SECONDS = {"sqlite": 300, "postgres": 510}
BROWSER_TEST_SECONDS = 3


def browser_shares(counts: dict[str, int]) -> dict[str, str]:
    """{browser file: the database whose suite runs it}, from each file's number of tests: the
    pinned files on SQLite, then the largest files first, each to the lighter of the two runs."""
    load = dict(WITHOUT_BROWSER_SECONDS)
    shares = {}
    for name in sorted(counts, key=lambda n: (n not in PINNED_TO_SQLITE, -counts[n], n)):
        kind = "sqlite" if name in PINNED_TO_SQLITE else min(load, key=lambda k: (load[k], k))
        shares[name] = kind
        load[kind] += counts[name] * BROWSER_TEST_SECONDS
    return shares


def pytest_collection_modifyitems(config, items):
    if os.environ.get("LASNA_BROWSER_ON_BOTH"):
        return
    browser = [item for item in items if item.get_closest_marker("browser")]
    counts: dict[str, int] = {}
    for item in browser:
        counts[item.path.name] = counts.get(item.path.name, 0) + 1
    shares = browser_shares(counts)
    for item in browser:
        other = shares[item.path.name]
        if other != DB_KIND:
            item.add_marker(pytest.mark.skip(reason=f"this browser file runs in the {other} suite (tests/conftest.py)"))


def pytest_report_header(config):
    header = f"database: {DB_KIND}"
    if getattr(config, "_lasna_shifted", None) is not None:
        header += f"; today is {clock.local_now():%A %Y-%m-%d %H:%M} in Helsinki (LASNA_TEST_TODAY)"
    return header


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, pytestconfig):
    if DB_KIND == "sqlite":
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "lasna-test.sqlite3")
    elif DB_KIND == "postgres":
        if os.environ.get("TEST_DATABASE_URL"):
            yield os.environ["TEST_DATABASE_URL"]
        else:
            yield pytestconfig._lasna_postgres.url()
    else:
        raise pytest.UsageError("LASNA_TEST_DB must be sqlite or postgres")


@pytest.fixture(scope="session")
def media_settings():
    """Where the app keeps uploaded media in this run: a temporary folder on SQLite, a local
    S3-compatible server on PostgreSQL (the several-machines deployment)."""
    if DB_KIND == "postgres":
        with s3_server() as settings:
            yield settings
    else:
        yield {"MEDIA_STORE": "disk", "MEDIA_DIR": MEDIA_DIR}


def test_config(database_url: str, media: dict | None = None) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_SECURE": True,
        "HSTS": False,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "WTF_CSRF_ENABLED": True,  # as in production
        "PROPAGATE_EXCEPTIONS": False,
        "SERVER_NAME": None,
        "MEDIA_DIR": MEDIA_DIR,
        "HETU_KEYS": [HETU_KEY],
        **(media or {}),
        "VAPID_PRIVATE_KEY": VAPID_KEY,
        "VAPID_PUBLIC_KEY": vapid_public_key(VAPID_KEY),
        "VAPID_SUBJECT": "mailto:tests@example.fi",
    }


class IsolatedClient(FlaskClient):
    """Each request runs as it would in production: in its own context, with its own app
    context, database session and flask.g, even though the test holds an app context open.
    Afterwards the test's own session is expired, so it reads what the request wrote."""

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def app(database_url, media_settings):
    app = create_app(test_config(database_url, media_settings))
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()  # the schema comes from the migrations, as in production
        SNAPSHOTS.watch(db.engine)
        empty_all_tables()  # ...but every test starts on empty tables, seeds included
    yield app
    with app.app_context():
        SNAPSHOTS.close()


def empty_all_tables():
    """Only the tables written since they were last emptied can have rows (tests/snapshots.py)."""
    tables = list(reversed(SNAPSHOTS.tables_to_empty(db.metadata.sorted_tables)))
    if not tables:
        SNAPSHOTS.emptied()
        return
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # one round trip to the server, not one per table
            connection.exec_driver_sql("; ".join(f'DELETE FROM "{table.name}"' for table in tables))
        else:
            for table in tables:
                connection.execute(table.delete())
    SNAPSHOTS.emptied()


def reseed_reference_data():
    """Run the reference-data migration again, for tests that need what production starts with.
    On empty tables the migrations run once; later their rows are put back (tests/snapshots.py)."""
    SNAPSHOTS.keep("reference data", _migrate_from("a42e2676fce7"), migrates=True)


def seed_instruments_and_templates():
    """Run again the migrations after the goals one, which seed WHO-5 and the period documents'
    templates (every test starts on empty tables); cheaper than reseed_reference_data. On empty
    tables they run once; later their rows are put back (tests/snapshots.py)."""
    SNAPSHOTS.keep("instruments and templates", _migrate_from("d8c8534669cc"), migrates=True)  # the goals


def _migrate_from(revision):
    def migrate():
        downgrade(revision=revision)
        upgrade()
    return migrate


@pytest.fixture(autouse=True)
def _database(request):
    """Each test starts on empty tables: rows are deleted after every test."""
    if "app" not in request.fixturenames and not any(
        f in request.fixturenames for f in ("http", "people", "live_server")
    ):
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        empty_all_tables()


@pytest.fixture
def http(app):
    """Flask's test client: real HTTP requests through the whole app."""
    return app.test_client()


@pytest.fixture
def people(app):
    """The fixed test people: a client, her own coach, a coach of another unit, a manager,
    the kitchen; anonymous is simply a client that never logs in. Made once and then put back
    from a copy of their rows while the clock agrees (tests/snapshots.py)."""
    made = SNAPSHOTS.keep("people", make_people)
    units = {u.id: u for u in db.session.scalars(db.select(Unit).where(Unit.id.in_(made["units"].values())))}
    persons = {p.id: p for p in db.session.scalars(db.select(Person).where(Person.id.in_(made["persons"].values())))}
    db.session.commit()  # as the factories leave it: no transaction open (a migration may run next)
    return SimpleNamespace(**{name: units[id] for name, id in made["units"].items()},
                           **{name: persons[id] for name, id in made["persons"].items()})


def make_people() -> dict:
    """The rows of the fixed test people; their ids by name."""
    unit = factories.make_unit("Kierrätyspaja")
    other_unit = factories.make_unit("Puutyöpaja")
    coach = factories.make_coach(unit, first_name="Kaisa", last_name="Ohjaaja")
    other_coach = factories.make_coach(other_unit, first_name="Olli", last_name="Muualla")
    client = factories.make_client(unit, coach=coach, first_name="Anna", last_name="Asiakas",
                                   email="anna@example.fi", password=factories.PASSWORD)
    other_client = factories.make_client(other_unit, coach=other_coach, first_name="Pekka", last_name="Toinen")
    manager = factories.make_manager(last_name="Johtaja")
    kitchen = factories.make_kitchen(last_name="Keittiö")
    return {
        "units": {"unit": unit.id, "other_unit": other_unit.id},
        "persons": {"coach": coach.id, "other_coach": other_coach.id, "client": client.id,
                    "other_client": other_client.id, "manager": manager.id, "kitchen": kitchen.id},
    }


# --- Browser -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.exit("Chromium is missing. Install it: apt-get install -y --no-install-recommends chromium", 3)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on 127.0.0.1 for the browser, in a thread of this process
    (so frozen time and the test database are shared)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # shutdown() waits until the loop next looks at its flag: every 0.5 s by default, which was
    # a quarter of a second on average at the end of every browser test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(5)


TABLET = {"viewport": {"width": 1024, "height": 768}, "is_mobile": True, "has_touch": True}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def new_context(browser, base_url, **options):
    """A browser context whose clock starts where the app's does, when that is not the real time
    (LASNA_TEST_TODAY, or a test's time_machine); it then ticks on its own. Playwright's clock
    replaces the page's timers (their ids start at 10¹²), so it is installed only then."""
    context = browser.new_context(base_url=base_url, **options)
    hatch = time_machine.escape_hatch
    real_now = hatch.time.time() if hatch.is_travelling() else time.time()  # the hatch only works while travelling
    if abs(clock.now().timestamp() - real_now) > 60:
        context.clock.set_system_time(clock.now())
    return context


@pytest.fixture
def tablet(browser, live_server):
    context = new_context(browser, live_server.url, **TABLET)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser, live_server):
    context = new_context(browser, live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


CSRF_FIELD = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def browser_login(page, person, password=factories.PASSWORD, *, home=True):
    """Signs person in on page's browser through the app's own sign-in, without drawing it: the
    sign-in page is fetched for its CSRF token and the form posted over `page.request`, which
    shares the page's cookies. Then, as after the form, the person's home page is open; with
    home=False the page stays where it was (about:blank), for a test that opens its own page next.
    A third of a second cheaper than the form; tests about signing in use `browser_login_by_form`."""
    answer = page.request.get("/login")
    assert answer.status == 200, f"GET /login answered {answer.status}"
    token = CSRF_FIELD.search(answer.text())
    assert token, "the sign-in page has no CSRF token"
    answer = page.request.post("/login", form={"csrf_token": token.group(1), "email": person.email,
                                               "password": password}, max_redirects=0)
    assert answer.status == 302 and answer.headers["location"] == "/", (
        f"signing in as {person.email} answered {answer.status} {answer.headers.get('location')}")
    answer = page.request.get("/", max_redirects=0)  # the browser's own cookies now carry the session
    assert "/login" not in answer.headers.get("location", ""), f"{person.email} is not signed in on this page"
    if home:
        page.goto("/")


def browser_login_by_form(page, person, password=factories.PASSWORD):
    """Signs in as a person would: the sign-in page, its fields and its button."""
    page.goto("/login")
    page.get_by_label("Sähköposti").fill(person.email)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state()


def assert_no_sideways_scroll(page):
    page.wait_for_load_state()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {page.viewport_size['width']}px"
