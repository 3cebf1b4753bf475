"""A coach's reply on the client's phone: the home page shows it until she opens the day it
answers; then it is read and leaves the home page (it stays in the day's entry)."""
from datetime import date, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.a11y import assert_accessible
from tests.conftest import browser_login
from tests.moments import HEL
from webapp.diary import entries

pytestmark = pytest.mark.browser


def test_the_client_reads_her_coachs_reply_from_the_home_page(phone, people):
    with time_machine.travel(datetime(2026, 11, 18, 11, 0, tzinfo=HEL), tick=True):
        entry = factories.make_entry(people.client, date(2026, 11, 17), mood=2, shared=True,
                                     to_coach="Voinko tulla huomenna myöhemmin?")
        entries.reply(entry, people.coach, "Sopii hyvin, nähdään kymmeneltä.")
        browser_login(phone, people.client)
        card = phone.get_by_test_id("replies-card")
        expect(card.get_by_role("heading")).to_have_text("Ohjaajasi vastasi sinulle")
        expect(card).to_contain_text("Kaisa vastasi päivään tiistai 17.11.:")
        expect(card).to_contain_text("Sopii hyvin, nähdään kymmeneltä.")
        assert_accessible(phone, "home with a reply")
        card.get_by_role("link", name="Avaa päivä").click()
        expect(phone.get_by_role("heading", name="Ohjaajan vastaus")).to_be_visible()
        expect(phone.locator(".diary-replies")).to_contain_text("Sopii hyvin, nähdään kymmeneltä.")
        phone.get_by_role("link", name="Läsnä").click()
        expect(phone.get_by_role("heading", name="Hei, Anna!")).to_be_visible()
        expect(phone.get_by_test_id("replies-card")).to_have_count(0)
