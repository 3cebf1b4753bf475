"""The kiosk's rotating check-in code: a signed (kiosk, time window) pair.

The kiosk shows a new code every 30 seconds. A code is accepted in its own window and the
next one (at most 2 windows, so 30–60 s), which is enough to scan it and too short for a
photo from yesterday. The signature makes codes impossible to forge without SECRET_KEY;
several app machines sharing SECRET_KEY all accept each other's codes.
"""
import enum
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, Signer

from webapp.lib import clock

WINDOW_SECONDS = 30
VALID_WINDOWS = 2


class CodeProblem(enum.StrEnum):
    FORGED = "forged"  # not a code Läsnä made
    STALE = "stale"  # a real code, but too old (or a photo of one)


class BadCode(Exception):
    def __init__(self, problem: CodeProblem, kiosk_id: int | None = None):
        super().__init__(problem.value)
        self.problem = problem
        self.kiosk_id = kiosk_id


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt="lasna.kiosk-code")


def window_at(moment: datetime) -> int:
    return int(moment.timestamp()) // WINDOW_SECONDS


def seconds_left(moment: datetime | None = None) -> float:
    """Until the window of moment ends and the kiosk shows its next code."""
    moment = moment or clock.now()
    return WINDOW_SECONDS - (moment.timestamp() % WINDOW_SECONDS)


def make_code(kiosk_id: int, moment: datetime | None = None) -> str:
    window = window_at(moment or clock.now())
    return _signer().sign(f"{kiosk_id}.{window}").decode("ascii")


def read_code(code: str) -> int:
    """The kiosk id of a code that is genuine and fresh now; BadCode otherwise."""
    if not code or len(code) > 120:
        raise BadCode(CodeProblem.FORGED)
    try:
        value = _signer().unsign(code).decode("ascii")
        kiosk_part, window_part = value.split(".")
        kiosk_id, window = int(kiosk_part), int(window_part)
    except (BadSignature, ValueError, UnicodeDecodeError):
        raise BadCode(CodeProblem.FORGED) from None
    age = window_at(clock.now()) - window
    if not 0 <= age < VALID_WINDOWS:
        raise BadCode(CodeProblem.STALE, kiosk_id)
    return kiosk_id
