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

from ..arrays import ratio

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel
    from .game import Play


def update(model: "DiplomacyModel", play: "Play | None") -> np.ndarray:
    """Next year's trust matrix."""
    params = model.params
    arms = model.military
    need = (model.adjacency_f @ arms) / model.degree_at_least_one
    excess = np.minimum(np.maximum(ratio(arms, need, 2.0) - 1, 0), 1)
    members = model.community
    if members.all():  # one community holds everyone: full distinguishability between all
        restraint = 1 - excess * (1 - model.posture)
    else:
        alarm = excess * (1 - params.distinguishability * model.posture)
        restraint = 1 - alarm
        if members.any():
            restraint = np.where(members[:, None] & members[None, :], 1 - excess * (1 - model.posture),
                                 restraint[None, :])
    rate = params.trust_rate
    # trust + rate·(signal − trust), written to make as few n×n temporaries as possible
    weighted_signal = rate * restraint
    updated = model.trust * (1 - rate)
    if play is not None:
        updated += play.seen * weighted_signal
    else:
        updated += weighted_signal
    return updated
