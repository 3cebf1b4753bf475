"""The day board's panel on a 1024×768 tablet: when it opens, its save button is on the screen
without scrolling inside the panel ("Tallenna poissaolo" used to sit below the screen's edge),
in Finnish and Swedish, for the absence and the other panels opened from a row."""
import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import browser_login
from tests.moments import MORNING
from webapp.extensions import db

pytestmark = pytest.mark.browser



@pytest.fixture
def morning():
    with time_machine.travel(MORNING, tick=True):
        yield


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("which", ["absence", "remote", "presence"])
def test_the_panels_save_button_is_on_the_screen_when_it_opens(tablet, people, morning, language, which):
    page = tablet
    people.coach.language = language
    db.session.commit()
    factories.make_period(people.client.client, people.unit, starts_on=MORNING.date().replace(day=1))
    browser_login(page, people.coach, home=False)
    page.goto(f"/units/{people.unit.id}/board")
    page.locator(f"#{which}-{people.client.id}").click()
    panel = page.get_by_test_id("panel")
    submit = panel.locator("form[hx-post] button[type=submit]")
    expect(submit).to_be_visible()
    expect(submit).to_be_in_viewport(ratio=1)
    assert panel.evaluate("p => p.scrollTop") == 0, "the panel was scrolled to show its button"
    assert page.evaluate("window.scrollY") == 0, "the page was scrolled to show the button"
    # The field the coach starts with is on the screen too, and has the focus.
    focused = page.evaluate("document.activeElement.closest('#panel') !== null")
    assert focused
    expect(page.locator("#panel :focus")).to_be_in_viewport()
