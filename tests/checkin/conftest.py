"""Shared by the phone check-in tests: a frozen morning and a paired kiosk of Anna's unit."""
import pytest
import time_machine

from tests import factories
from tests.moments import MORNING


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def kiosk(people):
    return factories.make_kiosk(people.unit)[1]
