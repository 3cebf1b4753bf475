"""Fuzzing every form and every query string over real HTTP: whatever comes in (NUL bytes, huge
numbers, inf and nan, dates in year 9999, bytes that are not UTF-8, long text), the answer is
never a 5xx. Runs on both databases.

Each POST route of the access matrix (tests/matrix.py) is posted with the fields of the forms its
view uses (found in the view's source), and the fields a form adds per row (a goal's level, a
questionnaire's answer, a document's section), found on the form's own page. A form whose every field is wrong stops at its first
check, so the posts start from a valid submission (GOOD) and spoil it:
- the sweep: each field in turn gets each of SWEEP, the rest stays valid (deterministic);
- hypothesis: everyone who may use the route posts random mixes of valid, missing and hostile
  values (LASNA_FUZZ_EXAMPLES per route, default 5, derandomised so CI is repeatable; set
  LASNA_FUZZ_RANDOM=1 to explore new ones).
Each GET route gets hostile values for every query argument the app reads.
"""
import functools
import inspect
import os
import re
import uuid
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from flask import current_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms import Form as BaseForm
from wtforms.fields import FieldList, FormField
from wtforms.fields.core import UnboundField

from tests.factories import PASSWORD
from tests.matrix import ROUTES, client_of, world
from webapp.lib import clock

EXAMPLES = int(os.environ.get("LASNA_FUZZ_EXAMPLES", "5"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("LASNA_FUZZ_RANDOM"),
                suppress_health_check=list(HealthCheck), database=None)

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\x00" * 3,
    "1E+30", "-1E+30", "1e309", "-1e309", "Infinity", "-Infinity", "inf", "-inf", "nan", "NaN", "sNaN",
    "9" * 40, "-1", "0", "2147483648", "-2147483649", "9223372036854775808", "1.5", "6,55", "²", "٣",
    "9999-12-31", "9999-12-27", "0001-01-01", "10000-01-01", "2026-02-30", "2026-13-01", "24:00", "99:99",
    "x" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "..\\..\\etc", "//evil.example", "/\t/evil.example",
    "fi", "sv", "en", "on", "yes", "true", "all", "csv", "xlsx", "print", "pdf",
]
# Bytes that are not UTF-8 (and a surrogate's bytes): sent as they are, percent-encoded.
RAW = [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"a\x00\xff"]

# What the sweep puts in each field: one of each kind of trouble.
SWEEP = ["\x00", "1E+30", "Infinity", "sNaN", "1e309", "9" * 40, "-1", "9999-12-31", "0001-01-01", "²",
         "x" * 5000, b"\xff\xfe"]

value = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(RAW),
    st.text(max_size=40),
    st.binary(max_size=12),
    st.integers().map(str),
    st.floats().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.isoformat()),
)
values = st.one_of(value, st.lists(value, min_size=2, max_size=3))


def _unbound_names(name: str, unbound: UnboundField) -> list[str]:
    """Form data names of one declared field: FormField and FieldList nest as name-0-sub."""
    if issubclass(unbound.field_class, FormField):
        return [f"{name}-{sub}" for sub in form_fields(unbound.args[0])]
    if issubclass(unbound.field_class, FieldList):
        return [n for i in range(2) for n in _unbound_names(f"{name}-{i}", unbound.args[0])]
    return [name]


def form_fields(form_class) -> list[str]:
    names = []
    for klass in reversed(form_class.__mro__):
        for name, attr in vars(klass).items():
            if isinstance(attr, UnboundField):
                names += _unbound_names(name, attr)
    return sorted(set(names) - {"csrf_token"})


_FORM_CALL = re.compile(r"\b([A-Z]\w*Form)(?:\.\w+)?\(")  # GoalForm(...), EvaluationForm.for_goals(...)
_FORM_GET = re.compile(r"""(?:form|args|values)(?:\.get(?:list)?\(|\[)["'](\w+)["']""")


def fields_of(view) -> list[str]:
    """What a view reads: its forms' fields and the names it gets from request data, found in the
    source of the view and of the module's helpers it names."""
    view = inspect.unwrap(view)
    source = inspect.getsource(view)
    module_source = inspect.getsource(inspect.getmodule(view))
    names = set(_FORM_GET.findall(source))
    for form_name in set(_FORM_CALL.findall(source)):
        form_class = view.__globals__.get(form_name)
        if form_class is not None:
            names.update(form_fields(form_class))
    # Helpers of the same module the view calls (_form(), _save()...) may read more fields.
    for helper in re.findall(r"\b(_\w+)\(", source):
        match = re.search(rf"^def {helper}\(.*?(?=^\S)", module_source, re.DOTALL | re.MULTILINE)
        if match:
            names.update(_FORM_GET.findall(match.group(0)))
            for form_name in set(_FORM_CALL.findall(match.group(0))):
                form_class = view.__globals__.get(form_name)
                if form_class is not None:
                    names.update(form_fields(form_class))
    if not names:  # a view that takes its form from a table (the reference lists): every form it may use
        for form_class in view.__globals__.values():
            if isinstance(form_class, type) and issubclass(form_class, BaseForm) and form_class.__module__.startswith("webapp"):
                names.update(form_fields(form_class))
    return sorted(names)


def good_values(ids: dict, url: str) -> dict:
    """A valid value for each field name the app's forms use (by name; a few names mean different
    things on different routes)."""
    today = clock.today()
    pin_route = url.endswith("/pin")
    good = {
        "language": "fi", "next": "/", "email": "uusi.henkilo@example.fi", "password": PASSWORD, "remember": "y",
        "current": PASSWORD, "new": "uusi salasana 2027", "again": "4071" if pin_route else "uusi salasana 2027",
        "first_name": "Testi", "last_name": "Henkilö", "preferred_name": "Tessu", "diet_note": "Ei sieniä",
        "diets": [], "home_municipality": ids["municipality"], "home_unit": ids["unit"], "own_coach": ids["coach"],
        "payer": "kela", "payer_from": today.isoformat(), "travel_compensation": "y",
        "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=200)).isoformat(),
        "hours_per_day": "6", "mode": "on_site", "orderer": ids["municipality"], "referral_plan_type": "activation",
        "referral_plan_date": (today - timedelta(days=10)).isoformat(), "service_type": ids["service_type"],
        "short_period_reason": "", "short_period_code": "", "change_reason": "Tilaaja jatkoi jaksoa",
        "unit": ids["unit"], "weekdays": ["0", "1"],
        "reason": "Tarkistettu paperilistasta", "confirm": "y", "name": "Testipaja", "city": "Helsinki",
        "postal_code": "00100", "street_address": "Katu 1", "business_id": "0112038-9", "phone": "040 123 4567",
        "hetu": "131052-308T", "hetu_remove": "", "lunch_time": "11:30", "active": "y",
        "coaches": [str(ids["coach"])], "year": str(today.year + 1), "role": "coach", "units": [str(ids["unit"])],
        "pin": "4071", "lunch": "yes", "scan": ids["scan"], "mood": "4", "energy": "3", "code": "ABC123",
        "kind": "individual" if "guidance" in url else "interim" if "evaluations" in url else
        "plan" if "documents" in url else "badge", "badge": "lasna:badge:x", "key": uuid.uuid4().hex,
        "at": clock.now().isoformat(), "client": ids["client"], "queued": "", "sealed": "", "shared": "y",
        "went_well": "Hyvin", "was_hard": "", "to_coach": "", "activity": "Puutyöt", "new_activity": "",
        "text": "Muistiinpano", "share_default": "y", "day": today.isoformat(), "minutes": "60", "note": "",
        "label": "Puutarha", "month": f"{today:%Y-%m}", "counted": "y", "back": "report", "price": "45,00",
        "valid_from": today.isoformat(), "served": "12", "check_in": "08:00", "check_out": "14:00", "hours": "6",
        "count": "1", "name_fi": "Uusi", "name_sv": "Ny", "name_en": "New", "amount": "9,50",
        "level_plus_2": "Viisi päivää", "level_plus_1": "Neljä päivää", "level_0": "Kolme päivää",
        "level_minus_1": "Kaksi päivää", "level_minus_2": "Yksi päivä", "starting_level": "-1", "weight": "2",
        "held_on": today.isoformat(), "intro": "Kahden viikon aikana", "statements": "A\nB\nC\nD\nE",
        "answers": "5\n4\n3\n2\n1\n0", "official": "y", "source": "Tekijät",
        "next_evaluation_on": (today + timedelta(days=20)).isoformat(), "s_measures": "Lajittelu",
        "to_change": "", "next_wish": "Työkokeilu", "comment": "Luettu",
        "step-code": "apprenticeship", "step-name_fi": "Oppisopimus", "position": "5", "step-position": "5",
        "asks_next_evaluation": "y",
        "work_tasks": "Lajittelu\nKassatyö", "include_skills": "y",
        "task": "Porraskäytävien siivous", "shown_on": today.isoformat(),
        "qualification_unit": ids.get("qualification_unit", ""), "training_kind": ids.get("training_kind", ""),
        "completed_on": today.isoformat(), "expires_on": "", "qualification": "Logistiikan perustutkinto",
        "valid_months": "36",
        "entries": str(ids.get("entry", 1)), "trend": "y", "evaluation": "",
        "remind": "y", "remind_at": "15:00", "on_reply": "y",
        "pictogram": "saw",
        "plain_language": "1",
        "photo": "kuva.jpg", "voice": "aani.webm", "seconds": "3.5", "upload_key": uuid.uuid4().hex,
    }
    for i in range(7):
        good.update({f"hours-{i}-is_open": "y", f"hours-{i}-opens": "08:00", f"hours-{i}-closes": "15:00"})
    for i in range(3):  # a document template's parts (its own page gives the real ones: ROW_FIELDS)
        good.update({f"sections-{i}-key": "", f"sections-{i}-title_fi": f"Osa {i}", f"sections-{i}-title_sv": "",
                     f"sections-{i}-title_en": "", f"sections-{i}-required": "y", f"sections-{i}-keep": "y"})
    return good


# Fields a form adds for each row it shows (a goal's level at an evaluation, a statement's answer
# in a questionnaire, a section of a document): found on the form's own page, with a valid value
# chosen by their name.
ROW_FIELDS = [(re.compile(r"goal_\d+"), "0"), (re.compile(r"item_\d+"), "3"), (re.compile(r"s_\w+"), "Teksti"),
              (re.compile(r"sections-\d+-title_\w+"), "Osan otsikko"), (re.compile(r"sections-\d+-(keep|required)"), "y")]
_NAMED = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([\w-]+)"')


def row_fields(client, target: str) -> dict:
    """The per-row fields of the form on target's page (a GET of the same address), each with a
    valid value; {} when the address has no page."""
    response = client.get(target)
    if response.status_code != 200:
        return {}
    found = {}
    for name in set(_NAMED.findall(response.get_data(as_text=True))):
        for pattern, valid in ROW_FIELDS:
            if pattern.fullmatch(name):
                found[name] = valid
    return found


@functools.cache
def query_names() -> tuple[str, ...]:
    """Every query argument any view reads (the app's source does not change during a run)."""
    found = set()
    for path in (current_app.root_path,):
        for dirpath, _, files in os.walk(path):
            for file in files:
                if file.endswith(".py"):
                    with open(os.path.join(dirpath, file), encoding="utf-8") as handle:
                        found.update(re.findall(r"""args\.get\(["'](\w+)["']""", handle.read()))
    return tuple(sorted(found | {"next", "page", "format"}))


def users_of(expected: dict) -> list[str]:
    """The personas who may use a route: not sent to sign in, not refused, not hidden from."""
    return [p for p, status in expected.items() if status not in (302, 403, 404)]


def encode(fields: dict) -> bytes:
    pairs = []
    for name, given_value in fields.items():
        for one in given_value if isinstance(given_value, list) else [given_value]:
            pairs.append((name, one))
    return urlencode(pairs).encode()


POSTS = [(url, expected) for method, url, expected in ROUTES if method == "POST" and users_of(expected)]
GETS = [(url, expected) for method, url, expected in ROUTES if method == "GET" and users_of(expected)]


PREFERRED = ("coach", "client", "kiosk", "manager", "kitchen", "other_coach", "other_kiosk", "anonymous")


@pytest.mark.parametrize("url, expected", POSTS, ids=[u for u, _ in POSTS])
def test_no_form_input_gives_a_server_error(app, people, url, expected):
    ids, signed_in = world(app, people)
    target = url.format(**ids)
    endpoint = app.url_map.bind("localhost").match(target.split("?")[0], method="POST")[0]
    names = fields_of(app.view_functions[endpoint])
    valid = good_values(ids, url)
    good = {name: valid[name] for name in names if name in valid}
    personas = sorted(users_of(expected), key=PREFERRED.index)
    clients, tokens = {}, {}
    for p in personas:  # a kiosk posts with the token its script fetches from /kiosk/csrf
        clients[p], persona_tokens = client_of(app, signed_in, p)
        tokens[p] = persona_tokens["kiosk" if "kiosk" in p else "page"]
    rows = row_fields(clients[personas[0]], target)
    names = sorted(set(names) | set(rows))
    good.update(rows)

    def send(persona, fields):
        body = encode({**fields, "csrf_token": tokens[persona]})
        response = clients[persona].post(target, data=body, content_type="application/x-www-form-urlencoded",
                                          headers={"X-CSRFToken": tokens[persona]})
        assert response.status_code < 500, f"{persona} POST {target} {fields!r}: {response.status_code}"

    for name in names:
        for bad in SWEEP:
            send(personas[0], {**good, name: bad})

    @FUZZ
    @given(persona=st.sampled_from(personas),
           kept=st.fixed_dictionaries({}, optional={name: st.just(v) for name, v in good.items()}),
           spoilt=st.fixed_dictionaries({}, optional=dict.fromkeys(names, values)))
    def post(persona, kept, spoilt):
        send(persona, {**kept, **spoilt})

    post()


def test_the_fuzzer_has_a_valid_value_for_every_field(app):
    """Else that field is only ever posted hostile, and the checks after it are never reached."""
    ids = dict.fromkeys(("municipality", "unit", "coach", "service_type", "scan", "client"), 1)
    missing = set()
    for url, _ in POSTS:
        sample = url.format(client=1, period=1, unit=1, closure=1, enrolment_code=1, coach=1, diet=1,
                            service_type=1, municipality=1, kiosk=1, scan=1, code="x", day="2026-11-18",
                            entry=1, unit_activity=1, guidance=1, activity_day=1, refused_scan=1, goal=1,
                            evaluation=1, wording=1, document=1, signed_document=1, evaluation_draft=1,
                            skill=1, training=1, qualification_unit=1, training_kind=1, certificate=1,
                            next_step=1, template=1, media=1, removable_media=1)
        endpoint = app.url_map.bind("localhost").match(sample.split("?")[0], method="POST")[0]
        missing |= set(fields_of(app.view_functions[endpoint])) - set(good_values(ids, url)) - {"content", "file"}
    assert not missing


@pytest.mark.parametrize("url, expected", GETS, ids=[u for u, _ in GETS])
def test_no_query_string_gives_a_server_error(app, people, url, expected):
    ids, signed_in = world(app, people)
    target = url.format(**ids)
    path, _, query = target.partition("?")
    names = query_names()
    personas = users_of(expected)
    clients = {p: client_of(app, signed_in, p)[0] for p in personas}

    @FUZZ
    @given(persona=st.sampled_from(personas), args=st.fixed_dictionaries({}, optional=dict.fromkeys(names, value)))
    def get(persona, args):
        full = path + "?" + "&".join(filter(None, [query, urlencode(args)]))
        response = clients[persona].get(full)
        assert response.status_code < 500, f"{persona} GET {full}: {response.status_code}"

    get()


@pytest.mark.parametrize("path", ["/clients?q=a%00b", "/login?next=%00", "/diary/2026-11-18%00",
                                  "/reports/kela?period=9999-12-27", "/units/1/board?day=9999-12-31"])
def test_known_bad_urls_are_refused_plainly(app, people, path):
    ids, signed_in = world(app, people)
    http = client_of(app, signed_in, "manager")[0]
    response = http.get(path.replace("/units/1/", f"/units/{ids['unit']}/"))
    assert 400 <= response.status_code < 500


def test_the_fuzzer_finds_the_fields_a_form_adds_per_row(app, people):
    """A goal's level, a questionnaire's answers and a document's sections are fuzzed too."""
    ids, signed_in = world(app, people)
    coach, client = client_of(app, signed_in, "coach")[0], client_of(app, signed_in, "client")[0]
    assert set(row_fields(coach, f"/periods/{ids['period']}/evaluations/new")) == {f"goal_{ids['goal']}"}
    assert set(row_fields(coach, f"/documents/{ids['document']}")) == {"s_measures"}
    assert set(row_fields(client, "/me/wellbeing/who5")) == {f"item_{n}" for n in range(5)}


def test_the_fuzzer_knows_the_fields_of_the_period_form(app):
    """The source reading finds a view's form fields (else the fuzzing would post nothing)."""
    endpoint = app.url_map.bind("localhost").match("/clients/1/periods/new", method="POST")[0]
    names = fields_of(app.view_functions[endpoint])
    assert {"hours_per_day", "starts_on", "weekdays", "short_period_reason"} <= set(names)
