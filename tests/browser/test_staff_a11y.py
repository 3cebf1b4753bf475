"""Every page a coach, a manager, the kitchen or the door tablet sees, checked by axe-core (WCAG 2.0/2.1
A and AA) on a tablet, in Finnish with the light scheme and in Swedish with the dark one.

One test per page. Each page gets data that makes it representative: Anna has a period, a PIN,
guidance sessions (one removed, with its reason), diary entries she shared, one with her coach's
reply; Ville (called Vili) checked in today, is behind on guidance, has a special diet and a PIN
locked for a moment; the unit has diary chips, an upcoming and a past closure; there is a paired,
a waiting and a revoked kiosk with their history.
Pages reached by a POST (the enrolment code, confirmations, the new kiosk's pairing code, a CSV
preview, forms with their errors, the kiosk's name + PIN steps) and folded parts (<details>) are
opened by clicking, as people do. The file runs its own server and one browser tab (axe is put
into every page it opens) so that the two checks of a page cost little more than the page itself.

The day board, the week and the days pages (/units/<id>/board, /units/<id>/week,
/clients/<id>/days) are not here yet. A page that answers 404 is skipped with its name, so a page
not built yet is reported, not silently passed."""
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests import factories
from tests.a11y import AXE, assert_accessible
from tests.conftest import DB_KIND, TABLET, new_context, seed_instruments_and_templates
from tests.kiosks.helpers import pair_page
from tests.moments import DURING_THE_DAY
from webapp import audit
from webapp.checkin import scans
from webapp.checkin.models import Method
from webapp.reference.models import Diet, Municipality
from webapp.diary import entries
from webapp.extensions import db
from webapp.kiosks import device
from webapp.lib import clock
from webapp.reference.models import ServiceType
from webapp.units.models import Closure
from webapp.goals import documents
from webapp.goals.models import EvaluationShare
from webapp.wellbeing import rules as wellbeing
from webapp.wellbeing.models import SelfAssessment
from webapp.skills.models import QualificationUnit, TrainingKind

# axe reads the rendered pages, which are the same whichever database holds the rows: checked
# once, on SQLite, to keep the whole suite (both databases) inside its time budget.
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(DB_KIND != "sqlite", reason="accessibility is checked once, on SQLite")]

TODAY = DURING_THE_DAY.date()
YESTERDAY = TODAY - timedelta(days=1)
ANNA_PIN = "5829"
VARIANTS = [("fi", "light"), ("sv", "dark")]


# --- Steps that open a page reached by clicking -------------------------------------------------

def post_to(action_ends: str):
    """Press the button of the form that posts to an address ending so (in any language)."""
    def step(page, data):
        with page.expect_navigation():
            page.locator(f"main form[action$='{action_ends}'] button[type=submit]").first.click()
    return step


def submit_empty(form: str = "main form[method=post]"):
    """The form sent with nothing in it (a plain post or htmx): the page with its error messages."""
    def step(page, data):
        page.locator(f"{form} [type=submit]").first.click()
        page.wait_for_load_state()
        expect(page.locator(".error").first).to_be_visible()
    return step


def open_all(summary: str):
    """Open the <details> a person would open (a folded list, a removal form, the menu)."""
    def step(page, data):
        for found in page.locator(summary).all():
            found.click()
    return step


def steps(*several):
    """Several steps, one after the other."""
    def step(page, data):
        for one in several:
            one(page, data)
    return step


def too_few_statements(page, data):
    page.locator("#statements").fill("Vain yksi väittämä")
    submit_empty()(page, data)


def wrong_login(page, data):
    page.locator("input[name=email]").fill("ei.ketaan@example.fi")
    page.locator("input[name=password]").fill("väärä salasana")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".form-problems, .error").first).to_be_visible()


def wrong_pairing_code(page, data):
    page.locator("input[name=code]").fill("1234 5678")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".error").first).to_be_visible()


CSV = ("etunimi;sukunimi;kutsumanimi;sähköposti;kieli;toimipiste;omaohjaaja;kotikunta;ruokavaliot;maksaja;"
       "matkakorvaus\n"
       "Aino;Mäkinen;;aino@example.fi;fi;Kierrätyspaja;{coach};Helsinki;;kela;ei\n"
       "Eero;;;;fi;Tuntematon paja;;Helsinki;;joku;ei\n")


def csv_preview(good_only: bool):
    def step(page, data):
        content = CSV.format(coach=data["coach_email"])
        if good_only:
            content = "\n".join(content.splitlines()[:2]) + "\n"
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "asiakkaat.csv", "mimeType": "text/csv", "buffer": content.encode()}])
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        expect(page.locator(".import-rows")).to_be_visible()
    return step


def new_kiosk_code(page, data):
    page.locator("select[name=unit]").select_option(label="Kierrätyspaja")
    page.locator("input[name=name]").fill("Aulan tabletti")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("pairing-code")).to_be_visible()


def kiosk_names(page, data):
    page.locator("[data-open-names]").click()
    expect(page.get_by_test_id("names")).to_be_visible()


def kiosk_pinpad(name: str):
    def step(page, data):
        kiosk_names(page, data)
        page.get_by_test_id("names").locator(f"[data-name='{name}']").click()
        expect(page.get_by_test_id("pinpad")).to_be_visible()
    return step


def kiosk_pin(name: str, pin: str):
    def step(page, data):
        kiosk_pinpad(name)(page, data)
        for digit in pin:
            page.get_by_test_id("pinpad").locator(f"[data-digit='{digit}']").click()
        expect(page.get_by_test_id("result")).to_be_visible()
    return step


def certificate_without_tasks(page, data):
    page.locator("textarea[name=work_tasks]").fill("")
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator(".error").first).to_be_visible()


# --- The pages ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    name: str
    who: str  # anonymous | coach | manager | kitchen | kiosk (a paired tablet)
    path: str  # {anna}, {unit}, ... are filled in from the test's data
    steps: Callable | None = None
    status: int = 200


PAGES = [
    # Before signing in. Where a form can show errors, its page is checked with them: it is the
    # same page with more on it.
    Page("login-with-an-error", "anonymous", "/login", wrong_login),
    Page("accessibility-statement", "anonymous", "/accessibility"),
    Page("error-404-anonymous", "anonymous", "/ei-ole-olemassa", status=404),
    # Coach
    Page("my-clients", "coach", "/clients/mine"),
    Page("client-detail", "coach", "/clients/{anna}"),
    Page("client-diary", "coach", "/clients/{anna}/diary"),
    Page("client-guidance", "coach", "/clients/{anna}/guidance", open_all("details.guidance-remove summary")),
    Page("client-guidance-errors", "coach", "/clients/{anna}/guidance", submit_empty("form[hx-post$='/guidance']")),
    Page("guidance-behind", "coach", "/guidance/behind"),
    Page("goals", "coach", "/periods/{period}/goals", open_all("main details summary")),
    Page("goals-end-without-reason", "coach", "/periods/{period}/goals",
         steps(open_all("details.goal-action summary"), post_to("/end"))),
    Page("goal-new-with-errors", "coach", "/periods/{period}/goals/new", submit_empty()),
    Page("goal-revise", "coach", "/goals/{goal}/revise"),
    Page("documents", "coach", "/periods/{period}/documents"),
    Page("documents-due", "coach", "/documents/due"),
    Page("plan-draft-sign-refused", "coach", "/documents/{draft}", post_to("/sign")),
    Page("plan-signed", "coach", "/documents/{signed}", open_all("main details summary")),
    Page("interim-with-what-lasna-knows", "coach", "/documents/{interim}"),
    Page("evaluation-new-with-errors", "coach", "/periods/{period}/evaluations/new", submit_empty()),
    Page("certificates", "coach", "/periods/{period}/certificates"),
    Page("certificates-with-errors", "coach", "/periods/{period}/certificates", certificate_without_tasks),
    Page("enrol-phone", "coach", "/clients/{anna}", post_to("/enrol")),
    Page("new-badge-confirm", "coach", "/clients/{anna}", post_to("/badge/regenerate")),
    Page("pin-set-with-errors", "coach", "/clients/{anna}/pin", submit_empty()),
    Page("badge-card", "coach", "/clients/{anna}/badge"),
    Page("unit-activities", "coach", "/units/{unit}/activities"),
    Page("unit-activities-picture-picker", "coach", "/units/{unit}/activities", open_all("details.picture-details summary")),
    Page("unit-activity-picture", "coach", "/units/{unit}/activities/{unit_activity}/picture"),
    Page("change-password", "coach", "/account/password"),
    Page("error-404-coach", "coach", "/clients/999999", status=404),
    # Manager
    Page("clients", "manager", "/clients"),
    Page("client-detail-manager", "manager", "/clients/{anna}"),
    Page("client-new-with-errors", "manager", "/clients/new", submit_empty()),
    Page("client-edit", "manager", "/clients/{anna}/edit"),
    Page("csv-import-problems", "manager", "/clients/import", csv_preview(good_only=False)),
    Page("csv-import-ready", "manager", "/clients/import", csv_preview(good_only=True)),
    Page("period-new", "manager", "/clients/{anna}/periods/new"),
    Page("period-edit", "manager", "/periods/{period}/edit"),
    Page("period-end", "manager", "/periods/{period}/end"),
    Page("units", "manager", "/units"),
    Page("unit-new", "manager", "/units/new"),
    Page("unit-closures-with-errors", "manager", "/units/{unit}",
         steps(open_all("details.past-closures summary"), submit_empty("form[hx-post$='/closures']"))),
    Page("unit-edit-opening-hours", "manager", "/units/{unit}/edit"),
    Page("staff", "manager", "/staff"),
    Page("staff-new", "manager", "/staff/new"),
    Page("staff-edit", "manager", "/staff/{coach}/edit"),
    Page("reference-data", "manager", "/settings/reference"),
    Page("instruments", "manager", "/settings/instruments"),
    Page("plans-reference", "manager", "/settings/plans"),
    Page("plans-template-edit", "manager", "/settings/plans/templates/{template}/edit"),
    Page("outcomes", "manager", "/reports/outcomes"),
    Page("instrument-wording-replace-errors", "manager", "/settings/instruments/wordings/{wording}/replace",
         too_few_statements),
    Page("reference-diet-edit", "manager", "/settings/reference/diets/{diet}/edit"),
    Page("reference-municipality-edit", "manager", "/settings/reference/municipalities/{municipality}/edit"),
    Page("reference-service-type-edit", "manager", "/settings/reference/service-types/{service_type}/edit"),
    Page("kiosks", "manager", "/kiosks"),
    Page("kiosk-new", "manager", "/kiosks/new"),
    Page("kiosk-detail-renamed", "manager", "/kiosks/{kiosk}", post_to("/rename")),
    Page("kiosk-revoke-confirm", "manager", "/kiosks/{kiosk}", post_to("/revoke")),
    Page("kiosk-pairing-code", "manager", "/kiosks/new", new_kiosk_code),
    # Kitchen, with the menu (language, password, sign out) open
    Page("kitchen-home-with-menu", "kitchen", "/", open_all("details.menu summary")),
    # The door tablet
    Page("kiosk-pair-wrong-code", "anonymous", "/kiosk/pair", wrong_pairing_code),
    Page("kiosk-not-paired", "anonymous", "/kiosk", status=403),
    Page("kiosk-screen", "kiosk", "/kiosk"),
    Page("kiosk-names", "kiosk", "/kiosk", kiosk_names),
    Page("kiosk-pin-pad", "kiosk", "/kiosk", kiosk_pinpad("Anna A.")),
    Page("kiosk-wrong-pin", "kiosk", "/kiosk", kiosk_pin("Anna A.", "0000")),
    Page("kiosk-pin-locked", "kiosk", "/kiosk", kiosk_pin("Vili V.", "7316")),
    Page("kiosk-checked-in-lunch", "kiosk", "/kiosk", kiosk_pin("Anna A.", ANNA_PIN)),
    # Skills and card trainings, the competence certificate, the manager's reference data
    Page("client-skills", "coach", "/clients/{anna}/skills", open_all("details.skills-remove summary")),
    Page("client-skills-remove-without-reason", "coach", "/clients/{anna}/skills",
         steps(open_all("details.skills-remove summary"), submit_empty("main form[action$='/remove']"))),
    Page("skill-new-with-errors", "coach", "/clients/{anna}/skills/new", submit_empty()),
    Page("skill-correct", "coach", "/skills/{skill}/correct"),
    Page("training-new-with-errors", "coach", "/clients/{anna}/trainings/new", submit_empty()),
    Page("training-correct", "coach", "/trainings/{training}/correct", open_all("main details summary")),
    Page("competence-certificate", "coach", "/periods/{period}/competence"),
    Page("skills-settings", "manager", "/settings/skills", open_all("main details summary")),
    Page("skills-settings-with-errors", "manager", "/settings/skills",
         steps(open_all("main details summary"), submit_empty("main form[action$='/units']"))),
    Page("qualification-unit-edit", "manager", "/settings/skills/units/{qualification_unit}"),
    Page("training-kind-edit", "manager", "/settings/skills/kinds/{training_kind}"),
]


def staff_world(people) -> dict:
    """The data behind the pages; returns the ids their paths need (and the coach's e-mail)."""
    unit, coach, manager = people.unit, people.coach, people.manager
    anna = people.client
    factories.enrol_pin(anna, ANNA_PIN)
    anna.client.preferred_name = "Anna"
    ville = factories.make_client(unit, coach=coach, first_name="Ville", last_name="Virtanen",
                                  preferred_name="Vili", diets=("gluteeniton",))
    factories.make_client(unit, coach=coach, first_name="Liisa", last_name="Laine", period=False)
    period = anna.client.periods[0]

    # Diary: unit chips (one switched off), two shared entries, one with the coach's reply.
    activity = factories.make_unit_activity(unit, "Puutyöt")
    factories.make_unit_activity(unit, "Ompelu", active=False, position=1)
    shared = factories.make_entry(anna, YESTERDAY, mood=2, energy=2, shared=True, activities=[activity.label],
                                  was_hard="Väsytti.", to_coach="Voisinko tulla huomenna myöhemmin?")
    entries.reply(shared, coach, "Sopii hyvin, nähdään kymmeneltä.")
    factories.make_entry(anna, TODAY - timedelta(days=8), mood=4, energy=3, shared=True, went_well="Hyvä päivä.")
    factories.make_media(shared)  # a photo and a voice note on the shared day: the coach's view shows them
    factories.make_media(shared, "voice", (Path(__file__).parent.parent / "diary/media/voice-3s.webm").read_bytes(),
                         duration_ms=2940)
    # Guidance: Anna has some, Ville none (behind).
    factories.make_guidance(anna, coach, TODAY - timedelta(days=3), 45, note="Tavoitteet syksylle")
    factories.make_guidance(anna, coach, TODAY - timedelta(days=20), 60, kind="social")
    removed = factories.make_guidance(anna, coach, TODAY - timedelta(days=21), 30)
    removed.removed_at, removed.removed_by_id, removed.removed_reason = clock.now(), coach.id, "Kirjattu kahdesti."
    # Ville checked in today by badge, and his PIN is locked for a while (too many wrong tries).
    scans.record_scan(key=secrets.token_hex(8), unit=unit, method=Method.BADGE, client=ville.client)
    factories.enrol_pin(ville, "7316")
    ville.client.pin_locked_until = clock.now() + timedelta(minutes=10)
    # Closures: one to come, one past.
    db.session.add_all([
        Closure(unit=unit, starts_on=date(2026, 12, 24), ends_on=date(2026, 12, 26), reason="Joulu"),
        Closure(unit=unit, starts_on=date(2026, 10, 2), ends_on=date(2026, 10, 2), reason="Koulutuspäivä"),
    ])
    # Kiosks: paired (with its history), waiting for a tablet, revoked.
    _secret, kiosk = factories.make_kiosk(unit, by=manager)
    audit.record(kiosk, "create", changes={"name": [None, kiosk.name]}, actor=manager)
    audit.record(kiosk, "paired", changes={"paired_at": [None, kiosk.paired_at.isoformat()]})
    kiosk.last_seen_at = clock.now() - timedelta(minutes=5)
    device.create_kiosk(unit, "Aula", manager)
    _secret, old = factories.make_kiosk(people.other_unit, name="Vanha tabletti", by=manager)
    device.revoke(old, manager)
    # Goals: three, one revised after an interim evaluation, one ended; a removed evaluation.
    goals = [factories.make_goal(period, coach, "Jaksan tulla tiistaisin ja torstaisin", weight=2),
             factories.make_goal(period, coach, "Opin käyttämään kassakonetta", starting_level=-2),
             factories.make_goal(period, coach, "Syön lounaan muiden kanssa")]
    first = factories.make_evaluation(period, coach, dict(zip(goals, (0, -1, 1))), held_on=TODAY - timedelta(days=30))
    revised = goals[1].current
    db.session.add(type(revised)(goal_id=goals[1].id, number=2, text="Hoidan kassaa yksin tunnin",
                                 level_0="Tunnin vuoro sujuu", created_by_id=coach.id,
                                 reason="Kassan käyttö on jo tuttua", after_evaluation_id=first.id))
    goals[2].ended_at, goals[2].ended_by_id, goals[2].ended_reason = clock.now(), coach.id, "Saavutettu."
    mistaken = factories.make_evaluation(period, coach, dict(zip(goals[:2], (1, 1))), held_on=YESTERDAY)
    mistaken.removed_at, mistaken.removed_by_id, mistaken.removed_reason = clock.now(), coach.id, "Väärä päivä."
    seed_instruments_and_templates()  # WHO-5 and the documents' templates, as shipped
    # Documents: Ville's plan is a draft; Anna's is signed, with a second version to come.
    draft = documents.start(ville.client.periods[0], "plan", coach)
    signed = documents.start(period, "plan", coach)
    signed.contents = {"measures": "Lajittelu ja kassa", "participation": "Anna valitsee", "intensity": "2 pv/vko"}
    signed.next_evaluation_on, signed.signed_at, signed.signed_by_id = TODAY + timedelta(days=30), clock.now(), coach.id
    # Anna's interim evaluation, a draft showing what Läsnä knows: her GAS evaluation of yesterday,
    # and one diary entry and her mood trend that she chose to bring.
    interim = documents.start(period, "interim", coach)
    interim.evaluation_id = first.id
    db.session.flush()
    db.session.add_all([EvaluationShare(document_id=interim.id, diary_entry_id=shared.id),
                        EvaluationShare(document_id=interim.id, diary_entry_id=None)])
    # WHO-5: Anna answered twice, lately under 50 (her coach is prompted to talk).
    who5 = wellbeing.instrument(wellbeing.WHO5)
    wording = wellbeing.wording(who5, "fi")
    for back, values in ((40, [3, 3, 3, 3, 3]), (5, [2, 1, 2, 1, 2])):
        db.session.add(SelfAssessment(client_id=anna.id, instrument_id=who5.id, wording_id=wording.id, answers=values,
                                      raw=sum(values), score=4 * sum(values),
                                      answered_at=clock.now() - timedelta(days=back)))
    factories.make_certificate(period, coach, include_skills=True)  # an interim one, listed on its page
    # Some history on Anna for the manager's view.
    audit.record(anna.client, "update", changes={"preferred_name": ["", "Anna"]}, actor=manager)
    db.session.commit()
    return {
        **skills_world(people),
        "anna": anna.id, "unit": unit.id, "period": period.id, "goal": goals[0].id, "coach": coach.id, "kiosk": kiosk.id,
        "diet": db.session.scalar(db.select(Diet.id).where(Diet.code == "gluteeniton")),
        "municipality": db.session.scalar(db.select(Municipality.id)),
        "service_type": db.session.scalar(db.select(ServiceType.id)), "coach_email": coach.email,
        "wording": wording.id, "draft": draft.id, "signed": signed.id, "template": signed.template_id, "interim": interim.id,
        "unit_activity": activity.id,
    }


def skills_world(people) -> dict:
    """Anna's skills (one mapped to a shipped example unit, one removed with its reason) and cards
    (an EA1 expired, a safety card running out soon, a hygiene passport): after the migrations'
    seed, which brings the example units and the three card trainings."""
    anna, coach = people.client.client, people.coach
    unit = db.session.scalar(db.select(QualificationUnit).order_by(QualificationUnit.id))
    kinds = {k.code: k for k in db.session.scalars(db.select(TrainingKind))}
    skill = factories.make_skill(anna, coach, unit=unit, shown_on=YESTERDAY)
    factories.make_skill(anna, coach, "Tulee ajoissa ja ilmoittaa poissaolosta", task="Työpäivät")
    removed = factories.make_skill(anna, coach, "Kirjattu väärin", task="Kassa")
    removed.removed_at, removed.removed_by_id, removed.removed_reason = clock.now(), coach.id, "Väärä asiakas."
    training = factories.make_training(anna, coach, kinds["first_aid_ea1"], completed_on=date(2023, 6, 1))
    factories.make_training(anna, coach, kinds["occupational_safety_card"], completed_on=date(2022, 1, 5))
    factories.make_training(anna, coach, kinds["hygiene_passport"], completed_on=date(2020, 3, 3))
    db.session.commit()
    return {"skill": skill.id, "training": training.id, "qualification_unit": unit.id,
            "training_kind": kinds["first_aid_ea1"].id}


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(context) -> str:
    """The session's CSRF token, read from the sign-in page as a browser would (sets the session)."""
    return CSRF.search(context.request.get("/login").text()).group(1)


def sign_in(context, person):
    """Sign in through the real form, without drawing the page: the session cookie is the browser's."""
    response = context.request.post("/login", max_redirects=0, form={
        "csrf_token": csrf_token(context), "email": person.email, "password": factories.PASSWORD})
    assert response.status == 302, f"sign-in answered {response.status}"


def choose_language(context, language: str):
    """The language menu's POST, as an anonymous visitor (or the tablet) sends it: the session keeps it."""
    response = context.request.post("/language", max_redirects=0, form={
        "csrf_token": csrf_token(context), "language": language, "next": "/login"})
    assert response.status == 302, f"the language choice answered {response.status}"


def check(page, spec: Page, data: dict, language: str, scheme: str, base_url: str):
    path = spec.path.format(**data)
    page.emulate_media(color_scheme=scheme)
    response = page.goto(path)
    if response.status == 404 and spec.status != 404:
        pytest.skip(f"{path} answers 404: not built yet")
    assert response.status == spec.status, f"{path} answered {response.status}"
    if spec.steps:
        spec.steps(page, data)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == language, f"{spec.name}: not in {language}"
    assert_accessible(page, f"{spec.name} {page.url.removeprefix(base_url)} ({language}, {scheme})")


@pytest.fixture(scope="module")
def server(app):
    """The app over real HTTP for this whole file: one server instead of one per page."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def staff_context(browser, server):
    """One tablet-sized browser context for the file, with axe put into every page it opens (the
    same source tests/a11y.py injects; an init script is not governed by the page's CSP)."""
    context = new_context(browser, server, **TABLET)
    context.set_default_timeout(10_000)
    context.add_init_script(path=str(AXE))
    yield context
    context.close()


@pytest.fixture(scope="module")
def staff_page(staff_context):
    """One tab for the file: a new tab costs a new renderer, slower than the checks themselves."""
    page = staff_context.new_page()
    yield page
    page.close()


# Timer ids count up from the page's first (from 10¹² under Playwright's clock): the latest
# thousands hold every timer a page of ours has running.
STOP_TIMERS = """() => { const last = setTimeout(() => {}, 0);
    for (let id = Math.max(0, last - 5000); id <= last; id++) { clearTimeout(id); clearInterval(id); } }"""


@pytest.fixture
def staff_tablet(staff_page):
    """The tab with no cookies: nobody signed in, no kiosk paired, no language chosen. Afterwards
    the page's timers stop (htmx and the kiosk screen poll with them), so no request of this test
    meets the next test's data; cheaper than leaving the page."""
    staff_page.context.clear_cookies()
    yield staff_page
    try:
        staff_page.evaluate(STOP_TIMERS)
    except PlaywrightError:  # the page was between two documents: leave it instead
        staff_page.goto("about:blank")


@pytest.mark.parametrize("spec", PAGES, ids=[p.name for p in PAGES])
def test_a_staff_page_has_no_accessibility_violations(staff_tablet, server, people, spec):
    page, context = staff_tablet, staff_tablet.context
    with time_machine.travel(DURING_THE_DAY, tick=True):
        data = staff_world(people)
        person = {"coach": people.coach, "manager": people.manager, "kitchen": people.kitchen}.get(spec.who)
        if spec.who == "kiosk":
            pair_page(page, people.unit)
        if person is not None:
            sign_in(context, person)
        for language, scheme in VARIANTS:
            if person is not None:
                person.language = language
                db.session.commit()
            else:
                choose_language(context, language)
            check(page, spec, data, language, scheme, server)


def test_the_harness_finds_a_violation_on_a_staff_page(staff_tablet, people):
    """The negative control: the same check fails once a form field loses its label."""
    sign_in(staff_tablet.context, people.manager)
    staff_tablet.goto("/units/new")
    assert_accessible(staff_tablet, "/units/new")
    staff_tablet.evaluate("() => document.querySelectorAll('main label').forEach(label => label.remove())")
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(staff_tablet, "/units/new without labels")
