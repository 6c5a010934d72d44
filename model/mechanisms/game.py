"""Stage game (switch: ``game``).

Each neighbouring dyad plays the stage game once a year (Axelrod 1984): cooperate (open trade,
restraint) or defect (exploit, coerce). Each doctrine chooses the moves of all its states at once
(see the doctrine classes); then two things override the doctrine's choice, whatever the doctrine:

- conflict: a state does not cooperate with a neighbour it was in crisis or at war with last year,
  nor with one that coerced it (states in conflict do not trade as usual; a coerced state does not
  reward its coercer: Pollins 1989; Barbieri 2002);
- motive: a greedy state probes, defecting against each neighbour with probability equal to its
  dissatisfaction (the deterrence model: a revisionist tests how far it can go, Jervis 1976 ch. 3).

Payoffs follow ``payoffs`` = (T, R, P, S). Their economic value is the trade gain: state i gains

    trade_i = trade_gain · (1/deg_i) · Σ_j (payoff_ij / R) · min(W_i, W_j)

so full mutual cooperation adds ``trade_gain`` of a state's wealth a year when its partners are as
rich as it is, and trade with a smaller partner is limited by the smaller economy (liberal
interdependence, Keohane & Nye 1977). Cumulative raw payoffs are kept in ``model.score``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import game_kernel
from ..outputs import Output
from .base import Mechanism
from .perception import observe

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel


class Game(Mechanism):
    """The yearly stage game between neighbours, and its trade gains."""

    name = "game"
    doc = "the yearly stage game between neighbours (off: no moves, no trade gains)"
    source = "Axelrod 1984; Keohane & Nye 1977"
    state_arrays = {"score": float}
    # everyone starts by seeing cooperation ("nice"); a new border starts the same way
    dyad_arrays = {"seen": True, "moves": True, "moves_before": True}
    outputs = (Output("cooperation_rate", "share of neighbouring dyads in mutual cooperation in the "
                      "stage game (trade and restraint; not the absence of war: see peace_share)",
                      "share", "level", 0.0, 1.0),)

    def decide(self, model, year):
        return play(model)

    def apply(self, model, year):
        played = year.get(self.name)
        model.moves_before, model.moves, model.seen = model.moves, played.moves, played.seen
        model.score = model.score + played.payoff

    def report(self, model, year):
        played = None if year is None else year.get(self.name)
        return {"cooperation_rate": float("nan") if played is None else played.cooperation_rate}


_NOBODY = np.empty(0, dtype=np.int64)


@dataclass
class Play:
    """The year's moves and what they paid."""

    moves: np.ndarray  # moves[i, j]: i cooperated with j (False off the network)
    seen: np.ndarray  # seen[i, j]: what i saw j do
    payoff: np.ndarray  # summed stage-game payoff of each state this year
    trade: np.ndarray  # wealth gained by trade this year
    cooperation_rate: float  # share of neighbouring dyads in mutual cooperation


def play(model: "DiplomacyModel") -> Play:
    """Every state chooses its moves by its doctrine and motive; the payoffs and trade gains follow."""
    groups = model.doctrine_rows()
    if len(groups) == 1:
        doctrine, rows = groups[0]
        chosen = np.ascontiguousarray(doctrine.cooperate(model, rows), dtype=bool)
    else:
        chosen = np.zeros((model.n, model.n), dtype=bool)
        for doctrine, rows in groups:
            chosen[rows] = doctrine.cooperate(model, rows)
    # a dissatisfied state probes: it defects at random, as often as it is dissatisfied
    probing = (np.flatnonzero(model.dissatisfaction > 0) if np.count_nonzero(model.dissatisfaction)
               else _NOBODY)
    draws = model.rng.random((probing.size, model.n)) if probing.size else None
    params = model.params
    moves, payoff, trade, mutual = game_kernel.play(chosen, probing, draws, model.dissatisfaction,
                                                    model.hostile, model.adjacency,
                                                    model.payoff_table, model.wealth,
                                                    model.degree_at_least_one,
                                                    params.trade_gain / params.payoffs[1])
    dyads = model.directed_dyads.size
    return Play(moves, observe(model, moves), payoff, trade, mutual / dyads if dyads else float("nan"))
