"""GET/POST /units/<id>/activities and POST .../<activity>/toggle: the chips a unit offers in
its clients' diaries. The manager and the unit's coaches keep them; nothing is ever deleted."""
import pytest

from tests import factories
from tests.http import login, post, text
from webapp.audit.models import AuditEvent
from webapp.diary import entries
from webapp.diary.models import UnitActivity
from webapp.extensions import db


def activities(unit) -> list[tuple[str, bool]]:
    return [(a.label, a.active) for a in db.session.scalars(
        db.select(UnitActivity).where(UnitActivity.unit_id == unit.id).order_by(UnitActivity.position))]


def events() -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "unit_activity")
                                   .order_by(AuditEvent.id)))


def base(people):
    return f"/units/{people.unit.id}/activities"


@pytest.mark.parametrize("who", ["coach", "manager"])
def test_it_lists_the_units_chips(http, people, who):
    factories.make_unit_activity(people.unit, "Puutyöt", position=1)
    factories.make_unit_activity(people.unit, "Vanha juttu", active=False, position=2)
    factories.make_unit_activity(people.other_unit, "Toisen pajan asia")
    login(http, getattr(people, who))
    response = http.get(base(people))
    assert response.status_code == 200
    page = text(response)
    assert "Puutyöt" in page and "Vanha juttu" in page and "Toisen pajan asia" not in page
    assert "Ota käyttöön" in page and "Poista käytöstä" in page


@pytest.mark.parametrize("who", ["coach", "manager"])
def test_it_adds_a_chip_and_audits_it(http, people, who):
    login(http, getattr(people, who))
    response = post(http, base(people), {"label": "  Kahvin   keitto "})
    assert response.status_code == 303 and response.headers["Location"].endswith(base(people))
    assert activities(people.unit) == [("Kahvin keitto", True)]
    [event] = events()
    assert event.action == "create" and event.actor_id == getattr(people, who).id
    assert event.changes["label"] == [None, "Kahvin keitto"]
    assert "Kahvin keitto" in entries.chips_for(people.client.client)


def test_an_htmx_add_answers_with_the_list(http, people):
    factories.make_unit_activity(people.unit, "Puutyöt")
    login(http, people.coach)
    response = post(http, base(people), {"label": "Siivous"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page and 'id="unit-activities"' in page
    assert "Lisätty: Siivous" in page and "Puutyöt" in page
    assert "HX-Request" in response.headers["Vary"]
    assert activities(people.unit)[-1] == ("Siivous", True)


@pytest.mark.parametrize("label, message", [
    (None, "Kirjoita toiminnan nimi."),
    ("", "Kirjoita toiminnan nimi."),
    ("    ", "Kirjoita toiminnan nimi."),
    ("x" * 41, "Nimi on liian pitkä (enintään 40 merkkiä)."),
    ("puutyöt", "Toimipisteellä on jo tämä toiminta."),
    ("VANHA JUTTU", "Toimipisteellä on jo tämä toiminta."),  # switched off still counts
])
@pytest.mark.parametrize("htmx", [True, False])
def test_bad_labels_are_400_with_a_message(http, people, label, message, htmx):
    factories.make_unit_activity(people.unit, "Puutyöt")
    factories.make_unit_activity(people.unit, "Vanha juttu", active=False)
    login(http, people.coach)
    response = post(http, base(people), {} if label is None else {"label": label},
                    headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 400
    assert message in text(response)
    assert len(activities(people.unit)) == 2 and events() == []


def test_the_same_label_is_fine_at_another_unit(http, people):
    factories.make_unit_activity(people.other_unit, "Puutyöt")
    login(http, people.coach)
    assert post(http, base(people), {"label": "Puutyöt"}).status_code == 303
    assert activities(people.unit) == [("Puutyöt", True)]


def test_a_label_of_40_characters_is_fine(http, people):
    login(http, people.manager)
    assert post(http, base(people), {"label": "y" * 40}).status_code == 303


@pytest.mark.parametrize("who", ["coach", "manager"])
def test_toggle_switches_a_chip_off_and_on_and_audits_it(http, people, who):
    chip = factories.make_unit_activity(people.unit, "Puutyöt")
    login(http, getattr(people, who))
    url = f"{base(people)}/{chip.id}/toggle"
    assert post(http, url).status_code == 303
    assert activities(people.unit) == [("Puutyöt", False)]
    assert "Puutyöt" not in entries.chips_for(people.client.client)
    response = post(http, url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Käytössä: Puutyöt" in text(response)
    assert activities(people.unit) == [("Puutyöt", True)]
    assert [(e.action, e.changes["active"]) for e in events()] == [("update", [True, False]),
                                                                     ("update", [False, True])]


def test_toggle_never_deletes_and_old_entries_keep_their_labels(http, people, clock):
    chip = factories.make_unit_activity(people.unit, "Puutyöt")
    from datetime import date
    entry = factories.make_entry(people.client, date(2026, 11, 17), activities=["Puutyöt"])
    login(http, people.coach)
    post(http, f"{base(people)}/{chip.id}/toggle")
    db.session.expire_all()
    assert db.session.get(UnitActivity, chip.id) is not None
    assert db.session.get(type(entry), entry.id).labels == ["Puutyöt"]


def test_toggle_of_another_units_chip_is_404(http, people):
    other = factories.make_unit_activity(people.other_unit, "Toinen")
    login(http, people.manager)
    assert post(http, f"{base(people)}/{other.id}/toggle").status_code == 404
    assert post(http, f"{base(people)}/999999/toggle").status_code == 404
    assert activities(people.other_unit) == [("Toinen", True)]


@pytest.mark.parametrize("method", ["get", "add", "toggle"])
def test_a_coach_of_another_unit_gets_404(http, people, method):
    chip = factories.make_unit_activity(people.unit, "Puutyöt")
    login(http, people.other_coach)
    status = {"get": lambda: http.get(base(people)),
              "add": lambda: post(http, base(people), {"label": "Uusi"}),
              "toggle": lambda: post(http, f"{base(people)}/{chip.id}/toggle")}[method]().status_code
    assert status == 404
    assert activities(people.unit) == [("Puutyöt", True)]


@pytest.mark.parametrize("who", ["client", "kitchen"])
@pytest.mark.parametrize("method", ["get", "add", "toggle"])
def test_clients_and_kitchen_get_403(http, people, who, method):
    chip = factories.make_unit_activity(people.unit, "Puutyöt")
    login(http, getattr(people, who))
    status = {"get": lambda: http.get(base(people)),
              "add": lambda: post(http, base(people), {"label": "Uusi"}),
              "toggle": lambda: post(http, f"{base(people)}/{chip.id}/toggle")}[method]().status_code
    assert status == 403
    assert activities(people.unit) == [("Puutyöt", True)]


@pytest.mark.parametrize("method", ["get", "add", "toggle"])
def test_anonymous_is_sent_to_login(http, people, method):
    chip = factories.make_unit_activity(people.unit, "Puutyöt")
    response = {"get": lambda: http.get(base(people)),
                "add": lambda: post(http, base(people), {"label": "Uusi"}),
                "toggle": lambda: post(http, f"{base(people)}/{chip.id}/toggle")}[method]()
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_unknown_unit_is_404(http, people):
    login(http, people.manager)
    assert http.get("/units/999999/activities").status_code == 404


def test_a_post_without_csrf_is_400(http, people):
    login(http, people.coach)
    assert http.post(base(people), data={"label": "Uusi"}).status_code == 400
    assert activities(people.unit) == []


def test_get_on_toggle_is_405(http, people):
    chip = factories.make_unit_activity(people.unit, "Puutyöt")
    login(http, people.coach)
    assert http.get(f"{base(people)}/{chip.id}/toggle").status_code == 405


def test_the_unit_page_and_the_coachs_list_link_here(http, people):
    login(http, people.manager)
    assert f'href="{base(people)}"' in text(http.get(f"/units/{people.unit.id}"))
    coach = http.application.test_client()
    login(coach, people.coach)
    page = text(coach.get("/clients/mine"))
    assert f'href="{base(people)}"' in page and f'href="/units/{people.other_unit.id}/activities"' not in page
