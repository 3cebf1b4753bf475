import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_no_sideways_scroll, browser_login
from webapp.extensions import db
from webapp.units.models import Closure, Unit

pytestmark = pytest.mark.browser


def test_a_manager_creates_a_unit_with_hours_and_adds_a_closure(tablet, people):
    page = tablet
    browser_login(page, people.manager)
    page.get_by_role("link", name="Toimipisteet").click()
    expect(page.get_by_role("link", name="Toimipisteet")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Lisää toimipiste").click()

    page.get_by_label("Nimi", exact=True).fill("Ompelupaja")
    page.get_by_label("Katuosoite").fill("Neulatie 3")
    page.get_by_label("Postinumero").fill("33100")
    page.get_by_label("Postitoimipaikka").fill("Tampere")
    page.get_by_label("Lounasaika").fill("11:15")
    for day in range(4):  # Monday to Thursday, 8.30–14.30
        page.locator(f"#hours-{day}-opens").fill("08:30")
        page.locator(f"#hours-{day}-closes").fill("14:30")
    page.locator("#hours-4-is_open").uncheck()  # closed on Fridays
    page.get_by_label("Kaisa Ohjaaja").check()
    page.get_by_role("button", name="Tallenna").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ompelupaja")
    expect(page.get_by_text("Toimipiste Ompelupaja on tallennettu.")).to_be_visible()
    hours = page.locator("dl.hours-list")
    expect(hours).to_contain_text("Torstai")
    expect(hours).to_contain_text("8.30–14.30")
    expect(page.locator("main")).to_contain_text("Kaisa Ohjaaja")

    # The closure is added in place by htmx: the page is not reloaded.
    page.evaluate("window.stillHere = true")
    page.get_by_label("Alkaa").fill("2030-12-23")
    page.get_by_label("Päättyy").fill("2031-01-06")
    page.get_by_label("Syy").fill("Joulutauko")
    page.get_by_role("button", name="Lisää sulkupäivä").click()
    closures = page.locator("#closures")
    expect(closures.locator(".closure-list")).to_contain_text("Joulutauko")
    expect(closures).to_contain_text("Sulkupäivä lisätty: Joulutauko.")
    assert page.evaluate("window.stillHere") is True

    # A mistake shows its message in the same place.
    page.get_by_label("Syy").fill("Ilman päivää")
    page.get_by_role("button", name="Lisää sulkupäivä").click()
    expect(closures.get_by_text("Valitse ensimmäinen päivä.")).to_be_visible()
    assert page.evaluate("window.stillHere") is True

    unit = db.session.scalar(db.select(Unit).where(Unit.name == "Ompelupaja"))
    assert [(h.weekday, h.opens.isoformat("minutes"), h.closes.isoformat("minutes")) for h in unit.opening_hours] \
        == [(d, "08:30", "14:30") for d in range(4)]
    assert [c.full_name for c in unit.coaches] == ["Kaisa Ohjaaja"]
    assert [(c.reason, c.starts_on.isoformat(), c.ends_on.isoformat()) for c in unit.closures] == [
        ("Joulutauko", "2030-12-23", "2031-01-06")]


def test_holidays_are_added_and_a_closure_deleted_with_its_reason(tablet, people):
    page = tablet
    browser_login(page, people.manager, home=False)
    page.goto(f"/units/{people.unit.id}")
    page.get_by_label("Vuosi").fill("2030")
    page.get_by_role("button", name="Lisää vuoden pyhäpäivät").click()
    expect(page.locator("#closures")).to_contain_text("Lisättiin 15 pyhäpäivää vuodelle 2030.")
    holiday = page.locator(".closure").filter(has_text="Itsenäisyyspäivä")
    holiday.get_by_text("Poista", exact=True).click()
    holiday.get_by_label("Miksi sulkupäivä poistetaan?").fill("Pidetään auki")
    holiday.get_by_role("button", name=re.compile("^Poista sulkupäivä Itsenäisyyspäivä")).click()
    expect(page.locator("#closures")).to_contain_text("Sulkupäivä poistettu: Itsenäisyyspäivä.")
    reasons = db.session.scalars(db.select(Closure.reason).where(Closure.unit_id == people.unit.id)).all()
    assert len(reasons) == 14 and "Itsenäisyyspäivä" not in reasons


def test_the_unit_pages_fit_a_phone(phone, people):
    browser_login(phone, people.manager, home=False)
    db.session.add(Closure(unit=people.unit, starts_on=date(2030, 12, 23), ends_on=date(2031, 1, 6),
                           reason="Joulutauko ja vuodenvaihde"))
    db.session.commit()
    for url in ("/units", f"/units/{people.unit.id}", "/units/new", f"/units/{people.unit.id}/edit",
                "/settings/reference"):
        phone.goto(url)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        assert_no_sideways_scroll(phone)

