"""Crises, bargaining and war (switch: ``war``).

Crisis. Each neighbouring dyad (outside a security community) has a yearly crisis hazard

    h_ij = crisis_rate · share_ij · (mistrust_ij + race_ij + transition_ij + fear_ij)

where share_ij = 2 / (deg_i + deg_j) spreads a state's crisis opportunities over its neighbours, so
crisis_rate is about the yearly number of crises of a state at full mistrust, whatever its degree.

- mistrust: 1 − mean mutual trust (spiral model, Jervis 1976; Kydd 2005);
- race: both sides raised their military *burden* last year; 1 when both raised it by
  ``RACE_SCALE`` (half a point of GDP) or more (Richardson 1960; Wallace 1979). Ordinary growth of
  arms with the economy is no race;
- fear: how much of each side's security the other's arms threaten, as far as they cannot be seen
  to be defensive (Herz 1950; Jervis 1978), half from each side:
  ``½ · t_ab / (t_ab + P_a)`` with ``t_ab = reach_ab · (1 − distinguishability · posture_b) · x_b``;
- transition: power parity (weaker/stronger)^4 times the dissatisfaction of the side whose power
  grew faster (Organski 1958; Organski & Kugler 1980; Lemke & Werner 1996).

With ``protracted_wars`` on, a fifth term, opportunity, is 1 when either side is at war (see
``fronts.py``), and every dyad at war is in crisis again each year. A crisis happens with
probability 1 − exp(−h). Offense dominance does not make crises likelier by
itself: it acts through threat (reach), the first-strike edge and the odds below.

Bargaining (Fearon 1995; Powell 2006). A crisis is a bargaining problem; war is a gamble each side
values in full, counting what it loses if it loses. For side s against o, with p its perceived
chance of winning (o's power judged with relative error ``misjudgement``, private to s):

    V_s(p) = a_s · p · G_s − (1 − p) · L_s − C_s,      a_s = d_s / (1 − d_s)

L_s is what losing costs s: war_spoils of what is left of its wealth, (1 − cost_of_war)·W_s, but no
more than that share of what the victor has left (a victor extracts no more than it can occupy and
administer, Liberman 1996), or all of it if the rest would be less than ``absorb_floor`` times
what the victor then has (conquest: a victor annexes a state much smaller than itself);
G_s = L_o is what winning takes;
C_s = cost_of_war·W_s. a_s is s's appetite for gains, from its dissatisfaction d_s: a security
seeker (d = 0) gives gains no weight, so war never pays it for gain and its only reasons to fight
are fear and a closing window; at d = 0.5 a state values gains at their material worth, and a
revisionist above that values overturning the status quo beyond it (Organski & Kugler 1980;
Schweller 1994). p1 is s's odds when it strikes first (the attacker's edge, below), p2 its odds when
o does.

1. **Demand** (greed; bargaining under private information). A greedy side for which war pays
   (V_s(p1) > 0), or that faces a state that never resists, demands what it believes o would concede
   rather than fight: o's loss from being struck first as s judges the odds, ``p1·L_o + C_o`` (s
   cannot see o's resolve), at most war_spoils·min(W_o, W_s). o concedes (pays it as tribute: coercion) if that is no
   more than its own reservation −V_o(p2_o); otherwise it fights and s attacks: a war by *demand*.
   With perfect information the demand is always conceded and no such war happens (Fearon's
   bargaining range); wars of this kind come from misjudged power and unseen resolve — or from an
   indivisible stake: when taking the whole state by war is worth more to s than any tribute
   (V_s(p1) > a_s · demand, as when a much smaller neighbour can be annexed), s attacks at once.
2. **Pre-emption** (first-strike advantage). s strikes first if V_s(p1) > q_s · V_s(p2): better to
   strike than to wait and perhaps be struck, where q_s = (1 − trust_so)·(1 − distinguishability ·
   posture_o) is its fear that o strikes. Where offence does not dominate, p1 ≤ p2 and pre-emption
   never pays.
3. **Prevention** (commitment problem). s, declining against o, projects both powers ``foresight``
   years ahead at the growth of their economies this year (each year's factor within [0.8, 1.25]:
   power shifts with differential growth, Organski 1958) and fights now if the fall in its odds,
   weighed by the chance o is greedy, outweighs what war costs it now:
   ``(1 − trust_so) · (p_now − p_later) · (L_s + a_s · G_s) > −V_s(p1)`` — one future crisis' stake
   lost to the shift (Levy 1987; Powell 2006).

A state whose doctrine does not resist (the unconditional idealist) never uses force and pays any
demand (or attack) as tribute, war_spoils·min(W_o, W_s). If neither side demands nor strikes, the crisis is settled.

War. The attacker wins with probability S_a / (S_a + P_d), S_a its strike: its power times offense
dominance (with the first-strike edge; the share of its arms that is visibly defensive carries no
edge: Jervis 1978), divided by the loss-of-strength factor 1 + distance_decay·distance (Boulding
1962); when both strike at once neither has the edge. Both sides lose ``cost_of_war`` of their wealth
and arms; the winner takes ``war_spoils`` of what the loser has left (at most that share of what it
has left itself; a loser that cannot pay all it owes at the year's settlement pays what it has, and
the winner gets only that: ``kernels.settle``). A loser whose wealth ends the year below
``absorb_floor`` times its victor's is absorbed by it, which inherits its wealth and its neighbours
(Cederman 1997: conquest by a much stronger victor; Fazal 2007 on state death); its Mesa agent is
removed. With ``protracted_wars`` off, that one year's campaign decides the war; on, the war goes on,
spreads and ends as ``fronts.py`` describes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import fronts, war_kernel
from ..knobs import Knob, knob_table
from ..outputs import Output
from ..sampling import bernoulli_positions
from .base import Mechanism, Year

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel

# what a crisis came to, and why a war began (the compiled bargain's codes)
SETTLED, COERCED, WAR = (int(code) for code in war_kernel.Outcome)
NO_WAR, DEMAND, PREEMPTION, PREVENTION = (int(code) for code in war_kernel.Cause)
RACE_SCALE = 0.005  # yearly rise of military burden at which a mutual build-up is a full arms race
PARITY_EXPONENT = 4  # how sharply transition risk peaks at parity
_EMPTY = np.empty(0, dtype=np.int64)
_NO_LOSSES = np.empty(0)
_NO_FLAGS = np.empty(0, dtype=bool)
_CAUSES = len(war_kernel.Cause)
_OUTCOMES = len(war_kernel.Outcome) * _CAUSES


@dataclass
class Conflict:
    """The year's crises and what each came to (indexed by crisis), and what they did to wealth
    and arms (per state)."""

    i: np.ndarray = field(default_factory=lambda: _EMPTY)
    j: np.ndarray = field(default_factory=lambda: _EMPTY)
    kind: np.ndarray = field(default_factory=lambda: _EMPTY)  # SETTLED, COERCED or WAR
    actor: np.ndarray = field(default_factory=lambda: _EMPTY)  # the side that demanded or struck
    target: np.ndarray = field(default_factory=lambda: _EMPTY)
    cause: np.ndarray = field(default_factory=lambda: _EMPTY)  # DEMAND, PREEMPTION, PREVENTION
    dyads: int = 0  # neighbouring dyads at the start of the year
    destroyed: float = 0.0  # wealth destroyed by war this year
    wealth_change: np.ndarray | None = None
    arms_lost: np.ndarray | None = None
    # wealth_change's terms per state (Accounts): net tribute, wealth lost to war, net spoils
    tribute: np.ndarray | None = None
    war_losses: np.ndarray | None = None
    spoils: np.ndarray | None = None
    # (payer, payee, amount) of each tribute and spoils paid, which settlement caps at what the
    # payer has (kernels.settle)
    payments: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    winners: np.ndarray = field(default_factory=lambda: _EMPTY)
    losers: np.ndarray = field(default_factory=lambda: _EMPTY)
    severity: np.ndarray = field(default_factory=lambda: _NO_LOSSES)  # wealth each war destroyed
    joined: np.ndarray = field(default_factory=lambda: _EMPTY)  # partners that came to a war
    joined_to: np.ndarray = field(default_factory=lambda: _EMPTY)  # the state each one came to
    came: list = field(default_factory=list)  # per war, the partners that came to it
    tired: np.ndarray = field(default_factory=lambda: _NO_FLAGS)  # per state, exhausted (fronts.py)
    # partners put to the test by a state's war: (state, partner) of those that defaulted
    defaults: tuple[np.ndarray, np.ndarray] = field(default_factory=lambda: (_EMPTY, _EMPTY))
    tally: list[int] = field(default_factory=lambda: [0] * _OUTCOMES)  # crises by (kind, cause)
    # written when the wars are brought up to date (fronts.advance): wealth each war fought this
    # year destroyed this year, by war id; wars begun; severity of the wars that ended
    by_war: dict = field(default_factory=dict)
    onsets: int = 0
    ended_severity: float = 0.0

    @property
    def crises(self) -> int:
        return int(self.i.size)

    @property
    def wars(self) -> int:
        return int(self.winners.size)

    def count(self, kind: int, cause: int = NO_WAR) -> int:
        """Crises that came to ``kind`` (and, for wars, had ``cause``)."""
        return self.tally[kind * _CAUSES + cause]


class War(Mechanism):
    """Crises, bargaining, coercion, war and conquest."""

    name = "war"
    doc = "crises, bargaining, coercion, war and conquest (off: no crises)"
    source = "Fearon 1995; Powell 2006; Jervis 1978; Organski & Kugler 1980; Cederman 1997"
    knobs = knob_table(
        Knob("misjudgement", 0.2, "float", "relative error (standard deviation) with which each side "
             "of a crisis judges the other's power: private information about capabilities",
             "Blainey 1973; Fearon 1995", low=0.0, high=2.0),
        Knob("foresight", 10, "int", "years ahead a declining state projects a power shift when it "
             "weighs preventive war", "Levy 1987; Copeland 2000; Powell 2006", low=0, high=100),
        Knob("protracted_wars", False, "bool", "wars go on while their sides cannot agree, spread "
             "to neighbours and end by settlement, exhaustion or conquest (off: one year's campaign "
             "decides every war)", "Wagner 2000; Slantchev 2003; Most & Starr 1980; Cederman 2003"),
        Knob("war_weariness", 0.3, "float", "share of the wealth it had when its war began that a "
             "state loses before it stops resisting (protracted wars)",
             "Richardson 1960; Klingberg 1966; Bennett & Stam 1996", low=0.0, high=1.0),
        Knob("escalation", False, "bool", "a protracted war starts limited and each side's effort "
             "answers the other's: a state opens a war at escalation_start of full intensity "
             "(cost_of_war) and each year fields its doctrine's overmatch plus its appetite for "
             "gains times the force its enemy fielded, up to full intensity (off: every campaign "
             "destroys cost_of_war)", "Clausewitz 1832; Richardson 1960; Weiss 1963"),
        Knob("escalation_start", 0.01, "float", "share of full intensity (cost_of_war) at which a "
             "state opens a war (escalation): a one-year war at 0.01 destroys about a "
             "thousandth of what a world war of a decade does (0.01 against about 9 years at full "
             "intensity), the ratio of the smallest wars of the Correlates of War to the world wars "
             "in the share of their belligerents they killed; at 0.1 the war sizes' line no longer "
             "spans three orders of magnitude", "Sarkees & Wayman 2010", low=0.0001, high=1.0),
        Knob("opportunism", False, "bool", "every greedy neighbour of a state at war (protracted "
             "wars) weighs, each year, striking it while its forces are tied up: the dyad is in "
             "crisis and bargained (off: a state at war only adds the opportunity term to its "
             "dyads' hazard)", "Most & Starr 1980; Cederman 2003; Schweller 1994"),
    )
    # hostile[i, j]: i and j were in crisis or at war, or one coerced the other, this year;
    # front[i, j]: the id of the war i and j are fighting (protracted wars), NO_WAR_ID at peace
    dyad_arrays = {"hostile": False, "front": fronts.NO_WAR_ID}
    # war_wealth: a state's wealth when its war began (0 at peace), for war weariness;
    # effort: the share of full intensity it fights at next year (escalation; 0 at peace)
    state_arrays = {"war_wealth": float, "effort": float}
    outputs = (
        Output("crises", "crises between neighbours this year", "crises", "count"),
        Output("wars", "wars fought this year (a war of several fronts counts once)", "wars", "count"),
        Output("war_onsets", "wars begun this year (equal to wars unless wars are protracted)",
               "wars", "count"),
        Output("demand_wars", "campaigns fought this year over a refused demand (misread power or "
               "resolve); a protracted war's every year is bargained, and counted, anew", "campaigns",
               "count"),
        Output("preemptive_wars", "campaigns fought this year after a first strike out of fear",
               "campaigns", "count"),
        Output("preventive_wars", "campaigns fought this year by a declining state against a rising "
               "one", "campaigns", "count"),
        Output("coercions", "crises in which one side paid tribute rather than fight", "crises",
               "count"),
        Output("war_losses", "wealth destroyed by war this year", "wealth units", "count"),
        Output("peace_share", "share of neighbouring dyads in neither crisis nor war this year",
               "share", "level", 0.0, 1.0),
        Output("largest_war", "wealth destroyed this year by the most destructive war (0 if none)",
               "wealth units", "level", 0.0),
        Output("allies_came", "partners that came to fight beside a state at war this year "
               "(alliances)", "states", "count"),
        Output("allies_stayed_out", "partners put to the test by a war this year that stayed out "
               "(alliances)", "states", "count"),
        Output("war_severity", "wealth destroyed, over all their years, by the wars that ended this "
               "year", "wealth units", "count", 0.0),
        Output("states_at_war", "states that fought a war this year", "states", "level", 0.0),
    )

    def setup(self, model):
        model.open_wars = {}  # id -> fronts.OpenWar
        model.wars_begun = 0

    def decide(self, model, year):
        conflict = resolve(model, model.params.misjudgement if model.params.perception else 0.0, year)
        year.wealth_change, year.arms_lost = conflict.wealth_change, conflict.arms_lost
        year.tribute, year.war_losses, year.spoils = conflict.tribute, conflict.war_losses, conflict.spoils
        year.payments = conflict.payments
        return conflict

    def apply(self, model, year):
        conflict = year.get(self.name)
        if conflict.crises or np.count_nonzero(model.hostile):
            model.hostile = war_kernel.in_conflict(conflict.i, conflict.j, model.n)
        # by name: conquest compacts the arrays and renumbers the slots (into a new list of states)
        model.crisis_outcomes = CrisisOutcomes(conflict, model.states, model.power)
        if not (conflict.wars or model.open_wars):  # (most years of most worlds)
            model.wars_fought = model.allies_fought = []
            return
        names = [state.name for state in model.states]
        model.wars_fought = [(names[w], names[l])
                             for w, l in zip(conflict.winners.tolist(), conflict.losers.tolist())]
        model.allies_fought = [(names[p], names[s])
                               for p, s in zip(conflict.joined.tolist(), conflict.joined_to.tolist())]
        taken = conquests(model, conflict, model.wealth)
        year.conquests.extend(taken)
        ended, conflict.by_war, conflict.onsets = fronts.advance(
            model, conflict, names, {loser for _, loser in taken}, model.params.protracted_wars)
        model.war_records.extend(ended)
        conflict.ended_severity = sum(record.severity for record in ended)

    def report(self, model, year):
        conflict = None if year is None else year.get(self.name)
        if conflict is None:
            return {output.name: 1.0 if output.name == "peace_share" else 0 for output in self.outputs}
        peace_share = 1.0 - conflict.crises / conflict.dyads if conflict.dyads else 1.0
        if not conflict.by_war:  # no war fought this year (most years of most worlds)
            return {"crises": conflict.crises, "wars": 0, "war_onsets": 0, "demand_wars": 0,
                    "preemptive_wars": 0, "preventive_wars": 0, "coercions": conflict.count(COERCED),
                    "war_losses": 0.0, "peace_share": peace_share, "largest_war": 0.0,
                    "war_severity": conflict.ended_severity, "allies_came": 0, "allies_stayed_out": 0,
                    "states_at_war": 0}
        return {
            "crises": conflict.crises,
            "wars": len(conflict.by_war),
            "war_onsets": conflict.onsets,
            "demand_wars": conflict.count(WAR, DEMAND),
            "preemptive_wars": conflict.count(WAR, PREEMPTION),
            "preventive_wars": conflict.count(WAR, PREVENTION),
            "coercions": conflict.count(COERCED),
            "war_losses": conflict.destroyed,
            "peace_share": peace_share,
            "largest_war": max(conflict.by_war.values(), default=0.0),
            "war_severity": conflict.ended_severity,
            "allies_came": int(conflict.joined.size),
            "allies_stayed_out": int(conflict.defaults[0].size),
            "states_at_war": int(np.unique(np.concatenate([conflict.winners, conflict.losers,
                                                           conflict.joined])).size) if conflict.wars else 0,
        }


class CrisisOutcome(NamedTuple):
    """What one crisis of the year came to, by the states' names (``DiplomacyModel.crisis_outcomes``)."""

    outcome: str  # "settled", "coerced" or "war"
    actor: str  # the side that demanded or struck first (the first side, if settled)
    target: str
    cause: str | None  # of a war: "demand", "preemption" or "prevention"
    actor_weaker: bool  # the actor had less power than its target at the start of the year
    winner: str | None  # of a war


_OUTCOME_NAMES = {SETTLED: "settled", COERCED: "coerced", WAR: "war"}
_CAUSE_NAMES = {DEMAND: "demand", PREEMPTION: "preemption", PREVENTION: "prevention"}


class CrisisOutcomes(Sequence):
    """The year's crises as :class:`CrisisOutcome` records (``DiplomacyModel.crisis_outcomes``),
    worked out when first read: most runs never read them, and naming every crisis every year cost
    a twentieth of a 20-state world's year."""

    def __init__(self, conflict: Conflict, states: list, power: np.ndarray):
        # the year's states (a list conquest replaces, never changes) and its start-of-year power
        # (never written in place)
        self._year = conflict, states, power

    @cached_property
    def _records(self) -> list[CrisisOutcome]:
        conflict, states, power = self._year
        names = [state.name for state in states]
        winners = iter(conflict.winners.tolist())  # wars come in the order of the crises
        return [CrisisOutcome(_OUTCOME_NAMES[kind], names[actor], names[target],
                              _CAUSE_NAMES.get(cause), bool(power[actor] < power[target]),
                              names[next(winners)] if kind == WAR else None)
                for kind, actor, target, cause in zip(conflict.kind.tolist(), conflict.actor.tolist(),
                                                      conflict.target.tolist(), conflict.cause.tolist())]

    def __getitem__(self, index):
        return self._records[index]

    def __len__(self) -> int:
        return int(self._year[0].kind.size)


def crisis_ceiling(model: "DiplomacyModel") -> float:
    """The candidate rate of :func:`crises`: the crisis chance of the dyad with the largest share at a
    hazard sum of 5 (as much as the five terms can reach: each is at most 1). Fixed until the
    network changes."""
    if model.edges.shape[0] == 0:
        return 0.0
    return float(1 - np.exp(-5 * model.params.crisis_rate * model.edge_share.max()))


def crises(model: "DiplomacyModel") -> tuple[np.ndarray, np.ndarray]:
    """The dyads (i, j) in crisis this year: the fronts of protracted wars, then the others,
    sampled exactly by thinning: a candidate set at the largest possible hazard, then each
    candidate kept with probability p_ij / p_max."""
    if not (model.params.protracted_wars and model.open_wars):
        return _sampled_crises(model, _nobody(model.n))
    front_i, front_j = fronts.fronts(model)
    engaged = fronts.engaged(model)
    sampled_i, sampled_j = _sampled_crises(model, engaged)
    if model.params.opportunism:  # greedy neighbours of a state at war weigh striking it this year
        front_i, front_j = fronts.with_vultures(model, engaged, front_i, front_j)
    if front_i.size == 0:
        return sampled_i, sampled_j
    if model.params.opportunism:
        forced = np.zeros_like(model.adjacency)
        forced[front_i, front_j] = forced[front_j, front_i] = True
        new = ~forced[sampled_i, sampled_j]
    else:
        new = model.front[sampled_i, sampled_j] == fronts.NO_WAR_ID
    return np.concatenate([front_i, sampled_i[new]]), np.concatenate([front_j, sampled_j[new]])


@lru_cache(maxsize=64)
def _nobody(n: int) -> np.ndarray:
    """No state at war (read-only, shared)."""
    flags = np.zeros(n, dtype=bool)
    flags.flags.writeable = False
    return flags


def _sampled_crises(model: "DiplomacyModel", engaged: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    params = model.params
    if model.edges.shape[0] == 0 or params.crisis_rate == 0 or np.count_nonzero(model.community) == model.n:
        return _EMPTY, _EMPTY  # (all members of one community: all calm)
    most = model.crisis_ceiling
    candidates = bernoulli_positions(model.rng, model.edges.shape[0], most)
    if candidates.size == 0:
        return _EMPTY, _EMPTY
    draws = model.rng.random(candidates.size)  # the thinning draw, one per candidate
    return war_kernel.thin_crises(model.edges, candidates, draws, most, params.crisis_rate,
                                  model.edge_share, model.trust, model.military,
                                  model.military_prev, model.wealth, model.wealth_prev, model.power,
                                  model.power_prev,
                                  model.dissatisfaction, model.reach, model.posture,
                                  params.distinguishability, model.community, engaged, RACE_SCALE,
                                  PARITY_EXPONENT)


def resolve(model: "DiplomacyModel", noise: float, year: "Year | None" = None) -> Conflict:
    """This year's crises, bargains, coercions and wars, decided on the start-of-year world.
    ``noise``: the relative error with which each side judges the other's power; ``year``: the
    commitments other mechanisms made this year (``Year.partners``, ``backing``, ``reliability``)."""
    params = model.params
    i, j = crises(model)
    dyads = model.edges.shape[0]
    if i.size == 0:
        return Conflict(dyads=dyads)
    backing = np.zeros(model.n) if year is None or year.backing is None else year.backing
    misread = noise * model.rng.standard_normal(2 * i.size) if noise else np.zeros(2 * i.size)
    resists, tired, power = model.resists(), _NO_FLAGS, model.power
    if params.protracted_wars:
        power = fronts.divided(model, i, j)
        if model.open_wars:
            misread *= np.tile(fronts.learning(model, i, j), 2)
            tired = fronts.exhausted(model)
            resists = resists & ~tired
    kind, actor, target, first_strike, cause, tribute = war_kernel.bargain(
        i, j, power, backing, model.wealth, model.wealth_prev, model.dissatisfaction, model.trust,
        model.posture, resists, misread, model.positions, params.offense_dominance,
        params.distinguishability, params.distance_decay, params.war_spoils, params.cost_of_war,
        params.absorb_floor, float(params.foresight))
    tally = war_kernel.tally(kind, cause)
    if tally[SETTLED * _CAUSES + NO_WAR] == i.size:  # every crisis settled
        return Conflict(i=i, j=j, kind=kind, actor=actor, target=target, cause=cause, dyads=dyads,
                        tally=tally, tired=tired)
    coerced, fought = kind == COERCED, kind == WAR
    attacker, defender = actor[fought], target[fought]
    joined, defaults = _put_to_the_test(model, year, attacker, defender, first_strike[fought], power)
    strength = power.copy()  # own power and that of the partners that came
    np.add.at(strength, joined[0], power[joined[1]])
    odds = model.attack_odds(attacker, defender, edge=first_strike[fought], power=strength)
    attacker_wins = model.rng.random(attacker.size) < odds
    cost = params.cost_of_war * fronts.effort(model)  # per state, the share of it a campaign destroys
    (winner, loser, change, arms_lost, destroyed, tribute_net, war_losses, spoils,
     taken) = war_kernel.war_outcomes(
        target[coerced], actor[coerced], tribute[coerced], attacker, defender, attacker_wins,
        model.wealth, model.military, 0.0 if params.protracted_wars else params.war_spoils,  # fronts.py
        cost[attacker], cost[defender])
    severity = cost[winner] * model.wealth[winner] + cost[loser] * model.wealth[loser]  # as war_outcomes
    came = [_EMPTY] * winner.size
    if joined[0].size:  # partners pay the war's cost beside the state they came to, at its effort
        for war, sides in enumerate(zip(attacker.tolist(), defender.tolist())):
            beside = np.isin(joined[0], sides)
            came[war], share = joined[1][beside], cost[joined[0][beside]]
            np.subtract.at(change, came[war], share * model.wealth[came[war]])
            np.add.at(war_losses, came[war], share * model.wealth[came[war]])
            np.add.at(arms_lost, came[war], share * model.military[came[war]])
            severity[war] += (share * model.wealth[came[war]]).sum()
        destroyed = float(severity.sum())
    return Conflict(i=i, j=j, kind=kind, actor=actor, target=target, cause=cause, dyads=dyads,
                    severity=severity, came=came, joined=joined[1], joined_to=joined[0],
                    defaults=defaults,
                    destroyed=destroyed, wealth_change=change, arms_lost=arms_lost, tribute=tribute_net,
                    war_losses=war_losses, spoils=spoils, winners=winner,
                    payments=(np.concatenate([target[coerced], loser]),
                              np.concatenate([actor[coerced], winner]),
                              np.concatenate([tribute[coerced], taken])),
                    losers=loser, tally=tally, tired=tired)


def _put_to_the_test(model: "DiplomacyModel", year: "Year | None", attacker: np.ndarray,
                     defender: np.ndarray, edge: np.ndarray, power: np.ndarray
                     ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Each partner of a state at war is put to the test once a year, states and partners in index
    order: it honours its commitment with the year's reliability and, if it weighs its commitments
    (``Year.weighs``: allies of self-help states), only if its ally's danger makes coming worth its
    cost (``war_kernel.worth_coming``, against the ally's opponent in its first war of the year).
    Returns ((state, partner) that came, (state, partner) that defaulted). A partner of both sides
    of a war, or the opponent itself, stays out of it."""
    if year is None or year.partners is None:
        return (_EMPTY, _EMPTY), (_EMPTY, _EMPTY)
    at_war = np.unique(np.concatenate([attacker, defender]))
    tested = year.partners[at_war].copy()
    for a, d in zip(attacker.tolist(), defender.tolist()):
        tested[at_war == a, d] = tested[at_war == d, a] = False
        both = year.partners[a] & year.partners[d]
        tested[at_war == a] &= ~both
        tested[at_war == d] &= ~both
    rows, partners = np.nonzero(tested)
    states = at_war[rows]
    honoured = model.rng.random(states.size) < year.reliability
    weighs = _EMPTY if year.weighs is None else year.weighs[partners] & honoured
    if np.count_nonzero(weighs):
        first = {}  # each state's first war of the year: its opponent, whether it attacked, the edge
        for war, (a, d) in enumerate(zip(attacker.tolist(), defender.tolist())):
            first.setdefault(a, (d, True, bool(edge[war])))
            first.setdefault(d, (a, False, bool(edge[war])))
        opponent, attacking, struck = (np.array(column) for column in
                                       zip(*(first[s] for s in states[weighs].tolist())))
        params = model.params
        honoured[weighs] = war_kernel.worth_coming(
            states[weighs], partners[weighs], opponent, attacking, struck, power, model.wealth,
            params.offense_dominance, params.distinguishability, model.posture, model.positions,
            params.distance_decay, params.war_spoils, params.cost_of_war, params.absorb_floor,
            params.gains_by_reach)
    return (states[honoured], partners[honoured]), (states[~honoured], partners[~honoured])


def conquests(model: "DiplomacyModel", conflict: Conflict, wealth: np.ndarray) -> list[tuple[int, int]]:
    """(conqueror, conquered) pairs: losers left with less than ``absorb_floor`` times their
    conqueror's wealth, each taken by the first state that beat it this year, unless that conqueror
    is itself being absorbed."""
    if conflict.losers.size == 0:
        return []
    conquerors, conquered = war_kernel.absorbed(conflict.winners, conflict.losers, wealth,
                                             model.params.absorb_floor)
    return list(zip(conquerors.tolist(), conquered.tolist()))
