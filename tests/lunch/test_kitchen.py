"""The kitchen view and the served count over real HTTP (webapp/lunch/routes.py), both databases.

Wednesday 18.11.2026 at 11.00 (after the 09:30 cut-off). Anna (no special diet) and Veera
(gluten-free, with a note) are expected at the unit; Veera has checked in and eats.
"""
from datetime import date, timedelta

import pytest
import time_machine

from tests import factories
from tests.http import login, post, text
from tests.moments import DURING_THE_DAY, MORNING
from webapp.audit.models import AuditEvent
from webapp.checkin import scans
from webapp.checkin.models import Method
from webapp.extensions import db
from webapp.lunch.models import LunchServed
from webapp.units.models import Closure

WEDNESDAY = DURING_THE_DAY.date()
HTMX = {"HX-Request": "true"}


@pytest.fixture
def midday():
    with time_machine.travel(DURING_THE_DAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def veera(people):
    person = factories.make_client(people.unit, coach=people.coach, first_name="Veera", last_name="Vihreäinen",
                                   diets=("gluten",))
    person.client.diet_note = "Ei myöskään kauraa"
    db.session.commit()
    return person


def check_in(people, person, lunch=True, unit=None):
    result = scans.record_scan(key=f"in-{person.id}", unit=unit or people.unit, method=Method.BADGE,
                               client=person.client)
    scans.set_lunch(result.day, lunch)


def served_url(unit) -> str:
    return f"/units/{unit.id}/lunch/served"


def events() -> list[AuditEvent]:
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "lunch_served")
                              .order_by(AuditEvent.id)).all()


def number(html: str, testid: str) -> int:
    start = html.index(f'data-testid="{testid}"')
    return int(html[html.index(">", start) + 1:html.index("<", start)])


# --- Who sees it ------------------------------------------------------------------------------

def test_anonymous_is_sent_to_sign_in(http, people, midday):
    for url in ("/kitchen", f"/units/{people.unit.id}/lunch"):
        response = http.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    assert post(http, served_url(people.unit), {"served": "3", "day": WEDNESDAY.isoformat()}).status_code == 302


def test_a_client_gets_403(http, people, midday):
    login(http, people.client)
    assert http.get("/kitchen").status_code == 403
    assert http.get(f"/units/{people.unit.id}/lunch").status_code == 403
    assert post(http, served_url(people.unit), {"served": "3", "day": WEDNESDAY.isoformat()}).status_code == 403


def test_the_kitchen_lands_on_the_kitchen_view_with_every_active_unit(http, people, midday):
    factories.make_unit("Aaltopaja").active = False
    db.session.commit()
    login(http, people.kitchen)
    home = http.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/kitchen")
    html = text(http.get("/kitchen"))
    assert '<span class="lunch-unit">Kierrätyspaja</span>' in html  # the first by name
    assert f'/kitchen?unit={people.other_unit.id}&amp;day=2026-11-18' in html
    assert "Aaltopaja" not in html
    assert 'href="/kitchen"' in html and ">Lounas</a>" in html  # the menu
    other = http.get(f"/kitchen?unit={people.other_unit.id}")
    assert '<span class="lunch-unit">Puutyöpaja</span>' in text(other)


def test_a_coach_sees_her_own_units_and_not_another(http, people, midday):
    login(http, people.other_coach)
    assert '<span class="lunch-unit">Puutyöpaja</span>' in text(http.get("/kitchen"))
    assert http.get(f"/kitchen?unit={people.unit.id}").status_code == 404
    assert ">Lounas</a>" not in text(http.get("/kitchen"))  # not in a coach's menu
    assert 'action="/units/' not in text(http.get("/kitchen"))  # no served form for coaches
    assert post(http, served_url(people.other_unit), {"served": "3", "day": WEDNESDAY.isoformat()}).status_code == 403


def test_a_manager_sees_any_unit_and_may_record_served(http, people, midday):
    login(http, people.manager)
    html = text(http.get(f"/kitchen?unit={people.other_unit.id}"))
    assert f'action="{served_url(people.other_unit)}"' in html
    assert ">Lounas</a>" in html


@pytest.mark.parametrize("query", ["unit=abc", "unit=0", "unit=99999", "unit=99999999999999", "unit=-1",
                                   "day=2026-13-01", "day=yesterday", "day=2026-11-1", "day=2030-01-01",
                                   "day=9999-12-31"])
def test_a_bad_unit_or_day_is_404(http, people, midday, query):
    login(http, people.kitchen)
    assert http.get(f"/kitchen?{query}").status_code == 404


def test_a_nul_in_the_day_is_refused_as_bad_input(http, people, midday):
    login(http, people.kitchen)
    assert http.get("/kitchen?unit=1&day=%00").status_code == 400


def test_an_inactive_unit_is_404_for_the_kitchen(http, people, midday):
    people.other_unit.active = False
    db.session.commit()
    login(http, people.kitchen)
    assert http.get(f"/kitchen?unit={people.other_unit.id}").status_code == 404
    assert post(http, served_url(people.other_unit), {"served": "1", "day": WEDNESDAY.isoformat()}).status_code == 404


def test_without_units_the_kitchen_is_told_kindly(http, midday):
    kitchen = factories.make_kitchen()
    login(http, kitchen)
    response = http.get("/kitchen")
    assert response.status_code == 200
    assert "Yhtään toimipistettä ei ole vielä" in text(response)


# --- What the kitchen sees --------------------------------------------------------------------

def test_the_kitchen_sees_counts_and_the_names_only_diets_need(http, people, veera, midday):
    check_in(people, veera)
    check_in(people, people.client)
    login(http, people.kitchen)
    html = text(http.get("/kitchen"))
    assert number(html, "forecast-number") == 2
    assert number(html, "live-number") == 2
    assert 'data-testid="final"' not in html  # today is not over
    assert "Valmis: tilanne klo 9.30" in html
    assert "Veera V." in html and "Ei myöskään kauraa" in html
    assert "Vihreäinen" not in html  # a short name, never the family name
    assert "Anna" not in html and "Asiakas" not in html  # no special diet: no name
    assert "Tavallinen ruoka: 1" in html


def test_before_the_cut_off_the_forecast_is_not_ready(http, people):
    with time_machine.travel(MORNING, tick=False):
        login(http, people.kitchen)
        html = text(http.get("/kitchen"))
    assert "Valmistuu klo 9.30. Voi vielä muuttua." in html


def test_a_past_day_shows_the_final_count_and_later_cancellations(http, people, veera):
    from webapp.approvals import decisions
    from webapp.checkin.models import AbsenceReason
    with time_machine.travel(DURING_THE_DAY - timedelta(days=1), tick=False):  # Tuesday 11.00
        decisions.record_absence(people.client.client, people.unit, WEDNESDAY - timedelta(days=1),
                                 AbsenceReason.OWN_ILLNESS.value, people.coach)
        db.session.commit()
    with time_machine.travel(DURING_THE_DAY, tick=False):
        login(http, people.kitchen)
        html = text(http.get(f"/kitchen?day={(WEDNESDAY - timedelta(days=1)).isoformat()}"))
    assert number(html, "final-number") == 0
    assert "Peruttu myöhemmin: 1" in html
    assert "hx-trigger" not in html  # only today's view refreshes itself


def test_a_closed_day_says_so(http, people, midday):
    people.unit.closures.append(Closure(starts_on=WEDNESDAY, ends_on=WEDNESDAY, reason="Koulutus"))
    db.session.commit()
    login(http, people.kitchen)
    html = text(http.get("/kitchen"))
    assert "Toimipiste on suljettu tänä päivänä." in html
    assert number(html, "forecast-number") == 0


def test_the_view_polls_for_its_counts_fragment(http, people, veera, midday, app, monkeypatch):
    monkeypatch.setitem(app.config, "LUNCH_POLL_SECONDS", 45)
    login(http, people.kitchen)
    page = http.get("/kitchen")
    assert f'hx-get="/kitchen?unit={people.unit.id}&amp;day=2026-11-18" hx-trigger="every 45s"' in text(page)
    assert page.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in page.headers["Vary"]
    check_in(people, veera)
    fragment = http.get(f"/kitchen?unit={people.unit.id}&day=2026-11-18", headers=HTMX)
    html = text(fragment)
    assert fragment.status_code == 200
    assert "<html" not in html and 'id="lunch-counts"' not in html
    assert number(html, "live-number") == 1
    assert "Tulostanut Kaija Keittiö, 18.11.2026 11.00" in html  # printed: who and when


# --- Served -----------------------------------------------------------------------------------

def test_the_kitchen_records_served_lunches_and_a_change_is_audited(http, people, veera, midday):
    check_in(people, veera)
    login(http, people.kitchen)
    response = post(http, served_url(people.unit), {"day": "2026-11-18", "served": "1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/kitchen?unit={people.unit.id}&day=2026-11-18")
    row = db.session.scalar(db.select(LunchServed))
    assert (row.unit_id, row.day, row.served, row.recorded_by_id) == (people.unit.id, WEDNESDAY, 1, people.kitchen.id)
    assert [e.action for e in events()] == ["create"]
    html = text(http.get(response.headers["Location"]))
    assert "Tallennettu: 1 lounasta." in html and 'data-testid="too-many"' not in html

    post(http, served_url(people.unit), {"day": "2026-11-18", "served": "1"})  # the same again: no event
    assert len(events()) == 1
    response = post(http, served_url(people.unit), {"day": "2026-11-18", "served": "3", "reason": "Laskin väärin"})
    assert response.status_code == 303
    last = events()[-1]
    assert (last.action, last.reason, last.actor_id) == ("update", "Laskin väärin", people.kitchen.id)
    assert last.changes["served"] == [1, 3]
    html = text(http.get(response.headers["Location"]))
    assert "Lounaita tarjoiltiin 3, mutta lounaalle ilmoittautuneita on 1." in html


def test_a_manager_may_record_a_past_day(http, people, midday):
    login(http, people.manager)
    assert post(http, served_url(people.other_unit), {"day": "2026-11-16", "served": "7"}).status_code == 303
    row = db.session.scalar(db.select(LunchServed))
    assert (row.unit_id, row.day, row.served) == (people.other_unit.id, date(2026, 11, 16), 7)


@pytest.mark.parametrize("data, message", [
    ({}, "Kirjoita, montako lounasta tarjoiltiin."),
    ({"day": "2026-11-18"}, "Kirjoita, montako lounasta tarjoiltiin."),
    ({"day": "2026-11-18", "served": ""}, "Kirjoita, montako lounasta tarjoiltiin."),
    ({"day": "2026-11-18", "served": "kolme"}, "Anna kokonaisluku, esimerkiksi 24."),
    ({"day": "2026-11-18", "served": "2.5"}, "Anna kokonaisluku, esimerkiksi 24."),
    ({"day": "2026-11-18", "served": "-1"}, "Anna luku väliltä 0–10000."),
    ({"day": "2026-11-18", "served": "10001"}, "Anna luku väliltä 0–10000."),
    ({"day": "2026-11-18", "served": "99999999999999999999"}, "Anna luku väliltä 0–10000."),
    ({"served": "3"}, "Päivä puuttuu."),
    ({"day": "18.11.2026", "served": "3"}, "Päivä puuttuu."),
    ({"day": "2026-02-30", "served": "3"}, "Päivä puuttuu."),
    ({"day": "2026-11-19", "served": "3"}, "Tarjoiltuja lounaita ei voi kirjata etukäteen."),
    ({"day": "2024-11-19", "served": "3"}, "Päivä on liian kaukana menneisyydessä."),
    ({"day": "2026-11-18", "served": "3", "reason": "x" * 501}, "Teksti on liian pitkä"),
])
def test_bad_served_input_is_400_with_a_message(http, people, midday, data, message):
    login(http, people.kitchen)
    response = post(http, served_url(people.unit), data)
    assert response.status_code == 400
    assert message in text(response)
    assert db.session.scalar(db.select(LunchServed)) is None
    assert events() == []


def test_served_without_a_csrf_token_is_refused(http, people, midday):
    login(http, people.kitchen)
    response = http.post(served_url(people.unit), data={"day": "2026-11-18", "served": "3"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(LunchServed)) is None


def test_served_answers_only_post(http, people, midday):
    login(http, people.kitchen)
    assert http.get(served_url(people.unit)).status_code == 405
