"""Wars that last, spread and end (knob ``protracted_wars`` of the war mechanism), and the war records.

With ``protracted_wars`` off, every war is decided by one year's campaign: it begins and ends in the
year of its crisis. On, a war goes on while its sides cannot agree:

- **A war is bargained anew every year** (Wagner 2000; Filson & Werner 2002; Slantchev 2003: war is
  part of the bargaining process). Each dyad at war (a *front*) is in crisis again next year,
  without drawing its hazard, and its sides bargain as in any crisis (``war.py``). The front closes
  when that bargain is settled or a side concedes (tribute): peace by **settlement**.
- **Fighting reveals strength**: each side misjudges the other's power by ``misjudgement /
  √(1 + years the war has lasted)``: battles are evidence, estimates converge and the bargaining
  range reopens (Blainey 1973; Slantchev 2003; Smith & Stam 2004). Wars that begin in mutual
  optimism end as it fades.
- **Terms come at the end**: a campaign destroys ``cost_of_war`` of each fighter's wealth and arms
  but transfers nothing; what the war wins is the tribute of the concession that ends a front, or
  the whole of a state conquered. A front settled without tribute ends where it began (status quo
  ante bellum).
- **War weariness**: a state that has lost more than ``war_weariness`` of the wealth it had when
  its war began stops resisting: it concedes any demand (tribute) or an attack, and its front closes
  by **exhaustion** (Richardson 1960; Klingberg 1966; Bennett & Stam 1996 on the costs that end wars).
- **Escalation** (knob ``escalation``, off by default): a war starts limited and each side's effort
  answers the other's (Clausewitz's reciprocal action, 1832, Book 1 ch. 1: "each of the adversaries
  forces the hand of the other"). A state at peace that goes to war opens at ``escalation_start``
  of full intensity (``cost_of_war``): its campaigns destroy that share of ``cost_of_war`` of its
  wealth and arms. At the end of each year of its war, each state on a front sets its effort for
  the next (one effort for all its fronts): the force it fields (effort × its whole power) becomes
  a multiple of the force its strongest enemy fielded this year, never more than its whole power
  (full intensity) nor less than the opening effort. It answers the enemy it faces now: if that
  enemy steps down, so does it. The multiple is its doctrine's ``overmatch`` plus its appetite for
  gains a = d/(1 − d): how the doctrine fights and what the state fights for, not the war's age. A
  zero-sum state seeks to win, fielding twice its enemy's force (decisive superiority); a win-win
  state fields what denies the enemy victory, its equal (defensive sufficiency); a greedy state
  presses the harder the more it values what the war could win (Clausewitz, Book 1 ch. 1 §11: the
  political object is the measure of the effort; a is the weight bargaining gives gains). Two
  sides whose multiples multiply to more than 1 escalate, as Richardson's (1960) arms race runs
  away when reaction outweighs restraint; two win-win security seekers stay limited; a war between
  unequal states stops escalating once the weaker fights at full intensity and the stronger fields
  its multiple of that. Partners that come fight at the effort of the state they came to. States
  still bargain over the cost of the war at full intensity (``cost_of_war``, as without
  escalation): what escalation changes is what wars destroy, and how soon states tire. Weiss
  (1963) derived Richardson's law of war sizes from escalation and attrition: severity that grows
  geometrically while a war lasts, and wars that end at some rate each year, give a power law
  (Reed & Hughes 2002 on the general mechanism). Here whether a war escalates, how fast and how far
  come from the sides' doctrines, aims and powers, and how long it lasts from their decisions to go
  on fighting (the ``war-sizes`` scenario measures what that gives).
- **Power divided among fronts**: a state in several crises or wars in one year brings to each an
  equal share of its power (Cederman 2003: states allocate their resources among their fronts), so a
  state at war is weaker to a third one.
- **Conquest** ends a front as in a one-year war: a loser left below ``absorb_floor`` of its
  victor's wealth is absorbed.
- **Diffusion**: a state at war is an *opportunity* for its neighbours (Most & Starr 1980; Siverson &
  Starr 1991): every dyad with a state at war adds 1 to its crisis hazard (a fifth term beside
  mistrust, race, transition and fear), and whether the crisis becomes war is bargained as any
  other. A war begun by a state already at war (since an earlier year, or in a campaign fought
  earlier this year) joins that war, and one that links two wars merges them: wars grow front by
  front, as in Cederman's (2003) model of war sizes, and a state is in one war at a time. Allies
  are put to the test every year a war lasts (``war.py``).
- **Opportunism** (knob ``opportunism``, off by default): a greedy state does not wait for a crisis
  to be drawn with a neighbour whose forces are tied up elsewhere: every year, each dyad of a greedy
  state and a neighbour at war is in crisis and bargained (opportunity and willingness, Most &
  Starr 1980; Cederman's 2003 states attack neighbours whose resources are engaged on other fronts;
  jackal bandwagoning, Schweller 1994). Whether it becomes war is decided by the bargain, with the
  neighbour's power divided among its crises. Off, a state at war only adds the opportunity term to
  its dyads' hazard, and new fronts are rare (about 0.03 a front-year in realpolitik at 60 states).

A war's record (:class:`WarRecord`) sums the wealth its every campaign destroyed (severity), counts
every state that fought in it (fronts and partners that came) and the years from its first campaign
to its last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import war_kernel

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel
    from .war import Conflict

NO_WAR_ID = -1  # the value of ``front`` on a dyad at peace
WAR = int(war_kernel.Outcome.WAR)


class WarRecord(NamedTuple):
    """One war (``DiplomacyModel.war_records``, ``war_table()``, ``detente run --wars FILE``)."""

    year: int  # of its first campaign
    attacker: str  # the two sides of its first front
    defender: str
    cause: str  # of its first campaign: "demand", "preemption" or "prevention"
    winner: str  # of its last campaign
    loser: str
    states: int  # states that fought in it (on its fronts, and partners that came)
    years: int  # from its first campaign to its last
    severity: float  # wealth it destroyed: cost_of_war (× its intensity, with escalation) × the wealth
    # of each state that fought, each year
    conquered: int  # states it absorbed
    ended: str  # "campaign" (one-year wars), "settlement", "exhaustion", "conquest" or "ongoing";
    # of fronts closing in several ways in its last year, the most decisive (``ENDINGS``)
    end_year: int  # when it ended: the year of its last campaign, or the next, when a bargain ended it


@dataclass
class OpenWar:
    """A war still being fought, by the states' names (slots change with conquest)."""

    year: int
    attacker: str
    defender: str
    cause: str
    states: set[str] = field(default_factory=set)
    severity: float = 0.0
    winner: str = ""
    loser: str = ""
    conquered: int = 0
    last_year: int = 0

    def record(self, ended: str, end_year: int) -> WarRecord:
        return WarRecord(self.year, self.attacker, self.defender, self.cause, self.winner, self.loser,
                         len(self.states), self.last_year - self.year + 1, self.severity,
                         self.conquered, ended, end_year)


def engaged(model: "DiplomacyModel") -> np.ndarray:
    """Whether each state is on a front (at war since an earlier year)."""
    return (model.front != NO_WAR_ID).any(axis=1)


def fronts(model: "DiplomacyModel") -> tuple[np.ndarray, np.ndarray]:
    """(i, j), i < j, of the dyads at war: each is in crisis again this year."""
    return np.nonzero(np.triu(model.front != NO_WAR_ID, 1))


def with_vultures(model: "DiplomacyModel", engaged: np.ndarray, front_i: np.ndarray,
                  front_j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The fronts, then the dyads (knob ``opportunism``) of a greedy state and a neighbour at war
    with someone else, outside a security community: the greedy state's attention is drawn to the
    neighbour whose power is tied up (opportunity and willingness, Most & Starr 1980; the
    contextual activation of Cederman 2003; bandwagoning for profit, jackal states, Schweller
    1994), and the crisis is bargained as any other: war only if it pays and the bargain fails."""
    a, b = model.edges[:, 0], model.edges[:, 1]
    greedy = model.dissatisfaction > 0
    watched = ((greedy[a] & engaged[b]) | (greedy[b] & engaged[a])) & (model.front[a, b] == NO_WAR_ID)
    watched &= ~(model.community[a] & model.community[b])
    return np.concatenate([front_i, a[watched]]), np.concatenate([front_j, b[watched]])


def divided(model: "DiplomacyModel", i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Each state's power in each of its crises this year: its power over the number of them."""
    return model.power / np.maximum(np.bincount(np.concatenate([i, j]), minlength=model.n), 1)


def war_age(model: "DiplomacyModel", ids: np.ndarray) -> np.ndarray:
    """Years each war (by id) has lasted; 0 for NO_WAR_ID (no war yet)."""
    return np.array([model.year - model.open_wars[w].year if w != NO_WAR_ID else 0
                     for w in ids.tolist()], dtype=float)


def learning(model: "DiplomacyModel", i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per crisis, the factor of each side's misjudgement: 1/√(1 + years its war has lasted) on a
    front, 1 otherwise."""
    return 1.0 / np.sqrt(1.0 + war_age(model, model.front[i, j]))


def effort(model: "DiplomacyModel") -> np.ndarray:
    """Per state, the share of full intensity (``cost_of_war``) at which it fights this year's
    campaigns (knob ``escalation``): the effort it set at the end of last year on a front, or
    ``escalation_start`` opening a war. 1 for every state without escalation."""
    if not model.params.escalation:  # (check_world refuses it without protracted wars)
        return np.ones(model.n)
    return np.where(model.effort > 0, model.effort, model.params.escalation_start)


def answer(model: "DiplomacyModel", fielded: np.ndarray) -> np.ndarray:
    """Each state's effort for next year, from the efforts ``fielded`` this year (escalation): a
    state on a front fields ``overmatch + a`` times the force (effort × power) its strongest enemy
    fielded, within [escalation_start, 1]; 0 at peace. overmatch is its doctrine's; a = d/(1 − d)
    its appetite for gains, as bargaining weighs them."""
    i, j = fronts(model)
    on_front = engaged(model)
    power = np.where(on_front, model.power, 1.0)  # (powers of states at peace are not read)
    force = np.where(on_front, fielded, 0.0) * power
    needed = np.zeros(model.n)
    multiple = model.overmatch() + war_kernel.appetites(model.dissatisfaction)
    np.maximum.at(needed, i, multiple[i] * force[j] / power[i])
    np.maximum.at(needed, j, multiple[j] * force[i] / power[j])
    return np.where(on_front, np.clip(needed, model.params.escalation_start, 1.0), 0.0)


def exhausted(model: "DiplomacyModel") -> np.ndarray:
    """States that have lost more than ``war_weariness`` of their wealth since their war began."""
    return (model.war_wealth > 0) & (model.wealth < (1 - model.params.war_weariness) * model.war_wealth)


def advance(model: "DiplomacyModel", conflict: "Conflict", names: list[str], absorbed: set[int],
            protracted: bool) -> tuple[list[WarRecord], dict[int, float], int]:
    """Bring the wars up to the end of this year (called once the year's wars are fought): each war
    crisis continues its front's war, joins the war of a side already at war (merging two wars it
    links), or begins a war; fronts whose bargain held, or whose state was conquered, close; wars
    left without fronts end. Returns the records of the wars that ended, the wealth each war fought
    this year destroyed this year (by id), and how many wars began."""
    year, front = model.year, model.front
    start = front.copy() if protracted else None  # who was at war when the year began
    escalating = protracted and model.params.escalation
    fielded = effort(model) if escalating else None
    begun = 0
    merged: dict[int, int] = {}  # id of a war merged this year -> the id it joined
    fought_now: dict[int, float] = {}
    closing: dict[int, str] = {}  # how a war's fronts closed this year (by id), the most decisive kept
    fighting: dict[int, set[int]] = {}  # the wars each state fought a campaign of this year
    wars = iter(range(conflict.wars))  # the war crises, in the order of the crises
    for c, (a, b, kind) in enumerate(zip(conflict.i.tolist(), conflict.j.tolist(), conflict.kind.tolist())):
        war_id = int(front[a, b])
        if kind != WAR:
            if war_id != NO_WAR_ID:  # a front's bargain held: it closes
                front[a, b] = front[b, a] = NO_WAR_ID
                _close(closing, war_id, "exhaustion" if conflict.tired[a] or conflict.tired[b] else "settlement")
            continue
        k = next(wars)
        if war_id == NO_WAR_ID and protracted:
            # a side at war since an earlier year, or in a campaign already fought this year
            joined = {_current(merged, w) for s in (a, b)
                      for w in (*start[s].tolist(), *fighting.get(s, ())) if w != NO_WAR_ID}
            if joined:  # the war spreads: a side already at war brings this front into its war
                war_id = min(joined)
                for other in sorted(joined - {war_id}):
                    _merge(model, war_id, other, fought_now, closing)
                    merged[other] = war_id
        if war_id == NO_WAR_ID:
            war_id = model.wars_begun
            model.wars_begun += 1
            begun += 1
            model.open_wars[war_id] = OpenWar(year, names[conflict.actor[c]], names[conflict.target[c]],
                                              war_kernel.Cause(int(conflict.cause[c])).name.lower())
        war = model.open_wars[war_id]
        winner, loser = int(conflict.winners[k]), int(conflict.losers[k])
        severity = float(conflict.severity[k])
        war.states.update(names[s] for s in (a, b, *conflict.came[k].tolist()))
        war.severity += severity
        war.winner, war.loser, war.last_year = names[winner], names[loser], year
        fought_now[war_id] = fought_now.get(war_id, 0.0) + severity
        fighting.setdefault(a, set()).add(war_id)
        fighting.setdefault(b, set()).add(war_id)
        if loser in absorbed:
            war.conquered += 1
            _close(closing, war_id, "conquest")
        elif protracted:
            front[a, b] = front[b, a] = war_id
    if protracted:
        for state in absorbed:  # a conquered state's fronts close with it
            front[state] = front[:, state] = NO_WAR_ID
        on_front = engaged(model)
        model.war_wealth = np.where(on_front, np.where(model.war_wealth > 0, model.war_wealth,
                                                       model.wealth_prev), 0.0)
        if escalating:
            model.effort = answer(model, fielded)
        still = set(np.unique(front[front != NO_WAR_ID]).tolist())
    else:
        still = set()
    ended = []
    for war_id in [w for w in model.open_wars if w not in still]:
        war = model.open_wars.pop(war_id)
        if protracted:
            how = closing.get(war_id, "settlement")
        else:
            how = "conquest" if war.conquered else "campaign"
        ended.append(war.record(how, year))
    return ended, fought_now, begun


def _current(merged: dict[int, int], war_id: int) -> int:
    while war_id in merged:
        war_id = merged[war_id]
    return war_id


def _merge(model: "DiplomacyModel", into: int, other: int, fought_now: dict[int, float],
           closing: dict[int, str]) -> None:
    """Two wars linked by a new front become one (the older id keeps it)."""
    kept, gone = model.open_wars[into], model.open_wars.pop(other)
    model.front[model.front == other] = into
    kept.states |= gone.states
    kept.severity += gone.severity
    kept.conquered += gone.conquered
    if gone.year < kept.year:
        kept.year, kept.attacker, kept.defender = gone.year, gone.attacker, gone.defender
        kept.cause = gone.cause
    if other in fought_now:
        fought_now[into] = fought_now.get(into, 0.0) + fought_now.pop(other)
    if other in closing:
        _close(closing, into, closing.pop(other))


ENDINGS = ("settlement", "exhaustion", "conquest")  # a war's ending, from the least decisive


def _close(closing: dict[int, str], war_id: int, how: str) -> None:
    """Record how a front of a war closed this year: a war whose fronts close in several ways in one
    year ends in the most decisive (a conquest on one front outweighs a settlement on another)."""
    if war_id not in closing or ENDINGS.index(how) > ENDINGS.index(closing[war_id]):
        closing[war_id] = how


def open_records(model: "DiplomacyModel") -> list[WarRecord]:
    """The wars still being fought, as records ended "ongoing" (end year: the year simulated last)."""
    return [war.record("ongoing", model.year) for war in model.open_wars.values()]

