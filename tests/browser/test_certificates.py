"""The certificate of participation: a coach on the tablet issues it for a client whose period
has ended and downloads the PDF; pdftotext reads the name, the dates and the number of days. The
client finds it on her 360 px phone and downloads it too."""
import subprocess
from datetime import date, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY, HEL
from webapp.checkin.models import ActivityDay, Kind, Status
from webapp.extensions import db

pytestmark = pytest.mark.browser


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


@pytest.fixture
def eeva(app, people):
    """Eeva Esimerkki, whose period 4.5.–30.10.2026 has ended: 9 days confirmed (8 on site, 1 remote)."""
    with time_machine.travel(DURING_THE_DAY, tick=True):
        eeva = factories.make_client(people.unit, coach=people.coach, first_name="Eeva", last_name="Esimerkki",
                                     email="eeva@example.fi", password=factories.PASSWORD, period=False)
        factories.make_period(eeva.client, people.unit, starts_on=date(2026, 5, 4), ends_on=date(2026, 10, 30))
        factories.make_unit_activity(people.unit, "Lajittelu")
        factories.make_unit_activity(people.unit, "Kassatyö")
        for n in range(8):
            on = date(2026, 10, 5) + timedelta(days=n + 2 * (n // 4))  # Mon–Thu, two weeks
            start = datetime.combine(on, datetime.min.time(), HEL).replace(hour=8)
            db.session.add(ActivityDay(client_id=eeva.id, unit_id=people.unit.id, day=on, kind=Kind.ONSITE.value,
                                       check_in_at=start, check_in_method="badge", check_out_at=start + timedelta(hours=5),
                                       check_out_method="badge", status=Status.CONFIRMED.value, decided_at=start,
                                       decided_by_id=people.coach.id))
        db.session.add(ActivityDay(client_id=eeva.id, unit_id=people.unit.id, day=date(2026, 10, 29),
                                   kind=Kind.REMOTE.value, reported_minutes=240, status=Status.CONFIRMED.value,
                                   decided_at=datetime(2026, 10, 29, 15, tzinfo=HEL), decided_by_id=people.coach.id))
        db.session.commit()
        yield eeva


def test_a_coach_issues_the_certificate_and_the_client_downloads_it(tablet, phone, people, eeva, tmp_path):
    with time_machine.travel(DURING_THE_DAY, tick=True):
        browser_login(tablet, people.coach, home=False)
        tablet.goto(f"/clients/{eeva.id}")
        tablet.get_by_role("link", name="Todistukset").click()
        expect(tablet.get_by_role("heading", name="Anna todistus osallistumisesta")).to_be_visible()
        expect(tablet.get_by_test_id("days-attended")).to_have_text("9")
        expect(tablet.get_by_test_id("interim-notice")).to_have_count(0)
        tasks = tablet.get_by_label("Työtehtävät")
        expect(tasks).to_have_value("Kassatyö\nLajittelu")  # the unit's activities to start from
        tasks.fill("Lajittelu ja hinnoittelu\nKassatyö\nAsiakaspalvelu")
        expect(tablet.get_by_label("suomi")).to_be_checked()
        tablet.get_by_label("Osaaminen ja koulutukset mukaan (asiakas haluaa)").check()
        tablet.get_by_role("button", name="Anna todistus").click()
        expect(tablet.get_by_text("Todistus on annettu. Lataa se alta.")).to_be_visible()
        expect(tablet.get_by_test_id("certificate")).to_have_count(1)
        expect(tablet.get_by_test_id("certificate")).to_contain_text("9 toteutunutta päivää")
        assert_no_sideways_scroll(tablet)
        with tablet.expect_download() as info:
            tablet.get_by_role("link", name="Lataa PDF").click()
        download = info.value
        assert download.suggested_filename == "todistus-eeva-esimerkki-2026-11-18.pdf"
        download.save_as(tmp_path / "coach.pdf")
        words = pdf_text(tmp_path / "coach.pdf")
        assert "Todistus osallistumisesta" in words and "Eeva Esimerkki" in words
        assert "4.5.2026–30.10.2026" in words and "Asiakaspalvelu" in words and "Kaisa Ohjaaja" in words
        assert words.split("Toteutuneet toimintapäivät")[1].split()[0] == "9"

        browser_login(phone, eeva)
        phone.get_by_role("link", name="Todistukseni").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Todistukseni")
        card = phone.get_by_test_id("my-certificates")
        expect(card).to_contain_text("4.5.2026–30.10.2026")
        expect(card).to_contain_text("9 toteutunutta päivää")
        assert_no_sideways_scroll(phone)
        with phone.expect_download() as info:
            phone.get_by_role("link", name="Lataa PDF").click()
        info.value.save_as(tmp_path / "client.pdf")
        assert pdf_text(tmp_path / "client.pdf") == words  # the same paper


def test_the_issuing_page_fits_a_phone_and_says_when_a_certificate_is_interim(phone, people):
    with time_machine.travel(DURING_THE_DAY, tick=True):
        running = people.client.client.periods[0]  # 1.9.2026–2.3.2027
        factories.make_certificate(running, people.coach, language="sv")
        browser_login(phone, people.coach, home=False)
        phone.goto(f"/periods/{running.id}/certificates")
        expect(phone.get_by_role("heading", name="Anna väliaikainen todistus")).to_be_visible()
        expect(phone.get_by_test_id("interim-notice")).to_be_visible()
        expect(phone.get_by_test_id("certificate")).to_contain_text("kieli: ruotsi")
        assert_no_sideways_scroll(phone)
