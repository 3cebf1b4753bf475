"""The manager's kiosk screens: GET /kiosks, GET/POST /kiosks/new, GET /kiosks/<id>,
GET /kiosks/<id>/pairing, POST /kiosks/<id>/rename, /pair and /revoke."""
import re
from datetime import timedelta

import pytest

from tests import factories, moments
from tests.enrolment.helpers import decode_svg_qr
from tests.http import csrf_token, login, post, text
from webapp.audit.models import AuditEvent
from webapp.enrolment.codes import hash_code
from webapp.extensions import db
from webapp.kiosks import device
from webapp.checkin.models import Kiosk

CODE = re.compile(r'data-testid="pairing-code">(\d{4}) (\d{4})<')


def events(kiosk, action=None) -> list[AuditEvent]:
    query = db.select(AuditEvent).where(AuditEvent.entity == "kiosk", AuditEvent.entity_id == kiosk.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


def code_on(page: str) -> str:
    match = CODE.search(page)
    assert match, "no pairing code on the page"
    return match.group(1) + match.group(2)


def create(http, unit, name="Ovitabletti"):
    """The manager (already signed in on http) adds a kiosk; returns (kiosk, code, page)."""
    response = post(http, "/kiosks/new", {"unit": str(unit.id), "name": name})
    assert response.status_code == 303, text(response)
    kiosk = db.session.scalar(db.select(Kiosk).order_by(Kiosk.id.desc()))
    assert response.headers["Location"] == f"/kiosks/{kiosk.id}"
    page = text(http.get(response.headers["Location"]))
    return kiosk, code_on(page), page


def the_tablet_pairs(app, code) -> str:
    tablet = app.test_client()
    response = tablet.post("/kiosk/pair", data={"csrf_token": csrf_token(tablet), "code": code})
    assert response.status_code == 303, text(response)
    return tablet.get_cookie(device.COOKIE, path="/kiosk").value


@pytest.fixture
def manager(http, people):
    login(http, people.manager)
    return http


# --- GET /kiosks ----------------------------------------------------------------------------------

def test_it_explains_what_a_kiosk_is_when_there_are_none(manager):
    response = manager.get("/kiosks")
    assert response.status_code == 200
    page = text(response)
    assert "Kioskeja ei ole vielä" in page
    assert "tabletti toimipisteen ovella" in page
    assert 'href="/kiosks/new"' in page


def test_it_lists_kiosks_by_unit_with_their_state_and_last_call(http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    login(http, people.manager)
    manager = http
    _secret, in_use = factories.make_kiosk(people.unit, name="Ovi")
    _code, waiting = device.create_kiosk(people.other_unit, "Verstas", people.manager)
    _secret, gone = factories.make_kiosk(people.unit, name="Vanha")
    device.revoke(gone, people.manager)
    db.session.commit()
    time_machine.move_to(moments.MORNING + timedelta(minutes=5), tick=False)
    page = text(manager.get("/kiosks"))
    assert page.index("Kierrätyspaja") < page.index("Ovi") < page.index("Vanha") < page.index("Puutyöpaja") \
        < page.index("Verstas")
    rows = {m.group(1): m.group(2) for m in re.finditer(r'data-kiosk="(\d+)">(.*?)</tr>', page, re.DOTALL)}
    assert "Käytössä" in rows[str(in_use.id)] and "5 minuuttia sitten" in rows[str(in_use.id)]
    assert "18.11.2026 8.05" in rows[str(in_use.id)]  # paired at, Helsinki time
    assert "Odottaa yhdistämistä" in rows[str(waiting.id)]
    assert "Poistettu käytöstä" in rows[str(gone.id)]
    assert f'href="/kiosks/{in_use.id}"' in rows[str(in_use.id)]


@pytest.mark.parametrize("who, status", [("coach", 403), ("other_coach", 403), ("client", 403), ("kitchen", 403)])
def test_only_a_manager_sees_the_list(http, people, who, status):
    login(http, getattr(people, who))
    assert http.get("/kiosks").status_code == status


def test_anonymous_is_sent_to_login(http, people):
    response = http.get("/kiosks")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_manager_nav_has_kiosks_and_a_coachs_has_not(app, manager, people):
    assert 'href="/kiosks"' in text(manager.get("/units"))
    coach = app.test_client()
    login(coach, people.coach)
    assert 'href="/kiosks"' not in text(coach.get("/clients/mine"))


# --- GET/POST /kiosks/new -------------------------------------------------------------------------

def test_the_form_offers_the_active_units_only(manager, people):
    closed = factories.make_unit("Suljettu paja")
    closed.active = False
    db.session.commit()
    page = text(manager.get("/kiosks/new"))
    assert "Kierrätyspaja" in page and "Puutyöpaja" in page
    assert "Suljettu paja" not in page
    response = post(manager, "/kiosks/new", {"unit": str(closed.id), "name": "Ovi"})
    assert response.status_code == 400
    assert "Valitse toimipiste listalta" in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Kiosk)) == 0


def test_it_creates_a_kiosk_and_shows_its_code_once(http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    login(http, people.manager)
    manager = http
    kiosk, code, page = create(manager, people.unit, "  Aulan tabletti ")
    assert kiosk.name == "Aulan tabletti" and kiosk.unit_id == people.unit.id
    assert kiosk.created_by_id == people.manager.id
    assert kiosk.pairing_code_hash == hash_code(code)  # only the hash is kept
    assert decode_svg_qr(page) == f"http://localhost/kiosk/pair?code={code}"
    assert "voimassa klo 8.20 asti (15 min)" in page
    assert "Avaa tabletilla osoite http://localhost/kiosk/pair" in page
    assert "skannaa QR-koodi tabletin kameralla" in page
    assert 'hx-trigger="every 3s"' in page and "Odotetaan tablettia" in page
    # A refresh shows the same code and makes no second kiosk...
    assert code_on(text(manager.get(f"/kiosks/{kiosk.id}"))) == code
    assert db.session.scalar(db.select(db.func.count()).select_from(Kiosk)) == 1
    # ...until the tablet has used it: then the page no longer shows it.
    the_tablet_pairs(http.application, code)
    later = text(manager.get(f"/kiosks/{kiosk.id}"))
    assert code[:4] + " " + code[4:] not in later and "<svg" not in later


def test_another_manager_does_not_see_the_code(app, http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    login(http, people.manager)
    kiosk, code, _page = create(http, people.unit)
    colleague = app.test_client()
    login(colleague, factories.make_manager(last_name="Kollega"))
    page = text(colleague.get(f"/kiosks/{kiosk.id}"))
    assert code[:4] + " " + code[4:] not in page and "<svg" not in page


def test_an_expired_code_is_no_longer_shown(http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    login(http, people.manager)
    kiosk, code, _page = create(http, people.unit)
    time_machine.move_to(moments.MORNING + timedelta(minutes=16), tick=False)
    assert code[:4] + " " + code[4:] not in text(http.get(f"/kiosks/{kiosk.id}"))


def test_creating_is_audited_without_secrets(manager, people):
    kiosk, code, _page = create(manager, people.unit)
    [event] = events(kiosk)
    assert event.action == "create" and event.actor_id == people.manager.id
    assert event.changes["name"] == [None, "Ovitabletti"]
    assert event.changes["unit_id"] == [None, people.unit.id]
    logged = str(event.changes)
    assert code not in logged and kiosk.pairing_code_hash not in logged and "PRIVATE KEY" not in logged


@pytest.mark.parametrize("data, message", [
    ({}, "Valitse toimipiste."),
    ({"unit": "UNIT", "name": ""}, "Anna kioskille nimi."),
    ({"unit": "UNIT", "name": "   "}, "Anna kioskille nimi."),
    ({"unit": "UNIT", "name": "x" * 81}, "Enintään 80 merkkiä."),
    ({"unit": "999999", "name": "Ovi"}, "Valitse toimipiste listalta."),
    ({"unit": "not-a-number", "name": "Ovi"}, "Valitse toimipiste"),
])
def test_bad_input_is_a_400_with_a_message(manager, people, data, message):
    data = {k: (str(people.unit.id) if v == "UNIT" else v) for k, v in data.items()}
    response = post(manager, "/kiosks/new", data)
    assert response.status_code == 400
    assert message in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Kiosk)) == 0


def test_a_name_of_80_characters_is_fine(manager, people):
    kiosk, _code, _page = create(manager, people.unit, "x" * 80)
    assert kiosk.name == "x" * 80


@pytest.mark.parametrize("who", ["coach", "other_coach", "client", "kitchen"])
def test_only_a_manager_may_add_a_kiosk(http, people, who):
    login(http, getattr(people, who))
    assert http.get("/kiosks/new").status_code == 403
    assert post(http, "/kiosks/new", {"unit": str(people.unit.id), "name": "Ovi"}).status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Kiosk)) == 0


def test_adding_needs_csrf(manager, people):
    response = manager.post("/kiosks/new", data={"unit": str(people.unit.id), "name": "Ovi"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count()).select_from(Kiosk)) == 0


# --- GET /kiosks/<id> and its pairing status ----------------------------------------------------------

def test_the_detail_page_shows_state_unit_and_history(app, manager, people):
    kiosk, code, _page = create(manager, people.unit)
    the_tablet_pairs(app, code)
    page = text(manager.get(f"/kiosks/{kiosk.id}"))
    assert "Kierrätyspaja" in page and "Käytössä" in page
    assert "Kioski lisätty" in page and "Tabletti yhdistetty" in page
    assert "Marja Johtaja" in page


def test_an_unknown_kiosk_is_404(manager):
    assert manager.get("/kiosks/999999").status_code == 404
    assert manager.get("/kiosks/999999/pairing").status_code == 404
    for action in ("rename", "pair", "revoke"):
        assert post(manager, f"/kiosks/999999/{action}", {"name": "x", "confirm": "yes"}).status_code == 404


def test_the_pairing_status_waits_then_says_paired_and_stops_polling(app, manager, people):
    kiosk, code, _page = create(manager, people.unit)
    waiting = manager.get(f"/kiosks/{kiosk.id}/pairing", headers={"HX-Request": "true"})
    assert waiting.status_code == 200
    assert "Odotetaan tablettia" in text(waiting) and 'hx-trigger="every 3s"' in text(waiting)
    assert "<html" not in text(waiting)
    the_tablet_pairs(app, code)
    done = text(manager.get(f"/kiosks/{kiosk.id}/pairing", headers={"HX-Request": "true"}))
    assert "Yhdistetty!" in done and "hx-trigger" not in done


def test_the_pairing_status_says_when_the_code_expired(http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    login(http, people.manager)
    manager = http
    kiosk, _code, _page = create(manager, people.unit)
    time_machine.move_to(moments.MORNING + timedelta(minutes=16), tick=False)
    page = text(manager.get(f"/kiosks/{kiosk.id}/pairing"))
    assert "Koodi ei ole enää voimassa" in page and "hx-trigger" not in page


@pytest.mark.parametrize("who", ["coach", "other_coach", "client", "kitchen"])
def test_only_a_manager_sees_a_kiosk(http, people, who):
    _secret, kiosk = factories.make_kiosk(people.unit)
    login(http, getattr(people, who))
    assert http.get(f"/kiosks/{kiosk.id}").status_code == 403
    assert http.get(f"/kiosks/{kiosk.id}/pairing").status_code == 403


# --- POST /kiosks/<id>/rename ---------------------------------------------------------------------

def test_renaming_saves_and_is_audited(manager, people):
    _secret, kiosk = factories.make_kiosk(people.unit, name="Ovi")
    response = post(manager, f"/kiosks/{kiosk.id}/rename", {"name": "Pääovi"})
    assert response.status_code == 302 and response.headers["Location"] == f"/kiosks/{kiosk.id}"
    assert db.session.get(Kiosk, kiosk.id).name == "Pääovi"
    [event] = events(kiosk, "rename")
    assert event.changes == {"name": ["Ovi", "Pääovi"]} and event.actor_id == people.manager.id
    page = text(manager.get(f"/kiosks/{kiosk.id}"))
    assert "Nimi muutettu" in page and "Ovi → Pääovi" in page


def test_renaming_to_the_same_name_writes_nothing(manager, people):
    _secret, kiosk = factories.make_kiosk(people.unit, name="Ovi")
    assert post(manager, f"/kiosks/{kiosk.id}/rename", {"name": "Ovi"}).status_code == 302
    assert events(kiosk, "rename") == []


@pytest.mark.parametrize("data", [{}, {"name": ""}, {"name": "y" * 81}])
def test_a_bad_name_is_a_400_and_keeps_the_old_one(manager, people, data):
    _secret, kiosk = factories.make_kiosk(people.unit, name="Ovi")
    response = post(manager, f"/kiosks/{kiosk.id}/rename", data)
    assert response.status_code == 400
    assert "Anna kioskille nimi." in text(response) or "Enintään 80 merkkiä." in text(response)
    assert db.session.get(Kiosk, kiosk.id).name == "Ovi"


@pytest.mark.parametrize("who", ["coach", "client", "kitchen"])
def test_only_a_manager_may_rename(http, people, who):
    _secret, kiosk = factories.make_kiosk(people.unit, name="Ovi")
    login(http, getattr(people, who))
    assert post(http, f"/kiosks/{kiosk.id}/rename", {"name": "Oma"}).status_code == 403
    assert db.session.get(Kiosk, kiosk.id).name == "Ovi"


def test_renaming_needs_csrf_and_post(manager, people):
    _secret, kiosk = factories.make_kiosk(people.unit, name="Ovi")
    assert manager.post(f"/kiosks/{kiosk.id}/rename", data={"name": "Oma"}).status_code == 400
    assert manager.get(f"/kiosks/{kiosk.id}/rename").status_code == 405
    assert db.session.get(Kiosk, kiosk.id).name == "Ovi"


# --- POST /kiosks/<id>/pair: a new code for a tablet that lost its cookie ------------------------------

def test_a_new_code_pairs_a_tablet_again_and_the_old_cookie_stops_when_it_is_used(app, manager, people):
    old_secret, kiosk = factories.make_kiosk(people.unit)
    response = post(manager, f"/kiosks/{kiosk.id}/pair")
    assert response.status_code == 303
    page = text(manager.get(response.headers["Location"]))
    code = code_on(page)
    assert decode_svg_qr(page) == f"http://localhost/kiosk/pair?code={code}"
    assert device.kiosk_from_secret(old_secret).id == kiosk.id  # still works until the code is used
    new_secret = the_tablet_pairs(app, code)
    assert device.kiosk_from_secret(new_secret).id == kiosk.id
    assert device.kiosk_from_secret(old_secret) is None
    [event] = events(kiosk, "pairing_code")
    assert event.actor_id == people.manager.id and code not in str(event.changes)


def test_a_revoked_kiosk_cannot_be_paired_again(manager, people):
    _secret, kiosk = factories.make_kiosk(people.unit)
    device.revoke(kiosk, people.manager)
    db.session.commit()
    response = post(manager, f"/kiosks/{kiosk.id}/pair")
    assert response.status_code == 409
    assert "Lisää uusi kioski" in text(response)
    assert CODE.search(text(response)) is None
    assert db.session.get(Kiosk, kiosk.id).pairing_code_hash is None
    assert events(kiosk, "pairing_code") == []


@pytest.mark.parametrize("who", ["coach", "client", "kitchen"])
def test_only_a_manager_may_make_a_pairing_code(http, people, who):
    _secret, kiosk = factories.make_kiosk(people.unit)
    login(http, getattr(people, who))
    assert post(http, f"/kiosks/{kiosk.id}/pair").status_code == 403
    assert db.session.get(Kiosk, kiosk.id).pairing_code_hash is None


def test_a_pairing_code_needs_csrf_and_post(manager, people):
    _secret, kiosk = factories.make_kiosk(people.unit)
    assert manager.post(f"/kiosks/{kiosk.id}/pair").status_code == 400
    assert manager.get(f"/kiosks/{kiosk.id}/pair").status_code == 405
    assert db.session.get(Kiosk, kiosk.id).pairing_code_hash is None


# --- POST /kiosks/<id>/revoke ---------------------------------------------------------------------

def test_revoking_asks_first(manager, people):
    secret, kiosk = factories.make_kiosk(people.unit)
    response = post(manager, f"/kiosks/{kiosk.id}/revoke")
    assert response.status_code == 200
    assert "Poistetaanko kioski käytöstä?" in text(response)
    assert 'name="confirm" value="yes"' in text(response)
    assert device.kiosk_from_secret(secret) is not None
    assert events(kiosk, "revoke") == []


def test_revoking_stops_the_tablet_and_its_pending_code_at_once(manager, people):
    secret, kiosk = factories.make_kiosk(people.unit)
    code = device.open_pairing(kiosk)
    db.session.commit()
    response = post(manager, f"/kiosks/{kiosk.id}/revoke", {"confirm": "yes"})
    assert response.status_code == 302 and response.headers["Location"] == f"/kiosks/{kiosk.id}"
    assert device.kiosk_from_secret(secret) is None
    assert device.claim_pairing(code) is None
    revoked = db.session.get(Kiosk, kiosk.id)
    assert revoked.is_revoked and revoked.revoked_by_id == people.manager.id
    [event] = events(kiosk, "revoke")
    assert event.actor_id == people.manager.id
    page = text(manager.get(f"/kiosks/{kiosk.id}"))
    assert "Poistettu käytöstä" in page and "on poistettu käytöstä" in page
    assert f'action="/kiosks/{kiosk.id}/pair"' not in page


def test_revoking_twice_is_harmless(manager, people):
    _secret, kiosk = factories.make_kiosk(people.unit)
    post(manager, f"/kiosks/{kiosk.id}/revoke", {"confirm": "yes"})
    response = post(manager, f"/kiosks/{kiosk.id}/revoke", {"confirm": "yes"})
    assert response.status_code == 302
    assert len(events(kiosk, "revoke")) == 1


@pytest.mark.parametrize("who", ["coach", "client", "kitchen"])
def test_only_a_manager_may_revoke(http, people, who):
    secret, kiosk = factories.make_kiosk(people.unit)
    login(http, getattr(people, who))
    assert post(http, f"/kiosks/{kiosk.id}/revoke", {"confirm": "yes"}).status_code == 403
    assert device.kiosk_from_secret(secret) is not None


def test_anonymous_may_not_revoke(http, people):
    secret, kiosk = factories.make_kiosk(people.unit)
    response = post(http, f"/kiosks/{kiosk.id}/revoke", {"confirm": "yes"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert device.kiosk_from_secret(secret) is not None


def test_the_kiosk_itself_may_not_revoke_or_manage(http, people):
    secret, kiosk = factories.make_kiosk(people.unit)
    http.set_cookie(device.COOKIE, secret, path="/")  # even sent everywhere, it is no sign-in
    assert http.get("/kiosks").status_code == 302
    assert post(http, f"/kiosks/{kiosk.id}/revoke", {"confirm": "yes"}).status_code == 302
    assert device.kiosk_from_secret(secret) is not None


def test_revoking_needs_csrf_and_post(manager, people):
    secret, kiosk = factories.make_kiosk(people.unit)
    assert manager.post(f"/kiosks/{kiosk.id}/revoke", data={"confirm": "yes"}).status_code == 400
    assert manager.get(f"/kiosks/{kiosk.id}/revoke").status_code == 405
    assert device.kiosk_from_secret(secret) is not None
