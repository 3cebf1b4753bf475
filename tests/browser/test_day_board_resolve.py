"""The day board's panels on a tablet (1024×768, real Chromium): a coach fixes a time, confirms
a flagged day with a reason, leaves one uncounted, records six absences (one for each reason), a
remote day that needs a reason, and a missing check-out after closing, all without a reload.
Axe on an open panel.

Time is frozen on Wednesday 18.11.2026 after closing (16.30) and ticks from there.
"""
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.a11y import assert_accessible, watch_console
from tests.checkin.test_flags import attend
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import AFTER_CLOSING, HEL
from webapp.checkin import scans
from webapp.checkin.models import AbsenceReason, ActivityDay, Kind, Method, Status
from webapp.extensions import db

pytestmark = pytest.mark.browser
WEDNESDAY = AFTER_CLOSING.date()


@pytest.fixture
def evening(app, monkeypatch):
    monkeypatch.setitem(app.config, "BOARD_POLL_SECONDS", 1)
    with time_machine.travel(AFTER_CLOSING, tick=True):
        yield


def open_board(page, people):
    browser_login(page, people.coach, home=False)
    page.goto(f"/units/{people.unit.id}/board")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kierrätyspaja")
    page.evaluate("window.resolveMarker = 'no reload'")


def row(page, name):
    return page.get_by_test_id("board-row").filter(has=page.get_by_role("heading", name=name))


def panel(page):
    return page.get_by_test_id("panel")


def saved(page, message):
    expect(page.get_by_test_id("board-message")).to_have_text(message)
    expect(panel(page)).to_be_empty()


def record_of(person) -> ActivityDay:
    db.session.expire_all()
    return db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == person.id))


def no_reload(page, problems):
    assert page.evaluate("window.resolveMarker") == "no reload"
    assert not [p for p in problems if "Content Security Policy" in p or "Uncaught" in p], problems


def test_a_coach_resolves_each_kind_of_flag_without_a_reload(tablet, people, evening):
    page = tablet
    bertta = factories.make_client(people.unit, coach=people.coach, first_name="Bertta", last_name="Bee")
    cecilia = factories.make_client(people.unit, coach=people.coach, first_name="Cecilia", last_name="Cee")
    for person in (people.client, bertta, cecilia):
        attend(people, WEDNESDAY, start=(8, 0), end=(10, 0), client=person.client)  # under 4 hours
    problems = watch_console(page)
    open_board(page, people)
    for name in ("Anna Asiakas", "Bertta Bee", "Cecilia Cee"):
        expect(row(page, name).get_by_test_id("flags")).to_contain_text("Alle 4 tuntia")

    # Fix a time: Anna left at 14.00, she scanned the wrong way.
    anna = row(page, "Anna Asiakas")
    anna.get_by_role("link", name="Korjaa aika Anna Asiakas").click()
    expect(panel(page).get_by_role("heading", name="Korjaa ajat")).to_be_visible()
    expect(panel(page).get_by_label("Saapumisaika")).to_have_value("08:00")
    expect(panel(page).get_by_label("Lähtöaika")).to_have_value("10:00")
    panel(page).get_by_role("button", name="Tallenna ajat").click()  # no reason yet
    expect(panel(page).get_by_text("Kirjoita syy.")).to_be_visible()
    expect(panel(page).get_by_label("Miksi aikaa korjataan?")).to_be_focused()
    panel(page).get_by_label("Lähtöaika").fill("14:00")
    panel(page).get_by_label("Miksi aikaa korjataan?").fill("Leimasi lähdön väärään aikaan")
    panel(page).get_by_role("button", name="Tallenna ajat").click()
    saved(page, "Ajat korjattu: Anna Asiakas.")
    expect(anna.get_by_test_id("check-out")).to_contain_text("ohjaaja merkitsi")
    expect(anna.get_by_test_id("flags")).to_have_count(0)
    anna.get_by_role("button", name="Vahvista Anna Asiakas").click()
    expect(anna.get_by_test_id("row-status")).to_have_text("Vahvistettu")

    # Confirm anyway with a reason: the flags are shown in words.
    row(page, "Bertta Bee").get_by_role("link", name="Vahvista syyn kanssa Bertta Bee").click()
    expect(panel(page).get_by_test_id("resolve-flags")).to_have_text("Alle 4 tuntia")
    reason = panel(page).get_by_label("Miksi päivä lasketaan?")
    expect(reason).to_be_focused()
    reason.fill("Lyhyempi päivä sovittu tilaajan kanssa")
    panel(page).get_by_role("button", name="Vahvista päivä").click()
    saved(page, "Päivä vahvistettu: Bertta Bee.")
    expect(row(page, "Bertta Bee").get_by_test_id("row-status")).to_have_text("Vahvistettu")
    expect(row(page, "Bertta Bee").get_by_test_id("decision")).to_contain_text(
        "Lyhyempi päivä sovittu tilaajan kanssa")

    # Not counted, with a reason.
    row(page, "Cecilia Cee").get_by_role("link", name="Ei lasketa Cecilia Cee").click()
    panel(page).get_by_label("Miksi päivää ei lasketa?").fill("Lähti sairaana kotiin")
    panel(page).get_by_role("button", name="Merkitse, ettei päivää lasketa").click()
    saved(page, "Päivää ei lasketa: Cecilia Cee.")
    expect(row(page, "Cecilia Cee").get_by_test_id("row-status")).to_have_text("Ei lasketa")

    history = row(page, "Cecilia Cee").get_by_test_id("history")
    history.locator("summary").click()
    expect(history).to_contain_text("Syy: Lähti sairaana kotiin")
    assert (record_of(bertta).status, record_of(cecilia).status) == (Status.CONFIRMED, Status.NOT_COUNTED)
    no_reload(page, problems)


def test_a_panel_closes_with_cancel_and_is_accessible(tablet, people, evening):
    page = tablet
    attend(people, WEDNESDAY, end=(10, 0))
    problems = watch_console(page)
    open_board(page, people)
    row(page, "Anna Asiakas").get_by_role("link", name="Vahvista syyn kanssa Anna Asiakas").click()
    expect(panel(page).get_by_role("heading", name="Vahvista syyn kanssa")).to_be_visible()
    no_reload(page, problems)
    assert_accessible(page, "the day board with the confirm-anyway panel")
    problems.clear()  # injecting axe trips the CSP once (tests/a11y.py), which is as it should be
    assert_no_sideways_scroll(page)
    panel(page).get_by_role("button", name="Peruuta").click()
    expect(panel(page)).to_be_empty()
    assert record_of(people.client).status == Status.OPEN
    no_reload(page, problems)


def test_six_absences_one_for_each_reason(tablet, people, evening):
    page = tablet
    names = {AbsenceReason.OWN_ILLNESS: ("Aino", "Oma sairaus"),
             AbsenceReason.CHILD_ILLNESS: ("Bertta", "Lapsen sairaus"),
             AbsenceReason.JOB_INTERVIEW: ("Cecilia", "Työhaastattelu tai vastaava"),
             AbsenceReason.OFFICE_OF_TRUST: ("Daniel", "Julkinen luottamustoimi"),
             AbsenceReason.OTHER: ("Eero", "Muu syy"),
             AbsenceReason.NOT_HELD: ("Fanni", "Palvelua ei järjestetty")}
    clients = {reason: factories.make_client(people.unit, coach=people.coach, first_name=first, last_name="Poissa")
               for reason, (first, _label) in names.items()}
    problems = watch_console(page)
    open_board(page, people)
    away = page.get_by_test_id("section-away")
    for reason, (first, label) in names.items():
        name = f"{first} Poissa"
        row(page, name).get_by_role("link", name=f"Poissaolo {name}").click()
        expect(panel(page).get_by_role("heading", name="Kirjaa poissaolo")).to_be_visible()
        expect(panel(page).get_by_role("radio").first).to_be_focused()
        panel(page).get_by_role("radio", name=label).check()
        panel(page).get_by_label("Lisätieto (vapaaehtoinen)").fill(f"Ilmoitti: {first}")
        panel(page).get_by_role("button", name="Tallenna poissaolo").click()
        saved(page, f"Poissaolo kirjattu: {name}.")
        expect(away.get_by_test_id("board-row").filter(has=page.get_by_role("heading", name=name))).to_contain_text(
            label)
    expect(away.get_by_test_id("board-row")).to_have_count(6)
    for reason, person in clients.items():
        day = record_of(person)
        assert (day.kind, day.absence_reason, day.status) == (Kind.ABSENT, reason.value, Status.CONFIRMED)
    no_reload(page, problems)


def test_an_absence_without_a_reason_is_the_form_again(tablet, people, evening):
    page = tablet
    open_board(page, people)
    row(page, "Anna Asiakas").get_by_role("link", name="Poissaolo Anna Asiakas").click()
    panel(page).get_by_role("button", name="Tallenna poissaolo").click()
    expect(panel(page).get_by_text("Valitse poissaolon syy.")).to_be_visible()
    assert record_of(people.client) is None


def test_a_short_remote_day_asks_for_the_reason_then_is_recorded(tablet, people, evening):
    page = tablet
    problems = watch_console(page)
    open_board(page, people)
    row(page, "Anna Asiakas").get_by_role("link", name="Etäpäivä Anna Asiakas").click()
    expect(panel(page).get_by_label("Tunnit")).to_be_focused()
    panel(page).get_by_label("Tunnit").fill("2")
    panel(page).get_by_label("Minuutit").fill("30")
    panel(page).get_by_role("button", name="Tallenna etäpäivä").click()
    reason = panel(page).get_by_label("Miksi päivä lasketaan?")
    expect(panel(page).get_by_text("Päivässä on huomautus: kirjoita, miksi päivä lasketaan.")).to_be_visible()
    expect(panel(page).get_by_test_id("resolve-flags")).to_have_text("Alle 4 tuntia")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_be_focused()
    expect(panel(page).get_by_label("Tunnit")).to_have_value("2")
    assert record_of(people.client) is None
    reason.fill("Sovittu lyhyempi etäpäivä")
    panel(page).get_by_role("button", name="Tallenna etäpäivä").click()
    saved(page, "Etäpäivä kirjattu: Anna Asiakas.")
    anna = page.get_by_test_id("section-away").get_by_test_id("board-row")
    expect(anna).to_contain_text("2 t 30 min")
    expect(anna.get_by_test_id("row-status")).to_have_text("Vahvistettu")
    day = record_of(people.client)
    assert (day.kind, day.reported_minutes, day.decision_reason) == (Kind.REMOTE, 150, "Sovittu lyhyempi etäpäivä")
    no_reload(page, problems)


def test_a_missing_check_out_after_closing_is_set_by_the_coach(tablet, people, evening):
    page = tablet
    with time_machine.travel(datetime(2026, 11, 18, 8, 0, tzinfo=HEL), tick=False):
        scans.record_scan(key="anna-in", unit=people.unit, method=Method.BADGE, client=people.client.client)
    problems = watch_console(page)
    open_board(page, people)
    anna = row(page, "Anna Asiakas")
    expect(anna.get_by_test_id("flags")).to_contain_text("Lähtöaika puuttuu")
    anna.get_by_role("link", name="Korjaa aika Anna Asiakas").click()
    expect(panel(page).get_by_text("Lähtöaika puuttuu. Kirjaa aika, jolloin asiakas lähti.")).to_be_visible()
    expect(panel(page).get_by_label("Saapumisaika")).to_have_value("08:00")
    expect(panel(page).get_by_label("Lähtöaika")).to_have_value("")
    panel(page).get_by_label("Lähtöaika").fill("14:15")
    panel(page).get_by_label("Miksi aikaa korjataan?").fill("Unohti leimata lähtiessä")
    panel(page).get_by_role("button", name="Tallenna ajat").click()
    saved(page, "Ajat korjattu: Anna Asiakas.")
    expect(anna.get_by_test_id("check-out")).to_contain_text("14.15")
    expect(anna.get_by_test_id("flags")).to_have_count(0)
    anna.get_by_role("button", name="Vahvista Anna Asiakas").click()
    expect(anna.get_by_test_id("row-status")).to_have_text("Vahvistettu")
    history = anna.get_by_test_id("history")
    history.locator("summary").click()
    expect(history).to_contain_text("Syy: Unohti leimata lähtiessä")
    day = record_of(people.client)
    assert day.check_out_at == datetime(2026, 11, 18, 14, 15, tzinfo=HEL) and day.check_out_method == Method.COACH
    no_reload(page, problems)


def test_presence_and_service_not_held_from_the_board(tablet, people, evening):
    page = tablet
    factories.make_client(people.unit, coach=people.coach, first_name="Bertta", last_name="Bee")
    factories.make_client(people.unit, coach=people.coach, first_name="Cecilia", last_name="Cee")
    problems = watch_console(page)
    open_board(page, people)
    row(page, "Anna Asiakas").get_by_role("link", name="Oli paikalla Anna Asiakas").click()
    expect(panel(page).get_by_label("Saapumisaika")).to_be_focused()
    panel(page).get_by_label("Saapumisaika").fill("09:00")
    panel(page).get_by_label("Lähtöaika (vapaaehtoinen)").fill("14:00")
    panel(page).get_by_label("Miksi läsnäolo kirjataan käsin?").fill("Puhelin jäi kotiin")
    panel(page).get_by_role("button", name="Tallenna läsnäolo").click()
    saved(page, "Läsnäolo kirjattu: Anna Asiakas.")
    expect(page.get_by_test_id("section-arrived").get_by_role("heading", name="Anna Asiakas")).to_be_visible()
    expect(row(page, "Anna Asiakas").get_by_test_id("check-in")).to_contain_text("ohjaaja merkitsi")

    page.get_by_role("link", name="Palvelua ei järjestetty").click()
    expect(panel(page).get_by_test_id("not-held-count")).to_have_text(
        "Merkitään 2 asiakasta, joilla ei ole vielä merkintää tälle päivälle.")
    panel(page).get_by_label("Lisätieto (vapaaehtoinen)").fill("Vesivahinko")
    panel(page).get_by_role("button", name="Merkitse: palvelua ei järjestetty").click()
    saved(page, "Palvelua ei järjestetty: merkittiin 2 asiakasta.")
    expect(page.get_by_test_id("section-away").get_by_test_id("board-row")).to_have_count(2)
    no_reload(page, problems)
