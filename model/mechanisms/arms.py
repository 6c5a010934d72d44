"""4. Arms (switch: ``arms``).

Richardson (1960) dynamics for every state at once, with its doctrine's coefficients:

    x' = x + k·threat − a·x + g·W·(1 + dissatisfaction)

(k = arms_reaction, a = arms_fatigue, g = arms_grievance as a share of own wealth W, so that the
equilibrium burden does not melt away as economies grow). Spending is capped by
``max_burden``·W and by the doctrine's ceiling: win-win states hold arms at most at defensive
sufficiency (``sufficiency``·threat, Palme Commission 1982), and their threat leaves out community
members (perception). For two states with fixed threat readings this is Richardson's system, whose
equilibrium is ((k·h + b·g)/(a·b − k·l), …) when a·b > k·l and which runs away when a·b < k·l.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import kernels

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel
    from .perception import View


def update(model: "DiplomacyModel", view: "View") -> np.ndarray:
    """Next year's arms spending of every state."""
    ceiling = np.full(model.n, np.inf)
    for doctrine, rows in model.doctrine_rows():
        ceiling[rows] = doctrine.arms_ceiling(view.threat[rows])
    return kernels.richardson(model.military, view.threat, model.wealth, model.dissatisfaction, model.code,
                       model.richardson_by_code, ceiling, model.params.max_burden)
