"""GET /clients/mine: a coach's own clients first, with who is expected today."""
from datetime import date

import time_machine

from tests import factories
from tests.http import login, post, text
from tests.moments import DURING_THE_DAY  # a Wednesday

WEDNESDAY = DURING_THE_DAY


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_coach_sees_own_clients_first_then_the_rest_of_their_units(http, people):
    colleague = factories.make_coach(people.unit, first_name="Kerttu", last_name="Kollega")
    factories.make_client(people.unit, coach=colleague, first_name="Bertta", last_name="Muukalainen")
    login(http, people.coach)
    response = http.get("/clients/mine")
    assert response.status_code == 200
    page = text(response)
    assert page.index("Anna Asiakas") < page.index("Muut toimipisteideni asiakkaat") < page.index("Bertta Muukalainen")
    assert "Pekka Toinen" not in page


@time_machine.travel(WEDNESDAY, tick=False)
def test_it_shows_who_is_expected_today(http, people):
    # Anna's period (factory) is planned Mon–Thu: expected on a Wednesday.
    monday_only = factories.make_client(people.unit, coach=people.coach, first_name="Maanantai",
                                        last_name="Vain", period=False)
    factories.make_period(monday_only.client, people.unit, starts_on=date(2026, 9, 1), weekdays=(0,))
    login(http, people.coach)
    page = text(http.get("/clients/mine"))
    anna = page[page.index("Anna Asiakas"):]
    anna = anna[:anna.index("</li>")]
    monday = page[page.index("Maanantai Vain"):]
    monday = monday[:monday.index("</li>")]
    assert "Tulossa tänään" in anna
    assert "Tulossa tänään" not in monday and "Ei tänään" in monday
    assert "1 asiakas on tulossa tänään." in page


@time_machine.travel(date(2026, 8, 12), tick=False)
def test_nobody_is_expected_before_the_period_starts(http, people):
    login(http, people.coach)
    page = text(http.get("/clients/mine"))
    assert "Tulossa tänään" not in page
    assert "alkaa myöhemmin" in page


def test_a_manager_who_coaches_nobody_sees_everyone(http, people):
    login(http, people.manager)
    page = text(http.get("/clients/mine"))
    assert "Anna Asiakas" in page and "Pekka Toinen" in page


def test_kitchen_and_clients_may_not(http, people):
    login(http, people.kitchen)
    assert http.get("/clients/mine").status_code == 403
    post(http, "/logout")
    login(http, people.client)
    assert http.get("/clients/mine").status_code == 403


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/clients/mine")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_it_rejects_post(http, people):
    login(http, people.coach)
    assert post(http, "/clients/mine").status_code == 405


def test_its_title_is_plain_text(http, people):
    login(http, people.coach)
    page = http.get("/clients/mine").get_data(as_text=True)
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Omat asiakkaat" in title


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_nobody_is_expected_on_a_closure_day(http, people):
    from webapp.extensions import db
    from webapp.units.models import Closure
    today = DURING_THE_DAY.date()
    db.session.add(Closure(unit=people.unit, starts_on=today, ends_on=today, reason="Tyky-päivä"))
    db.session.commit()
    login(http, people.coach)
    page = text(http.get("/clients/mine"))
    assert "Tulossa tänään" not in page
    assert "0 asiakasta on tulossa tänään." in page
