"""3. Trust (switch: ``trust``).

Each state updates its belief that each neighbour is benign from what it saw this year (Kydd 2005):
cooperation and restraint raise it, defection and arming beyond defensive need lower it.

    trust_ij ← trust_ij + trust_rate · (signal_ij − trust_ij)
    signal_ij = saw_cooperation_ij · (1 − alarm_ij)

Arming beyond defensive need: j's arms above the mean arms of j's own neighbours,
``excess_j = clip(x_j / mean_{k∈N(j)} x_k − 1, 0, 1)``. It alarms i only as far as i cannot see that
the arms are defensive: ``alarm_ij = excess_j · (1 − distinguishability_ij · posture_j)``, with full
distinguishability inside a security community. With the game off, ``signal = 1 − alarm``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..compiled import kernel

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel
    from .game import Play


def update(model: "DiplomacyModel", play: "Play | None") -> np.ndarray:
    """Next year's trust matrix."""
    params = model.params
    return _update(model.trust, None if play is None else play.seen, model.adjacency, model.military,
                   model.posture, model.community, params.distinguishability, params.trust_rate)


@kernel
def _update(trust, seen, adjacency, arms, posture, community, distinguishability, rate):
    n = arms.size
    updated = np.empty_like(trust)
    for j in range(n):
        need, neighbours = 0.0, 0  # the mean arms of j's neighbours
        for k in range(n):
            if adjacency[j, k]:
                need += arms[k]
                neighbours += 1
        need /= max(neighbours, 1)
        excess = min(max((arms[j] / need if need > 0 else 2.0) - 1, 0.0), 1.0)
        # as far as i cannot see that the arms are defensive; fully inside a security community
        signal_from_outsider = 1 - excess * (1 - distinguishability * posture[j])
        signal_from_member = 1 - excess * (1 - posture[j])
        for i in range(n):
            signal = signal_from_member if community[i] and community[j] else signal_from_outsider
            if seen is not None and not seen[i, j]:
                signal = 0.0
            updated[i, j] = trust[i, j] * (1 - rate) + rate * signal
    return updated
