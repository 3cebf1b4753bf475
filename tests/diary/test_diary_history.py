"""GET /diary/history?month=YYYY-MM: the month calendar and the list of its entries."""
from datetime import date

import pytest

from tests import factories
from tests.http import login, post, text
from tests.moments import MONTH_END


def test_it_shows_this_month_with_entries_and_today(http, people, clock):
    factories.make_entry(people.client, date(2026, 11, 3), mood=5, energy=2, shared=True,
                         went_well="Ensimmäinen rivi\nToinen rivi")
    factories.make_entry(people.other_client, date(2026, 11, 4), mood=1, went_well="Pekan päivä")
    login(http, people.client)
    response = http.get("/diary/history")
    page = text(response)
    assert response.status_code == 200
    assert "Marraskuu 2026" in page
    assert page.count("<th scope=\"col\">") == 7 and ">ma<" in page and ">su<" in page
    assert 'href="/diary/2026-11-03"' in page and "Tosi hyvä" in page
    assert "Jaksaminen: Vähän" in page and "Ensimmäinen rivi" in page and "Toinen rivi" not in page
    assert "Jaettu" in page
    assert 'aria-current="date"' in page and "Pekan päivä" not in page and 'href="/diary/2026-11-04"' not in page
    assert "Seuraava kuukausi" not in page  # no months in the future


def test_it_links_the_month_before_when_there_are_entries(http, people, clock):
    factories.make_entry(people.client, date(2026, 10, 31), mood=2)
    login(http, people.client)
    page = text(http.get("/diary/history"))
    assert 'href="/diary/history?month=2026-10"' in page
    october = text(http.get("/diary/history?month=2026-10"))
    assert "Lokakuu 2026" in october and 'href="/diary/2026-10-31"' in october and "Huono" in october
    assert 'href="/diary/history?month=2026-11"' in october and "Edellinen kuukausi" not in october


def test_it_starts_the_weeks_on_monday_across_the_year_end(http, people, clock):
    clock.move_to("2027-01-05 12:00+02:00")
    factories.make_entry(people.client, date(2026, 12, 31), mood=4)
    factories.make_entry(people.client, date(2027, 1, 1), mood=3)
    login(http, people.client)
    december = text(http.get("/diary/history?month=2026-12"))
    # 1 December 2026 is a Tuesday: the first row has one empty Monday cell.
    assert december.split("<tbody>")[1].split("</tr>")[0].count('class="other-month"') == 1
    assert 'href="/diary/2026-12-31"' in december and 'href="/diary/2027-01-01"' not in december
    january = text(http.get("/diary/history"))
    assert 'href="/diary/2027-01-01"' in january and "Tammikuu 2027" in january


def test_it_handles_month_end(http, people):
    import time_machine
    with time_machine.travel(MONTH_END, tick=False):
        factories.make_entry(people.client, date(2026, 11, 30), mood=1)
        login(http, people.client)
        page = text(http.get("/diary/history?month=2026-11"))
        assert 'href="/diary/2026-11-30"' in page and "Tosi huono" in page


@pytest.mark.parametrize("month", ["2026-12", "2027-01", "2026-13", "2026-00", "2026-1", "nov", "1999-12", "0000-05", ""])
def test_it_404s_a_bad_or_future_month(http, people, clock, month):
    login(http, people.client)
    assert http.get(f"/diary/history?month={month}").status_code == 404


def test_it_is_only_for_the_client(http, people, clock):
    assert http.get("/diary/history").status_code == 302
    login(http, people.coach)
    assert http.get("/diary/history").status_code == 403


def test_it_rejects_a_post(http, people, clock):
    login(http, people.client)
    assert post(http, "/diary/history").status_code == 405
