"""GET/POST /clients/<id>/periods/new: a manager adds a service period under the rules."""
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import func, select

from tests.clients.helpers import events
from tests.http import login, post, text
from tests.moments import DURING_THE_DAY
from tests.periods.helpers import period_form
from webapp.extensions import db
from webapp.clients.models import ServicePeriod


def _url(people):
    return f"/clients/{people.client.id}/periods/new"


def _count():
    return db.session.scalar(select(func.count()).select_from(ServicePeriod))


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_the_form_suggests_six_months_from_today(http, people):
    login(http, people.manager)
    response = http.get(_url(people))
    assert response.status_code == 200
    page = text(response)
    assert 'value="2026-11-18"' in page and 'value="2027-05-17"' in page
    assert page.count('name="weekdays"') == 7 and "Palvelun tyyppi" in page


def test_a_manager_adds_a_six_month_period_with_an_audit_event(http, people):
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, hours_per_day="6,5", mode="hybrid"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/clients/{people.client.id}"
    period = db.session.scalar(select(ServicePeriod).where(ServicePeriod.starts_on == date(2027, 4, 1)))
    assert period.ends_on == date(2027, 9, 30) and period.weekdays == [0, 1, 2, 3]
    assert period.hours_per_day == Decimal("6.5") and period.mode == "hybrid"
    assert period.referral_plan_type == "activation" and period.referral_plan_date == date(2027, 3, 15)
    assert period.short_period_reason is None
    event = events("service_period", "create")[0]
    assert event.entity_id == period.id and event.actor_id == people.manager.id
    assert event.changes["ends_on"] == [None, "2027-09-30"]


def test_a_short_period_needs_a_reason_from_the_list(http, people):
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, ends_on="2027-05-31"))
    assert response.status_code == 400
    assert "Jakso on lyhyempi kuin 3 kuukautta" in text(response)
    assert "Valitse peruste lyhyelle jaksolle." in text(response)
    assert _count() == 2 and events() == []
    response = post(http, _url(people), period_form(people, ends_on="2027-05-31", short_period_code="trial",
                                                    short_period_reason="Ennen koulutuksen alkua"))
    assert response.status_code == 302
    period = db.session.scalar(select(ServicePeriod).where(ServicePeriod.starts_on == date(2027, 4, 1)))
    assert period.short_period_code == "trial" and period.short_period_reason == "Ennen koulutuksen alkua"
    assert events("service_period", "create")[0].reason == "Kokeilu- tai tutustumisjakso: Ennen koulutuksen alkua"


@pytest.mark.parametrize("reason", ["x", "", "   lyhyt   "])
def test_a_short_period_is_not_saved_with_any_word_as_its_reason(http, people, reason):
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, ends_on="2027-05-31", short_period_reason=reason))
    assert response.status_code == 400
    response = post(http, _url(people), period_form(people, ends_on="2027-05-31", short_period_code="other",
                                                    short_period_reason=reason))
    assert response.status_code == 400
    assert "Kerro muu syy muutamalla sanalla (vähintään 10 merkkiä)." in text(response)
    assert _count() == 2 and events() == []


def test_other_as_the_reason_is_saved_with_its_words(http, people):
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, ends_on="2027-05-31", short_period_code="other",
                                                    short_period_reason="Asiakas muuttaa kesällä toiselle paikkakunnalle"))
    assert response.status_code == 302
    period = db.session.scalar(select(ServicePeriod).where(ServicePeriod.starts_on == date(2027, 4, 1)))
    assert period.short_period_code == "other"


@pytest.mark.parametrize("ends_on", ["2027-04-01", "2027-04-06"])
def test_a_period_shorter_than_a_week_is_refused_whatever_the_reason(http, people, ends_on):
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, ends_on=ends_on, short_period_code="trial",
                                                    short_period_reason="Kokeilu"))
    assert response.status_code == 400
    assert "Jakso on liian lyhyt: sen pitää kestää vähintään viikko." in text(response)
    assert _count() == 2 and events() == []


def test_a_period_of_one_week_is_accepted_with_a_reason(http, people):
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, ends_on="2027-04-07", short_period_code="trial"))
    assert response.status_code == 302


def test_planned_weekdays_the_unit_is_closed_on_are_refused(http, people):
    login(http, people.manager)  # Kierrätyspaja is open Monday to Friday
    response = post(http, _url(people), period_form(people, weekdays=["0", "5"]))
    assert response.status_code == 400
    assert "Toimipiste on kiinni: lauantai. Valitse päivät, joina toimipiste on auki." in text(response)
    assert _count() == 2 and events() == []


@pytest.mark.parametrize("overrides, message", [
    ({"ends_on": "2029-04-01"}, "Jakso voi kestää enintään 24 kuukautta"),
    ({"ends_on": "2029-04-01", "short_period_code": "trial"}, "Jakso voi kestää enintään 24 kuukautta"),
    ({"ends_on": "2027-05-31", "short_period_code": "moon"}, "Valitse peruste listasta."),
    ({"ends_on": "2027-03-01"}, "Päättymispäivä ei voi olla ennen alkamispäivää."),
    ({"weekdays": []}, "Valitse 1–4 päivää viikossa."),
    ({"weekdays": ["0", "1", "2", "3", "4"]}, "Valitse 1–4 päivää viikossa."),
    ({"hours_per_day": "3,5"}, "Tunteja päivässä pitää olla vähintään 4 ja enintään 8."),
    ({"hours_per_day": "9"}, "Tunteja päivässä pitää olla vähintään 4 ja enintään 8."),
    ({"hours_per_day": "6,25"}, "Käytä enintään yhtä desimaalia"),
    ({"starts_on": "2026-12-01", "ends_on": "2027-05-31"}, "Asiakkaalla on jo jakso 1.9.2026–2.3.2027."),
    ({"starts_on": ""}, "Anna alkamispäivä."),
    ({"unit": ""}, "Valitse toimipiste."),
    ({"service_type": ""}, "Valitse palvelun tyyppi."),
])
def test_each_rule_break_is_a_form_error_and_nothing_is_saved(http, people, overrides, message):
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, **overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert _count() == 2 and events() == []


def test_unknown_choices_are_a_400_not_a_crash(http, people):
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, unit="99999", mode="moon",
                                                    weekdays=["9"], hours_per_day="paljon"))
    assert response.status_code == 400
    assert _count() == 2


def test_an_inactive_service_type_cannot_be_chosen(http, people):
    from tests import factories
    old = factories.service_type("old")
    old.active = False
    db.session.commit()
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, service_type=str(old.id)))
    assert response.status_code == 400
    assert _count() == 2


def test_an_unknown_client_is_404(http, people):
    login(http, people.manager)
    assert http.get("/clients/99999/periods/new").status_code == 404
    assert post(http, "/clients/99999/periods/new", period_form(people)).status_code == 404


def test_coaches_kitchen_and_clients_may_not(http, people):
    for person in (people.coach, people.kitchen, people.client):
        login(http, person)
        assert http.get(_url(people)).status_code == 403
        assert post(http, _url(people), period_form(people)).status_code == 403
        post(http, "/logout")
    assert _count() == 2


def test_anonymous_is_sent_to_login(http, people):
    response = http.get(_url(people))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_it_rejects_put(http, people):
    login(http, people.manager)
    assert http.put(_url(people)).status_code == 405


@pytest.mark.parametrize("hours", ["1E+30", "Infinity", "inf", "sNaN", "1e309", "-Infinity", "NaN"])
def test_a_number_no_rule_can_compare_is_refused_plainly(http, people, hours):
    login(http, people.manager)
    response = post(http, _url(people), period_form(people, hours_per_day=hours))
    assert response.status_code == 400
    assert "Anna luku, esimerkiksi 6,5." in text(response)
    assert _count() == 2 and events() == []
