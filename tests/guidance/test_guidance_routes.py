"""GET/POST /clients/<id>/guidance, POST /guidance/<id>/remove, GET /guidance/behind over real HTTP."""
from datetime import date, timedelta

import pytest

from tests import factories
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.guidance.models import GuidanceSession

TODAY = date(2026, 11, 18)


def sessions() -> list[GuidanceSession]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(GuidanceSession).order_by(GuidanceSession.id)))


def events(action) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "guidance_session",
                                                               AuditEvent.action == action)))


def as_(http, people, who):
    if who != "anonymous":
        login(http, getattr(people, who))


def good(**kw):
    data = {"day": "2026-11-17", "minutes": "90", "kind": "individual", "note": "Puhuttiin työkokeilusta"}
    data.update(kw)
    return data


STATUSES = [("anonymous", 302), ("client", 403), ("kitchen", 403), ("other_coach", 404), ("coach", 200),
            ("manager", 200)]


@pytest.mark.parametrize("who, status", STATUSES)
def test_it_shows_the_client_page_only_to_staff_who_may_see_the_client(http, people, clock, who, status):
    factories.make_guidance(people.client, people.coach, TODAY, 270, note="Ensimmäinen tapaaminen")
    as_(http, people, who)
    response = http.get(f"/clients/{people.client.id}/guidance")
    assert response.status_code == status
    if status == 302:
        assert "/login" in response.headers["Location"]
    if status == 200:
        page = text(response)
        assert "Viimeisen 3 kuukauden aikana 4 h 30 min / 5 h 15 min." in page  # period from 1.9.
        assert "Puuttuu 45 min." in page
        assert "Ensimmäinen tapaaminen" in page and "Kaisa Ohjaaja" in page and "18.11.2026" in page


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("client", 403), ("kitchen", 403),
                                         ("other_coach", 404), ("coach", 303), ("manager", 303)])
def test_it_logs_a_session_only_for_staff_who_may_see_the_client(http, people, clock, who, status):
    as_(http, people, who)
    response = post(http, f"/clients/{people.client.id}/guidance", good())
    assert response.status_code == status
    saved = sessions()
    if status == 303:
        [s] = saved
        assert (s.day, s.minutes, s.kind, s.note, s.unit_id) == (date(2026, 11, 17), 90, "individual",
                                                                 "Puhuttiin työkokeilusta", people.unit.id)
        assert s.coach_id == s.created_by_id == getattr(people, who).id
        [event] = events("create")
        assert event.entity_id == s.id and event.actor_id == getattr(people, who).id
    else:
        assert saved == []


def test_it_logs_at_the_unit_of_the_active_period(http, people, clock):
    anna = people.client.client
    anna.periods[0].ends_on = TODAY - timedelta(days=30)
    db.session.commit()
    factories.make_period(anna, people.other_unit, starts_on=TODAY - timedelta(days=29))
    login(http, people.coach)
    assert post(http, f"/clients/{people.client.id}/guidance", good()).status_code == 303
    assert sessions()[0].unit_id == people.other_unit.id


def test_it_answers_htmx_with_the_updated_panel(http, people, clock):
    login(http, people.coach)
    response = post(http, f"/clients/{people.client.id}/guidance", good(minutes="360"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith('<div id="guidance"')
    assert "6 h / 5 h 15 min." in page and "Ohjausta on tarpeeksi." in page


@pytest.mark.parametrize("data, message", [
    ({}, "Anna päivä."),
    (good(day=""), "Anna päivä."),
    (good(day="eilen"), "Anna päivä muodossa pp.kk.vvvv."),
    (good(day="2026-11-19"), "Päivä ei voi olla tulevaisuudessa."),
    (good(day="2025-11-17"), "Päivä voi olla enintään vuoden takaa."),
    (good(minutes=""), "Anna kesto minuutteina."),
    (good(minutes="puoli"), "Anna kesto kokonaisina minuutteina."),
    (good(minutes="4"), "Kesto on 5–480 minuuttia."),
    (good(minutes="481"), "Kesto on 5–480 minuuttia."),
    (good(kind="group"), "Valitse ohjauksen laji."),
    (good(note="x" * 501), "Teksti on liian pitkä: enintään 500 merkkiä."),
])
def test_it_refuses_bad_input_with_a_message_and_saves_nothing(http, people, clock, data, message):
    login(http, people.coach)
    for headers in ({}, {"HX-Request": "true"}):
        response = post(http, f"/clients/{people.client.id}/guidance", data, headers=headers)
        assert response.status_code == 400
        assert message in text(response)
    assert sessions() == []
    assert events("create") == []


def test_it_accepts_a_day_exactly_one_year_back_and_today(http, people, clock):
    login(http, people.coach)
    for day in ("2025-11-18", "2026-11-18"):
        assert post(http, f"/clients/{people.client.id}/guidance", good(day=day)).status_code == 303
    assert len(sessions()) == 2


def remove_url(session):
    return f"/guidance/{session.id}/remove"


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("client", 403), ("kitchen", 403),
                                         ("other_coach", 404), ("coach", 303), ("manager", 303)])
def test_it_removes_a_session_with_a_reason_for_staff_who_may_see_the_client(http, people, clock, who, status):
    session = factories.make_guidance(people.client, people.coach, TODAY, 60)
    as_(http, people, who)
    response = post(http, remove_url(session), {"reason": "Kirjattu väärälle asiakkaalle"})
    assert response.status_code == status
    [s] = sessions()
    if status == 303:
        assert s.removed_reason == "Kirjattu väärälle asiakkaalle"
        assert s.removed_by_id == getattr(people, who).id and s.removed_at is not None
        [event] = events("remove")
        assert event.reason == "Kirjattu väärälle asiakkaalle" and event.entity_id == s.id
        assert "removed_reason" in event.changes
    else:
        assert s.removed_at is None and events("remove") == []


def test_a_removed_session_is_kept_struck_through_and_not_counted(http, people, clock):
    session = factories.make_guidance(people.client, people.coach, TODAY, 60)
    factories.make_guidance(people.client, people.coach, TODAY, 30)
    login(http, people.coach)
    post(http, remove_url(session), {"reason": "Tupla"})
    page = text(http.get(f"/clients/{people.client.id}/guidance"))
    assert "<del>" in page and "Tupla" in page and "Poistettu" in page
    assert "Viimeisen 3 kuukauden aikana 30 min / 5 h 15 min." in page


@pytest.mark.parametrize("data, message", [({}, "Kerro, miksi merkintä poistetaan."),
                                           ({"reason": "   "}, "Kerro, miksi merkintä poistetaan."),
                                           ({"reason": "x" * 301}, "Teksti on liian pitkä: enintään 300 merkkiä.")])
def test_it_refuses_removal_without_a_reason(http, people, clock, data, message):
    session = factories.make_guidance(people.client, people.coach, TODAY, 60)
    login(http, people.coach)
    for headers in ({}, {"HX-Request": "true"}):
        response = post(http, remove_url(session), data, headers=headers)
        assert response.status_code == 400
        assert message in text(response)
    assert sessions()[0].removed_at is None


def test_removing_twice_is_a_conflict(http, people, clock):
    session = factories.make_guidance(people.client, people.coach, TODAY, 60)
    login(http, people.coach)
    assert post(http, remove_url(session), {"reason": "Virhe"}).status_code == 303
    response = post(http, remove_url(session), {"reason": "Taas"})
    assert response.status_code == 409
    assert "Tämä merkintä on jo poistettu." in text(response)
    assert sessions()[0].removed_reason == "Virhe" and len(events("remove")) == 1


def test_removing_an_unknown_session_is_404(http, people, clock):
    login(http, people.coach)
    assert post(http, "/guidance/999999/remove", {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("client", 403), ("kitchen", 403),
                                         ("other_coach", 200), ("coach", 200), ("manager", 200)])
def test_it_shows_who_is_behind_to_staff(http, people, clock, who, status):
    factories.make_guidance(people.client, people.coach, TODAY, 90)
    as_(http, people, who)
    response = http.get("/guidance/behind")
    assert response.status_code == status
    if status == 200:
        page = text(response)
        assert ("Anna" in page) == (who in ("coach", "manager"))
        assert ("Pekka" in page) == (who in ("other_coach", "manager"))


def test_the_behind_list_shows_done_required_missing_and_links_to_the_client(http, people, clock):
    factories.make_guidance(people.client, people.coach, TODAY, 90)
    login(http, people.coach)
    page = text(http.get("/guidance/behind"))
    assert f'href="/clients/{people.client.id}/guidance"' in page
    for words in ("Kierrätyspaja", "1 h 30 min", "5 h 15 min", "3 h 45 min"):
        assert words in page, words


def test_the_behind_list_is_empty_when_everyone_has_enough(http, people, clock):
    factories.make_guidance(people.client, people.coach, TODAY, 360)
    login(http, people.coach)
    page = text(http.get("/guidance/behind"))
    assert "Kaikilla asiakkailla on ohjausta tarpeeksi." in page
    assert "Anna" not in page.split("<main")[1]


def test_the_unit_filter_narrows_and_refuses_units_one_may_not_see(http, people, clock):
    login(http, people.manager)
    page = text(http.get(f"/guidance/behind?unit={people.other_unit.id}"))
    assert "Pekka" in page and "Anna Asiakas" not in page
    assert http.get("/guidance/behind?unit=999999").status_code == 404
    assert http.get("/guidance/behind?unit=abc").status_code == 404
    assert http.get("/guidance/behind?unit=99999999999").status_code == 404  # past any id: no 500 on PostgreSQL
    post(http, "/logout")
    login(http, people.coach)
    assert http.get(f"/guidance/behind?unit={people.unit.id}").status_code == 200
    assert http.get(f"/guidance/behind?unit={people.other_unit.id}").status_code == 404


def test_the_client_page_shows_the_guidance_total_and_a_link_to_log(http, people, clock):
    factories.make_guidance(people.client, people.coach, TODAY, 60)
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}"))
    assert "Viimeisen 3 kuukauden aikana 1 h / 5 h 15 min." in page and "Puuttuu 4 h 15 min." in page
    assert f'href="/clients/{people.client.id}/guidance"' in page
    assert 'href="/guidance/behind"' in page  # the nav link
