import pytest
from playwright.sync_api import expect

from tests.conftest import assert_no_sideways_scroll, browser_login, browser_login_by_form, new_context
from webapp.accounts.models import Person
from webapp.accounts.passwords import verify_secret
from webapp.extensions import db

pytestmark = pytest.mark.browser


def test_a_manager_creates_a_coach_for_a_unit_and_she_can_sign_in(tablet, browser, live_server, people):
    page = tablet
    browser_login(page, people.manager)
    page.get_by_role("link", name="Henkilöstö").click()
    page.get_by_role("link", name="Lisää henkilö").click()
    page.get_by_label("Etunimi").fill("Sanna")
    page.get_by_label("Sukunimi").fill("Valmentaja")
    page.get_by_label("Sähköposti").fill("Sanna.Valmentaja@example.fi")
    page.get_by_label("Rooli").select_option("coach")
    page.get_by_label("Kieli", exact=True).select_option("fi")
    page.get_by_label("Puutyöpaja").check()
    page.get_by_label("Aloitussalasana").fill("lyhyt")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Käytä vähintään 10 merkkiä.")).to_be_visible()  # nothing saved yet

    page.get_by_label("Aloitussalasana").fill("pitkä salasana 1")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Sanna Valmentaja on tallennettu.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Sanna Valmentaja")
    expect(row).to_contain_text("Ohjaaja")
    expect(row).to_contain_text("Puutyöpaja")

    # The unit's page lists her among its coaches.
    page.get_by_role("link", name="Toimipisteet").click()
    page.get_by_role("link", name="Puutyöpaja").click()
    expect(page.locator("main")).to_contain_text("Sanna Valmentaja")

    sanna = db.session.scalar(db.select(Person).where(Person.email == "sanna.valmentaja@example.fi"))
    assert sanna.role == "coach" and [u.name for u in sanna.units] == ["Puutyöpaja"]
    assert verify_secret(sanna.password_hash, "pitkä salasana 1")

    # She signs in on her own device with the password the manager gave.
    context = new_context(browser, live_server.url, viewport={"width": 1024, "height": 768})
    her_page = context.new_page()
    browser_login_by_form(her_page, sanna, password="pitkä salasana 1")
    assert her_page.url.endswith("/clients/mine")
    context.close()


def test_a_manager_cannot_deactivate_herself(tablet, people):
    browser_login(tablet, people.manager, home=False)
    tablet.goto(f"/staff/{people.manager.id}/edit")
    tablet.get_by_label("Tunnus on käytössä").uncheck()
    tablet.get_by_role("button", name="Tallenna").click()
    expect(tablet.get_by_text("Et voi poistaa omaa tunnustasi käytöstä.")).to_be_visible()
    db.session.refresh(people.manager)
    assert people.manager.active is True


def test_the_staff_pages_fit_a_phone(phone, people):
    browser_login(phone, people.manager, home=False)
    for url in ("/staff", "/staff/new", f"/staff/{people.coach.id}/edit"):
        phone.goto(url)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        assert_no_sideways_scroll(phone)
