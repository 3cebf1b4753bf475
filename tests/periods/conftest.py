"""The period tests read and write dates around the people's period, 1.9.2026–2.3.2027: the
clock stands at a named moment before the people are made, whatever day the suite runs on."""
import pytest
import time_machine

from tests.moments import DURING_THE_DAY


@pytest.fixture(autouse=True)
def during_the_day():
    with time_machine.travel(DURING_THE_DAY, tick=False):
        yield
