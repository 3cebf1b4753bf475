import pytest
import time_machine

from tests.moments import DURING_THE_DAY


@pytest.fixture(autouse=True)
def clock():
    """Wednesday 18.11.2026; the test client's default period runs 1.9.2026–2.3.2027."""
    with time_machine.travel(DURING_THE_DAY, tick=False) as traveller:
        yield traveller
