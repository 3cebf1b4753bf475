"""The access matrix: every route, every persona, the expected status, and one set of records
to fill the routes' ids with. tests/test_access.py checks it; tests/test_fuzz.py reuses it to know
who may use a route.

Personas: anonymous; the client Anna; Kaisa, her own coach (unit A); Olli, a coach of unit B;
the manager; the kitchen; the door tablet of unit A (kiosk) and of unit B (other_kiosk), which
carry only their device cookie.
"""
from datetime import timedelta

from flask import current_app

from tests import factories
from tests.http import as_kiosk, csrf_token, kiosk_csrf, login
from tests.snapshots import SNAPSHOTS
from webapp.checkin import scans
from webapp.clients import hetu
from webapp.lib.fi_ids import parse_hetu
from webapp.checkin.codes import make_code
from webapp.checkin.models import Method
from webapp.accounts.models import SignInThrottle
from webapp.reference.models import Diet, Municipality
from webapp.enrolment.models import EnrolmentCode
from webapp.extensions import db
from webapp.goals.models import NextStep
from webapp.lib import clock
from webapp.units.models import Closure

PERSONAS = ("anonymous", "client", "coach", "other_coach", "manager", "kitchen", "kiosk", "other_kiosk")
SIGNED_OUT = ("anonymous", "kiosk", "other_kiosk")  # a kiosk is nobody outside /kiosk


def only(allowed: dict, default: int, anonymous: int = 302) -> dict:
    """Expected statuses: the given personas, everyone else signed in gets default."""
    return {p: allowed.get(p, anonymous if p in SIGNED_OUT else default) for p in PERSONAS}


def tablet(status: int, other_kiosk: int | None = None) -> dict:
    """A door tablet's route: the paired kiosks get status, everyone else the not-paired page."""
    return only({"kiosk": status, "other_kiosk": status if other_kiosk is None else other_kiosk},
                403, anonymous=403)


EVERYONE_200 = {p: 200 for p in PERSONAS}
MANAGER_ONLY = only({"manager": 200}, 403)
MANAGER_POST = only({"manager": 400}, 403)
# An edit form posted without its fields keeps the saved values (WTForms reads a missing
# field as "unchanged", unlike an empty one): the save is a no-op redirect.
MANAGER_NOOP_EDIT = only({"manager": 302}, 403)
# A client of unit A: her coach and the manager see her; the other unit's coach gets 404.
CLIENT_PAGE = only({"manager": 200, "coach": 200, "other_coach": 404}, 403)
# A screen of unit A (or of one of its day records): the same people.
UNIT_PAGE = CLIENT_PAGE
UNIT_POST = only({"manager": 400, "coach": 400, "other_coach": 404}, 403)
STAFF_PAGE = only({"manager": 200, "coach": 200, "other_coach": 200}, 403)  # each sees their own units' part
UNIT_REFUSED = only({"manager": 409, "coach": 409, "other_coach": 404}, 403)  # the rules say no, kindly

ROUTES = [
    # method, url, expected
    ("GET", "/", only({"client": 200, "kitchen": 302, "coach": 302, "manager": 302, "other_coach": 302}, 0)),
    ("GET", "/healthz", EVERYONE_200),
    ("GET", "/accessibility", EVERYONE_200),
    ("POST", "/language", {p: 400 for p in PERSONAS}),
    ("GET", "/login", only({"anonymous": 200}, 302, anonymous=200)),
    ("POST", "/login", only({"anonymous": 400}, 302, anonymous=400)),
    ("POST", "/logout", {p: 302 for p in PERSONAS}),
    ("POST", "/logout/everywhere", {p: 302 for p in PERSONAS}),
    ("GET", "/logout/confirm", only({}, 200)),
    ("GET", "/account/password", only({}, 200)),
    ("GET", "/sign-ins", MANAGER_ONLY),
    ("POST", "/sign-ins/locks/{lock}/unlock", only({"manager": 302}, 403)),
    ("POST", "/account/password", only({}, 400)),
    # Clients
    ("GET", "/clients", only({"manager": 200, "coach": 200, "other_coach": 200}, 403)),
    ("GET", "/clients/mine", only({"manager": 200, "coach": 200, "other_coach": 200}, 403)),
    ("GET", "/clients/new", MANAGER_ONLY),
    ("POST", "/clients/new", MANAGER_POST),
    ("GET", "/clients/import", MANAGER_ONLY),
    ("POST", "/clients/import", MANAGER_POST),
    ("GET", "/clients/import/template.csv", MANAGER_ONLY),
    ("GET", "/clients/{client}", CLIENT_PAGE),
    ("GET", "/clients/{client}/edit", MANAGER_ONLY),
    ("POST", "/clients/{client}/edit", MANAGER_POST),
    # Periods
    ("GET", "/clients/{client}/periods/new", MANAGER_ONLY),
    ("POST", "/clients/{client}/periods/new", MANAGER_POST),
    ("GET", "/periods/{period}/edit", MANAGER_ONLY),
    ("POST", "/periods/{period}/edit", MANAGER_POST),
    ("GET", "/periods/{period}/end", MANAGER_ONLY),
    ("POST", "/periods/{period}/end", MANAGER_POST),
    # Enrolment and badges
    ("POST", "/clients/{client}/enrol", CLIENT_PAGE),
    ("GET", "/clients/{client}/enrol/{enrolment_code}", CLIENT_PAGE),
    ("POST", "/clients/{client}/phone/revoke", CLIENT_PAGE),
    ("GET", "/clients/{client}/badge", CLIENT_PAGE),
    ("POST", "/clients/{client}/badge/regenerate", CLIENT_PAGE),
    ("GET", "/me/badge", only({"client": 200}, 403)),
    ("GET", "/enrol/not-a-real-code", {p: 404 for p in PERSONAS}),
    ("POST", "/enrol/not-a-real-code", {p: 404 for p in PERSONAS}),
    # Units, staff, reference data
    ("GET", "/units", MANAGER_ONLY),
    ("GET", "/units/new", MANAGER_ONLY),
    ("POST", "/units/new", MANAGER_POST),
    ("GET", "/units/{unit}", MANAGER_ONLY),
    ("GET", "/units/{unit}/edit", MANAGER_ONLY),
    ("POST", "/units/{unit}/edit", MANAGER_POST),
    ("POST", "/units/{unit}/closures", MANAGER_POST),
    ("POST", "/units/{unit}/closures/{closure}/delete", MANAGER_POST),  # a deletion needs its reason
    ("POST", "/units/{unit}/holidays", MANAGER_POST),
    ("GET", "/staff", MANAGER_ONLY),
    ("GET", "/staff/new", MANAGER_ONLY),
    ("POST", "/staff/new", MANAGER_POST),
    ("GET", "/staff/{coach}/edit", MANAGER_ONLY),
    ("POST", "/staff/{coach}/edit", MANAGER_NOOP_EDIT),
    ("GET", "/settings/reference", MANAGER_ONLY),
    ("POST", "/settings/reference/service-types", MANAGER_POST),
    ("GET", "/settings/reference/service-types/{service_type}/edit", MANAGER_ONLY),
    ("POST", "/settings/reference/service-types/{service_type}/edit", MANAGER_NOOP_EDIT),
    ("POST", "/settings/reference/diets", MANAGER_POST),
    ("GET", "/settings/reference/diets/{diet}/edit", MANAGER_ONLY),
    ("POST", "/settings/reference/diets/{diet}/edit", MANAGER_NOOP_EDIT),
    ("POST", "/settings/reference/municipalities", MANAGER_POST),
    ("GET", "/settings/reference/municipalities/{municipality}/edit", MANAGER_ONLY),
    ("POST", "/settings/reference/municipalities/{municipality}/edit", MANAGER_NOOP_EDIT),
    # PIN on the coach's side
    ("POST", "/clients/{client}/pin/unlock", only({"coach": 302, "manager": 302, "other_coach": 404}, 403)),
    ("GET", "/clients/{client}/pin", CLIENT_PAGE),
    ("POST", "/clients/{client}/pin", only({"coach": 400, "manager": 400, "other_coach": 404}, 403)),
    # Check-in on the client's phone ({scan} is Anna's check-in: there is no question to answer)
    ("GET", "/k/{code}", only({"client": 303}, 403, anonymous=403)),
    ("GET", "/checkin", only({"client": 200}, 403)),
    ("GET", "/checkin/scans/{scan}", only({"client": 200}, 403)),
    ("POST", "/checkin/lunch", only({"client": 400}, 403)),
    ("POST", "/checkin/mood", only({"client": 400}, 403)),
    ("POST", "/checkin/leave/{scan}", only({"client": 409}, 403)),
    ("GET", "/me/scan", only({"client": 200}, 403)),
    # Kiosks: the manager's side
    ("GET", "/kiosks", MANAGER_ONLY),
    ("GET", "/kiosks/new", MANAGER_ONLY),
    ("POST", "/kiosks/new", MANAGER_POST),
    ("GET", "/kiosks/{kiosk}", MANAGER_ONLY),
    ("GET", "/kiosks/{kiosk}/pairing", MANAGER_ONLY),
    ("POST", "/kiosks/{kiosk}/rename", MANAGER_POST),
    ("POST", "/kiosks/{kiosk}/pair", only({"manager": 303}, 403)),
    ("POST", "/kiosks/{kiosk}/revoke", only({"manager": 200}, 403)),
    # The door tablet
    ("GET", "/kiosk/pair", EVERYONE_200),
    ("POST", "/kiosk/pair", {p: 400 for p in PERSONAS}),
    ("GET", "/kiosk/app/vendor/jsQR-1.4.0.js", EVERYONE_200),
    ("GET", "/kiosk", tablet(200)),
    ("GET", "/kiosk/live", tablet(200)),
    ("GET", "/kiosk/csrf", tablet(200)),
    ("GET", "/kiosk/sw.js", tablet(200)),
    ("GET", "/kiosk/names", tablet(200)),
    ("GET", "/kiosk/names/{client}", tablet(200, other_kiosk=404)),
    ("POST", "/kiosk/scan", tablet(400)),
    ("POST", "/kiosk/leave", tablet(400)),
    ("POST", "/kiosk/stay", tablet(400)),
    ("POST", "/kiosk/lunch", tablet(400)),
    # The phone app: its service worker and offline page for anyone; a fresh CSRF token for the
    # offline queue, signed-in people only (401: it is fetched by a script, not a page)
    ("GET", "/sw.js", EVERYONE_200),
    ("GET", "/offline", EVERYONE_200),
    ("GET", "/me/csrf", only({}, 200, anonymous=401)),
    # The client's diary ({day} has Anna's shared entry; a POST without its key or text is 400)
    ("GET", "/diary", only({"client": 200}, 403)),
    ("GET", "/diary/{day}", only({"client": 200}, 403)),
    ("POST", "/diary/{day}", only({"client": 400}, 403)),
    ("POST", "/diary/{day}/share", only({"client": 400}, 403)),
    ("POST", "/diary/{day}/notes", only({"client": 400}, 403)),
    ("GET", "/diary/history", only({"client": 200}, 403)),
    ("GET", "/diary/trend", only({"client": 200}, 403)),
    ("GET", "/diary/settings", only({"client": 200}, 403)),
    ("POST", "/diary/settings", only({"client": 303}, 403)),  # an unticked box: the default off
    ("POST", "/diary/reminders", only({"client": 303}, 403)),  # nothing ticked: reminders off
    ("POST", "/diary/reminders/off", only({"client": 303}, 403)),
    ("POST", "/diary/push", only({"client": 400}, 403)),  # a form, not a browser's subscription
    ("GET", "/diary/access", only({"client": 200}, 403)),
    # Diary photos and voice notes ({media} is a photo on Anna's shared entry of {day}, and so is
    # {removable_media}: a removed file does not come back with the rows); an upload without its
    # key is 400; removing needs nothing more than the CSRF token
    ("POST", "/diary/{day}/photos", only({"client": 400}, 403)),
    ("POST", "/diary/{day}/voice", only({"client": 400}, 403)),
    ("POST", "/diary/{day}/media/{removable_media}/remove", only({"client": 303}, 403)),
    ("GET", "/media/diary/{media}", only({"client": 200, "coach": 200}, 404)),
    ("GET", "/me/data/media.zip", only({"client": 200}, 403)),
    ("GET", "/me/data", only({"client": 200}, 403)),
    ("GET", "/me/data.json", only({"client": 200}, 403)),
    # Shared entries: the own coach only, everyone else 404 (managers too)
    ("GET", "/clients/{client}/diary", only({"coach": 200}, 404)),
    ("POST", "/clients/{client}/diary/{entry}/reply", only({"coach": 400}, 404)),
    # Individual guidance: staff who may see the client; the behind list for every staff member
    ("GET", "/clients/{client}/guidance", CLIENT_PAGE),
    ("POST", "/clients/{client}/guidance", only({"coach": 400, "manager": 400, "other_coach": 404}, 403)),
    ("POST", "/guidance/{guidance}/remove", only({"coach": 400, "manager": 400, "other_coach": 404}, 403)),
    ("GET", "/guidance/behind", only({"coach": 200, "manager": 200, "other_coach": 200}, 403)),
    # A period's goals and evaluations: staff who may see the client ({goal} and {evaluation} are
    # of Anna's period; a POST without its fields is 400)
    ("GET", "/periods/{period}/goals", CLIENT_PAGE),
    ("GET", "/periods/{period}/goals/new", CLIENT_PAGE),
    ("POST", "/periods/{period}/goals/new", UNIT_POST),
    ("GET", "/goals/{goal}/revise", CLIENT_PAGE),
    ("POST", "/goals/{goal}/revise", UNIT_POST),
    ("POST", "/goals/{goal}/end", UNIT_POST),
    ("GET", "/periods/{period}/evaluations/new", CLIENT_PAGE),
    ("POST", "/periods/{period}/evaluations/new", UNIT_POST),
    ("POST", "/evaluations/{evaluation}/remove", UNIT_POST),
    # The period's documents ({document} is Anna's plan, a draft; posted without its fields, it
    # keeps its saved words: the save is a no-op redirect)
    ("GET", "/periods/{period}/documents", CLIENT_PAGE),
    ("GET", "/documents/due", STAFF_PAGE),
    # The client's side ({signed_document} is Anna's signed plan, {evaluation_draft} her interim
    # evaluation waiting for her own part)
    ("GET", "/me/plans", only({"client": 200}, 403)),
    ("GET", "/me/plans/{signed_document}", only({"client": 200}, 403)),
    ("POST", "/me/plans/{signed_document}", only({"client": 303}, 403)),  # read, without a comment
    ("GET", "/me/plans/{evaluation_draft}/answer", only({"client": 200}, 403)),
    ("POST", "/me/plans/{evaluation_draft}/answer", only({"client": 400}, 403)),
    ("POST", "/me/plans/{evaluation_draft}/diary", only({"client": 303}, 403)),  # nothing ticked: nothing brought
    ("POST", "/periods/{period}/documents", UNIT_POST),
    ("GET", "/documents/{document}", CLIENT_PAGE),
    ("POST", "/documents/{document}", only({"coach": 303, "manager": 303, "other_coach": 404}, 403)),
    ("POST", "/documents/{document}/sign", UNIT_POST),
    ("POST", "/documents/{document}/versions", UNIT_POST),
    # Certificates of participation ({certificate} is of Anna's running period, an interim one;
    # issuing without the work tasks is 400)
    ("GET", "/periods/{period}/certificates", CLIENT_PAGE),
    ("POST", "/periods/{period}/certificates", UNIT_POST),
    ("GET", "/certificates/{certificate}/pdf", CLIENT_PAGE),
    ("GET", "/me/certificates", only({"client": 200}, 403)),
    ("GET", "/me/certificates/{certificate}/pdf", only({"client": 200}, 403)),
    # Wellbeing self-assessment: the client answers; a manager keeps the instruments' wording
    ("GET", "/me/wellbeing", only({"client": 200}, 403)),
    ("GET", "/me/wellbeing/who5", only({"client": 200}, 403)),
    ("POST", "/me/wellbeing/who5", only({"client": 400}, 403)),
    ("GET", "/settings/instruments", MANAGER_ONLY),
    ("GET", "/settings/instruments/wordings/{wording}/replace", MANAGER_ONLY),
    ("POST", "/settings/instruments/wordings/{wording}/replace", MANAGER_POST),
    # Plans and evaluations: a manager keeps the next steps and the document templates
    ("GET", "/settings/plans", MANAGER_ONLY),
    ("POST", "/settings/plans/next-steps", MANAGER_POST),
    ("GET", "/settings/plans/next-steps/{next_step}/edit", MANAGER_ONLY),
    ("POST", "/settings/plans/next-steps/{next_step}/edit", only({"manager": 303}, 403)),  # a no-op edit
    ("GET", "/settings/plans/templates/{template}/edit", MANAGER_ONLY),
    ("POST", "/settings/plans/templates/{template}/edit", MANAGER_POST),
    # The activity chips a unit offers (the toggle needs no input: it is the action)
    ("GET", "/units/{unit}/activities", only({"manager": 200, "coach": 200, "other_coach": 404}, 403)),
    ("POST", "/units/{unit}/activities", only({"manager": 400, "coach": 400, "other_coach": 404}, 403)),
    ("POST", "/units/{unit}/activities/{unit_activity}/toggle",
     only({"manager": 303, "coach": 303, "other_coach": 404}, 403)),
    # ... and the picture of one (an empty choice is valid: the picture its words suggest)
    ("GET", "/units/{unit}/activities/{unit_activity}/picture",
     only({"manager": 200, "coach": 200, "other_coach": 404}, 403)),
    ("POST", "/units/{unit}/activities/{unit_activity}/picture",
     only({"manager": 303, "coach": 303, "other_coach": 404}, 403)),
    # Money: the office's month of compensation per payer
    ("GET", "/money/compensation", MANAGER_ONLY),
    ("GET", "/money/rates", MANAGER_ONLY),
    ("POST", "/money/rates", MANAGER_POST),
    ("GET", "/money/close", MANAGER_ONLY),
    ("POST", "/money/close", only({"manager": 409}, 403)),  # today's month has not ended
    ("GET", "/days/{activity_day}/correct", UNIT_REFUSED),  # its month is not closed
    ("POST", "/days/{activity_day}/correct", UNIT_REFUSED),
    # Reports: Kela absence reports (TT3), travel compensation; invoicing
    ("GET", "/reports", STAFF_PAGE),
    ("GET", "/reports/kela", STAFF_PAGE),
    ("GET", "/reports/kela/due", STAFF_PAGE),
    ("POST", "/reports/kela/produced", only({"manager": 400, "coach": 400, "other_coach": 400}, 403)),  # no period
    ("POST", "/reports/kela/{client}/2026-11-02/sent",  # the POST is the act: marked sent
     only({"manager": 303, "coach": 303, "other_coach": 404}, 403)),
    ("GET", "/reports/travel", STAFF_PAGE),
    ("GET", "/reports/outcomes", MANAGER_ONLY),
    ("GET", "/invoicing", MANAGER_ONLY),
    ("GET", "/invoicing/clients?orderer={municipality}&type={service_type}", MANAGER_ONLY),
    ("GET", "/invoicing/prices", MANAGER_ONLY),
    ("POST", "/invoicing/prices", MANAGER_POST),
    # Lunch: the kitchen's view (a coach sees their own unit's), the month of lunches, served counts
    ("GET", "/kitchen", only({"manager": 200, "kitchen": 200, "coach": 200, "other_coach": 200}, 403)),
    ("GET", "/units/{unit}/lunch", only({"manager": 200, "kitchen": 200, "coach": 200, "other_coach": 404}, 403)),
    ("POST", "/units/{unit}/lunch/served", only({"manager": 400, "kitchen": 400}, 403)),
    # The day board (unit A; {activity_day} is Anna's open day: checked in, no check-out yet;
    # today is a closure day of unit A in this fixture)
    ("GET", "/board", only({"manager": 302, "coach": 302, "other_coach": 302}, 403)),
    ("GET", "/units/{unit}/board", UNIT_PAGE),
    ("GET", "/units/{unit}/board/poll", UNIT_PAGE),
    ("POST", "/units/{unit}/board/confirm-all", only({"manager": 303, "coach": 303, "other_coach": 404}, 403)),
    ("GET", "/units/{unit}/week", UNIT_PAGE),
    ("GET", "/clients/{client}/days", CLIENT_PAGE),
    ("POST", "/days/{activity_day}/confirm", UNIT_REFUSED),  # no check-out yet
    ("GET", "/days/{activity_day}/undo", UNIT_REFUSED),  # nothing decided to undo
    ("POST", "/days/{activity_day}/undo", UNIT_REFUSED),
    ("GET", "/days/{activity_day}/times", UNIT_PAGE),
    ("POST", "/days/{activity_day}/times", UNIT_POST),
    ("GET", "/days/{activity_day}/confirm-anyway", UNIT_REFUSED),  # no check-out yet
    ("POST", "/days/{activity_day}/confirm-anyway", UNIT_POST),
    ("GET", "/days/{activity_day}/keep", UNIT_REFUSED),  # nothing waits for review on an open day
    ("POST", "/days/{activity_day}/keep", UNIT_POST),
    ("GET", "/days/{activity_day}/not-counted", UNIT_PAGE),
    ("POST", "/days/{activity_day}/not-counted", UNIT_POST),
    ("GET", "/units/{unit}/absence?client={client}", UNIT_PAGE),
    ("POST", "/units/{unit}/absence?client={client}", UNIT_POST),
    ("GET", "/units/{unit}/remote?client={client}", UNIT_PAGE),
    ("POST", "/units/{unit}/remote?client={client}", UNIT_POST),
    ("GET", "/units/{unit}/presence?client={client}", UNIT_PAGE),
    ("POST", "/units/{unit}/presence?client={client}", UNIT_POST),
    ("GET", "/units/{unit}/not-held", UNIT_REFUSED),  # a closure day: nobody is expected
    ("POST", "/units/{unit}/not-held", UNIT_REFUSED),
    # A scan an offline tablet queued and the server refused, on unit A's board
    ("POST", "/scans/{refused_scan}/handled", only({"manager": 303, "coach": 303, "other_coach": 404}, 403)),
    # Skills and card trainings: staff who may see the client record, correct and remove them and
    # print the competence certificate; the client sees her own; a manager keeps the reference data
    ("GET", "/clients/{client}/skills", CLIENT_PAGE),
    ("GET", "/clients/{client}/skills/new", CLIENT_PAGE),
    ("POST", "/clients/{client}/skills/new", UNIT_POST),
    ("GET", "/skills/{skill}/correct", CLIENT_PAGE),
    ("POST", "/skills/{skill}/correct", UNIT_POST),
    ("POST", "/skills/{skill}/remove", UNIT_POST),
    ("GET", "/clients/{client}/trainings/new", CLIENT_PAGE),
    ("POST", "/clients/{client}/trainings/new", UNIT_POST),
    ("GET", "/trainings/{training}/correct", CLIENT_PAGE),
    ("POST", "/trainings/{training}/correct", UNIT_POST),
    ("POST", "/trainings/{training}/remove", UNIT_POST),
    ("GET", "/periods/{period}/competence", CLIENT_PAGE),
    ("GET", "/periods/{period}/competence.pdf", CLIENT_PAGE),
    ("GET", "/me/skills", only({"client": 200}, 403)),
    ("GET", "/settings/organisation", MANAGER_ONLY),
    ("GET", "/clients/{client}/hetu", only({"manager": 200}, 403)),
    ("POST", "/settings/organisation", MANAGER_POST),
    ("GET", "/settings/skills", MANAGER_ONLY),
    ("POST", "/settings/skills/units", MANAGER_POST),
    ("GET", "/settings/skills/units/{qualification_unit}", MANAGER_ONLY),
    ("POST", "/settings/skills/units/{qualification_unit}", MANAGER_POST),
    ("POST", "/settings/skills/kinds", MANAGER_POST),
    ("GET", "/settings/skills/kinds/{training_kind}", MANAGER_ONLY),
    ("POST", "/settings/skills/kinds/{training_kind}", MANAGER_POST),
    # Every report as a PDF: the same people as its page
    ("GET", "/reports/kela?format=pdf", STAFF_PAGE),
    ("GET", "/reports/travel?format=pdf", STAFF_PAGE),
    ("GET", "/reports/outcomes?format=pdf", MANAGER_ONLY),
    ("GET", "/money/compensation?format=pdf", MANAGER_ONLY),
    ("GET", "/invoicing?format=pdf", MANAGER_ONLY),
    ("GET", "/invoicing/clients?orderer={municipality}&type={service_type}&format=pdf", MANAGER_ONLY),
    ("GET", "/units/{unit}/lunch?format=pdf",
     only({"manager": 200, "kitchen": 200, "coach": 200, "other_coach": 404}, 403)),
    # Plain language (selkokieli): the client's own switch (no choice sent: back to the settings
    # with a message), and her coach's on her page
    ("POST", "/me/plain-language", only({"client": 303}, 403)),
    ("POST", "/clients/{client}/plain-language", UNIT_POST),
    # The access log: who has read a client's data (a manager, on screen and as files); the
    # unusual-reading report; the client's own view of every read
    ("GET", "/clients/{client}/access-log", MANAGER_ONLY),
    ("GET", "/clients/{client}/access-log?format=csv", MANAGER_ONLY),
    ("GET", "/me/access-log", only({"client": 200}, 403)),
    ("GET", "/reports/reading", MANAGER_ONLY),
]



def make_ids(people) -> dict:
    """The records every route's ids point at."""
    client = people.client.client
    closure = Closure(unit=people.unit, starts_on=clock.today(), ends_on=clock.today(), reason="Tyky-päivä")
    code = EnrolmentCode(client=client, code_hash="0" * 64, created_by=people.coach,
                         expires_at=clock.now() + timedelta(minutes=15))
    diet = Diet(code="kasvis", name_fi="Kasvis")
    lock = SignInThrottle(scope="address", subject="203.0.113.1", failures=25,
                          locked_until=clock.now() + timedelta(minutes=15))
    db.session.add_all([closure, code, diet, lock])
    hetu.seal(client, parse_hetu("131052-308T"))  # her henkilötunnus, for the page that shows it whole
    db.session.commit()
    kiosk_secret, kiosk = factories.make_kiosk(people.unit)
    other_kiosk_secret, _ = factories.make_kiosk(people.other_unit)
    checked_in = scans.record_scan(key="access-matrix", unit=people.unit, method=Method.BADGE, client=client)
    refused = scans.record_scan(key="access-refused", unit=people.unit, method=Method.PIN, client=client,
                                kiosk_id=kiosk.id, reason=scans.Reason.WRONG_PIN, queued=True,
                                scanned_at=clock.now() - timedelta(minutes=5), shown_name="Anna A.")
    with current_app.test_request_context():
        code_for_kiosk = make_code(kiosk.id)
    entry = factories.make_entry(people.client, clock.today(), mood=4, shared=True, went_well="Kahvi")
    media, removable_media = factories.make_media(entry), factories.make_media(entry)
    chip = factories.make_unit_activity(people.unit, "Puutyöt")
    session = factories.make_guidance(people.client, people.coach, clock.today(), 60)
    goal = factories.make_goal(client.periods[0], people.coach)
    evaluation = factories.make_evaluation(client.periods[0], people.coach, {goal: 0},
                                           held_on=max(client.periods[0].starts_on, clock.today() - timedelta(days=1)))
    who5 = factories.make_who5()
    plan = factories.make_plan(client.periods[0], people.coach)
    signed = factories.make_plan(client.periods[0], people.coach, signed=True, series=2)
    evaluation_draft = factories.make_plan(client.periods[0], people.coach, kind="interim")
    next_step = NextStep(code="work", name_fi="Työ", name_sv="Arbete", name_en="Work")
    db.session.add(next_step)
    db.session.commit()
    certificate = factories.make_certificate(client.periods[0], people.coach)
    skill_ids = _skill_ids(people, client)
    return {
        **skill_ids,
        "document": plan.id, "signed_document": signed.id, "evaluation_draft": evaluation_draft.id,
        "certificate": certificate.id, "goal": goal.id, "evaluation": evaluation.id, "wording": who5.wordings[0].id,
        "next_step": next_step.id, "template": plan.template_id,
        "guidance": session.id, "activity_day": checked_in.day.id,
        "day": entry.day.isoformat(), "entry": entry.id, "unit_activity": chip.id, "media": media.id,
        "removable_media": removable_media.id,
        "kiosk_secret": kiosk_secret, "other_kiosk_secret": other_kiosk_secret,
        "kiosk": kiosk.id, "scan": checked_in.scan.id, "refused_scan": refused.scan.id, "code": code_for_kiosk,
        "client": client.person_id, "period": client.periods[0].id, "unit": people.unit.id,
        "closure": closure.id, "enrolment_code": code.id, "lock": lock.id, "coach": people.coach.id, "diet": diet.id,
        "service_type": factories.service_type().id,
        "municipality": db.session.scalar(db.select(Municipality.id)),
    }


def _skill_ids(people, client) -> dict:
    """A skill mapped to a qualification unit and an EA1 training of Anna's, recorded by her coach."""
    unit = factories.make_qualification_unit()
    kind = factories.make_training_kind()
    skill = factories.make_skill(client, people.coach, unit=unit)
    training = factories.make_training(client, people.coach, kind)
    return {"qualification_unit": unit.id, "training_kind": kind.id, "skill": skill.id, "training": training.id}


def client_as(app, people, ids, persona):
    """A test client signed in as persona (a kiosk carries its device cookie)."""
    http = app.test_client()
    if persona in ("kiosk", "other_kiosk"):
        as_kiosk(http, ids[f"{persona}_secret"])
    elif persona != "anonymous":
        login(http, getattr(people, persona))
    return http


def status_for(app, people, ids, persona, method, target) -> int:
    http = client_as(app, people, ids, persona)
    token = csrf_token(http)
    if method == "GET":
        return http.get(target).status_code
    return http.post(target, data={"csrf_token": token}).status_code


# --- One set of records and signed-in personas, made once -------------------------------------
# Each route's test starts on empty tables. make_ids and the eight sign-ins are the same for
# every route, so they are made once and then put back from a copy of their rows (with the
# cookies and CSRF tokens the sign-ins gave) while the clock agrees: tests/snapshots.py.

KIOSKS = ("kiosk", "other_kiosk")


def world(app, people):
    """(ids, signed_in): make_ids's records, and for each persona the cookies and CSRF tokens
    of a browser signed in as them (a kiosk: paired; anonymous: only visited a page)."""
    ids, signed_in = SNAPSHOTS.keep("matrix", lambda: _made_and_signed_in(app, people))
    with current_app.test_request_context():
        ids["code"] = make_code(ids["kiosk"])  # a kiosk's code lives 30–60 s: always a fresh one
    return ids, signed_in


def _made_and_signed_in(app, people):
    ids = make_ids(people)
    signed_in = {}
    for persona in PERSONAS:
        http = client_as(app, people, ids, persona)
        tokens = {"page": csrf_token(http), "kiosk": kiosk_csrf(http) if persona in KIOSKS else None}
        cookies = [(c.key, c.value, c.domain, c.origin_only, c.path) for c in http._cookies.values()]
        signed_in[persona] = (cookies, tokens)
    return ids, signed_in


def client_of(app, signed_in, persona):
    """A test client carrying persona's cookies (as client_as left them), and its CSRF token:
    the page's, or for a kiosk the one its script fetches from /kiosk/csrf."""
    cookies, tokens = signed_in[persona]
    http = app.test_client()
    for key, value, domain, origin_only, path in cookies:
        http.set_cookie(key, value, domain=domain, origin_only=origin_only, path=path)
    return http, tokens


def status_of(app, signed_in, persona, method, target) -> int:
    http, tokens = client_of(app, signed_in, persona)
    if method == "GET":
        return http.get(target).status_code
    return http.post(target, data={"csrf_token": tokens["page"]}).status_code
