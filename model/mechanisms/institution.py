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

from ..compiled import kernel

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel


def members(model: "DiplomacyModel", trust: np.ndarray) -> np.ndarray:
    """Which states belong to a security community given this trust matrix."""
    return _members(model.alive & model.trusts_community(), trust, model.adjacency,
                    model.params.community_threshold)


@kernel
def _members(eligible, trust, adjacency, threshold):
    """Eligible states with at least one eligible neighbour whose trust with them is mutual and at
    least ``threshold``."""
    n = eligible.size
    member = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        if eligible[i]:
            for j in range(n):
                if (eligible[j] and adjacency[i, j] and trust[i, j] >= threshold
                        and trust[j, i] >= threshold):
                    member[i] = True
                    break
    return member
