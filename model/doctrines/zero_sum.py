"""Zero-sum: realist self-help.

History and sources
-------------------
Realism holds that in an anarchic system no one guarantees a state's survival, so each must help
itself, count its gains against its rivals' (Grieco 1988), read capabilities rather than intentions
(Mearsheimer 2001) and use force when force pays (Powell 1991, Fearon 1995). Herz (1950) and Jervis
(1978) named the consequence: the security dilemma, in which measures one state takes for its own
security threaten the others, who answer in kind.

How the doctrine acts here
--------------------------
- Threat: worst case. Arms are read from capabilities; a neighbour's trustworthiness does not lower
  the threat, only a posture that can be *seen* to be defensive does (as far as distinguishability
  allows).
- Stage game: maximises U = own − ρ·(other − own) over the iterated game with a shadow of the future
  w. With belief p that the partner reciprocates, cooperation beats defection iff
  ``p·[(R − wP)/(1 − w) − T] + (1 − p)·(S − P) > ρ_eff·(T − S)``, where
  ``ρ_eff = relative_gains · max(0, 1 − 2·cost_of_war) / degree``: relative-gains concern grows as force
  becomes usable (Powell 1991) and is diluted across many neighbours (Snidal 1991). A partner seen not
  to retaliate is exploited; a dissatisfied state probes with a defection at the rate of its
  dissatisfaction (deterrence model, Jervis 1976 ch. 3).
- Crisis: fights when ``p_win · war_spoils · (1 + dissatisfaction) · W_target > cost_of_war · W_own``
  (expected-utility war, Bueno de Mesquita 1981; Fearon 1995), and coerces a partner it has seen not to
  retaliate. Always fights back when attacked.
- Arms: Richardson dynamics against every capability near it, no ceiling but wealth.
"""

from __future__ import annotations

import numpy as np

from ..knobs import Knob, knob_table
from .base import Doctrine, richardson_knobs


class ZeroSum(Doctrine):
    """Realist self-help: relative gains, worst-case threat, arming, coercion and conquest."""

    name = "zero_sum"
    classifier = {
        "gains": "relative (Grieco 1988), diluted by the number of neighbours (Snidal 1991)",
        "threat": "capabilities, worst case (Mearsheimer 2001)",
        "stage game": "expected relative utility with a shadow of the future; exploits non-retaliators",
        "crisis": "fights when war pays (Fearon 1995); coerces the non-retaliating",
        "arms": "Richardson against every neighbour",
    }
    knobs = knob_table(
        *richardson_knobs(reaction=0.3, fatigue=0.4, grievance=0.01),
        Knob("relative_gains", 1.0, "float", "rho: weight on the partner's gain relative to one's own, "
             "U = own - rho*(other - own)", "Grieco 1988; Snidal 1991", low=0.0, high=100.0),
        Knob("shadow_of_future", 0.8, "float", "w: weight of next year's payoff in the stage-game "
             "choice", "Axelrod 1984", low=0.0, high=0.99),
    )

    def benign(self, model, rows):
        return model.posture[None, :]

    #: (degree array, trust needed by each state) of the network the last answer was computed for
    _needed_for: tuple[np.ndarray, np.ndarray] | None = None

    def cooperate(self, model, rows):
        moves = model.trust[rows] > self._trust_needed(model)[rows, None]
        moves &= ~model.exploitable()[rows]
        dissatisfaction = model.dissatisfaction[rows]
        probing = model.rng.random(dissatisfaction.shape) < dissatisfaction
        moves[probing] = False
        return moves

    def _trust_needed(self, model):
        """Trust in a partner above which each state cooperates. It depends only on the knobs and the
        state's degree, so it is computed once per network."""
        if self._needed_for is not None and self._needed_for[0] is model.degree:
            return self._needed_for[1]
        t, r, p, s = model.params.payoffs
        w = self.k.shadow_of_future
        gain_if_reciprocated = (r - w * p) / (1 - w) - t
        gain_if_not = s - p
        usability = max(0.0, 1.0 - 2.0 * model.params.cost_of_war)
        rho = self.k.relative_gains * usability / np.maximum(model.degree, 1)
        # cooperate iff p*(K1 - K2) > rho*(T - S) - K2, p being trust in the partner
        spread = gain_if_reciprocated - gain_if_not
        needed = (rho * (t - s) - gain_if_not) / spread if spread > 0 else np.full_like(rho, np.inf)
        self._needed_for = (model.degree, needed)
        return needed

    def initiates(self, model, view, attackers, targets):
        params = model.params
        p_win = view.victory_chance(attackers, targets)
        prize = params.war_spoils * (1 + model.dissatisfaction[attackers]) * model.wealth[targets]
        cost = params.cost_of_war * model.wealth[attackers]
        pushover = model.exploitable()[attackers, targets]
        return (p_win * prize > cost) | pushover

    def resists(self):
        return True
