"""The client's henkilötunnus: optional, checked, stored sealed, shown masked, never in the audit
trail, the edit form or the client's own export; the keys rotate."""
from cryptography.fernet import Fernet
import time_machine

from tests import conftest
from tests.clients.helpers import client_form, events
from tests.http import login, post, text
from tests.moments import DURING_THE_DAY
from webapp.audit.models import AccessRead
from webapp.clients import hetu
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.lib.fi_ids import parse_hetu

CODE = "131052-308T"


def form(people, **overrides):
    values = dict(first_name="Anna", last_name="Asiakas", preferred_name="", email="", payer="kela",
                  payer_from="2026-11-18", home_municipality=str(people.client.client.home_municipality_id))
    return client_form(people, **{**values, **overrides})


def profile(people) -> ClientProfile:
    return db.session.get(ClientProfile, people.client.id)


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_manager_stores_the_code_and_it_is_kept_sealed_and_shown_masked(http, people):
    login(http, people.manager)
    assert post(http, f"/clients/{people.client.id}/edit", form(people, hetu=" 131052-308t ")).status_code == 302
    stored = profile(people).hetu_sealed
    assert stored and "131052" not in stored and "308T" not in stored
    assert hetu.unseal(profile(people)).code == CODE

    page = text(http.get(f"/clients/{people.client.id}"))
    assert "131052-••••" in page and "308T" not in page
    edit = text(http.get(f"/clients/{people.client.id}/edit"))
    assert "131052-••••" in edit and "308T" not in edit  # the form never echoes the stored code
    for event in events("client_profile"):
        assert "308T" not in str(event.changes) and "131052" not in str(event.changes)
    assert any(event.changes.get("hetu_sealed") == ["…", "…"] for event in events("client_profile"))


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_saving_without_a_code_keeps_it_and_the_box_removes_it(http, people):
    hetu.seal(profile(people), parse_hetu(CODE))
    db.session.commit()
    login(http, people.manager)
    assert post(http, f"/clients/{people.client.id}/edit", form(people, last_name="Virtanen")).status_code == 302
    assert hetu.unseal(profile(people)).code == CODE
    assert post(http, f"/clients/{people.client.id}/edit", form(people, hetu_remove="y")).status_code == 302
    assert profile(people).hetu_sealed is None


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_wrong_code_is_refused_with_a_reason_and_nothing_changes(http, people):
    hetu.seal(profile(people), parse_hetu(CODE))
    db.session.commit()
    before = profile(people).hetu_sealed
    login(http, people.manager)
    for bad in ("131052-308U", "310252-308T", "131052A308T", "1234"):  # check, date, born in 2052, shape
        response = post(http, f"/clients/{people.client.id}/edit", form(people, hetu=bad, last_name="Muu"))
        assert response.status_code == 400
        assert "Tarkista henkilötunnus" in text(response)
    db.session.expire_all()
    assert profile(people).hetu_sealed == before and profile(people).person.last_name != "Muu"


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_without_keys_the_field_is_not_offered_and_a_code_is_not_taken(app, http, people, monkeypatch):
    monkeypatch.setitem(app.config, "HETU_KEYS", [])
    login(http, people.manager)
    assert 'name="hetu"' not in text(http.get(f"/clients/{people.client.id}/edit"))
    response = post(http, f"/clients/{people.client.id}/edit", form(people, hetu=CODE))
    assert response.status_code == 400 and "salausavainta" in text(response)
    assert profile(people).hetu_sealed is None


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_coach_sees_only_the_masked_code(http, people):
    hetu.seal(profile(people), parse_hetu(CODE))
    db.session.commit()
    login(http, people.coach)
    page = text(http.get(f"/clients/{people.client.id}"))
    assert "131052-••••" in page and "308T" not in page


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_the_code_is_not_in_the_clients_own_export(http, people):
    hetu.seal(profile(people), parse_hetu(CODE))
    db.session.commit()
    login(http, people.client)
    for url in ("/me/data", "/me/data.json"):
        response = http.get(url)
        assert response.status_code == 200
        assert b"131052" not in response.data and b"308T" not in response.data


def test_rotating_the_keys_reseals_every_code(app, people, monkeypatch):
    new = Fernet.generate_key().decode()
    hetu.seal(profile(people), parse_hetu(CODE))
    db.session.commit()
    old_sealed = profile(people).hetu_sealed
    monkeypatch.setitem(app.config, "HETU_KEYS", [new, conftest.HETU_KEY])  # the new key first
    assert hetu.unseal(profile(people)).code == CODE  # the old key still opens it
    result = app.test_cli_runner().invoke(args=["hetu-rotate"])
    assert result.exit_code == 0 and "re-sealed 1 " in result.output
    db.session.expire_all()
    assert profile(people).hetu_sealed != old_sealed
    monkeypatch.setitem(app.config, "HETU_KEYS", [new])  # the old key can now go
    assert hetu.unseal(profile(people)).code == CODE


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_a_manager_sees_the_whole_code_on_request_and_the_view_is_logged(http, people):
    hetu.seal(profile(people), parse_hetu(CODE))
    db.session.commit()
    login(http, people.manager)
    assert "Näytä koko tunnus" in text(http.get(f"/clients/{people.client.id}"))
    assert db.session.scalar(db.select(db.func.count()).select_from(AccessRead).where(
        AccessRead.what == "henkilotunnus")) == 0  # the masked page is no view of the code
    whole = http.get(f"/clients/{people.client.id}/hetu", headers={"HX-Request": "true"})
    assert whole.status_code == 200 and CODE in text(whole) and whole.headers["Cache-Control"] == "no-store"
    [row] = db.session.scalars(db.select(AccessRead).where(AccessRead.what == "henkilotunnus")).all()
    assert (row.client_id, row.reader_id, row.purpose) == (people.client.id, people.manager.id, "client_work")
    assert CODE in text(http.get(f"/clients/{people.client.id}/hetu"))  # without JavaScript: a page
    post(http, "/logout")
    login(http, people.coach)
    assert http.get(f"/clients/{people.client.id}/hetu").status_code == 403
    assert "Näytä koko tunnus" not in text(http.get(f"/clients/{people.client.id}"))


@time_machine.travel(DURING_THE_DAY, tick=False)
def test_without_a_code_there_is_nothing_to_show(http, people):
    login(http, people.manager)
    assert http.get(f"/clients/{people.client.id}/hetu").status_code == 404
