"""Every page a client sees, checked by axe-core (WCAG 2.0/2.1 A and AA) on a phone, in Finnish
and Swedish, light and dark. Anna has diary entries (today's, yesterday's shared one with her
coach's reply and an old one), a check-in today and a staff read in her diary's access log.

A page that still answers 404 is skipped with its name, so a page not built yet is reported,
not silently passed."""
import secrets
from datetime import time, timedelta

import pytest
import time_machine

from tests import factories
from tests.a11y import assert_accessible
from tests.conftest import DB_KIND, PHONE, browser_login, new_context, seed_instruments_and_templates
from tests.moments import DURING_THE_DAY
from webapp.checkin import scans
from webapp.checkin.models import Method
from webapp.diary import entries, reminders
from webapp.audit import access
from webapp.diary import entries
from webapp.extensions import db
from webapp.goals import documents
from webapp.lib import clock
from webapp.wellbeing import rules as wellbeing
from webapp.wellbeing.models import SelfAssessment
from webapp.skills.models import QualificationUnit, TrainingKind

# axe reads the rendered pages, which are the same whichever database holds the rows: checked
# once, on SQLite, to keep the whole suite (both databases) inside its time budget.
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(DB_KIND != "sqlite", reason="accessibility is checked once, on SQLite")]

TODAY = DURING_THE_DAY.date()
YESTERDAY = TODAY - timedelta(days=1)
OLD_DAY = TODAY - timedelta(days=9)

PAGES = ["/", "/me/badge", "/checkin", "/me/scan", "/diary", f"/diary/{YESTERDAY.isoformat()}",
         f"/diary/{OLD_DAY.isoformat()}", "/diary/history", "/diary/trend?weeks=4", "/diary/trend?weeks=12",
         "/diary/settings", "/diary/access", "/me/data", "/offline", "/logout/confirm", "/me/wellbeing",
         "/me/wellbeing/who5", "/me/plans", "/me/plans/{signed}", "/me/plans/{draft}/answer",
         "/me/certificates", "/me/skills", "/me/access-log"]


def anna_with_a_diary(people, language):
    """Anna and her records; returns her and the ids some pages' paths need."""
    anna = people.client
    anna.language = language
    db.session.commit()
    factories.make_period(anna.client, people.unit, starts_on=TODAY - timedelta(days=60))
    activity = factories.make_unit_activity(people.unit, "Puutyöt")
    today = factories.make_entry(anna, TODAY, mood=4, energy=3, activities=[activity.label], went_well="Hyvä lounas.")
    factories.make_media(today)  # a photo on today's page (and its remove button, form and recorder)
    shared = factories.make_entry(anna, YESTERDAY, mood=2, energy=2, shared=True, was_hard="Väsytti.",
                                  to_coach="Voisinko tulla huomenna myöhemmin?")
    factories.make_entry(anna, OLD_DAY, mood=5, energy=4, went_well="Aurinko paistoi.")
    for back in range(2, 60, 3):  # some weeks of history for the trend and the calendar
        factories.make_entry(anna, TODAY - timedelta(days=back + 10), mood=1 + back % 5, energy=1 + back % 4)
    entries.reply(shared, people.coach, "Sopii hyvin, nähdään kymmeneltä.")
    entries.log_reads(people.coach, [shared], "diary")
    reminders.save_choices(anna.client, remind=True, remind_at=time(15, 0), on_reply=True)  # the off switch shows
    access.log_read(people.coach, anna.id, "goals")  # her record too, and on a list
    access.log_list(people.manager, [anna.id], "kela_report")
    scans.record_scan(key=secrets.token_hex(8), unit=people.unit, method=Method.BADGE, client=anna.client)
    seed_instruments_and_templates()  # WHO-5, answered three weeks ago
    who5 = wellbeing.instrument(wellbeing.WHO5)
    db.session.add(SelfAssessment(client_id=anna.id, instrument_id=who5.id, wording_id=wellbeing.wording(who5, language).id,
                                  answers=[3, 2, 3, 2, 3], raw=13, score=52, answered_at=clock.now() - timedelta(days=21)))
    # Her plan, signed, to read; an interim evaluation waiting for her own part.
    period = anna.client.periods[-1]
    plan = documents.start(period, "plan", people.coach)
    plan.contents = {"measures": "Lajittelu ja kassa", "participation": "Valitset tehtäväsi", "intensity": "2 pv"}
    plan.next_evaluation_on, plan.signed_at, plan.signed_by_id = TODAY, clock.now(), people.coach.id
    draft = documents.start(period, "interim", people.coach)
    factories.make_certificate(period, people.coach)  # an interim certificate to download
    db.session.commit()
    # Skills and cards: one skill mapped to a shipped example unit, one not; an EA1 running out soon.
    unit = db.session.scalar(db.select(QualificationUnit).order_by(QualificationUnit.id))
    factories.make_skill(anna.client, people.coach, unit=unit)
    factories.make_skill(anna.client, people.coach, "Tulee ajoissa", task="Työpäivät")
    ea1 = db.session.scalar(db.select(TrainingKind).where(TrainingKind.code == "first_aid_ea1"))
    factories.make_training(anna.client, people.coach, ea1, completed_on=TODAY - timedelta(days=3 * 365 - 20))
    return anna, {"signed": plan.id, "draft": draft.id}


# Colours do not change with the language: dark is checked in Finnish, the Swedish words in light.
@pytest.mark.parametrize("language, scheme", [("fi", "light"), ("fi", "dark"), ("sv", "light")])
def test_every_client_page_has_no_accessibility_violations(browser, live_server, people, language, scheme):
    """Each page in turn in one signed-in phone (a new browser and sign-in per page cost more than
    the checks); every page's violations are gathered, then reported together."""
    with time_machine.travel(DURING_THE_DAY, tick=True):
        anna, ids = anna_with_a_diary(people, language)
        context = new_context(browser, live_server.url, color_scheme=scheme, **PHONE)
        found, missing = [], []
        try:
            context.set_default_timeout(10_000)
            page = context.new_page()
            browser_login(page, anna, home=False)
            for path in (p.format(**ids) for p in PAGES):
                response = page.goto(path)
                if response.status == 404:
                    missing.append(path)
                    continue
                assert response.status == 200, f"{path} answered {response.status}"
                assert page.url == live_server.url + path, f"{path} went to {page.url}"
                page.wait_for_load_state("load")
                assert page.locator("html").get_attribute("lang") == language, path
                try:
                    assert_accessible(page, f"{path} ({language}, {scheme})")
                except AssertionError as problem:
                    found.append(str(problem))
        finally:
            context.close()
    assert not found, "\n".join(found)
    assert not missing, f"these client pages answer 404: {missing}"


def test_the_harness_finds_a_violation(phone, people):
    """The negative control: the same check fails on a page with an unlabelled image button."""
    browser_login(phone, people.client, home=False)
    phone.goto("/offline")
    assert_accessible(phone, "/offline")
    phone.evaluate("""() => {
        const button = document.createElement('button');
        button.innerHTML = '<img src="/static/icons/icon-192.png">';
        document.getElementById('main').appendChild(button);
    }""")
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(phone, "/offline with a nameless button")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_client_page_in_plain_language_has_no_accessibility_violations(browser, live_server, people, language):
    """The same pages in plain-language mode (selkokieli: bigger text, one column, the rest behind
    a button), the extra items opened so that axe reads them too."""
    with time_machine.travel(DURING_THE_DAY, tick=True):
        anna, ids = anna_with_a_diary(people, language)
        anna.plain_language = True
        db.session.commit()
        context = new_context(browser, live_server.url, **PHONE)
        found = []
        try:
            context.set_default_timeout(10_000)
            page = context.new_page()
            browser_login(page, anna, home=False)
            for path in (p.format(**ids) for p in PAGES):
                response = page.goto(path)
                assert response.status == 200, f"{path} answered {response.status}"
                page.wait_for_load_state("load")
                assert page.locator("body.plain").count() == 1, path
                page.evaluate("() => document.querySelectorAll('details.plain-more').forEach(d => { d.open = true; })")
                try:
                    assert_accessible(page, f"{path} ({language}, plain language)")
                except AssertionError as problem:
                    found.append(str(problem))
        finally:
            context.close()
    assert not found, "\n".join(found)
