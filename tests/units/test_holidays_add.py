from datetime import date

import pytest

from tests.http import login, post, text
from tests.units.helpers import assert_refused, client_as, events, who_may_not
from webapp.extensions import db
from webapp.units.holidays import easter_sunday, finnish_holidays
from webapp.units.models import Closure


@pytest.mark.parametrize("year,easter", [
    (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
    (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22)), (1943, date(1943, 4, 25)),
])
def test_easter_falls_on_the_right_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_holidays_of_2026_are_the_finnish_ones(app):
    with app.test_request_context():
        days = dict(finnish_holidays(2026))
    assert days == {
        date(2026, 1, 1): "Uudenvuodenpäivä", date(2026, 1, 6): "Loppiainen",
        date(2026, 4, 3): "Pitkäperjantai", date(2026, 4, 5): "Pääsiäispäivä", date(2026, 4, 6): "2. pääsiäispäivä",
        date(2026, 5, 1): "Vappu", date(2026, 5, 14): "Helatorstai", date(2026, 5, 24): "Helluntaipäivä",
        date(2026, 6, 19): "Juhannusaatto", date(2026, 6, 20): "Juhannuspäivä", date(2026, 10, 31): "Pyhäinpäivä",
        date(2026, 12, 6): "Itsenäisyyspäivä", date(2026, 12, 24): "Jouluaatto", date(2026, 12, 25): "Joulupäivä",
        date(2026, 12, 26): "Tapaninpäivä",
    }


def test_midsummer_and_all_saints_move_to_a_saturday(app):
    with app.test_request_context():
        days = {name: day for day, name in finnish_holidays(2027)}
    assert days["Juhannuspäivä"] == date(2027, 6, 26) and days["Juhannusaatto"] == date(2027, 6, 25)
    assert days["Pyhäinpäivä"] == date(2027, 11, 6)


def _closures(unit):
    return db.session.scalars(db.select(Closure).where(Closure.unit_id == unit.id).order_by(Closure.starts_on)).all()


def test_it_adds_the_years_holidays_as_closures(http, people):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/holidays", {"year": "2026"})
    assert response.status_code == 302
    closures = _closures(people.unit)
    assert len(closures) == 15
    assert all(c.starts_on == c.ends_on and c.starts_on.year == 2026 for c in closures)
    assert (closures[0].starts_on, closures[0].reason) == (date(2026, 1, 1), "Uudenvuodenpäivä")
    assert len(events("closure", "create")) == 15
    assert "Lisättiin 15 pyhäpäivää vuodelle 2026." in text(http.get(f"/units/{people.unit.id}"))


def test_it_skips_days_already_closed(http, people):
    db.session.add(Closure(unit=people.unit, starts_on=date(2026, 12, 21), ends_on=date(2027, 1, 6),
                           reason="Joulutauko"))
    db.session.commit()
    login(http, people.manager)
    post(http, f"/units/{people.unit.id}/holidays", {"year": "2026"})
    reasons = [c.reason for c in _closures(people.unit)]
    assert "Joulutauko" in reasons
    assert not {"Jouluaatto", "Joulupäivä", "Tapaninpäivä"} & set(reasons)
    assert len(reasons) == 1 + 12
    # A second click adds nothing.
    response = post(http, f"/units/{people.unit.id}/holidays", {"year": "2026"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Vuoden 2026 pyhäpäivät olivat jo kalenterissa." in text(response)
    assert len(_closures(people.unit)) == 13


def test_it_leaves_other_units_alone(http, people):
    login(http, people.manager)
    post(http, f"/units/{people.unit.id}/holidays", {"year": "2026"})
    assert _closures(people.other_unit) == []


@pytest.mark.parametrize("year,message", [("", "Kerro vuosi."), ("1999", "Anna vuosi väliltä 2000–2100."),
                                          ("kaksi", "Kerro vuosi.")])
def test_it_refuses_a_bad_year(http, people, year, message):
    login(http, people.manager)
    response = post(http, f"/units/{people.unit.id}/holidays", {"year": year})
    assert response.status_code == 400
    assert _closures(people.unit) == []
    if year != "kaksi":
        assert message in text(response)


@who_may_not
def test_only_a_manager_may_add_them(app, people, who, status):
    assert_refused(post(client_as(app, people, who), f"/units/{people.unit.id}/holidays", {"year": "2026"}), status)
    assert _closures(people.unit) == []


def test_an_unknown_unit_is_404_and_get_is_405(http, people):
    login(http, people.manager)
    assert post(http, "/units/999999/holidays", {"year": "2026"}).status_code == 404
    assert http.get(f"/units/{people.unit.id}/holidays").status_code == 405
