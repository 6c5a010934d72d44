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
- Trust: a worst-case prior (``prior_trust`` 0.3: others may well be greedy, Mearsheimer 2001) and
  no empathy: a zero-sum state does not count its own arms in the threat its neighbours face, so it
  reads their reaction to its arms as arming beyond need (Jervis 1976 ch. 3).
- Stage game: maximises U = own − ρ_ij·(other − own) over the iterated game with a shadow of the
  future w. With belief p (trust) that the partner is a security seeker who reciprocates,
  cooperation beats defection iff ``p·[(R − wP)/(1 − w) − T] + (1 − p)·(S − P) > ρ_ij·(T − S)``.
  The weight on the partner's relative gain comes from how that gain could be used against the
  state (Grieco 1988; Powell 1991; Snidal 1991):

      ρ_ij = relative_gains · (1 − p) · exposure_ij · usability_ij · leverage_ij

  (1 − p): the chance the partner is greedy and would use its gains against i; exposure_ij =
  1 − exp(−crisis_rate · share_ij · h_ij / (1 − w)): the chance of a crisis with that partner within
  the shadow of the future, at the war mechanism's hazard (h_ij: its terms, mistrust + race +
  transition + fear), share_ij = 2/(deg_i + deg_j) being how it spreads crises over neighbours, so
  exposure to any one partner falls with their number (Snidal's dilution);
  usability_ij = clip(p_ji·G_j / (C_j + (1 − p_ji)·L_j), 0, 1): how close a war on i comes to paying
  for j, with the war mechanism's spoils, losses and costs (Powell's usability of force: as war gets
  costlier, relative gains stop mattering); leverage_ij = 4·p_ji·(1 − p_ji)·latent_power·W_j/P_j: how
  far a gain of wealth shifts their odds (most at parity). No term states Powell's or Snidal's result:
  both follow from the war mechanism's costs and crisis sharing.
  A partner seen not to retaliate is exploited (the deterrence model, Jervis 1976 ch. 3).
- Crisis: bargains like every state (mechanisms/war.py); fights back when attacked.
- Arms: Richardson dynamics against every capability near it, no ceiling but wealth.
- War effort (when wars escalate): fights to win, fielding ``overmatch`` (2) times its enemy's force
  of the year before (Clausewitz's superiority of numbers; Mearsheimer 1989 on the 3:1 rule): two
  zero-sum enemies escalate toward total war.
"""

from __future__ import annotations

from . import zero_sum_kernel
from ..mechanisms.war import PARITY_EXPONENT, RACE_SCALE
from ..knobs import Knob, knob_table
from .base import Doctrine, belief_knobs, overmatch_knob, richardson_knobs


class ZeroSum(Doctrine):
    """Realist self-help: relative gains, worst-case threat, arming, coercion and conquest."""

    name = "zero_sum"
    alignment = "balance"  # self-help alliances against the main threat (Waltz 1979; Walt 1987)
    classifier = {
        "gains": "relative, weighted by how usable force is against the partner (Grieco 1988; "
                 "Powell 1991; Snidal 1991)",
        "threat": "capabilities, worst case (Mearsheimer 2001)",
        "trust": "worst-case prior, no empathy (Jervis 1976)",
        "stage game": "expected relative utility with a shadow of the future; exploits non-retaliators",
        "crisis": "bargains; fights back when attacked",
        "arms": "Richardson against every neighbour",
        "war effort": "overmatch: twice the enemy's force (when wars escalate)",
    }
    knobs = knob_table(
        *richardson_knobs(reaction=0.3, fatigue=0.4, grievance=0.01),
        *belief_knobs(prior=0.3, empathy=0.0, source="Mearsheimer 2001; Kydd 2005"),
        Knob("relative_gains", 4.0, "float", "rho: weight on the partner's gain relative to one's "
             "own, U = own - rho*(other - own), toward a partner that is surely greedy, at parity, "
             "with war fully usable and a crisis certain (see the doctrine's documentation)",
             "Grieco 1988; Powell 1991; Snidal 1991", low=0.0, high=100.0),
        Knob("shadow_of_future", 0.8, "float", "w: weight of next year's payoff in the stage-game "
             "choice", "Axelrod 1984", low=0.0, high=0.99),
        overmatch_knob(2.0, "2, decisive superiority: a state that fights to win fields twice its "
                       "enemy's force (between parity and the 3:1 rule of thumb for attack)",
                       "Clausewitz 1832, Book 3 ch. 8; Mearsheimer 1989"),
    )

    def benign(self, model, rows):
        return model.posture[None, :]

    def cooperate(self, model, rows):
        t, r, p, s = model.params.payoffs
        w = self.k.shadow_of_future
        params = model.params
        return zero_sum_kernel.relative_gains_moves(
            model.row_indices(rows), model.trust, model.adjacency, model.moves_before, model.seen,
            model.degree, model.military, model.military_prev, model.wealth, model.wealth_prev,
            model.power, model.power_prev, model.dissatisfaction, model.reach, model.posture,
            model.positions, (r - w * p) / (1 - w) - t, s - p, t - s, self.k.relative_gains, w,
            params.crisis_rate, params.distinguishability, params.offense_dominance,
            params.distance_decay, RACE_SCALE, PARITY_EXPONENT, params.war_spoils, params.cost_of_war,
            params.latent_power)

    def resists(self):
        return True
