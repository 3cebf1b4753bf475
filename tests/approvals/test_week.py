"""GET /units/<id>/week?week=YYYY-Www over real HTTP, frozen on Wednesday 18.11.2026 after
closing (ISO week 2026-W47, Monday 16.11.). Anna's period plans Monday–Thursday; the unit is
open Monday–Friday 8–15."""
from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from sqlalchemy import event

from tests import factories
from tests.checkin.test_flags import attend
from tests.http import as_kiosk, login, post, text
from tests.moments import AFTER_CLOSING
from webapp.approvals import decisions
from webapp.checkin import scans
from webapp.checkin.models import ActivityDay, Method
from webapp.extensions import db
from webapp.units.models import Closure

MONDAY = date(2026, 11, 16)
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = (MONDAY + timedelta(days=i) for i in range(1, 6))
LAST_MONDAY = MONDAY - timedelta(days=7)


# --- Reading the page ---------------------------------------------------------------------------

class Node:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.parts, self.children = tag, dict(attrs), [], []

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def find(self, testid) -> list["Node"]:
        found = []
        for child in self.children:
            if child.attrs.get("data-testid") == testid:
                found.append(child)
            found.extend(child.find(testid))
        return found


class Page(HTMLParser):
    """The page as a tree of elements with their whole text (no parser library needed)."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html: str):
        super().__init__()
        self.root = Node("root", {})
        self.stack = [self.root]
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        while len(self.stack) > 1:
            node = self.stack.pop()
            self.stack[-1].parts.append("".join(node.parts))
            if node.tag == tag:
                break

    def handle_data(self, data):
        self.stack[-1].parts.append(data)

    def find(self, testid) -> list[Node]:
        return self.root.find(testid)


def week_grid(html: str) -> dict[str, dict[str, str]]:
    """{client name: {day iso or "total": the cell's text}} of the week grid."""
    rows = {}
    for row in Page(html).find("week-row"):
        name = next(c for c in row.children if c.tag == "th").text
        cells = {cell.attrs["data-day"]: cell.text for cell in row.find("week-cell")}
        cells["total"] = row.find("week-total")[0].text
        rows[name] = cells
    return rows


def headers(html: str) -> list[str]:
    return [h.text for h in Page(html).find("week-day-head")]


# --- Fixtures -------------------------------------------------------------------------------------

@pytest.fixture
def evening():
    with time_machine.travel(AFTER_CLOSING, tick=False) as traveller:
        yield traveller


def record_of(person, on) -> ActivityDay:
    db.session.expire_all()
    return db.session.scalar(db.select(ActivityDay).where(ActivityDay.client_id == person.id, ActivityDay.day == on))


def get(http, people, query="", who="coach"):
    login(http, getattr(people, who))
    return http.get(f"/units/{people.unit.id}/week{query}")


def as_(http, people, who):
    if who == "kiosk":
        secret, _kiosk = factories.make_kiosk(people.unit)
        as_kiosk(http, secret)
    elif who != "anonymous":
        login(http, getattr(people, who))


# --- What the grid shows --------------------------------------------------------------------------

def test_it_shows_each_planned_day_and_what_happened_with_the_status_in_words(http, people, evening):
    anna = people.client.client
    attend(people, MONDAY, end=(14, 0))
    decisions.confirm(record_of(people.client, MONDAY), people.coach)
    decisions.record_remote(anna, people.unit, TUESDAY, 240, people.coach)
    decisions.record_absence(anna, people.unit, WEDNESDAY, "own_illness", people.coach)
    db.session.add(Closure(unit_id=people.unit.id, starts_on=THURSDAY, ends_on=THURSDAY, reason="Koulutuspäivä"))
    db.session.commit()

    response = get(http, people)
    assert response.status_code == 200
    page = text(response)
    assert "Kierrätyspaja: viikko 47" in page
    assert headers(page) == ["ma 16.11.", "ti 17.11.", "ke 18.11.", "to 19.11. Suljettu: Koulutuspäivä", "pe 20.11."]
    anna_row = week_grid(page)["Anna Asiakas"]
    assert anna_row["2026-11-16"] == "ma 16.11. Suunniteltu Paikalla 6 h ✓ Vahvistettu"
    assert anna_row["2026-11-17"] == "ti 17.11. Suunniteltu Etänä 4 h ✓ Vahvistettu"
    assert anna_row["2026-11-18"] == "ke 18.11. Suunniteltu Poissa: Oma sairaus ✓ Vahvistettu"
    assert anna_row["2026-11-19"] == "to 19.11. Suljettu"  # planned weekday, but the unit is closed
    assert anna_row["2026-11-20"] == "pe 20.11."  # not one of her days
    assert anna_row["total"] == "Viikko yhteensä 2 päivää, 10 h"
    assert f'href="/units/{people.unit.id}/board?day=2026-11-16"' in page
    assert f'href="/clients/{people.client.id}/days?month=2026-11"' in page
    assert "Pekka" not in page  # a client of another unit


def test_it_marks_open_days_missing_days_and_days_still_to_come(http, people, evening):
    attend(people, MONDAY, end=(10, 0))  # short: open with a flag
    with time_machine.travel(AFTER_CLOSING.replace(hour=8, minute=5), tick=False):
        scans.record_scan(key="wed-in", unit=people.unit, method=Method.PIN, client=people.client.client)
    anna_row = week_grid(text(get(http, people)))["Anna Asiakas"]
    assert anna_row["2026-11-16"] == "ma 16.11. Suunniteltu Paikalla 2 h ○ Käsittelemättä ! Alle 4 tuntia"
    assert anna_row["2026-11-17"] == "ti 17.11. Suunniteltu Ei tullut"
    assert anna_row["2026-11-18"] == "ke 18.11. Suunniteltu Tuli klo 8.05, ei lähtöaikaa ○ Käsittelemättä"
    assert anna_row["2026-11-19"] == "to 19.11. Suunniteltu"  # still to come: nothing yet
    assert anna_row["total"] == "Viikko yhteensä 2 päivää, 2 h"


def test_it_flags_a_fifth_day_and_over_32_hours_in_words_and_leaves_out_days_not_counted(http, people, evening):
    eero = factories.make_client(people.unit, coach=people.coach, first_name="Eero", last_name="Esimerkki",
                                 period=False)
    factories.make_period(eero.client, people.unit, weekdays=(0, 1, 2, 3, 4))
    for offset in range(5):
        attend(people, LAST_MONDAY + timedelta(days=offset), start=(8, 0), end=(15, 0), client=eero.client)
    response = get(http, people, "?week=2026-W46")
    assert response.status_code == 200
    page = text(response)
    assert "Kierrätyspaja: viikko 46" in page
    assert week_grid(page)["Eero Esimerkki"]["total"] == (
        "Viikko yhteensä 5 päivää, 35 h ! Viikon 5. päivä ! Yli 32 tuntia viikossa")

    friday = record_of(eero, LAST_MONDAY + timedelta(days=4))
    decisions.mark_not_counted(friday, people.coach, "Kävi vain hakemassa tavaroita")
    db.session.commit()
    row = week_grid(text(http.get(f"/units/{people.unit.id}/week?week=2026-W46")))["Eero Esimerkki"]
    assert row["total"] == "Viikko yhteensä 4 päivää, 28 h"
    assert "✕ Ei lasketa" in row["2026-11-13"]


def test_it_lists_a_client_who_came_without_a_planned_day_here(http, people, evening):
    visitor = factories.make_client(people.unit, coach=people.coach, first_name="Ville", last_name="Vierailija",
                                    period=False)
    attend(people, TUESDAY, end=(13, 0), client=visitor.client)
    grid = week_grid(text(get(http, people)))
    assert set(grid) == {"Anna Asiakas", "Ville Vierailija"}
    assert grid["Ville Vierailija"]["2026-11-17"] == "ti 17.11. Paikalla 5 h ○ Käsittelemättä ! Ei jaksoa"
    assert grid["Ville Vierailija"]["2026-11-16"] == "ma 16.11."


def test_it_shows_the_day_at_another_unit_and_counts_it_in_the_week(http, people, evening):
    anna = people.client.client
    factories.make_period(anna, people.other_unit, starts_on=date(2026, 11, 1), weekdays=(4,))
    attend(people, MONDAY, end=(14, 0), unit=people.other_unit)  # came to the other unit on a Monday
    row = week_grid(text(get(http, people)))["Anna Asiakas"]
    assert row["2026-11-16"] == ("ma 16.11. Suunniteltu Paikalla 6 h Toimipiste: Puutyöpaja ○ Käsittelemättä "
                                 "! Ei suunniteltu päivä")
    assert row["total"] == "Viikko yhteensä 1 päivä, 6 h"


def test_a_weekend_column_shows_only_when_the_unit_is_open_or_a_day_was_recorded(http, people, evening):
    saturday = LAST_MONDAY + timedelta(days=5)
    decisions.record_presence(people.client.client, people.unit, saturday, time(9), time(13), people.coach,
                              "Kevättalkoot")
    db.session.commit()
    page = text(get(http, people, "?week=2026-W46"))
    assert headers(page)[-2:] == ["pe 13.11.", "la 14.11. Suljettu"]
    assert week_grid(page)["Anna Asiakas"]["2026-11-14"] == (
        "la 14.11. Suljettu Paikalla 4 h ○ Käsittelemättä ! Ei suunniteltu päivä, Toimipiste suljettu")
    assert len(headers(text(http.get(f"/units/{people.unit.id}/week")))) == 5

    saturdays = factories.make_unit("Lauantaipaja", coaches=[people.coach], weekdays=(0, 1, 2, 3, 4, 5))
    factories.make_client(saturdays, coach=people.coach, first_name="Sanna")
    assert headers(text(http.get(f"/units/{saturdays.id}/week")))[-1] == "la 21.11."


def test_it_says_so_when_nobody_is_expected(http, people, evening):
    empty = factories.make_unit("Tyhjä paja", coaches=[people.coach])
    login(http, people.coach)
    page = text(http.get(f"/units/{empty.id}/week"))
    assert "Tälle viikolle ei ole odotettuja asiakkaita eikä merkintöjä." in page
    assert 'data-testid="week-grid"' not in page


def test_the_previous_and_next_week_links_move_by_seven_days(http, people, evening):
    page = text(get(http, people, "?week=2026-W01"))
    assert "viikko 1" in page and "29.12.–4.1.2026" in page
    assert f'/units/{people.unit.id}/week?week=2025-W52"' in page
    assert f'/units/{people.unit.id}/week?week=2026-W02"' in page
    assert "Tämä viikko" in page
    assert "Tämä viikko" not in text(http.get(f"/units/{people.unit.id}/week"))


# --- Who may, bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("who, status", [("anonymous", 302), ("kiosk", 302), ("client", 403), ("kitchen", 403),
                                         ("other_coach", 404), ("coach", 200), ("manager", 200)])
def test_it_shows_the_week_only_to_staff_of_the_unit(http, people, evening, who, status):
    attend(people, MONDAY, end=(14, 0))
    as_(http, people, who)
    response = http.get(f"/units/{people.unit.id}/week")
    assert response.status_code == status
    if status == 302:
        assert "/login" in response.headers["Location"]
    if status == 200:
        assert "Anna Asiakas" in text(response)
    else:
        assert "Anna Asiakas" not in text(response)


@pytest.mark.parametrize("week", ["2026-W54", "2026-W00", "0000-W01", "2026-47", "2026W47", "x", "2026-W4",
                                  "2026-w47", " 2026-W47", "2028-W01", "2025-W01", "2026-W47-1", "９９９９-W01"])
def test_a_bad_or_far_week_is_404(http, people, evening, week):
    assert get(http, people, "?week=" + week).status_code == 404


def test_year_with_53_weeks_has_week_53(http, people, evening):
    assert get(http, people, "?week=2026-W53").status_code == 200


@pytest.mark.parametrize("unit_id", ["0", "2147483648", "99999999999"])
def test_a_unit_that_does_not_exist_is_404(http, people, evening, unit_id):
    login(http, people.manager)
    assert http.get(f"/units/{unit_id}/week").status_code == 404


def test_it_refuses_a_post(http, people, evening):
    login(http, people.coach)
    assert post(http, f"/units/{people.unit.id}/week", {}).status_code == 405


# --- A fixed number of queries ------------------------------------------------------------------

def _statements(http, url) -> int:
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = http.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen)


def _add_clients(people, first, count):
    for n in range(first, first + count):
        person = factories.make_client(people.unit, coach=people.coach, first_name=f"Asiakas{n:02d}")
        if n % 3 == 0:
            attend(people, MONDAY, end=(14, 0), client=person.client)
        elif n % 3 == 1:
            decisions.record_absence(person.client, people.unit, TUESDAY, "other", people.coach)
            db.session.commit()


def test_the_week_takes_the_same_number_of_queries_for_30_and_60_clients(http, people, evening):
    login(http, people.coach)
    url = f"/units/{people.unit.id}/week"
    _add_clients(people, 1, 30)
    with_30 = _statements(http, url)
    assert len(week_grid(text(http.get(url)))) == 31
    _add_clients(people, 31, 30)
    with_60 = _statements(http, url)
    assert len(week_grid(text(http.get(url)))) == 61
    assert with_30 == with_60, (with_30, with_60)


def test_helpers_read_what_the_page_says():
    html = ('<table><tr data-testid="week-row"><th><a>Anna</a></th><td data-testid="week-cell" data-day="d">'
            '<span>ma</span> <span>x <br>y</span></td><td data-testid="week-total">t</td></tr></table>')
    assert week_grid(html) == {"Anna": {"d": "ma x y", "total": "t"}}


def test_a_week_at_the_edge_of_the_day_board_links_only_the_days_the_board_shows(http, people):
    factories.make_period(people.client.client, people.unit, starts_on=date(2025, 11, 3), ends_on=date(2026, 2, 1))
    with time_machine.travel(AFTER_CLOSING + timedelta(days=1), tick=False):  # Thursday 19.11.2026
        login(http, people.coach)
        page = text(http.get(f"/units/{people.unit.id}/week?week=2025-W47"))  # 17.–23.11.2025
        assert headers(page)[:2] == ["ma 17.11.", "ti 18.11."]
        assert "/board?day=2025-11-17" not in page  # 367 days ago: the board does not go there
        assert f'href="/units/{people.unit.id}/board?day=2025-11-18"' in page
        assert "Edellinen viikko" not in page
        assert http.get(f"/units/{people.unit.id}/week?week=2025-W46").status_code == 404
        assert http.get(f"/units/{people.unit.id}/week?week=2027-W46").status_code == 200  # to 19.11.2027
        assert http.get(f"/units/{people.unit.id}/week?week=2027-W47").status_code == 404
