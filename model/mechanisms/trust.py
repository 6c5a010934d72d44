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

from .. import kernels

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel
    from .game import Play


def update(model: "DiplomacyModel", play: "Play | None") -> np.ndarray:
    """Next year's trust matrix."""
    params = model.params
    seen = None if play is None else play.seen
    return kernels.trust_update(model.trust, seen, model.adjacency, model.military, model.posture,
                                model.community, params.distinguishability, params.trust_rate)
