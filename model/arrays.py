"""Array arithmetic shared by the mechanisms, tuned for the small arrays of a world of tens of states."""

from __future__ import annotations

import numpy as np


def ratio(numerator: np.ndarray, denominator: np.ndarray, otherwise: float) -> np.ndarray:
    """``numerator / denominator`` where the denominator is positive, ``otherwise`` elsewhere."""
    positive = denominator > 0
    if positive.all():  # the usual case: a plain division costs a fraction of a masked one
        return numerator / denominator
    return np.divide(numerator, denominator, out=np.full(denominator.shape, otherwise), where=positive)
