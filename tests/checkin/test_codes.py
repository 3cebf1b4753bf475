"""The kiosk's rotating code: signed, valid in its own 30-s window and the next only."""
from datetime import timedelta

import pytest
import time_machine

from tests.moments import MORNING
from webapp.checkin.codes import BadCode, CodeProblem, make_code, read_code, seconds_left, window_at

START = MORNING.replace(second=0)  # 08:05:00, the start of a window


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def test_a_fresh_code_names_its_kiosk(ctx):
    with time_machine.travel(START, tick=False):
        assert read_code(make_code(42)) == 42


@pytest.mark.parametrize("later, ok", [(timedelta(seconds=29), True), (timedelta(seconds=59), True),
                                       (timedelta(seconds=60), False), (timedelta(days=1), False)])
def test_a_code_lives_two_windows(ctx, later, ok):
    with time_machine.travel(START, tick=False):
        code = make_code(7)
    with time_machine.travel(START + later, tick=False):
        if ok:
            assert read_code(code) == 7
        else:
            with pytest.raises(BadCode) as error:
                read_code(code)
            assert error.value.problem == CodeProblem.STALE and error.value.kiosk_id == 7


def test_a_code_from_the_future_is_not_accepted(ctx):
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        code = make_code(7)
    with time_machine.travel(START, tick=False), pytest.raises(BadCode) as error:
        read_code(code)
    assert error.value.problem == CodeProblem.STALE


@pytest.mark.parametrize("mangle", [
    lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),  # signature changed
    lambda c: "8" + c,  # another kiosk, same signature
    lambda c: "",
    lambda c: "x" * 500,
    lambda c: "1.2.3.4",
    lambda c: "ä.ö",
])
def test_a_forged_code_is_refused(ctx, mangle):
    with time_machine.travel(START, tick=False):
        with pytest.raises(BadCode) as error:
            read_code(mangle(make_code(7)))
    assert error.value.problem == CodeProblem.FORGED


def test_codes_signed_with_another_secret_are_forged(app):
    with app.test_request_context(), time_machine.travel(START, tick=False):
        code = make_code(7)
        app.config["SECRET_KEY"], saved = "another-secret-key-that-is-long-enough-0000", app.config["SECRET_KEY"]
        try:
            with pytest.raises(BadCode):
                read_code(code)
        finally:
            app.config["SECRET_KEY"] = saved


def test_window_arithmetic():
    assert window_at(START + timedelta(seconds=29)) == window_at(START)
    assert window_at(START + timedelta(seconds=30)) == window_at(START) + 1
    assert seconds_left(START + timedelta(seconds=10)) == 20
