"""A coach on a tablet records a skill mapped to a qualification unit and an EA1 training, and
downloads the competence certificate (read back with pdftotext); the client sees them on a 360 px
phone."""
import subprocess

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY

pytestmark = pytest.mark.browser


@pytest.fixture
def wednesday():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


def pdf_words(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def test_a_coach_records_a_skill_and_a_training_and_the_client_sees_them(tablet, phone, people, wednesday, tmp_path):
    factories.make_qualification_unit("Ylläpitosiivous")
    factories.make_training_kind()
    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/clients/{people.client.id}")
    tablet.get_by_role("link", name="Taidot, koulutukset ja osaamistodistus").click()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("Taidot ja korttikoulutukset · Anna")

    tablet.get_by_role("link", name="Kirjaa taito").click()
    tablet.get_by_role("button", name="Tallenna taito").click()  # nothing written: told what is missing
    expect(tablet.get_by_text("Kirjoita, mitä asiakas osasi.")).to_be_visible()
    tablet.get_by_label("Taito tavallisin sanoin").fill("Annostelee pesuaineen ohjeen mukaan")
    tablet.get_by_label("Työtehtävä").fill("Porraskäytävien siivous")
    tablet.get_by_label("Päivä", exact=True).fill("2026-11-17")
    tablet.get_by_label("Tutkinnon osa (vapaaehtoinen)").select_option(
        label="Ylläpitosiivous – Puhtaus- ja kiinteistöpalvelualan perustutkinto")
    tablet.get_by_role("button", name="Tallenna taito").click()
    expect(tablet.get_by_text("Taito on tallennettu.")).to_be_visible()
    expect(tablet.get_by_test_id("skill")).to_contain_text("Ylläpitosiivous")

    tablet.get_by_role("link", name="Kirjaa koulutus").click()
    tablet.get_by_label("Koulutus", exact=True).select_option(label="Ensiapukoulutus EA1")
    tablet.get_by_label("Suorituspäivä").fill("2026-11-10")
    tablet.get_by_role("button", name="Tallenna koulutus").click()
    expect(tablet.get_by_text("Koulutus on tallennettu.")).to_be_visible()
    expect(tablet.get_by_test_id("training")).to_contain_text("Voimassa 10.11.2029 asti")
    assert_no_sideways_scroll(tablet)
    tablet.screenshot(path="/tmp/skills-shots/coach-tablet.png", full_page=True)

    tablet.get_by_role("link", name="Jakso 1.9.2026–2.3.2027, Kierrätyspaja").click()
    expect(tablet.get_by_test_id("competence-certificate")).to_contain_text("Annostelee pesuaineen ohjeen mukaan")
    expect(tablet.get_by_test_id("not-a-qualification")).to_be_visible()
    tablet.screenshot(path="/tmp/skills-shots/certificate-tablet.png", full_page=True)
    with tablet.expect_download() as download:
        tablet.get_by_test_id("download-pdf").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("osaamistodistus-") and path.suffix == ".pdf"
    words = pdf_words(path)
    for expected in ("Anna Asiakas", "Annostelee pesuaineen ohjeen mukaan", "Ylläpitosiivous",
                     "Puhtaus- ja kiinteistöpalvelualan perustutkinto", "Ensiapukoulutus EA1", "10.11.2029",
                     "Kaisa Ohjaaja", "ei ole tutkintotodistus"):
        assert expected in words, expected

    browser_login(phone, people.client)
    phone.get_by_role("link", name="Taitoni ja korttini").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Taitoni")
    expect(phone.get_by_test_id("my-skill")).to_contain_text("Annostelee pesuaineen ohjeen mukaan")
    expect(phone.get_by_test_id("my-skill")).to_contain_text("Tutkinnon osa: Ylläpitosiivous")
    expect(phone.get_by_test_id("my-training")).to_contain_text("Ensiapukoulutus EA1")
    expect(phone.get_by_test_id("my-training")).to_contain_text("Voimassa 10.11.2029 asti")
    assert_no_sideways_scroll(phone)
    phone.screenshot(path="/tmp/skills-shots/client-phone.png", full_page=True)


def test_the_skills_pages_fit_a_phone_and_expiring_cards_are_marked(phone, people, wednesday):
    anna = people.client.client
    unit = factories.make_qualification_unit("Asiakaslähtöisten puhtaus- ja kiinteistöpalvelujen tuottaminen")
    ea1 = factories.make_training_kind()
    skill = factories.make_skill(anna, people.coach, "Lajittelee pahvit ja muovit oikeisiin astioihin",
                                 task="Kiinteistön jätehuolto", unit=unit)
    factories.make_training(anna, people.coach, ea1, completed_on=factories.date(2023, 10, 1))  # expired
    training = factories.make_training(anna, people.coach, ea1, completed_on=factories.date(2024, 1, 10))  # soon
    browser_login(phone, people.coach, home=False)
    for path in (f"/clients/{anna.person_id}/skills", f"/clients/{anna.person_id}/skills/new",
                 f"/skills/{skill.id}/correct", f"/clients/{anna.person_id}/trainings/new",
                 f"/trainings/{training.id}/correct", f"/periods/{anna.periods[0].id}/competence"):
        phone.goto(path)
        assert_no_sideways_scroll(phone)
    phone.goto(f"/clients/{anna.person_id}/skills")
    expect(phone.get_by_test_id("expired")).to_have_text("Vanhentunut")
    expect(phone.get_by_test_id("expiring")).to_have_text("Vanhenee pian")
    card = phone.get_by_test_id("skill")
    card.locator("summary", has_text="Poista taito").click()
    card.get_by_label("Miksi poistat?").fill("Kirjattu kahdesti")
    card.get_by_role("button", name="Poista taito").click()
    expect(phone.get_by_text("Taito on poistettu.")).to_be_visible()
    expect(phone.get_by_test_id("skill")).to_contain_text("Kirjattu kahdesti")
    assert_no_sideways_scroll(phone)
    phone.screenshot(path="/tmp/skills-shots/coach-phone.png", full_page=True)

    phone.context.clear_cookies()  # signed out: the manager signs in on the same phone
    browser_login(phone, people.manager, home=False)
    phone.goto("/settings/skills")
    phone.locator("summary", has_text="Lisää korttikoulutus").click()
    phone.get_by_label("Nimi suomeksi").fill("Tulityökortti")
    phone.get_by_label("Voimassaolo kuukausina (tyhjä: ei vanhene)").fill("60")
    phone.get_by_role("button", name="Lisää korttikoulutus").click()
    expect(phone.get_by_text("Koulutus on lisätty.")).to_be_visible()
    expect(phone.get_by_test_id("training-kind").filter(has_text="Tulityökortti")).to_contain_text("60 kuukautta")
    assert_no_sideways_scroll(phone)
    phone.screenshot(path="/tmp/skills-shots/settings-phone.png", full_page=True)
