"""Anna shares a diary day on her phone, her own coach reads it on the tablet and answers,
Anna sees the answer, stops sharing, and the coach no longer sees it; Anna's access log lists
the coach's read."""
from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import assert_no_sideways_scroll, browser_login
from tests.moments import DURING_THE_DAY
from webapp.diary.models import DiaryRead
from webapp.extensions import db

pytestmark = pytest.mark.browser

SUNDAY = date(2026, 11, 15)  # three days back: no longer editable, but sharing is still hers


@pytest.fixture
def wednesday():
    with time_machine.travel(DURING_THE_DAY, tick=True):
        yield


def test_a_shared_day_reaches_the_own_coach_and_unsharing_takes_it_away(phone, tablet, people, wednesday):
    factories.make_entry(people.client, SUNDAY, mood=4, energy=3, went_well="Sain pöydän hiottua",
                         activities=["Puutyöt"])
    browser_login(phone, people.client, home=False)
    phone.goto(f"/diary/{SUNDAY.isoformat()}")
    phone.get_by_role("button", name="Jaa ohjaajalle").click()
    expect(phone.get_by_role("button", name="Lopeta jakaminen")).to_be_visible()

    browser_login(tablet, people.coach, home=False)
    tablet.goto(f"/clients/{people.client.id}")  # the client page shows the latest shared entries: a read
    expect(tablet.get_by_text("Sain pöydän hiottua")).to_be_visible()
    assert db.session.scalar(db.select(db.func.count()).select_from(DiaryRead)) == 1
    tablet.get_by_role("link", name="Päiväkirja (jaetut merkinnät)").click()
    # htmx must be running before the reply is sent: without it the form posts the plain way and
    # the redirect shows the list again, which is (rightly) a third read
    tablet.wait_for_url(f"**/clients/{people.client.id}/diary", wait_until="load")
    expect(tablet.get_by_text("Sain pöydän hiottua")).to_be_visible()
    expect(tablet.get_by_text("Jokainen lukeminen tallentuu asiakkaan nähtäväksi.").first).to_be_visible()
    assert db.session.scalar(db.select(db.func.count()).select_from(DiaryRead)) == 2

    tablet.get_by_label("Vastaa lyhyesti").fill("Hienoa, näytä pöytä huomenna!")
    tablet.get_by_role("button", name="Lähetä vastaus").click()
    expect(tablet.locator(".coach-reply")).to_contain_text("Hienoa, näytä pöytä huomenna!")
    assert_no_sideways_scroll(tablet)

    phone.reload()
    expect(phone.get_by_text("Hienoa, näytä pöytä huomenna!")).to_be_visible()
    phone.get_by_role("button", name="Lopeta jakaminen").click()
    expect(phone.get_by_role("button", name="Jaa ohjaajalle")).to_be_visible()

    tablet.reload()
    expect(tablet.get_by_text("Asiakas ei ole jakanut sinulle merkintöjä.")).to_be_visible()
    assert tablet.get_by_text("Sain pöydän hiottua").count() == 0

    phone.goto("/")
    phone.get_by_role("link", name="Kuka on lukenut päiväkirjaani").click()
    expect(phone.get_by_role("heading", name="Kuka on lukenut päiväkirjaani")).to_be_visible()
    reads = phone.locator(".access-read")
    expect(reads).to_have_count(2)  # on the client page, then in the diary list
    for read in reads.all():
        expect(read).to_contain_text("Kaisa Ohjaaja, ohjaaja")
        expect(read).to_contain_text("15.11.2026")
    assert_no_sideways_scroll(phone)
