"""Plain language (selkokieli) in a browser: no word breaks inside itself on any client page at
320 px (the extra items opened too), nothing scrolls sideways, and a client in plain mode writes
her diary on a 360 px phone: the main questions first, the texts behind one button."""
import re
from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.browser.test_client_a11y import PAGES as CLIENT_PAGES
from tests.browser.test_client_a11y import anna_with_a_diary
from tests.conftest import DB_KIND, PHONE, assert_no_sideways_scroll, browser_login, new_context
from tests.moments import DURING_THE_DAY
from tests.words import broken_at_widths, broken_in_choices, broken_words
from webapp.diary.models import DiaryEntry
from webapp.extensions import db

pytestmark = pytest.mark.browser
LAYOUT_ONCE = pytest.mark.skipif(DB_KIND != "sqlite", reason="layout is checked once, on SQLite")
NARROW = (320,)
OPEN_EVERYTHING = "() => document.querySelectorAll('details.plain-more').forEach(d => { d.open = true; })"


@pytest.fixture
def frozen():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


@LAYOUT_ONCE
def test_the_check_finds_a_long_word_broken_in_plain_mode(phone, people, frozen):
    """The negative control, in plain mode's bigger text at 320 px: a long compound that cannot fit
    a line is broken by the page's own overflow-wrap, and the check says so."""
    people.client.plain_language = True
    db.session.commit()
    browser_login(phone, people.client, home=False)
    phone.goto("/diary")
    phone.set_viewport_size({"width": 320, "height": 740})
    assert broken_words(phone) == []
    phone.evaluate("""() => {
        const p = document.createElement('p');
        p.id = 'long';
        p.textContent = 'Työllistymissuunnitelmakeskusteluissakin';
        document.getElementById('main').appendChild(p);
    }""")
    assert any("Työllistymissuunnitelmakeskusteluissakin" in word and "p#long" in word for word in broken_words(phone))


@LAYOUT_ONCE
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_no_word_breaks_in_plain_mode_at_320_px(browser, live_server, people, frozen, language):
    anna, ids = anna_with_a_diary(people, language)
    anna.plain_language = True
    db.session.commit()
    context = new_context(browser, live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    found = []
    try:
        page = context.new_page()
        browser_login(page, anna, home=False)
        for path in (p.format(**ids) for p in CLIENT_PAGES):
            page.set_viewport_size(PHONE["viewport"])
            response = page.goto(path)
            assert response.status == 200, f"{path} answered {response.status}"
            assert page.locator("body.plain").count() == 1, path
            page.evaluate(OPEN_EVERYTHING)
            found += broken_at_widths(page, f"{path} ({language}, plain)", widths=NARROW)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                found.append(f"{path} ({language}, plain) scrolls sideways by {overflow}px at 320px")
            if page.locator(".diary-choice").count():
                found += broken_in_choices(page, f"{path} ({language}, plain)", widths=NARROW)
    finally:
        context.close()
    assert found == [], "words broken inside themselves:\n" + "\n".join(found)


def test_a_client_in_plain_mode_writes_her_diary_on_a_phone(phone, people, frozen):
    factories.make_unit_activity(people.unit, "Puutyöt")
    anna = people.client
    anna.plain_language = True
    db.session.commit()
    browser_login(phone, anna, home=False)
    phone.goto("/diary")
    # The main questions, in plain words; the texts wait behind one button.
    expect(phone.get_by_role("group", name="Miten voit?")).to_be_visible()
    expect(phone.get_by_role("group", name="Paljonko sinulla on voimia?")).to_be_visible()
    expect(phone.get_by_role("group", name="Mitä teit?")).to_be_visible()
    expect(phone.get_by_label("Mikä meni hyvin?")).to_be_hidden()
    assert float(phone.evaluate("getComputedStyle(document.body).fontSize").rstrip("px")) >= 22
    phone.screenshot(path="/tmp/plain-diary-360.png", full_page=True)
    phone.get_by_role("radio", name="Hyvä", exact=True).click()
    expect(phone.locator("#diary-saved")).to_contain_text("Tallennettu klo")
    phone.get_by_role("checkbox", name="Puutyöt").click()
    phone.get_by_text("Kirjoita omin sanoin").click()
    phone.get_by_label("Mikä meni hyvin?").fill("Sain hyllyn valmiiksi.")
    phone.get_by_label("Viesti ohjaajalle").fill("Haluan jatkaa puutöissä.")
    phone.screenshot(path="/tmp/plain-diary-360-open.png", full_page=True)
    assert_no_sideways_scroll(phone)
    phone.get_by_role("button", name="Tallenna").click()
    expect(phone.locator("#diary-saved")).to_contain_text("Tallennettu klo")
    phone.wait_for_load_state("networkidle")
    for _ in range(50):
        db.session.expire_all()
        entry = db.session.scalar(db.select(DiaryEntry).where(DiaryEntry.client_id == anna.id,
                                                               DiaryEntry.day == date(2026, 11, 18)))
        if entry is not None and entry.to_coach:
            break
        phone.wait_for_timeout(100)
    assert entry.mood == 4 and entry.labels == ["Puutyöt"]
    assert (entry.went_well, entry.to_coach) == ("Sain hyllyn valmiiksi.", "Haluan jatkaa puutöissä.")
    # Written text keeps the texts open when she comes back.
    phone.goto("/diary")
    expect(phone.get_by_label("Mikä meni hyvin?")).to_have_value("Sain hyllyn valmiiksi.")
    expect(phone.get_by_label("Mikä meni hyvin?")).to_be_visible()


def test_the_kiosk_pad_turns_plain_for_her_and_not_for_another(tablet):
    from tests.kiosks.helpers import open_all_day_unit, pair_page
    from webapp.lib import clock
    page = tablet
    unit = open_all_day_unit()
    anna = factories.make_client(unit, first_name="Anna", last_name="Asiakas", period=False)
    olga = factories.make_client(unit, first_name="Olga", last_name="Ojala", period=False)
    for client in (anna, olga):
        factories.make_period(client.client, unit, weekdays=(clock.today().weekday(),))
    anna.plain_language = True
    db.session.commit()
    factories.enrol_pin(anna, "5829")
    pair_page(page, unit)
    page.goto("/kiosk")
    page.get_by_role("button", name="Valitse nimesi ja näppäile PIN").click()
    page.get_by_role("button", name="Anna A.").click()
    pad = page.get_by_test_id("pinpad")
    expect(pad.get_by_text("Kirjoita PIN-koodi. Siinä on 4 numeroa.")).to_be_visible()
    expect(pad.get_by_text("Näppäile PIN-koodisi, 4 numeroa.")).to_be_hidden()
    page.screenshot(path="/tmp/plain-kiosk-pad.png")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Valitse nimesi ja näppäile PIN").click()
    page.get_by_role("button", name="Olga O.").click()
    pad = page.get_by_test_id("pinpad")
    expect(pad.get_by_text("Näppäile PIN-koodisi, 4 numeroa.")).to_be_visible()
    expect(pad.get_by_text("Kirjoita PIN-koodi. Siinä on 4 numeroa.")).to_be_hidden()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Valitse nimesi ja näppäile PIN").click()
    page.get_by_role("button", name="Anna A.").click()
    for digit in "5829":
        page.get_by_test_id("pinpad").get_by_role("button", name=digit, exact=True).click()
    expect(page.get_by_test_id("result")).to_contain_text("Tervetuloa, Anna!")
    expect(page.get_by_test_id("result")).to_have_class(re.compile(r"\bplain\b"))
