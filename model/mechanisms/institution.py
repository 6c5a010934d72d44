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

from .. import kernels

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel


def members(model: "DiplomacyModel", trust: np.ndarray) -> np.ndarray:
    """Which states belong to a security community given this trust matrix."""
    return kernels.community_members(model.alive & model.trusts_community(), trust, model.adjacency,
                    model.params.community_threshold)
