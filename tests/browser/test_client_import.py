"""Browser, tablet (1024×768): the manager reads the import page (columns, the payer's start, the
diets in Finnish and Swedish), downloads the template, uploads it as it is, sees the preview with
the payer and its start, and imports its example client. axe on each step, no CSP errors, no
sideways scroll. Time: Wednesday 18.11.2026, ticking."""
from datetime import date, datetime

import pytest
import time_machine
from playwright.sync_api import expect
from sqlalchemy import select

from tests.a11y import axe, watch_console
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import HEL
from webapp.accounts.models import Person
from webapp.reference.models import Diet
from webapp.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def november():
    with time_machine.travel(datetime(2026, 11, 18, 10, tzinfo=HEL), tick=True):
        yield


def test_the_template_downloaded_from_the_page_imports_as_it_is(november, tablet, people):
    page = tablet
    problems = watch_console(page)
    db.session.add_all([Diet(code="gluten_free", name_fi="Gluteeniton", name_sv="Glutenfri", name_en="Gluten-free"),
                        Diet(code="vegan", name_fi="Vegaani", name_sv="Vegansk", name_en="Vegan")])
    db.session.commit()
    browser_login(page, people.manager, home=False)
    page.goto("/clients/import")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuo asiakkaita tiedostosta")
    expect(page.get_by_text("maksaja alkaen", exact=True)).to_be_visible()
    expect(page.get_by_text("Nyt tuotaessa tyhjä tarkoittaa päivää 1.10.2026.")).to_be_visible()
    diets = page.get_by_test_id("diet-values")
    expect(diets.get_by_role("row", name="Gluteeniton")).to_contain_text("Glutenfri")
    expect(diets.get_by_role("row", name="Vegaani")).to_contain_text("vegan")
    axe(page, problems, "the import page")
    assert_no_sideways_scroll(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa mallitiedosto").click()
    download = info.value
    assert download.suggested_filename == "asiakkaat-malli.csv"
    template = download.path()
    lines = open(template, encoding="utf-8-sig").read().splitlines()
    assert lines[1].split(";")[5:11] == ["Kierrätyspaja", people.coach.email, "Helsinki", "Gluteeniton", "kela",
                                          "1.10.2026"]

    page.get_by_label("CSV-tiedosto").set_input_files(template)
    page.get_by_role("button", name="Esikatsele").click()
    expect(page.get_by_text("Tiedosto on kunnossa: 1 asiakas.")).to_be_visible()
    expect(page.get_by_test_id("row-payer")).to_have_text("Maksaja: Kela (kulukorvaus) 1.10.2026 alkaen")
    axe(page, problems, "the import preview")
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Tuo 1 asiakas").click()
    expect(page.get_by_text("1 asiakas on tuotu.")).to_be_visible()

    made = db.session.scalar(select(Person).where(Person.first_name == "Aino", Person.last_name == "Mäkinen"))
    assert made.client.home_unit_id == people.unit.id and made.client.own_coach_id == people.coach.id
    assert [d.code for d in made.client.diets] == ["gluten_free"]
    assert [(a.payer, a.valid_from) for a in made.client.payers] == [("kela", date(2026, 10, 1))]
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems
