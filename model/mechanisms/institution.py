"""7. Institutions (switch: ``institution``).

Win-win neighbours whose mutual trust exceeds ``community_threshold`` form or join a security
community (Deutsch 1957; the Shanghai Cooperation Organisation of 2001 in the seed paper): a state
belongs while it has at least one such partner. Members settle their crises without war, see each
other's postures fully (distinguishability 1 inside the community) and, if their doctrine trusts its
community, do not count each other as threats. Membership is recomputed from the end-of-year trust.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel


def members(model: "DiplomacyModel", trust: np.ndarray) -> np.ndarray:
    """Which states belong to a security community given this trust matrix."""
    eligible = model.alive & model.trusts_community()
    if eligible.sum() < 2:
        return np.zeros(model.n, dtype=bool)
    rows = np.flatnonzero(eligible)
    block = trust[np.ix_(rows, rows)] >= model.params.community_threshold
    paired = block & block.T & model.adjacency[np.ix_(rows, rows)]
    result = np.zeros(model.n, dtype=bool)
    result[rows] = paired.any(axis=1)
    return result
