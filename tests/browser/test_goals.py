"""A coach writes a period's three goals with the client on the tablet, scores them at an interim
evaluation, revises one, and reads the T-score line; the same pages fit a 360 px phone."""
import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login, seed_instruments_and_templates
from tests.moments import DURING_THE_DAY
from webapp.extensions import db
from webapp.goals import documents

pytestmark = pytest.mark.browser

GOALS = [
    ("Jaksan tulla tiistaisin ja torstaisin", "Tulen kahtena päivänä viikossa", "2"),
    ("Opin käyttämään kassakonetta", "Hoidan kassaa tunnin yksin", ""),
    ("Syön lounaan muiden kanssa", "Syön ruokalassa kerran viikossa", ""),
]


@pytest.fixture
def wednesday():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


def write_goal(page, text, expected, weight):
    page.get_by_role("link", name="Lisää tavoite").click()
    page.get_by_label("Tavoite asiakkaan omin sanoin").fill(text)
    page.get_by_label("0 odotettu tulos").fill(expected)
    page.get_by_role("radio", name="−1 hieman odotettua huonompi").check()
    if weight:
        page.get_by_label("Paino (vapaaehtoinen)").fill(weight)
    page.get_by_role("button", name="Tallenna tavoite").click()
    expect(page.get_by_text("Tavoite on tallennettu.")).to_be_visible()


def test_a_coach_writes_three_goals_and_scores_them(tablet, people, wednesday):
    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/clients/{people.client.id}")
    tablet.get_by_role("link", name="Tavoitteet ja GAS-arviot").click()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("Tavoitteet · Anna")

    tablet.get_by_role("link", name="Lisää tavoite").click()
    tablet.get_by_role("button", name="Tallenna tavoite").click()  # nothing written: told what is missing
    expect(tablet.get_by_text("Kirjoita tavoite.")).to_be_visible()
    expect(tablet.get_by_text("Kuvaa odotettu tulos")).to_be_visible()
    tablet.get_by_role("link", name="← Tavoitteet · Anna").click()
    for text, expected, weight in GOALS:
        write_goal(tablet, text, expected, weight)
    expect(tablet.get_by_test_id("goal")).to_have_count(3)
    # Weights 2, 1, 1 at −1: T = 50 − 40/√(0.7·6 + 0.3·16) = 36,7
    expect(tablet.get_by_test_id("t-point")).to_have_text(["Lähtötilanne 1.9.2026 T 36,7"], use_inner_text=True)
    assert_no_sideways_scroll(tablet)

    tablet.get_by_role("link", name="Kirjaa arviointi").click()
    expect(tablet.get_by_label("Arvioinnin päivä")).to_have_value("2026-11-18")
    goals = tablet.locator("fieldset.goal-score")
    goals.nth(0).get_by_text("0 odotettu tulos").click()
    goals.nth(1).get_by_text("+1 hieman odotettua parempi").click()
    tablet.get_by_role("button", name="Tallenna arviointi").click()  # the third goal has no level yet
    expect(tablet.get_by_text("Valitse taso jokaiselle tavoitteelle.")).to_be_visible()
    tablet.locator("fieldset.goal-score").nth(2).get_by_text("−1 hieman odotettua huonompi").click()
    expect(tablet.locator("fieldset.goal-score").nth(0).get_by_label("0 odotettu tulos")).to_be_checked()
    tablet.get_by_role("button", name="Tallenna arviointi").click()
    expect(tablet.get_by_text("Arviointi on tallennettu.")).to_be_visible()
    # 2·0 + 1·1 + 1·(−1) = 0: as expected
    expect(tablet.get_by_test_id("t-point").nth(1)).to_contain_text("Väliarviointi 18.11.2026")
    expect(tablet.get_by_test_id("t-point").nth(1)).to_contain_text("T 50,0")
    expect(tablet.get_by_test_id("t-point").nth(1)).to_contain_text("Tavoitteet toteutuivat odotetusti.")

    cash = tablet.get_by_test_id("goal").nth(1)
    cash.get_by_role("link", name="Muuta tavoitetta").click()
    expect(tablet.get_by_label("Tavoite asiakkaan omin sanoin")).to_have_value("Opin käyttämään kassakonetta")
    tablet.get_by_label("Tavoite asiakkaan omin sanoin").fill("Hoidan kassaa yksin koko lounasajan")
    tablet.get_by_label("Miksi tavoitetta muutetaan?").fill("Tunnin vuoro sujuu jo")
    tablet.get_by_role("button", name="Tallenna uusi versio").click()
    expect(tablet.get_by_text("Tavoitteen uusi versio on tallennettu.")).to_be_visible()
    cash = tablet.get_by_test_id("goal").nth(1)
    expect(cash).to_contain_text("Hoidan kassaa yksin koko lounasajan")
    cash.get_by_text("Aiemmat versiot (1)").click()
    expect(cash).to_contain_text("Opin käyttämään kassakonetta")
    expect(cash).to_contain_text("(versio 1)")
    assert_no_sideways_scroll(tablet)


def test_the_goals_pages_fit_a_phone(phone, people, wednesday):
    seed_instruments_and_templates()
    period = people.client.client.periods[0]
    goal = factories.make_goal(period, people.coach, "Jaksan tulla tiistaisin ja torstaisin")
    plan = documents.start(period, "plan", people.coach)
    db.session.commit()
    browser_login(phone, people.coach, home=False)
    for path in (f"/periods/{period.id}/goals", f"/periods/{period.id}/goals/new", f"/goals/{goal.id}/revise",
                 f"/periods/{period.id}/evaluations/new", f"/periods/{period.id}/documents", f"/documents/{plan.id}",
                 "/documents/due"):
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        assert_no_sideways_scroll(phone)


def test_the_managers_new_pages_fit_a_phone(phone, people, wednesday):
    seed_instruments_and_templates()
    browser_login(phone, people.manager, home=False)
    for path in ("/settings/instruments", "/reports/outcomes"):
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        assert_no_sideways_scroll(phone)  # the outcomes table scrolls inside its own frame
