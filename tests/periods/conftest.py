import pytest
import time_machine

from tests.moments import MONTH_END


@pytest.fixture(autouse=True)
def autumn_2026():
    """The period tests write dates of 2026–2027 beside Anna's default period, which follows
    today (tests/factories.make_period): they run at the end of November 2026, so
    whatever day the suite runs (LASNA_TEST_TODAY), her period is 1.9.2026–2.3.2027."""
    with time_machine.travel(MONTH_END, tick=False):
        yield
