"""POST /kiosk/pair is throttled per address like a password: 4 wrong codes are answered at once,
then the address waits 15 s, 30 s ... and from the 10th wrong code it is locked for 15 minutes
(it answered about 200 guesses a second before). Wrong codes are listed for the manager."""
from datetime import timedelta

import pytest

from tests import moments
from tests.http import csrf_token, login, text
from webapp.extensions import db
from webapp.kiosks import device
from webapp.checkin.models import Kiosk

LOCKED = "Liian monta väärää yritystä."


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(moments.MORNING, tick=False)
    return time_machine


def new_kiosk(people):
    code, kiosk = device.create_kiosk(people.unit, "Ovitabletti", people.manager)
    db.session.commit()
    return code, kiosk


def wrong_of(code: str) -> str:
    return f"{(int(code) + 1) % 10**8:08d}"


def pair(http, code):
    return http.post("/kiosk/pair", data={"csrf_token": csrf_token(http), "code": code})


def test_two_hundred_guesses_are_not_all_answered(http, people, frozen):
    code, _kiosk = new_kiosk(people)
    answers = [pair(http, f"{n:08d}").status_code for n in range(200) if f"{n:08d}" != code]
    assert answers[:5] == [400] * 5
    assert set(answers[5:]) == {429}


def test_the_right_code_during_a_lock_pairs_nothing(http, people, frozen):
    code, kiosk = new_kiosk(people)
    for _ in range(5):
        pair(http, wrong_of(code))
    response = pair(http, code)
    assert response.status_code == 429
    assert LOCKED in text(response) and 'role="alert"' in text(response)
    assert response.headers["Retry-After"] == "15"
    assert http.get_cookie(device.COOKIE, path="/kiosk") is None
    assert db.session.get(Kiosk, kiosk.id).pairing_open()  # still there for the real tablet
    frozen.shift(timedelta(seconds=15))
    assert pair(http, code).status_code == 303  # after the wait it works, and clears the count


def test_the_waits_grow_to_a_fifteen_minute_lock(http, people, frozen):
    code, _kiosk = new_kiosk(people)
    waits = []
    for _ in range(10):
        response = pair(http, wrong_of(code))
        if response.status_code == 429:
            waits.append(int(response.headers["Retry-After"]))
            frozen.shift(timedelta(seconds=waits[-1]))
            assert pair(http, wrong_of(code)).status_code == 400
    assert waits == [15, 30, 60, 120, 240]
    assert pair(http, code).headers["Retry-After"] == "900"


def test_another_address_is_not_held_up(app, http, people, frozen):
    code, kiosk = new_kiosk(people)
    for _ in range(10):
        pair(http, wrong_of(code))
    tablet = app.test_client()
    tablet.environ_base["REMOTE_ADDR"] = "198.51.100.40"
    assert pair(tablet, code).status_code == 303


def test_a_form_with_errors_is_not_a_try(http, people, frozen):
    code, _kiosk = new_kiosk(people)
    for _ in range(10):
        assert pair(http, "12").status_code == 400
    assert pair(http, code).status_code == 303


def test_wrong_codes_are_listed_for_the_manager(app, http, people, frozen):
    code, _kiosk = new_kiosk(people)
    http.environ_base["REMOTE_ADDR"] = "198.51.100.41"
    pair(http, wrong_of(code))
    office = app.test_client()
    login(office, people.manager)
    page = text(office.get("/sign-ins"))
    assert "Kioskin yhdistämiskoodi" in page and "198.51.100.41" in page
    assert wrong_of(code) not in page  # a guessed code is not worth keeping
