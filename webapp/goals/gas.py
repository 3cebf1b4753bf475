"""Goal Attainment Scaling: the summary T-score of Kiresuk and Sherman.

    T = 50 + 10·Σwᵢxᵢ / √((1−ρ)Σwᵢ² + ρ(Σwᵢ)²)

xᵢ is goal i's level (−2 much less than expected … 0 as expected … +2 much more), wᵢ its weight
(1 unless the goals matter unequally) and ρ the assumed correlation between goals, 0.3 by
convention (Kela uses the same). T = 50 means the goals were reached as expected; each goal's
level moves T by about 10/√n points.
"""
from collections.abc import Iterable
from math import sqrt

RHO = 0.3
LEVELS = (-2, -1, 0, 1, 2)
REACHED = 50  # a T-score at or above this: the goals were reached as expected or better


def t_score(scores: Iterable[tuple[int, int]]) -> float | None:
    """T for (weight, level) pairs, or None when there is nothing to score."""
    pairs = list(scores)
    if not pairs:
        return None
    weighted = sum(weight * level for weight, level in pairs)
    squares = sum(weight * weight for weight, _level in pairs)
    total = sum(weight for weight, _level in pairs)
    return 50 + 10 * weighted / sqrt((1 - RHO) * squares + RHO * total * total)
