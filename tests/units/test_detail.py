from datetime import date

import time_machine

from tests.http import login, post, text
from tests.moments import MORNING
from tests.units.helpers import assert_refused, client_as, who_may_not
from webapp.extensions import db
from webapp.units.models import Closure


def _close(unit, starts_on, ends_on, reason):
    db.session.add(Closure(unit=unit, starts_on=starts_on, ends_on=ends_on, reason=reason))
    db.session.commit()


def test_it_shows_facts_hours_coaches_and_the_closure_calendar(http, people):
    login(http, people.manager)
    response = http.get(f"/units/{people.unit.id}")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Kierrätyspaja</h1>" in page
    assert "Työpajankatu 1, 00100 Helsinki" in page
    assert "11.30" in page  # lunch
    assert "<dt>Maanantai</dt>\n  <dd>8.00–15.00</dd>" in page
    assert "<dt>Lauantai</dt>\n  <dd>Suljettu</dd>" in page
    assert "Kaisa Ohjaaja" in page and "Olli Muualla" not in page
    assert 'id="closures"' in page and "Lisää sulkupäivä" in page
    assert "HX-Request" in response.headers["Vary"]


@time_machine.travel(MORNING, tick=False)  # 18 Nov 2026
def test_it_lists_upcoming_closures_first_and_past_ones_apart(http, people):
    _close(people.unit, date(2026, 12, 23), date(2027, 1, 6), "Joulutauko")
    _close(people.unit, date(2026, 11, 20), date(2026, 11, 20), "Koulutuspäivä")
    _close(people.unit, date(2026, 6, 19), date(2026, 6, 19), "Juhannusaatto")
    _close(people.other_unit, date(2026, 12, 1), date(2026, 12, 1), "Toisen pajan sulku")
    login(http, people.manager)
    page = text(http.get(f"/units/{people.unit.id}"))
    assert page.index("Koulutuspäivä") < page.index("Joulutauko") < page.index("Menneet sulkupäivät (1)")
    assert page.index("Menneet sulkupäivät") < page.index("Juhannusaatto")
    assert "ke 23.12.2026 – ke 6.1.2027" in page
    assert "Toisen pajan sulku" not in page


def test_an_htmx_request_gets_only_the_closure_list(http, people):
    _close(people.unit, date(2030, 12, 24), date(2030, 12, 24), "Jouluaatto")
    login(http, people.manager)
    response = http.get(f"/units/{people.unit.id}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith("<section id=\"closures\"") or 'id="closures"' in page.split("\n")[1]
    assert "<html" not in page and "Aukioloajat" not in page
    assert "Jouluaatto" in page
    assert "HX-Request" in response.headers["Vary"]


def test_an_unknown_unit_is_404(http, people):
    login(http, people.manager)
    assert http.get("/units/999999").status_code == 404


@who_may_not
def test_only_a_manager_may_see_it(app, people, who, status):
    assert_refused(client_as(app, people, who).get(f"/units/{people.unit.id}"), status)


def test_it_refuses_a_post(http, people):
    login(http, people.manager)
    assert post(http, f"/units/{people.unit.id}").status_code == 405
