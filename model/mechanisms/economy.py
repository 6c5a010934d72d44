"""6. Economy (switch: ``economy``).

    W' = W · (1 + growth − arms_drag · x'/W) + trade

Each state's growth rate is drawn once from N(growth_rate, growth_spread), so power shifts as some
grow faster than others (Gilpin 1981; Organski 1958). Arms spending x' (this year's, from the arms
mechanism) drags on growth (guns vs butter; Kennedy 1987), and trade gains come from the stage game.
War losses and transfers are applied by the war mechanism whether or not the economy runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import kernels

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel
    from .game import Play


def grow(model: "DiplomacyModel", arms: np.ndarray, play: "Play | None") -> np.ndarray:
    """Next year's wealth before war."""
    trade = None if play is None else play.trade
    return kernels.grow(model.wealth, model.growth, arms, model.params.arms_drag, trade)
