"""The client's path through a period, as issue 15 tells it: a coach writes the plan with three
goals on a tablet; the client answers WHO-5 and her own part on a 360 px phone; the coach scores
the goals at an interim evaluation, ends the period with a final evaluation and its next step,
and downloads the certificate of participation, which pdftotext reads back: her name, the
period's dates and the number of days she attended."""
import subprocess
from datetime import date, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import DB_KIND, assert_no_sideways_scroll, browser_login, seed_instruments_and_templates
from tests.moments import HEL
from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.extensions import db

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(DB_KIND != "sqlite", reason="one long page flow; each step's rules are tested on both")]

STARTS, ENDS = date(2026, 9, 7), date(2027, 1, 20)  # Monday 7.9.2026 – Wednesday 20.1.2027
START_DAY = datetime(2026, 9, 7, 10, 0, tzinfo=HEL)
INTERIM_DAY = datetime(2026, 11, 18, 10, 0, tzinfo=HEL)
LAST_DAY = datetime(2027, 1, 20, 14, 0, tzinfo=HEL)
GOALS = ["Jaksan tulla maanantaisin ja keskiviikkoisin", "Opin käyttämään kassakonetta", "Syön lounaan muiden kanssa"]
WHO5 = ["Olen ollut iloinen ja hyvällä tuulella", "Olen ollut rauhallinen ja rentoutunut",
        "Olen ollut aktiivinen ja tarmokas", "Olen herännyt virkeänä ja levänneenä",
        "Päiväni ovat olleet täynnä asioita, jotka kiinnostavat minua"]


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


def attended(client, person_id, unit, coach, days):
    """Days she came and her coach confirmed (the day board's flows are tested elsewhere)."""
    for on in days:
        start = datetime.combine(on, datetime.min.time(), HEL).replace(hour=8)
        db.session.add(ActivityDay(client_id=person_id, unit_id=unit.id, day=on, kind=Kind.ONSITE.value,
                                   check_in_at=start, check_in_method="badge", check_out_at=start + timedelta(hours=5),
                                   check_out_method="badge", status=Status.CONFIRMED.value, decided_at=start,
                                   decided_by_id=coach.id))
    db.session.commit()


def answer_who5(phone, answer):
    for statement in WHO5:
        phone.get_by_role("group", name=statement).get_by_text(answer, exact=True).click()
    phone.get_by_role("button", name="Tallenna vastaukset").click()
    expect(phone.get_by_text("Kiitos! Vastauksesi on tallennettu.")).to_be_visible()


def sign(tablet):
    tablet.get_by_role("button", name="Tallenna luonnos").click()
    expect(tablet.get_by_text("Luonnos on tallennettu.")).to_be_visible()
    tablet.get_by_role("button", name="Allekirjoita ja lukitse").click()
    expect(tablet.get_by_test_id("document-state")).to_contain_text("Allekirjoitettu ja lukittu")


def start_document(tablet, kind):
    tablet.get_by_label(kind).check()
    tablet.get_by_role("button", name="Aloita").click()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text(kind)


def test_a_period_from_the_plan_to_the_certificate(app, tablet, phone, people, tmp_path):
    with time_machine.travel(START_DAY, tick=True):
        seed_instruments_and_templates()
        eino = factories.make_client(people.unit, coach=people.coach, first_name="Eino", last_name="Esimerkki",
                                     email="eino@example.fi", password=factories.PASSWORD, period=False)
        period = factories.make_period(eino.client, people.unit, starts_on=STARTS, ends_on=ENDS, weekdays=(0, 2))
        factories.make_unit_activity(people.unit, "Lajittelu")

        # The plan, with three goals, on the coach's tablet
        browser_login(tablet, people.coach, home=False)
        tablet.goto(f"/clients/{eino.id}")
        tablet.get_by_role("link", name="Tavoitteet ja GAS-arviot").click()
        for text in GOALS:
            tablet.get_by_role("link", name="Lisää tavoite").click()
            tablet.get_by_label("Tavoite asiakkaan omin sanoin").fill(text)
            tablet.get_by_label("0 odotettu tulos").fill("Onnistuu useimmiten")
            tablet.get_by_role("radio", name="−1 hieman odotettua huonompi").check()
            tablet.get_by_role("button", name="Tallenna tavoite").click()
            expect(tablet.get_by_text("Tavoite on tallennettu.")).to_be_visible()
        expect(tablet.get_by_test_id("goal")).to_have_count(3)
        tablet.goto(f"/periods/{period.id}/documents")
        start_document(tablet, "Toteutussuunnitelma")
        for goal in GOALS:
            expect(tablet.get_by_text(goal)).to_be_visible()  # the goals, in the plan
        tablet.get_by_label("Konkreettiset toimenpiteet ja työmuodot, joilla tavoitteisiin vastataan").fill(
            "Lajittelu ja kassa ohjaajan tuella.")
        tablet.get_by_label("Asiakkaan osallisuus ja asema sekä osallisuuden tukemisen keinot").fill("Eino valitsee tehtävänsä.")
        tablet.get_by_label("Palvelun tiiviys ja ajankäyttö").fill("Kaksi päivää viikossa, 5 h.")
        tablet.get_by_label("Seuraavan väliarvioinnin päivä").fill("2026-11-18")
        sign(tablet)

        # WHO-5 at the start, on his phone
        browser_login(phone, eino)
        phone.get_by_test_id("wellbeing-card").get_by_role("link", name="Vastaa kysymyksiin").click()
        phone.get_by_role("link", name="Vastaa kysymyksiin").click()
        answer_who5(phone, "Alle puolet ajasta")
        assert_no_sideways_scroll(phone)

    attended(eino.client, eino.id, people.unit, people.coach,
             [STARTS + timedelta(weeks=w, days=d) for w in range(10) for d in (0, 2)])  # 20 days by 16.11.

    with time_machine.travel(INTERIM_DAY, tick=True):
        # Weeks later, both signed in again: the interim evaluation's draft, then his own part and
        # WHO-5 before the meeting
        tablet.context.clear_cookies()
        phone.context.clear_cookies()
        browser_login(tablet, people.coach, home=False)
        browser_login(phone, eino, home=False)
        tablet.goto(f"/periods/{period.id}/documents")
        start_document(tablet, "Väliarviointi")
        phone.goto("/me/plans")
        phone.get_by_role("link", name="Väliarviointi: vastaa").click()
        phone.get_by_label("Mikä on mennyt hyvin?").fill("Kassa sujuu jo.")
        phone.get_by_label("Mitä haluat tehdä seuraavaksi?").fill("Työkokeilu kaupassa.")
        phone.get_by_role("button", name="Lähetä ohjaajalle").click()
        expect(phone.get_by_text("Kiitos! Ohjaajasi näkee vastauksesi ennen tapaamista.")).to_be_visible()
        assert_no_sideways_scroll(phone)
        phone.goto("/me/wellbeing")
        phone.get_by_role("link", name="Vastaa kysymyksiin").click()
        answer_who5(phone, "Yli puolet ajasta")

        # The coach scores the goals, then writes and signs the interim evaluation
        tablet.goto(f"/periods/{period.id}/goals")
        tablet.get_by_role("link", name="Kirjaa arviointi").click()
        for n in range(3):
            tablet.locator("fieldset.goal-score").nth(n).get_by_text("0 odotettu tulos").click()
        tablet.get_by_role("button", name="Tallenna arviointi").click()
        expect(tablet.get_by_text("Arviointi on tallennettu.")).to_be_visible()
        expect(tablet.get_by_test_id("t-point").nth(1)).to_contain_text("T 50,0")
        tablet.goto(f"/periods/{period.id}/documents")
        tablet.get_by_role("link", name="Väliarviointi").first.click()
        expect(tablet.get_by_text("Kassa sujuu jo.")).to_be_visible()  # his own part, in the draft
        expect(tablet.get_by_test_id("document-gas")).to_contain_text("T = 50,0")
        expect(tablet.get_by_test_id("known").get_by_test_id("known-attendance")).to_contain_text("20")
        tablet.get_by_label("Palveluntuottajan arvio tilanteesta suhteessa tavoitteisiin").fill("Tavoitteet etenevät.")
        tablet.get_by_label("Asiakkaan oma arvio tilanteesta suhteessa tavoitteisiin").fill("Kassa sujuu jo.")
        tablet.get_by_label("Palveluntuottajan ja asiakkaan näkemys jatkosuunnitelmasta").fill("Kohti työkokeilua.")
        tablet.get_by_label("Seuraavan väliarvioinnin päivä").fill("2027-01-20")
        sign(tablet)
        assert_no_sideways_scroll(tablet)

    attended(eino.client, eino.id, people.unit, people.coach, [date(2026, 11, 23), date(2026, 11, 25),
                                                               date(2027, 1, 18), date(2027, 1, 20)])  # 24 in all

    with time_machine.travel(LAST_DAY, tick=True):
        # The last day: the final evaluation of the goals, its document with the next step
        tablet.context.clear_cookies()
        phone.context.clear_cookies()
        browser_login(tablet, people.coach, home=False)
        browser_login(phone, eino, home=False)
        tablet.goto(f"/periods/{period.id}/goals")
        tablet.get_by_role("link", name="Kirjaa arviointi").click()
        tablet.get_by_label("Loppuarviointi").check()
        for n in range(3):
            tablet.locator("fieldset.goal-score").nth(n).get_by_text("+1 hieman odotettua parempi").click()
        tablet.get_by_role("button", name="Tallenna arviointi").click()
        expect(tablet.get_by_text("Arviointi on tallennettu.")).to_be_visible()
        tablet.goto(f"/periods/{period.id}/documents")
        start_document(tablet, "Loppuarviointi")
        tablet.get_by_label("Asiakkaan tilanne palvelun päättyessä").fill("Eino aloittaa työkokeilun kaupassa.")
        tablet.get_by_label("Palvelun toteutuminen ja tavoitteiden saavuttaminen").fill("Tavoitteet ylittyivät.")
        tablet.get_by_label("Jatkopolku: mihin asiakas siirtyy").select_option(label="Työkokeilu")
        sign(tablet)

        # The certificate of participation, downloaded and read back
        tablet.get_by_role("link", name="Anna todistus osallistumisesta").click()  # on the signed final evaluation
        expect(tablet.get_by_test_id("days-attended")).to_have_text("24")
        tablet.get_by_role("button", name="Anna todistus").click()
        expect(tablet.get_by_text("Todistus on annettu. Lataa se alta.")).to_be_visible()
        with tablet.expect_download() as info:
            tablet.get_by_role("link", name="Lataa PDF").click()
        info.value.save_as(tmp_path / "certificate.pdf")
        words = pdf_text(tmp_path / "certificate.pdf")
        assert "Eino Esimerkki" in words and "7.9.2026–20.1.2027" in words
        assert words.split("Toteutuneet toimintapäivät")[1].split()[0] == "24"

        # He reads the final evaluation and his next step on his phone
        phone.goto("/me/plans")
        phone.get_by_test_id("to-read").get_by_role("link", name="Loppuarviointi 20.1.2027").click()
        expect(phone.get_by_text("Työkokeilu", exact=True)).to_be_visible()  # his next step
        assert_no_sideways_scroll(phone)
