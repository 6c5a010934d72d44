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
    if model.edges.shape[0] == 0 or scale == 0:
        return model.edges[:0, 0], model.edges[:0, 1]
    most = model.crisis_ceiling
    candidates = bernoulli_positions(model.rng, model.edges.shape[0], most)
    if candidates.size == 0:
        return candidates, candidates
    side = model.edges[candidates]
    i, j = side[:, 0], side[:, 1]
    chance = model.rng.random(i.size) * most  # the thinning draw, one per candidate
    # no crises inside a security community
    calm = model.community[i] & model.community[j] if model.community.any() else None
    if calm is not None and calm.all():
        return i[:0], j[:0]
    other = side[:, ::-1]
    trust = model.trust[side, other]
    mistrust = 1 - (trust[:, 0] + trust[:, 1]) / 2
    arming = model.growth_since_last_year("military", side)
    race = np.minimum(np.maximum(np.minimum(arming[:, 0], arming[:, 1]) / RACE_SCALE, 0.0), 1.0)
    power = model.power[side]
    parity = power.min(axis=1) / np.maximum(power.max(axis=1), 1e-12)
    rising = model.growth_since_last_year("power", side)
    riser = np.where(rising[:, 0] >= rising[:, 1], i, j)
    transition = parity**PARITY_EXPONENT * model.dissatisfaction[riser]
    fear = _fear(model, side, other)
    hazard = scale * model.edge_share[candidates] * (mistrust + race + transition + (fear[:, 0] + fear[:, 1]))
    if calm is not None:
        hazard[calm] = 0.0
    keep = chance < 1 - np.exp(-hazard)
    return i[keep], j[keep]


def _fear(model: "DiplomacyModel", i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Half the share of i's security that j's arms threaten, as i reads them: arms scaled by reach
    and not discounted as defensive, against i's own power (Jervis 1978's security dilemma)."""
    threat = model.reach[i, j] * (1 - model.params.distinguishability * model.posture[j]) * model.military[j]
    return 0.5 * threat / np.maximum(threat + model.power[i], 1e-12)


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
    i_force, j_force = force[:count], force[count:]
    wealth, arms = model.wealth, model.military
    yields = ~model.resists()
    if yields.any():
        # coercion: one side threatens force, the other does not resist and pays tribute
        i_coerces = i_force & ~j_force & yields[j]
        j_coerces = j_force & ~i_force & yields[i]
        payer = np.concatenate([j[i_coerces], i[j_coerces]])
        payee = np.concatenate([i[i_coerces], j[j_coerces]])
        fight = (i_force | j_force) & ~i_coerces & ~j_coerces
    else:  # every state resists: force always meets resistance
        payer = payee = i[:0]
        fight = i_force | j_force
    tribute = params.war_spoils * wealth[payer]
    # war: force meets resistance
    a, d = i[fight], j[fight]
    a_force, d_force = i_force[fight], j_force[fight]
    # the side that struck first attacks; when both did, neither has the attacker's edge
    d_first = d_force & ~a_force
    attacker = np.where(d_first, d, a)
    defender = np.where(d_first, a, d)
    odds = model.attack_odds(attacker, defender, model.power[attacker], model.power[defender],
                             edge=a_force != d_force)
    attacker_wins = model.rng.random(attacker.size) < odds
    winner = np.where(attacker_wins, attacker, defender)
    loser = np.where(attacker_wins, defender, attacker)
    cost = params.cost_of_war
    winner_wealth, loser_wealth = wealth[winner], wealth[loser]
    spoils = params.war_spoils * (1 - cost) * loser_wealth
    # each state's transfers and losses, summed in this order (np.bincount adds its weights in order)
    change = np.bincount(
        np.concatenate([payer, payee, winner, loser, loser, winner]),
        weights=np.concatenate([-tribute, tribute, -cost * winner_wealth, -cost * loser_wealth,
                                -spoils, spoils]),
        minlength=model.n,
    )
    arms_lost = np.bincount(np.concatenate([winner, loser]),
                            weights=np.concatenate([cost * arms[winner], cost * arms[loser]]),
                            minlength=model.n)
    return Conflict(
        crises=int(count),
        wars=int(winner.size),
        coercions=int(payer.size),
        destroyed=float(cost * (winner_wealth.sum() + loser_wealth.sum())),
        wealth_change=change,
        arms_lost=arms_lost,
        winners=winner,
        losers=loser,
    )


def _initiates(model: "DiplomacyModel", view: "View", attackers: np.ndarray,
               targets: np.ndarray) -> np.ndarray:
    groups = model.doctrine_rows()
    if len(groups) == 1:  # one doctrine for every living state
        return groups[0][0].initiates(model, view, attackers, targets)
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
    broken = wealth[conflict.losers] < floor
    if not broken.any():
        return []
    losers, first = np.unique(conflict.losers[broken], return_index=True)
    winners = conflict.winners[broken][first]
    keep = ~np.isin(winners, losers)
    return list(zip(winners[keep].tolist(), losers[keep].tolist()))
