"""Sparse Bernoulli sampling: which of m independent trials of probability p succeed.

Rare events over many dyads (a misread move, a crisis) would cost one random number per dyad per
year. Drawing the gaps between successes from the geometric distribution gives exactly the same
law (each trial succeeds independently with probability p) for about m·p random numbers.
"""

from __future__ import annotations

import math

import numpy as np

from . import kernels

_EMPTY = np.empty(0, dtype=np.int64)


def bernoulli_positions(rng: np.random.Generator, m: int, p: float) -> np.ndarray:
    """Sorted indices in ``range(m)`` of the trials that succeed, each with probability ``p``."""
    if m <= 0 or p <= 0:
        return _EMPTY
    if p >= 1:
        return np.arange(m)
    expected = m * p
    chunk = int(expected + 6 * math.sqrt(expected) + 16)
    gaps = rng.geometric(p, size=chunk)
    positions = kernels.positions_below(gaps, m)
    while positions is None:  # rare: the chunk's successes ended before trial m
        gaps = np.concatenate([gaps, rng.geometric(p, size=chunk)])
        positions = kernels.positions_below(gaps, m)
    return positions
