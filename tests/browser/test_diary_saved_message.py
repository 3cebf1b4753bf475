"""The diary's "saved" message shows where the client is looking: after a tap on a face at the
top of a long form it is on the screen (it used to appear some 1,900 px further down, under the
form), in a polite live region, and it covers neither the tapped face nor the next question."""
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import browser_login
from tests.moments import DURING_THE_DAY

pytestmark = pytest.mark.browser
TODAY = DURING_THE_DAY.date()


def overlaps(a, b) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_saved_message_is_on_the_screen_after_a_tap(phone, people, language):
    with time_machine.travel(DURING_THE_DAY, tick=True):
        people.client.language = language
        factories.make_period(people.client.client, people.unit, starts_on=TODAY - timedelta(days=30))
        for label in ("Puutyöt", "Ompelu", "Kierrätyspajan lajittelu", "Kahvion tiskit", "Pyöräkorjaamo"):
            factories.make_unit_activity(people.unit, label)
        browser_login(phone, people.client, home=False)
        phone.goto("/diary")
        face = phone.locator('label[for="mood-2"]')
        with phone.expect_response(lambda r: r.request.method == "POST"):
            face.click()
        saved = phone.locator("#diary-saved .diary-saved-text")
        expect(saved).to_be_visible()
        assert phone.evaluate("window.scrollY") == 0  # nothing scrolled: the client still sees the faces
        expect(saved).to_be_in_viewport(ratio=1)  # wholly on the screen
        assert not overlaps(saved.bounding_box(), face.bounding_box())
        # A polite live region announces it: the status element is an ancestor of the text.
        status = phone.locator("#diary-saved")
        assert status.get_attribute("role") == "status"
        # A tap lower down, on the energy scale: the message follows the eye.
        phone.locator('label[for="energy-3"]').scroll_into_view_if_needed()
        with phone.expect_response(lambda r: r.request.method == "POST"):
            phone.locator('label[for="energy-3"]').click()
        expect(saved).to_be_visible()
        expect(saved).to_be_in_viewport(ratio=1)
        assert not overlaps(saved.bounding_box(), phone.locator('label[for="energy-3"]').bounding_box())
