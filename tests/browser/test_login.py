import pytest

from tests.conftest import assert_no_sideways_scroll, browser_login_by_form

pytestmark = pytest.mark.browser


def test_a_coach_signs_in_on_a_phone(phone, people):
    browser_login_by_form(phone, people.coach)
    assert phone.url.endswith("/clients/mine")
    assert_no_sideways_scroll(phone)


def test_the_language_switch_turns_the_page_swedish(tablet, people):
    tablet.goto("/login")
    tablet.get_by_text("Kieli").click()
    tablet.get_by_role("button", name="På svenska").click()
    assert tablet.locator("html").get_attribute("lang") == "sv"
