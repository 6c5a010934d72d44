"""5. Crises and war (switch: ``war``).

Crisis. Each neighbouring dyad (outside a security community) has a yearly crisis hazard

    h_ij = crisis_rate · offense_dominance · share_ij · (mistrust_ij + race_ij + transition_ij)

where share_ij = 2 / (deg_i + deg_j) spreads a state's crisis opportunities over its neighbours, so
crisis_rate is about the yearly number of crises of a state at full mistrust, whatever its degree.

- mistrust: 1 − mean mutual trust (spiral model, Jervis 1976; Kydd 2005);
- race: both sides raised arms last year; 1 when both grew them by 5 % or more (Richardson 1960;
  Wallace 1979 on arms races and escalation);
- fear: how much of each side's security the other's arms threaten, as far as they cannot be seen
  to be defensive (the security dilemma proper, Herz 1950; Jervis 1978), half from each side;
- transition: power parity (weaker/stronger)^4 times the dissatisfaction of the side whose power grew
  faster (power transition: Organski 1958; Organski & Kugler 1980; Lemke & Werner 1996).
A crisis happens with probability 1 − exp(−h).

Choice. Each side's doctrine decides whether to use force (zero-sum: when the expected gain of war
beats settling, or when the other side has been seen not to retaliate; win-win: never first). A side
that is attacked fights back if its doctrine resists; if it does not, it pays ``war_spoils`` of its
wealth as tribute (coercion). If neither uses force, the crisis is settled by negotiation.

War. The attacker wins with probability od·P_a / (od·P_a + P_d) (P: power, od: offense_dominance
divided by the loss-of-strength factor; with both sides attacking, od = 1). Both sides lose
``cost_of_war`` of their wealth and arms (Fearon 1995); the winner takes ``war_spoils`` of what the
loser has left. A loser whose wealth ends the year below ``absorb_floor`` of the mean is absorbed by
its conqueror, which inherits its wealth and its neighbours (Cederman 1997); its Mesa agent is removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .. import kernels
from ..sampling import bernoulli_positions

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel
    from .perception import View

RACE_SCALE = 0.05  # yearly arms growth at which a mutual build-up counts as a full arms race
PARITY_EXPONENT = 4  # how sharply transition risk peaks at parity


@dataclass
class Conflict:
    """The year's crises and wars, and what they did to wealth and arms."""

    crises: int = 0
    wars: int = 0
    coercions: int = 0
    destroyed: float = 0.0  # wealth destroyed by war this year
    wealth_change: np.ndarray | None = None
    arms_lost: np.ndarray | None = None
    winners: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    losers: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))


def crisis_ceiling(model: "DiplomacyModel") -> float:
    """The candidate rate of :func:`crises`: the crisis chance of the dyad with the largest share at a
    hazard sum of 5 (more than the four terms can reach). Fixed until the network changes."""
    params = model.params
    if model.edges.shape[0] == 0:
        return 0.0
    return float(1 - np.exp(-5 * params.crisis_rate * params.offense_dominance * model.edge_share.max()))


def crises(model: "DiplomacyModel") -> tuple[np.ndarray, np.ndarray]:
    """The dyads (i, j) in crisis this year, sampled exactly by thinning: a candidate set at the
    largest possible hazard, then each candidate kept with probability p_ij / p_max."""
    params = model.params
    scale = params.crisis_rate * params.offense_dominance
    if model.edges.shape[0] == 0 or scale == 0 or model.community.all():  # (all members: all calm)
        return model.edges[:0, 0], model.edges[:0, 1]
    most = model.crisis_ceiling
    candidates = bernoulli_positions(model.rng, model.edges.shape[0], most)
    if candidates.size == 0:
        return candidates, candidates
    chance = model.rng.random(candidates.size) * most  # the thinning draw, one per candidate
    return kernels.thin_crises(model.edges, candidates, chance, scale, model.edge_share, model.trust,
                               model.military, model.military_prev, model.power, model.power_prev,
                               model.dissatisfaction, model.reach, model.posture,
                               params.distinguishability, model.community, RACE_SCALE, PARITY_EXPONENT)


def resolve(model: "DiplomacyModel", view: "View") -> Conflict:
    """This year's crises, choices, coercion and wars, decided on the start-of-year world."""
    params = model.params
    i, j = crises(model)
    count = i.size
    settled = Conflict(crises=int(count), wealth_change=np.zeros(model.n), arms_lost=np.zeros(model.n))
    if count == 0:
        return settled
    # both sides choose in one pass: i toward j, then j toward i
    force = _initiates(model, view, np.concatenate([i, j]), np.concatenate([j, i]))
    if not force.any():  # every crisis settled by negotiation
        return settled
    payer, payee, attacker, defender, first_strike = kernels.confrontations(
        i, j, force[:count], force[count:], ~model.resists())
    odds = model.attack_odds(attacker, defender, edge=first_strike)
    attacker_wins = model.rng.random(attacker.size) < odds
    winner, loser, change, arms_lost, destroyed = kernels.war_outcomes(
        payer, payee, attacker, defender, attacker_wins, model.wealth, model.military,
        params.war_spoils, params.cost_of_war)
    return Conflict(crises=int(count), wars=int(winner.size), coercions=int(payer.size),
                    destroyed=destroyed, wealth_change=change, arms_lost=arms_lost,
                    winners=winner, losers=loser)


def _initiates(model: "DiplomacyModel", view: "View", attackers: np.ndarray,
               targets: np.ndarray) -> np.ndarray:
    groups = model.doctrine_rows()
    if len(groups) == 1:  # one doctrine for every living state
        return np.ascontiguousarray(groups[0][0].initiates(model, view, attackers, targets), dtype=bool)
    force = np.zeros(attackers.size, dtype=bool)
    codes = model.code[attackers]
    for code, doctrine in enumerate(model.doctrine_list):
        mine = codes == code
        if mine.any():
            force[mine] = doctrine.initiates(model, view, attackers[mine], targets[mine])
    return force


def conquests(model: "DiplomacyModel", conflict: Conflict, wealth: np.ndarray) -> list[tuple[int, int]]:
    """(conqueror, conquered) pairs: losers now below the floor, each taken by the first state that
    beat it this year, unless that conqueror is itself being absorbed."""
    if conflict.losers.size == 0:
        return []
    living = wealth if model.everyone_alive else wealth[model.alive]
    floor = model.params.absorb_floor * (living.sum() / living.size)  # np.mean's arithmetic, without its overhead
    conquerors, conquered = kernels.absorbed(conflict.winners, conflict.losers, wealth, floor)
    return list(zip(conquerors.tolist(), conquered.tolist()))
