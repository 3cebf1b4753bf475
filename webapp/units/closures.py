"""The days already recorded in a closure: what the closure screens must know about them.

Day records live higher up (webapp/checkin), and this package never imports that one. So
create_app hands the answers in, as an object with these three functions (webapp.checkin.closures
is one); an app without it (a unit test of this package alone) finds no days.
"""
from datetime import date
from typing import Protocol

from flask import Flask, current_app

KEY = "lasna.closure_days"


class ClosureDays(Protocol):
    def decided_in(self, unit, first: date, last: date) -> list:
        """The decided days at unit that a closure from first to last would contradict."""

    def closure_added(self, unit, first: date, last: date, reason: str) -> int:
        """Mark those days for the coach once the closure is saved; how many."""

    def closure_removed(self, unit, first: date, last: date, reason: str) -> int:
        """Unmark the days no longer closed once a closure is removed; how many."""


class _NoDays:
    def decided_in(self, unit, first, last):
        return []

    def closure_added(self, unit, first, last, reason):
        return 0

    def closure_removed(self, unit, first, last, reason):
        return 0


def init_app(app: Flask, days: ClosureDays) -> None:
    app.extensions[KEY] = days


def closure_days() -> ClosureDays:
    return current_app.extensions.get(KEY) or _NoDays()
