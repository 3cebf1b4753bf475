"""GET/POST /kiosk/pair: the tablet types (or scans) the manager's code and gets its device
cookie; and the "not paired" page every tablet route shows without one."""
import re
from datetime import timedelta

import pytest

from tests import factories, moments
from tests.http import csrf_token, login, text
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.kiosks import device
from webapp.checkin.models import Kiosk

WRONG = "Koodi ei kelpaa"


def new_kiosk(people, name="Ovitabletti"):
    code, kiosk = device.create_kiosk(people.unit, name, people.manager)
    db.session.commit()
    return code, kiosk


def pair(http, code, **extra):
    return http.post("/kiosk/pair", data={"csrf_token": csrf_token(http), "code": code, **extra})


def device_cookie(http):
    return http.get_cookie(device.COOKIE, path="/kiosk")


def test_anyone_gets_the_form_without_signing_in(http, people):
    response = http.get("/kiosk/pair")
    assert response.status_code == 200
    page = text(response)
    assert 'class="kiosk' in page  # the kiosk's look, not the staff pages
    assert "Yhdistä tabletti Läsnään" in page
    assert 'inputmode="numeric"' in page and 'autocomplete="off"' in page
    assert 'name="csrf_token"' in page
    assert 'type="password"' not in page and "/login" not in page


def test_the_code_from_the_qr_fills_the_box_but_needs_one_tap(http, people):
    code, kiosk = new_kiosk(people)
    response = http.get(f"/kiosk/pair?code={code}")
    assert f'value="{code[:4]} {code[4:]}"' in text(response)
    assert device_cookie(http) is None
    assert db.session.get(Kiosk, kiosk.id).pairing_open()  # a GET uses nothing


@pytest.mark.parametrize("raw, shown", [("12<b>34", "1234"), ("x" * 500, ""), ("1234 5678 9999", "1234 5678")])
def test_a_strange_code_in_the_url_is_cleaned(http, raw, shown):
    response = http.get("/kiosk/pair", query_string={"code": raw})
    assert response.status_code == 200
    assert f'value="{shown}"' in text(response) or (shown == "" and 'value=""' in text(response))
    assert "<b>" not in text(response)


def test_a_right_code_sets_the_device_cookie_and_opens_the_kiosk(http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    code, kiosk = new_kiosk(people)
    response = pair(http, f"{code[:4]} {code[4:]}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/kiosk"
    header = response.headers["Set-Cookie"]
    assert header.startswith(device.COOKIE + "=")
    for part in ("Path=/kiosk", "HttpOnly", "SameSite=Strict", "Secure", "Max-Age="):
        assert part in header
    paired = device.kiosk_from_secret(device_cookie(http).value)
    assert paired is not None and paired.id == kiosk.id
    assert paired.paired_at == moments.MORNING and paired.pairing_code_hash is None
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "paired")).all()
    assert (event.entity, event.entity_id, event.actor_id) == ("kiosk", kiosk.id, None)
    assert device_cookie(http).value not in str(event.changes) and code not in str(event.changes)


def test_dashes_are_fine_too(http, people):
    code, kiosk = new_kiosk(people)
    assert pair(http, f"{code[:4]}-{code[4:]}").status_code == 303
    assert device.kiosk_from_secret(device_cookie(http).value).id == kiosk.id


def test_a_code_works_only_once(app, http, people):
    code, _kiosk = new_kiosk(people)
    assert pair(http, code).status_code == 303
    second = app.test_client()
    response = pair(second, code)
    assert response.status_code == 400
    assert WRONG in text(response)
    assert device_cookie(second) is None


def test_an_expired_code_is_refused(http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    code, kiosk = new_kiosk(people)
    time_machine.move_to(moments.MORNING + timedelta(minutes=16), tick=False)
    response = pair(http, code)
    assert response.status_code == 400
    assert WRONG in text(response)
    assert device_cookie(http) is None
    assert not db.session.get(Kiosk, kiosk.id).is_paired


def test_a_wrong_code_is_refused_without_a_cookie(http, people):
    code, kiosk = new_kiosk(people)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    response = pair(http, wrong)
    assert response.status_code == 400
    assert WRONG in text(response)
    assert "Set-Cookie" not in response.headers or device.COOKIE not in response.headers["Set-Cookie"]
    assert device_cookie(http) is None
    assert db.session.get(Kiosk, kiosk.id).pairing_open()  # the real code still works


def test_the_answer_does_not_tell_whether_a_code_exists(app, http, people, time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    code, _kiosk = new_kiosk(people)
    used = app.test_client()
    pair(used, code)
    expired_code, _other = new_kiosk(people, "Toinen")
    time_machine.move_to(moments.MORNING + timedelta(minutes=16), tick=False)

    def message(attempt):
        page = text(pair(app.test_client(), attempt))
        return re.search(r'<p class="error"[^>]*>(.*?)</p>', page, re.DOTALL).group(1)

    never = "00000000" if code != "00000000" else "11111111"
    assert message(code) == message(expired_code) == message(never)


def test_a_revoked_kiosks_pending_code_is_refused(http, people):
    code, kiosk = new_kiosk(people)
    device.revoke(kiosk, people.manager)
    db.session.commit()
    response = pair(http, code)
    assert response.status_code == 400
    assert device_cookie(http) is None


@pytest.mark.parametrize("data, message", [
    ({}, "Kirjoita koodi"),
    ({"code": ""}, "Kirjoita koodi"),
    ({"code": "1234"}, "Koodissa on 8 numeroa."),
    ({"code": "abcdefgh"}, "Koodissa on 8 numeroa."),
    ({"code": "1" * 300}, "Koodissa on 8 numeroa."),
])
def test_bad_input_is_a_400_with_a_message(http, people, data, message):
    new_kiosk(people)
    response = http.post("/kiosk/pair", data={"csrf_token": csrf_token(http), **data})
    assert response.status_code == 400
    assert message in text(response)
    assert device_cookie(http) is None


def test_pairing_needs_csrf(http, people):
    code, kiosk = new_kiosk(people)
    response = http.post("/kiosk/pair", data={"code": code})
    assert response.status_code == 400
    assert device_cookie(http) is None
    assert db.session.get(Kiosk, kiosk.id).pairing_open()


def test_a_paired_tablet_is_told_what_it_is(http, people):
    secret, _kiosk = factories.make_kiosk(people.unit, name="Pääovi")
    http.set_cookie(device.COOKIE, secret, path="/kiosk")
    page = text(http.get("/kiosk/pair"))
    assert "on jo kioski Pääovi (Kierrätyspaja)" in page


def test_a_signed_in_manager_pairing_a_tablet_is_the_actor(http, people):
    code, _kiosk = new_kiosk(people)
    login(http, people.manager)
    assert pair(http, code).status_code == 303
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "paired"))
    assert event.actor_id == people.manager.id


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_405(http, method):
    assert getattr(http, method)("/kiosk/pair").status_code == 405


# --- The "not paired" page -------------------------------------------------------------------------

def test_the_not_paired_page_is_kind_and_points_to_pairing(app, people):
    with app.test_request_context("/kiosk"):
        body, status = device.not_paired()
    assert status == 403
    assert "Tätä laitetta ei ole yhdistetty Läsnään" in body
    assert "Pyydä toimipisteen esihenkilöltä yhdistämiskoodi" in body
    assert 'href="/kiosk/pair"' in body
    assert 'class="kiosk' in body
    assert 'type="password"' not in body and "/login" not in body
