"""GET /diary/trend?weeks=4|12 and the chart builder (webapp/diary/chart.py)."""
import re
from datetime import date

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.diary import chart

WEDNESDAY = date(2026, 11, 18)


# --- chart.py ------------------------------------------------------------------------------------

def test_window_is_whole_iso_weeks_up_to_today():
    assert chart.window(WEDNESDAY, 4) == (date(2026, 10, 26), WEDNESDAY)
    assert chart.window(date(2026, 11, 16), 12) == (date(2026, 8, 31), date(2026, 11, 16))


def test_value_y_puts_five_on_top_and_one_at_the_bottom():
    assert chart.value_y(5) == chart.TOP and chart.value_y(1) == chart.BOTTOM
    assert chart.value_y(3) == (chart.TOP + chart.BOTTOM) / 2


def test_day_x_spans_the_plot():
    first, last = date(2026, 11, 1), date(2026, 11, 29)
    assert chart.day_x(first, first, last) == chart.LEFT + chart.PAD
    assert chart.day_x(last, first, last) == chart.RIGHT - chart.PAD
    assert chart.day_x(date(2026, 11, 15), first, last) == (chart.LEFT + chart.RIGHT) / 2


def test_layout_keeps_answered_days_in_order_and_leaves_out_the_rest():
    days = [(date(2026, 11, 10), 4, None), (date(2026, 11, 2), 2, 3), (date(2026, 10, 1), 5, 5),
            (date(2026, 11, 12), None, None)]
    result = chart.layout(days, date(2026, 11, 2), date(2026, 11, 18))
    assert [p.day for p in result.mood.points] == [date(2026, 11, 2), date(2026, 11, 10)]
    assert [p.value for p in result.energy.points] == [3]
    assert result.mood.path.startswith("M") and result.mood.path.count("L") == 1
    assert [d for d, _ in result.x_ticks] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert not result.is_empty and chart.layout([], date(2026, 11, 2), date(2026, 11, 18)).is_empty


def test_layout_ticks_every_other_monday_for_long_ranges():
    result = chart.layout([], date(2026, 8, 31), WEDNESDAY, tick_every=14)
    assert [d for d, _ in result.x_ticks][:3] == [date(2026, 8, 31), date(2026, 9, 14), date(2026, 9, 28)]


def test_svg_is_labelled_and_escapes_its_texts():
    days = [(date(2026, 11, 2), 2, 3), (date(2026, 11, 3), 4, 5)]
    markup = str(chart.svg(chart.layout(days, date(2026, 11, 2), date(2026, 11, 8)), title="Otsikko <b>",
                           desc="Kuvaus", mood_name="Mieliala", energy_name="Jaksaminen",
                           mood_words={1: "Tosi huono", 5: "Tosi hyvä"}, energy_words={5: "Tosi paljon"},
                           tick_label=lambda d: f"{d.day}.{d.month}."))
    assert 'role="img"' in markup and 'aria-labelledby="trend-title trend-desc"' in markup
    assert '<title id="trend-title">Otsikko &lt;b&gt;</title>' in markup and "<b>" not in markup
    assert "Tosi huono" in markup and "Tosi hyvä" in markup and "Tosi paljon" in markup and "2.11." in markup
    assert markup.count('<circle class="chart-mark chart-mood"') == 3  # two points and the legend
    assert markup.count('<rect class="chart-mark chart-energy"') == 3
    assert "style=" not in markup


def test_weekly_averages_per_iso_week():
    days = [(date(2026, 11, 2), 3, 2), (date(2026, 11, 4), 4, None), (date(2026, 11, 8), None, None),
            (date(2026, 11, 10), 1, 5)]
    weeks = chart.weekly(days, date(2026, 10, 26), WEDNESDAY)
    assert [(w.number, w.mood, w.energy, w.entries) for w in weeks] == [
        (44, None, None, 0), (45, 3.5, 2.0, 3), (46, 1.0, 5.0, 1), (47, None, None, 0)]
    assert weeks[1].monday == date(2026, 11, 2) and weeks[1].sunday == date(2026, 11, 8)


# --- The page ------------------------------------------------------------------------------------

def test_it_shows_an_empty_chart_and_table_without_entries(http, people, clock):
    login(http, people.client)
    response = http.get("/diary/trend")
    page = text(response)
    assert response.status_code == 200
    assert '<svg class="trend-chart"' in page and 'role="img"' in page
    assert "chart-mark chart-mood" in page  # only the legend's
    assert page.count('<circle class="chart-mark') == 1
    assert page.count('<th scope="row">') == 4 and "Viikko 47" in page
    assert "Tältä ajalta ei ole vielä" in page


def test_it_draws_the_points_and_averages_of_the_last_weeks(http, people, clock):
    factories.make_entry(people.client, date(2026, 11, 16), mood=3, energy=2)
    factories.make_entry(people.client, date(2026, 11, 17), mood=4, energy=5)
    factories.make_entry(people.client, date(2026, 10, 1), mood=1, energy=1)  # older than 4 weeks
    factories.make_entry(people.other_client, date(2026, 11, 18), mood=1, energy=1)
    login(http, people.client)
    page = text(http.get("/diary/trend?weeks=4"))
    assert page.count('<circle class="chart-mark chart-mood"') == 3
    assert page.count('<rect class="chart-mark chart-energy"') == 3
    row = re.search(r"Viikko 47.*?</tr>", page, re.DOTALL).group(0)
    assert "<td>3,5</td>" in row and "2 merkintää" in row
    assert "Tältä ajalta ei ole vielä" not in page
    long = text(http.get("/diary/trend?weeks=12"))
    assert long.count('<th scope="row">') == 12 and long.count('<circle class="chart-mark chart-mood"') == 4


@pytest.mark.parametrize("weeks", ["1", "5", "52", "x", ""])
def test_it_404s_other_ranges(http, people, clock, weeks):
    login(http, people.client)
    assert http.get(f"/diary/trend?weeks={weeks}").status_code == 404


def test_it_is_only_for_the_client(http, people, clock):
    assert http.get("/diary/trend").status_code == 302
    login(http, people.coach)
    assert http.get("/diary/trend").status_code == 403


def test_it_rejects_a_post(http, people, clock):
    login(http, people.client)
    assert post(http, "/diary/trend").status_code == 405


def test_the_tables_say_what_they_hold_and_show_each_day(http, people, clock):
    """The table of weekly averages used to be headed "the same data": it says what it is, and
    the days the chart draws are in a table of their own, in words."""
    factories.make_entry(people.client, date(2026, 11, 16), mood=3, energy=2)
    factories.make_entry(people.client, date(2026, 11, 17), mood=4, energy=None, went_well="Hyvä päivä")
    factories.make_entry(people.client, date(2026, 11, 18), went_well="Vain sanoja")  # no scale answered
    login(http, people.client)
    page = text(http.get("/diary/trend?weeks=4"))
    assert "Samat tiedot" not in page
    assert "Viikkojen keskiarvot" in page
    days = re.search(r'<table class="trend-days">.*?</table>', page, re.DOTALL).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", days, re.DOTALL)[1:]
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL) for row in rows]
    assert [[re.sub(r"<[^>]+>", "", c).strip() for c in row] for row in cells] == [
        ["ti 17.11.", "Hyvä", "–"], ["ma 16.11.", "Ihan ok", "Vähän"]]
