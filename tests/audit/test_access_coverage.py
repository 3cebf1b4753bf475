"""Every staff page that shows a client's record writes the access log (Act 703/2023 §11).

Each route of the access matrix (tests/matrix.py) that staff may open is named here once: either
LOGGED, with who opens it, what the log says it showed and why, or NOT_LOGGED, with the reason it
shows no client's record. A new staff route that is in neither fails
test_every_staff_route_is_classified, so a page cannot quietly skip the log.
"""
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tests.matrix import ROUTES, client_of, world
from tests.moments import DURING_THE_DAY
from tests.money.test_compensation import day_record
from webapp.reference.models import Diet
from webapp.units.models import Closure
from webapp.audit.models import AccessRead
from webapp.extensions import db

CW, EV, BI, KE, LU, SU = "client_work", "evaluation", "billing", "kela_report", "lunch", "supervision"

# url (as in the matrix) → (persona who opens it, what, purpose, written for a list of clients)
LOGGED = {
    "/clients/{client}": ("coach", "client_page", CW, False),
    "/clients/{client}/edit": ("manager", "profile", CW, False),
    "/clients/{client}/hetu": ("manager", "henkilotunnus", CW, False),
    "/periods/{period}/edit": ("manager", "period", CW, False),
    "/periods/{period}/end": ("manager", "period", CW, False),
    "/clients/{client}/badge": ("coach", "badge", CW, False),
    "/clients/{client}/guidance": ("coach", "guidance", CW, False),
    "/guidance/behind": ("coach", "guidance_behind", CW, True),
    "/periods/{period}/goals": ("coach", "goals", EV, False),
    "/goals/{goal}/revise": ("coach", "goals", EV, False),
    "/periods/{period}/evaluations/new": ("coach", "goals", EV, False),
    "/periods/{period}/documents": ("coach", "documents", EV, False),
    "/documents/{document}": ("coach", "document", EV, False),
    "/documents/due": ("coach", "documents_due", EV, True),
    "/periods/{period}/certificates": ("coach", "certificates", CW, False),
    "/certificates/{certificate}/pdf": ("coach", "certificate_pdf", CW, False),
    "/clients/{client}/days": ("coach", "days", CW, False),
    "/units/{unit}/board": ("coach", "day_board", CW, True),
    "/units/{unit}/week": ("coach", "week", CW, True),
    "/days/{activity_day}/times": ("coach", "days", CW, False),
    "/days/{activity_day}/not-counted": ("coach", "days", CW, False),
    "/days/{activity_day}/confirm-anyway": ("coach", "days", CW, False),
    "/days/{activity_day}/keep": ("coach", "days", CW, False),
    "/days/{activity_day}/undo": ("coach", "days", CW, False),
    "/units/{unit}/absence?client={client}": ("coach", "days", CW, False),
    "/units/{unit}/remote?client={client}": ("coach", "days", CW, False),
    "/units/{unit}/presence?client={client}": ("coach", "days", CW, False),
    "/days/{activity_day}/correct": ("coach", "days", BI, False),
    "/clients/{client}/skills": ("coach", "skills", CW, False),
    "/skills/{skill}/correct": ("coach", "skills", CW, False),
    "/trainings/{training}/correct": ("coach", "skills", CW, False),
    "/periods/{period}/competence": ("coach", "competence", EV, False),
    "/periods/{period}/competence.pdf": ("coach", "competence_pdf", EV, False),
    "/money/compensation": ("manager", "compensation", BI, True),
    "/money/compensation?format=pdf": ("manager", "compensation", BI, True),
    "/money/close": ("manager", "compensation", BI, True),
    "/invoicing/clients?orderer={municipality}&type={service_type}": ("manager", "invoice_basis", BI, True),
    "/invoicing/clients?orderer={municipality}&type={service_type}&format=pdf":
        ("manager", "invoice_basis", BI, True),
    "/reports/kela": ("coach", "kela_report", KE, True),
    "/reports/kela?format=pdf": ("coach", "kela_report", KE, True),
    "/reports/kela/due": ("coach", "kela_report", KE, True),
    "/reports/travel": ("coach", "travel", BI, True),
    "/reports/travel?format=pdf": ("coach", "travel", BI, True),
    "/kitchen": ("kitchen", "lunch", LU, True),
    "/clients/{client}/access-log": ("manager", "access_log", SU, False),
    "/clients/{client}/access-log?format=csv": ("manager", "access_log", SU, False),
    "/reports/reading": ("manager", "access_log", SU, True),
}

# url → why it shows no client's record (or logs it elsewhere)
NOT_LOGGED = {
    "/healthz": "no personal data",
    "/media/diary/{media}": "a diary photo or voice note: the diary's own access log records each staff view",
    "/units/{unit}/activities/{unit_activity}/picture": "a unit's activity and its picture, no client",
    "/settings/organisation": "the provider's own details, no client",
    "/accessibility": "no personal data",
    "/logout/confirm": "no personal data",
    "/account/password": "the reader's own account",
    "/sign-ins": "failed sign-ins by address and account name, no client record",
    "/clients": "a directory of names to find a client: the client's page is the read",
    "/clients/mine": "a directory of names to find a client: the client's page is the read",
    "/clients/new": "an empty form",
    "/clients/import": "an empty form (an import shows the file's own rows)",
    "/clients/import/template.csv": "an empty template",
    "/clients/{client}/periods/new": "an empty form under the client's name",
    "/clients/{client}/enrol/{enrolment_code}": "the enrolment page's poll of its one-time code",
    "/clients/{client}/pin": "the form the client fills in herself",
    "/clients/{client}/diary": "diary entries have their own log (diary_read), merged into every view of the log",
    "/periods/{period}/goals/new": "an empty form under the client's name",
    "/clients/{client}/skills/new": "an empty form under the client's name",
    "/clients/{client}/trainings/new": "an empty form under the client's name",
    "/units/{unit}/board/poll": "the board page's refresh: the page itself is logged",
    "/units/{unit}/not-held": "the unit's day, no client named",
    "/units/{unit}/activities": "the unit's activity chips",
    "/units/{unit}/lunch": "counts only",
    "/units/{unit}/lunch?format=pdf": "counts only",
    "/units": "units", "/units/new": "units", "/units/{unit}": "units", "/units/{unit}/edit": "units",
    "/staff": "staff", "/staff/new": "staff", "/staff/{coach}/edit": "staff",
    "/kiosks": "door tablets", "/kiosks/new": "door tablets", "/kiosks/{kiosk}": "door tablets",
    "/kiosks/{kiosk}/pairing": "door tablets",
    "/kiosk/pair": "the door tablet, not a person",
    "/kiosk/app/vendor/jsQR-1.4.0.js": "a script", "/sw.js": "a script", "/offline": "a page", "/me/csrf": "a token",
    "/settings/reference": "reference data",
    "/settings/reference/service-types/{service_type}/edit": "reference data",
    "/settings/reference/diets/{diet}/edit": "reference data",
    "/settings/reference/municipalities/{municipality}/edit": "reference data",
    "/settings/instruments": "instruments' wording",
    "/settings/instruments/wordings/{wording}/replace": "instruments' wording",
    "/settings/plans": "reference data", "/settings/plans/next-steps/{next_step}/edit": "reference data",
    "/settings/plans/templates/{template}/edit": "document templates",
    "/settings/skills": "reference data", "/settings/skills/units/{qualification_unit}": "reference data",
    "/settings/skills/kinds/{training_kind}": "reference data",
    "/money/rates": "rates", "/invoicing/prices": "prices",
    "/reports": "the list of reports",
    "/reports/outcomes": "figures per orderer and unit; groups under 5 clients are hidden",
    "/reports/outcomes?format=pdf": "figures per orderer and unit",
    "/invoicing": "totals per orderer and service type, no names",
    "/invoicing?format=pdf": "totals per orderer and service type, no names",
}

def _confirmed_day(people):
    """A confirmed day of Anna's on Monday: what compensation and travel lists are made of."""
    day_record(people.client.client, people.unit, date(2026, 11, 16))
    db.session.commit()


def _travels(people):
    people.client.client.travel_compensation = True
    _confirmed_day(people)


def _special_diet(people):
    """Anna eats vegetarian, and her unit is open today (the matrix makes today a closure day)."""
    people.client.client.diets.append(db.session.scalars(db.select(Diet)).first())
    db.session.execute(db.delete(Closure))
    db.session.commit()


def _read_at_night(people):
    """Kaisa opened Anna's page on Saturday evening: the unusual-reading report names her."""
    db.session.add(AccessRead(at=datetime(2026, 11, 14, 20, 0, tzinfo=UTC), reader_id=people.coach.id,
                              client_id=people.client.id, what="client_page", purpose=CW, route="/clients/x"))
    db.session.commit()


# What a list needs so that Anna is on it (the matrix's records are a day's, not a month's).
PREPARE = {
    "/money/compensation": _confirmed_day,
    "/money/compensation?format=pdf": _confirmed_day,
    "/reports/travel": _travels,
    "/reports/travel?format=pdf": _travels,
    "/invoicing/clients?orderer={municipality}&type={service_type}": _confirmed_day,
    "/invoicing/clients?orderer={municipality}&type={service_type}&format=pdf": _confirmed_day,
    "/kitchen": _special_diet,
    "/reports/reading": _read_at_night,
}

STAFF = ("coach", "other_coach", "manager", "kitchen")


def staff_get_routes() -> list[str]:
    return [url for method, url, expected in ROUTES
            if method == "GET" and any(expected[p] not in (0, 302, 403, 404) for p in STAFF)]


def test_every_staff_route_is_classified():
    routes = staff_get_routes()
    unclassified = [url for url in routes if url not in LOGGED and url not in NOT_LOGGED]
    assert not unclassified, f"say whether these pages log their reads (LOGGED or NOT_LOGGED): {unclassified}"
    stale = [url for url in [*LOGGED, *NOT_LOGGED] if url not in routes]
    assert not stale, f"no longer staff routes of the matrix: {stale}"
    assert not set(LOGGED) & set(NOT_LOGGED)


@pytest.fixture
def wednesday():
    with time_machine.travel(DURING_THE_DAY, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("url", list(LOGGED))
def test_the_page_logs_the_client_it_shows(app, people, wednesday, url):
    persona, what, purpose, in_list = LOGGED[url]
    ids, signed_in = world(app, people)
    anna = ids["client"]
    http, _tokens = client_of(app, signed_in, persona)
    if url in PREPARE:
        PREPARE[url](people)
    before = db.session.scalar(db.select(db.func.max(AccessRead.id))) or 0
    response = http.get(url.format(**ids))
    assert response.status_code in (200, 409), (url, response.status_code)
    reader = getattr(people, persona)
    rows = db.session.scalars(db.select(AccessRead).where(AccessRead.client_id == anna,
                                                           AccessRead.id > before)).all()
    assert {r.reader_id for r in rows} == {reader.id}
    mine = [r for r in rows if (r.what, r.purpose, r.in_list) == (what, purpose, in_list)]
    assert len(mine) == 1, (url, [(r.what, r.purpose, r.in_list) for r in rows])
    assert mine[0].route == url.format(**ids).split("?")[0]
    assert abs(mine[0].at - DURING_THE_DAY) < timedelta(seconds=1)


@pytest.mark.parametrize("url", ["/clients/{client}", "/clients/{client}/guidance"])
def test_the_client_herself_and_the_refused_leave_no_row(app, people, wednesday, url):
    ids, signed_in = world(app, people)
    for persona in ("client", "other_coach", "anonymous"):
        http, _tokens = client_of(app, signed_in, persona)
        assert http.get(url.format(**ids)).status_code in (302, 403, 404)
    assert db.session.scalar(db.select(db.func.count()).select_from(AccessRead)) == 0
