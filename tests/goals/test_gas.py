"""The GAS T-score against worked examples (figures computed by hand, to two decimals)."""
import pytest

from webapp.goals.gas import t_score


@pytest.mark.parametrize("scores, expected", [
    # One goal: the denominator is 1, so each level is 10 points.
    ([(1, 0)], 50.0),
    ([(1, -1)], 40.0),
    ([(1, 2)], 70.0),
    # Three equal goals all one level short: 50 − 30/√(0.7·3 + 0.3·9) = 50 − 30/√4.8
    ([(1, -1), (1, -1), (1, -1)], 36.31),
    # Three equal goals as expected, whatever the mix that sums to zero
    ([(1, -1), (1, 0), (1, 1)], 50.0),
    ([(1, 0), (1, 0), (1, 0)], 50.0),
    # Three equal goals, two at +1 and one at 0: 50 + 20/√4.8
    ([(1, 1), (1, 1), (1, 0)], 59.13),
    # Unequal weights 1, 2, 3 at +1, 0, −1: 50 + 10·(1 − 3)/√(0.7·14 + 0.3·36) = 50 − 20/√20.6
    ([(1, 1), (2, 0), (3, -1)], 45.59),
    # The same levels with the weights the other way round: 50 + 20/√20.6
    ([(3, 1), (2, 0), (1, -1)], 54.41),
    # Two goals weighted 2 and 1, both at +2: 50 + 10·6/√(0.7·5 + 0.3·9) = 50 + 60/√6.2
    ([(2, 2), (1, 2)], 74.10),
    # Four equal goals at the starting level −2: 50 − 80/√(0.7·4 + 0.3·16) = 50 − 80/√7.6
    ([(1, -2)] * 4, 20.98),
])
def test_t_score_matches_the_worked_examples(scores, expected):
    assert t_score(scores) == pytest.approx(expected, abs=0.005)


def test_doubling_every_weight_changes_nothing():
    assert t_score([(2, 1), (4, 0), (6, -1)]) == pytest.approx(t_score([(1, 1), (2, 0), (3, -1)]))


def test_no_goals_has_no_score():
    assert t_score([]) is None
