import pytest
import time_machine

from tests.moments import DURING_THE_DAY


@pytest.fixture
def clock():
    with time_machine.travel(DURING_THE_DAY, tick=False) as traveller:
        yield traveller
