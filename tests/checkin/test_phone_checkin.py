"""GET /k/<code>: the link in the kiosk's rotating QR, opened on the client's phone."""
from datetime import timedelta

import pytest
from itsdangerous import Signer

from tests import factories
from tests.checkin.phone import days, kiosk_url, scan_id_of, scans
from tests.http import login, post, text
from tests.moments import MORNING
from webapp.checkin.models import Method, Outcome
from webapp.extensions import db
from webapp.kiosks import device


def test_it_checks_a_client_in_with_a_fresh_code(http, people, kiosk, clock):
    login(http, people.client)
    response = http.get(kiosk_url(kiosk))
    assert response.status_code == 303
    page = http.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Tervetuloa, Anna!" in text(page)
    assert "Kirjauduit sisään klo 8.05" in text(page)
    assert "Syötkö lounaan tänään?" in text(page)
    [day] = days()
    [scan] = scans()
    assert day.client_id == people.client.id and day.unit_id == people.unit.id
    assert day.check_in_method == Method.PHONE
    assert scan.method == Method.PHONE and scan.kiosk_id == kiosk.id and scan.outcome == Outcome.CHECKED_IN


def test_reloading_the_same_link_gives_the_same_answer_and_scans_once(http, people, kiosk, clock):
    login(http, people.client)
    url = kiosk_url(kiosk)
    first = http.get(url)
    clock.shift(timedelta(seconds=20))
    again = http.get(url)
    assert again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert "Tervetuloa, Anna!" in text(http.get(again.headers["Location"]))
    assert len(scans()) == 1 and len(days()) == 1


def test_reloading_a_used_link_after_it_went_stale_still_shows_its_answer(http, people, kiosk, clock):
    login(http, people.client)
    url = kiosk_url(kiosk)
    first = http.get(url)
    clock.shift(timedelta(minutes=30))
    again = http.get(url)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert len(scans()) == 1


def test_a_stale_code_is_410_and_checks_nobody_in(http, people, kiosk, clock):
    login(http, people.client)
    url = kiosk_url(kiosk)
    clock.shift(timedelta(seconds=61))
    response = http.get(url)
    assert response.status_code == 410
    assert "Skannaa kioskin näytöltä uusi koodi" in text(response)
    assert scans() == [] and days() == []


def test_a_photo_from_yesterday_is_stale(http, people, kiosk, clock):
    login(http, people.client)
    response = http.get(kiosk_url(kiosk, MORNING - timedelta(days=1)))
    assert response.status_code == 410
    assert days() == []


def test_a_code_is_still_good_in_the_next_window(http, people, kiosk, clock):
    login(http, people.client)
    url = kiosk_url(kiosk)
    clock.shift(timedelta(seconds=30))
    assert http.get(url).status_code == 303
    assert len(days()) == 1


def _tampered(code: str) -> str:
    value, signature = code.rsplit(".", 1)
    return f"{value}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


def test_forged_codes_are_400(app, http, people, kiosk, clock):
    login(http, people.client)
    real = kiosk_url(kiosk)[len("/k/"):]
    other_key = Signer("not-our-secret-key-0123456789-0123456789", salt="lasna.kiosk-code")
    forged = [
        _tampered(real),
        "garbage",
        "x" * 500,
        other_key.sign(real.rsplit(".", 1)[0]).decode(),
        f"{kiosk.id + 1}.{real.split('.')[1]}.{real.rsplit('.', 1)[1]}",  # another kiosk, same signature
    ]
    for code in forged:
        response = http.get(f"/k/{code}")
        assert response.status_code == 400, code
        assert "Tämä ei ole Läsnän kioskikoodi" in text(response)
    assert scans() == [] and days() == []


def test_a_revoked_kiosks_code_is_410(http, people, kiosk, clock):
    url = kiosk_url(kiosk)
    device.revoke(kiosk, people.manager)
    db.session.commit()
    login(http, people.client)
    response = http.get(url)
    assert response.status_code == 410
    assert "Tämä kioski ei ole enää käytössä" in text(response)
    assert scans() == [] and days() == []


def test_an_unknown_kiosks_code_is_410(http, people, kiosk, clock):
    login(http, people.client)
    url = kiosk_url(kiosk)
    db.session.delete(kiosk)
    db.session.commit()
    assert http.get(url).status_code == 410
    assert days() == []


def test_a_phone_that_is_not_connected_gets_403_and_how_to_connect(http, people, kiosk, clock):
    response = http.get(kiosk_url(kiosk))
    assert response.status_code == 403
    page = text(response)
    assert "Tätä puhelinta ei ole yhdistetty Läsnään" in page
    assert "kysy häneltä" in page  # ask your coach
    assert "oma korttisi" in page and "PIN-koodisi" in page  # the kiosk's own ways
    assert 'href="/login"' in page
    assert "<form" not in page.split("<main", 1)[1]  # no sign-in form here
    assert scans() == [] and days() == []


@pytest.mark.parametrize("who", ["coach", "other_coach", "manager", "kitchen"])
def test_staff_get_403(http, people, kiosk, clock, who):
    login(http, getattr(people, who))
    response = http.get(kiosk_url(kiosk))
    assert response.status_code == 403
    assert "vain asiakkaat" in text(response)
    assert scans() == [] and days() == []


def test_a_client_of_another_unit_is_refused_kindly(http, people, kiosk, clock):
    pekka = people.other_client
    pekka.email = "pekka@example.fi"
    pekka.password_hash = people.client.password_hash
    db.session.commit()
    login(http, pekka)
    response = http.get(kiosk_url(kiosk))
    assert response.status_code == 303
    page = http.get(response.headers["Location"])
    assert page.status_code == 403
    assert "Tämä kioski on toisessa toimipisteessä" in text(page)
    assert "Kierrätyspaja" in text(page)
    assert days() == []
    assert [s.outcome for s in scans()] == [Outcome.REJECTED]


def test_a_client_with_a_period_at_the_kiosks_unit_may_check_in_there(http, people, clock):
    kiosk = factories.make_kiosk(people.other_unit)[1]
    factories.make_period(people.client.client, people.other_unit)
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    [day] = days()
    assert day.unit_id == people.other_unit.id


def test_a_scan_within_two_minutes_is_a_kind_duplicate(http, people, kiosk, clock):
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    clock.shift(timedelta(seconds=95))  # a new code on the screen
    response = http.get(kiosk_url(kiosk))
    page = http.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Olet jo kirjautunut sisään klo 8.05" in text(page)
    [day] = days()
    assert day.check_out_at is None
    assert [s.outcome for s in scans()] == [Outcome.CHECKED_IN, Outcome.DUPLICATE]


def test_a_later_scan_asks_about_leaving_and_yes_checks_out_with_the_hours(http, people, kiosk, clock):
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    clock.shift(timedelta(hours=6, minutes=10))
    response = http.get(kiosk_url(kiosk))
    page = http.get(response.headers["Location"])
    assert "Lähdetkö nyt?" in text(page) and "Ei, jään vielä" in text(page)
    assert days()[0].check_out_at is None  # only asked
    scan_id = scan_id_of(response)
    answer = post(http, f"/checkin/leave/{scan_id}")
    assert answer.status_code == 303
    done = text(http.get(answer.headers["Location"]))
    assert "Lähdit klo 14.15" in done
    assert "Olit paikalla 6 t 10 min" in done
    assert "alle 4 tunnin" not in done
    [day] = days()
    assert day.check_out_method == Method.PHONE and round(day.hours, 2) == round(6 + 10 / 60, 2)


def test_a_short_day_says_kindly_that_the_coach_will_look_at_it(http, people, kiosk, clock):
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    clock.shift(timedelta(hours=2, minutes=30))
    scan_id = scan_id_of(http.get(kiosk_url(kiosk)))
    answer = post(http, f"/checkin/leave/{scan_id}", headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert "Olit paikalla 2 t 30 min" in text(answer)
    assert "Päivä jäi alle 4 tunnin. Ei hätää: ohjaajasi katsoo sen." in text(answer)


def test_the_result_page_of_another_clients_scan_is_404(app, http, people, kiosk, clock):
    other = factories.make_client(people.unit, first_name="Olga", email="olga@example.fi",
                                  password=factories.PASSWORD)
    olgas_phone = app.test_client()
    login(olgas_phone, other)
    scan_id = scan_id_of(olgas_phone.get(kiosk_url(kiosk)))
    assert olgas_phone.get(f"/checkin/scans/{scan_id}").status_code == 200
    login(http, people.client)
    assert http.get(f"/checkin/scans/{scan_id}").status_code == 404
    assert http.get("/checkin/scans/999999").status_code == 404
    assert http.get("/checkin/scans/99999999999999999999").status_code == 404


@pytest.mark.parametrize("who", ["coach", "manager", "kitchen"])
def test_staff_cannot_open_a_result_page(app, http, people, kiosk, clock, who):
    annas_phone = app.test_client()
    login(annas_phone, people.client)
    scan_id = scan_id_of(annas_phone.get(kiosk_url(kiosk)))
    login(http, getattr(people, who))
    assert http.get(f"/checkin/scans/{scan_id}").status_code == 403


def test_the_result_page_needs_sign_in(http, people, kiosk, clock):
    response = http.get("/checkin/scans/1")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_result_page_answers_htmx_with_its_fragment(http, people, kiosk, clock):
    login(http, people.client)
    location = http.get(kiosk_url(kiosk)).headers["Location"]
    fragment = http.get(location, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
    assert 'id="checkin-result"' in text(fragment) and "<html" not in text(fragment)


def test_post_to_the_code_link_is_405(http, people, kiosk, clock):
    login(http, people.client)
    assert post(http, kiosk_url(kiosk)).status_code == 405
    assert days() == []


def test_scanning_again_while_leaving_is_asked_asks_it_again(http, people, kiosk, clock):
    login(http, people.client)
    http.get(kiosk_url(kiosk))
    clock.shift(timedelta(hours=5))
    asked = scan_id_of(http.get(kiosk_url(kiosk)))
    clock.shift(timedelta(seconds=40))
    response = http.get(kiosk_url(kiosk))
    again = scan_id_of(response)
    assert again != asked
    page = text(http.get(response.headers["Location"]))
    # A question is no recorded time: the new scan asks it again (issue 14: no chained duplicates).
    assert "Lähdetkö nyt?" in page and f'action="/checkin/leave/{again}"' in page
    assert [s.outcome for s in scans()] == [Outcome.CHECKED_IN, Outcome.ASKED_LEAVE, Outcome.ASKED_LEAVE]
