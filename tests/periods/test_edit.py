"""GET/POST /periods/<id>/edit: a manager changes a period under the same rules."""
from datetime import date

from tests import factories
from tests.clients.helpers import events
from tests.http import login, post, text
from tests.periods.helpers import period_form
from webapp.extensions import db
from webapp.clients.models import ServicePeriod


def _period(people):
    return people.client.client.periods[0]  # 1.9.2026–2.3.2027, Mon–Thu, 6 h


def _form(people, **overrides):
    data = period_form(people, starts_on="2026-09-01", ends_on="2027-03-02", change_reason="Tilaajan uusi päätös")
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_shows_the_form_filled_in(http, people):
    period = _period(people)
    login(http, people.manager)
    response = http.get(f"/periods/{period.id}/edit")
    assert response.status_code == 200
    page = text(response)
    assert 'value="2026-09-01"' in page and 'value="2027-03-02"' in page and 'value="6,0"' in page


def test_a_manager_changes_a_period_and_the_audit_keeps_before_and_after(http, people):
    period = _period(people)
    login(http, people.manager)
    response = post(http, f"/periods/{period.id}/edit", _form(people, ends_on="2027-08-31", hours_per_day="7",
                                                              weekdays=["0", "2"]))
    assert response.status_code == 302
    db.session.refresh(period)
    assert period.ends_on == date(2027, 8, 31) and period.weekdays == [0, 2]
    event = events("service_period", "update")[0]
    assert event.entity_id == period.id
    assert event.changes["ends_on"] == ["2027-03-02", "2027-08-31"]
    assert [float(v) for v in event.changes["hours_per_day"]] == [6.0, 7.0]
    assert event.changes["planned_weekdays"] == [15, 5]


def test_a_change_needs_a_reason_and_the_audit_keeps_it(http, people):
    period = _period(people)
    login(http, people.manager)
    for reason in (None, "", "  "):
        response = post(http, f"/periods/{period.id}/edit", _form(people, ends_on="2027-08-31", change_reason=reason))
        assert response.status_code == 400
        assert "Kerro, miksi jaksoa muutetaan." in text(response)
    db.session.refresh(period)
    assert period.ends_on == date(2027, 3, 2) and events() == []
    page = text(http.get(f"/periods/{period.id}/edit"))
    assert 'name="change_reason"' in page and "Miksi jaksoa muutetaan?" in page
    response = post(http, f"/periods/{period.id}/edit", _form(people, ends_on="2027-08-31",
                                                              change_reason=" Tilaaja jatkoi jaksoa "))
    assert response.status_code == 302
    [event] = events("service_period", "update")
    assert event.reason == "Tilaaja jatkoi jaksoa"
    assert event.changes["ends_on"] == ["2027-03-02", "2027-08-31"]


def test_the_period_does_not_overlap_itself_but_others(http, people):
    period = _period(people)
    later = factories.make_period(people.client.client, people.unit, starts_on=date(2027, 4, 1),
                                  ends_on=date(2027, 9, 30))
    login(http, people.manager)
    assert post(http, f"/periods/{period.id}/edit", _form(people, starts_on="2026-10-01")).status_code == 302
    response = post(http, f"/periods/{period.id}/edit", _form(people, starts_on="2026-10-01", ends_on="2027-04-01"))
    assert response.status_code == 400
    assert "Asiakkaalla on jo jakso 1.4.2027–30.9.2027." in text(response)
    db.session.refresh(period)
    assert period.ends_on == date(2027, 3, 2)
    assert later.id != period.id


def test_rule_breaks_change_nothing(http, people):
    period = _period(people)
    login(http, people.manager)
    response = post(http, f"/periods/{period.id}/edit", _form(people, ends_on="2026-10-31", hours_per_day="10"))
    assert response.status_code == 400
    page = text(response)
    assert "Jakso on lyhyempi kuin 3 kuukautta" in page
    assert "Tunteja päivässä pitää olla vähintään 4 ja enintään 8." in page
    db.session.refresh(period)
    assert period.ends_on == date(2027, 3, 2) and events() == []


def test_an_unknown_period_is_404(http, people):
    login(http, people.manager)
    assert http.get("/periods/99999/edit").status_code == 404
    assert post(http, "/periods/99999/edit", _form(people)).status_code == 404


def test_coaches_kitchen_and_clients_may_not(http, people):
    period = _period(people)
    for person in (people.coach, people.kitchen, people.client):
        login(http, person)
        assert http.get(f"/periods/{period.id}/edit").status_code == 403
        assert post(http, f"/periods/{period.id}/edit", _form(people, ends_on="2027-08-31")).status_code == 403
        post(http, "/logout")
    db.session.refresh(period)
    assert period.ends_on == date(2027, 3, 2)


def test_anonymous_is_sent_to_login(http, people):
    response = http.get(f"/periods/{_period(people).id}/edit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_it_rejects_delete(http, people):
    login(http, people.manager)
    assert http.delete(f"/periods/{_period(people).id}/edit").status_code == 405


def test_the_client_page_links_to_edit(http, people):
    period = _period(people)
    login(http, people.manager)
    assert f"/periods/{period.id}/edit" in text(http.get(f"/clients/{people.client.id}"))
    assert isinstance(period, ServicePeriod)


def test_a_missing_reason_does_not_hide_the_rules_the_change_breaks(http, people):
    period = _period(people)
    login(http, people.manager)
    response = post(http, f"/periods/{period.id}/edit", _form(people, ends_on="2026-09-03", change_reason=""))
    assert response.status_code == 400
    page = text(response)
    assert "Kerro, miksi jaksoa muutetaan." in page
    assert "Jakso on liian lyhyt: sen pitää kestää vähintään viikko." in page
