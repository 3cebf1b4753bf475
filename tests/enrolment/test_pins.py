"""The PIN rules on their own."""
import pytest

from webapp.enrolment.pins import is_trivial


@pytest.mark.parametrize("pin", ["0000", "1111", "9999", "1234", "2345", "6789", "0123", "4321", "9876",
                                 "1212", "4545", "1122", "2580"])
def test_easy_pins_are_trivial(pin):
    assert is_trivial(pin)


@pytest.mark.parametrize("pin", ["4826", "7391", "3058", "1928", "5173"])
def test_ordinary_pins_are_fine(pin):
    assert not is_trivial(pin)
