"""The trend chart on a 360 px phone: the scale's words stay clear of the lines and points (the
latest points used to cover the right-hand words), in Finnish and Swedish."""
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests import factories
from tests.conftest import browser_login
from tests.moments import DURING_THE_DAY
from webapp.extensions import db

pytestmark = pytest.mark.browser
TODAY = DURING_THE_DAY.date()

# The boxes of the words, the points and the plot (where the grid lines run), as drawn.
BOXES = """() => {
  const box = el => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: el.textContent}; };
  const svg = document.querySelector('svg.trend-chart');
  return {
    svg: box(svg),
    words: Array.from(svg.querySelectorAll('text.chart-word')).map(box),
    marks: Array.from(svg.querySelectorAll('.chart-mark')).filter(m => !m.closest('.chart-legend-key')).map(box),
    grid: Array.from(svg.querySelectorAll('path.chart-grid:not(.chart-tick)')).map(box),
  };
}"""


def overlaps(a, b) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_words_of_the_scale_stay_clear_of_the_points(phone, people, language):
    with time_machine.travel(DURING_THE_DAY, tick=True):
        people.client.language = language
        db.session.commit()
        # Every level at both ends of the four weeks, the latest day at the right-hand edge.
        for back, mood, energy in [(0, 4, 2), (1, 3, 3), (2, 5, 1), (3, 1, 5), (23, 2, 4), (22, 4, 2), (21, 1, 1)]:
            factories.make_entry(people.client, TODAY - timedelta(days=back), mood=mood, energy=energy)
        browser_login(phone, people.client, home=False)
        phone.goto("/diary/trend?weeks=4")
        expect(phone.locator("svg.trend-chart")).to_be_visible()
        drawn = phone.evaluate(BOXES)
    plot_left = min(line["left"] for line in drawn["grid"])
    covered = [word["text"] for word in drawn["words"] if any(overlaps(word, mark) for mark in drawn["marks"])]
    assert covered == [], f"points cover {covered}"
    for word in drawn["words"]:
        assert drawn["svg"]["left"] <= word["left"] and word["right"] <= drawn["svg"]["right"], word
        assert word["right"] <= plot_left, f"{word['text']!r} reaches into the plot, where the lines run"
    assert len(drawn["words"]) == 10 and len(drawn["marks"]) == 14  # every word and point was looked at
