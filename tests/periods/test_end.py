"""GET/POST /periods/<id>/end: a manager ends a period early, with a reason that is kept."""
from datetime import date

import time_machine

from tests.clients.helpers import events
from tests.http import login, post, text
from tests.moments import DURING_THE_DAY
from webapp.extensions import db


def _period(people):
    return people.client.client.periods[0]  # 1.9.2026–2.3.2027


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_the_form_suggests_today(http, people):
    login(http, people.manager)
    response = http.get(f"/periods/{_period(people).id}/end")
    assert response.status_code == 200
    assert 'value="2026-11-18"' in text(response)


def test_a_manager_ends_a_period_early_with_a_reason(http, people):
    period = _period(people)
    login(http, people.manager)
    response = post(http, f"/periods/{period.id}/end",
                    {"ends_on": "2026-11-20", "reason": "Aloitti opinnot ammattiopistossa"})
    assert response.status_code == 302
    db.session.refresh(period)
    assert period.ends_on == date(2026, 11, 20)
    assert period.end_reason == "Aloitti opinnot ammattiopistossa"
    event = events("service_period", "end")[0]
    assert event.reason == "Aloitti opinnot ammattiopistossa"
    assert event.changes["ends_on"] == ["2027-03-02", "2026-11-20"]
    assert "Aloitti opinnot ammattiopistossa" in text(http.get(f"/clients/{people.client.id}"))


def test_a_reason_is_required(http, people):
    period = _period(people)
    login(http, people.manager)
    response = post(http, f"/periods/{period.id}/end", {"ends_on": "2026-11-20", "reason": "  "})
    assert response.status_code == 400
    assert "Kirjoita syy, miksi jakso päättyy." in text(response)
    db.session.refresh(period)
    assert period.ends_on == date(2027, 3, 2) and period.end_reason is None and events() == []


def test_the_end_must_be_inside_the_period(http, people):
    period = _period(people)
    login(http, people.manager)
    before = post(http, f"/periods/{period.id}/end", {"ends_on": "2026-08-31", "reason": "Syy"})
    assert before.status_code == 400 and "Jakso alkoi 1.9.2026" in text(before)
    after = post(http, f"/periods/{period.id}/end", {"ends_on": "2027-03-02", "reason": "Syy"})
    assert after.status_code == 400 and "Jakson on jo määrä päättyä 2.3.2027" in text(after)
    bad = post(http, f"/periods/{period.id}/end", {"ends_on": "eilen", "reason": "Syy"})
    assert bad.status_code == 400
    db.session.refresh(period)
    assert period.ends_on == date(2027, 3, 2) and events() == []


def test_an_unknown_period_is_404(http, people):
    login(http, people.manager)
    assert http.get("/periods/99999/end").status_code == 404


def test_coaches_kitchen_and_clients_may_not(http, people):
    period = _period(people)
    for person in (people.coach, people.kitchen, people.client):
        login(http, person)
        assert post(http, f"/periods/{period.id}/end", {"ends_on": "2026-11-20", "reason": "x"}).status_code == 403
        post(http, "/logout")
    db.session.refresh(period)
    assert period.ends_on == date(2027, 3, 2)


def test_anonymous_is_sent_to_login(http, people):
    response = http.get(f"/periods/{_period(people).id}/end")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_it_rejects_put(http, people):
    login(http, people.manager)
    assert http.put(f"/periods/{_period(people).id}/end").status_code == 405
