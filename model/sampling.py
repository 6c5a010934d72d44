"""Sparse Bernoulli sampling: which of m independent trials of probability p succeed.

Rare events over many dyads (a misread move, a crisis) would cost one random number per dyad per
year. Drawing the gaps between successes from the geometric distribution gives exactly the same
law (each trial succeeds independently with probability p) for about m·p random numbers.
"""

from __future__ import annotations

import math

import numpy as np

_EMPTY = np.empty(0, dtype=np.int64)


def bernoulli_positions(rng: np.random.Generator, m: int, p: float) -> np.ndarray:
    """Sorted indices in ``range(m)`` of the trials that succeed, each with probability ``p``."""
    if m <= 0 or p <= 0:
        return _EMPTY
    if p >= 1:
        return np.arange(m)
    expected = m * p
    chunk = int(expected + 6 * math.sqrt(expected) + 16)
    # ndarray methods: at a few dozen draws, NumPy's function wrappers would cost more than the work
    positions = rng.geometric(p, size=chunk).cumsum()
    positions -= 1
    while positions[-1] < m:
        more = rng.geometric(p, size=chunk).cumsum()
        more += positions[-1]
        positions = np.concatenate([positions, more])
    return positions[: positions.searchsorted(m)]
