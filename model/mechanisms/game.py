"""2. Stage game (switch: ``game``).

Each neighbouring dyad plays the stage game once a year (Axelrod 1984): cooperate (open trade,
restraint) or defect (exploit, coerce). Each doctrine chooses the moves of all its states at once
(see the doctrine classes). Payoffs follow ``payoffs`` = (T, R, P, S). Their economic value is the
trade gain: state i gains

    trade_i = trade_gain · (1/deg_i) · Σ_j (payoff_ij / R) · min(W_i, W_j)

so full mutual cooperation adds ``trade_gain`` of a state's wealth a year when its partners are as
rich as it is, and trade with a smaller partner is limited by the smaller economy (liberal
interdependence, Keohane & Nye 1977). Cumulative raw payoffs are kept in ``model.score``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .. import kernels
from .perception import observe

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel


@dataclass
class Play:
    """The year's moves and what they paid."""

    moves: np.ndarray  # moves[i, j]: i cooperated with j (False off the network)
    seen: np.ndarray  # seen[i, j]: what i saw j do
    payoff: np.ndarray  # summed stage-game payoff of each state this year
    trade: np.ndarray  # wealth gained by trade this year
    cooperation_rate: float  # share of neighbouring dyads in mutual cooperation


def play(model: "DiplomacyModel") -> Play:
    """Every state chooses its moves by its doctrine; the payoffs and trade gains follow."""
    groups = model.doctrine_rows()
    if len(groups) == 1:
        doctrine, rows = groups[0]
        chosen = np.ascontiguousarray(doctrine.cooperate(model, rows), dtype=bool)  # for the kernel
    else:
        chosen = np.zeros((model.n, model.n), dtype=bool)
        for doctrine, rows in groups:
            chosen[rows] = doctrine.cooperate(model, rows)
    params = model.params
    moves, payoff, trade, mutual = kernels.play(chosen, model.adjacency, model.payoff_table, model.wealth,
                                                model.degree_at_least_one,
                                                params.trade_gain / params.payoffs[1])
    dyads = model.directed_dyads.size
    return Play(moves, observe(model, moves), payoff, trade, mutual / dyads if dyads else float("nan"))
