"""The diplomacy model: states on a network, deciding by doctrine, one year per step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import mesa
import numpy as np

from . import kernels, metrics, network
from . import knobs as knob_tables
from .doctrines import DOCTRINES
from .knobs import Knob, ParameterError
from .mechanisms import arms, economy, game, institution, learning, perception, trust, war
from .state import State

#: Fields of a named state in an explicit world (a scenario's ``[[states]]``); all but name optional.
STATE_FIELDS = MappingProxyType({
    knob.name: knob for knob in (
        Knob("name", "", "str", "the state's name"),
        Knob("doctrine", None, "str", "its doctrine (a registered doctrine name; default: drawn from "
             "the doctrine knob, so that a scenario's variants can switch the doctrine of its states)"),
        Knob("wealth", 1.0, "float", "initial wealth", low=1e-9, high=1e12),
        Knob("arms", None, "float", "initial arms spending (default: initial_burden × wealth)",
             low=0.0, high=1e12),
        Knob("growth", None, "float", "yearly growth rate (default: drawn from growth_rate, "
             "growth_spread)", low=-0.2, high=0.5),
        Knob("dissatisfaction", None, "float", "revisionism (default: the dissatisfaction knob)",
             low=0.0, high=1.0),
        Knob("position", None, "position", "[x, y] in the unit square (for the map and distances)"),
    )
})


def _check_state(index: int, spec: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(spec, Mapping):
        raise ParameterError(f"states[{index}] must be a table of fields, got {spec!r}")
    unknown = sorted(set(spec) - set(STATE_FIELDS))
    if unknown:
        raise ParameterError(
            f"states[{index}]: unknown field '{unknown[0]}'; allowed: {', '.join(STATE_FIELDS)}"
        )
    clean = {}
    for name, field in STATE_FIELDS.items():
        value = spec.get(name, field.default)
        label = f"states[{index}].{name}"
        if value is None:
            clean[name] = None
        elif field.kind == "str":
            if not isinstance(value, str) or not value:
                raise ParameterError(f"{label} = {value!r} must be a non-empty string")
            if name == "doctrine" and value not in DOCTRINES:
                raise ParameterError(f"{label} = {value!r} is not a doctrine; known: {', '.join(DOCTRINES)}")
            clean[name] = value
        elif field.kind == "position":
            ok = isinstance(value, (list, tuple)) and len(value) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 for v in value
            )
            if not ok:
                raise ParameterError(f"{label} = {value!r} must be two numbers [x, y] from 0 to 1")
            clean[name] = (float(value[0]), float(value[1]))
        else:
            clean[name] = field.check(value, label)
    clean["name"] = clean["name"] or f"S{index}"
    return clean


class DiplomacyModel(mesa.Model):
    """States on a network, each following a doctrine; one step is one year.

    Args:
        rng: seed or generator; the same seed gives the same run.
        states: optional explicit list of named states (see ``STATE_FIELDS``); otherwise
            ``n_states`` states are generated from the knobs.
        **knobs: any knob of ``model.knobs.WORLD_KNOBS`` or a doctrine knob (``zero_sum.arms_reaction``,
            or a doctrine name with a dict of its knobs). Unknown or out-of-range knobs raise
            :class:`ParameterError`.

    The state of the world lives in NumPy arrays indexed by each state's ``slot``: per state
    (``wealth``, ``military``, ``growth``, ``dissatisfaction``, ``code`` of its doctrine,
    ``community``, ``alive``) and per directed dyad (``trust``, ``seen`` moves, own past ``moves``,
    ``adjacency``). Yearly outputs go to ``self.datacollector``.
    """

    def __init__(self, rng=None, states: Sequence[Mapping[str, Any]] | None = None, **knobs):
        super().__init__(rng=rng)
        self.params = p = knob_tables.resolve(knobs)
        t, r, pp, s = p.payoffs
        # payoff by code 2·own + partner (D=0, C=1)
        self.payoff_table = np.array([pp, t, s, r], dtype=float)
        self.doctrine_list = [cls(p.doctrine_knobs[name]) for name, cls in DOCTRINES.items()]
        self.doctrine_names = tuple(DOCTRINES)
        # fixed by each doctrine's knobs, looked up by code
        self._resists_by_code = np.array([d.resists() for d in self.doctrine_list])
        self._trusts_community_by_code = np.array([d.trusts_community for d in self.doctrine_list])
        #: Richardson's (reaction, fatigue, grievance) of each doctrine, by code (see mechanisms.arms)
        self.richardson_by_code = np.array([(d.k.arms_reaction, d.k.arms_fatigue, d.k.arms_grievance)
                                            for d in self.doctrine_list], dtype=float)
        codes = {d.name: c for c, d in enumerate(self.doctrine_list)}
        specs = [_check_state(i, s) for i, s in enumerate(states)] if states else None
        n = self.n = len(specs) if specs else p.n_states

        # per-state arrays
        if specs:
            names = [s["name"] for s in specs]
            duplicated = {x for x in names if names.count(x) > 1}
            if duplicated:
                raise ParameterError(f"states: the name '{sorted(duplicated)[0]}' is used twice")
            self.code = np.array([codes.get(s["doctrine"], -1) for s in specs])
            unset = self.code < 0
            if unset.any():
                self.code[unset] = self._draw_doctrines(int(unset.sum()), p.doctrine, codes)
            self.wealth = np.array([s["wealth"] for s in specs], dtype=float)
        else:
            names = [f"S{i}" for i in range(n)]
            self.code = self._draw_doctrines(n, p.doctrine, codes)
            self.wealth = p.initial_wealth * np.exp(
                p.wealth_spread * self.rng.standard_normal(n) - p.wealth_spread**2 / 2
            )
        self.growth = p.growth_rate + p.growth_spread * self.rng.standard_normal(n)
        self.military = p.initial_burden * self.wealth
        self.dissatisfaction = np.full(n, p.dissatisfaction)
        positions = None
        if specs:
            for i, s in enumerate(specs):
                for field, array in (("arms", self.military), ("growth", self.growth),
                                     ("dissatisfaction", self.dissatisfaction)):
                    if s[field] is not None:
                        array[i] = s[field]
            if all(s["position"] is not None for s in specs):
                positions = np.array([s["position"] for s in specs])
        self.alive = np.ones(n, dtype=bool)
        self.community = np.zeros(n, dtype=bool)
        self.score = np.zeros(n)
        #: (winner, loser) names of the wars fought in the year just simulated (for maps and logs)
        self.wars_fought: list[tuple[str, str]] = []
        self.threat = np.zeros(n)
        # power: arms plus mobilisable wealth (Mearsheimer 2001's latent power), set each year
        self.power = self.military + p.latent_power * self.wealth
        self.wealth_prev = self.wealth.copy()
        self.military_prev = self.military.copy()
        self.power_prev = self.power.copy()

        # per-dyad arrays
        self.adjacency, self.positions = network.build(p.network, n, p.network_radius, self.rng, positions)
        self.trust = np.full((n, n), p.initial_trust)
        self.seen = np.ones((n, n), dtype=bool)  # everyone starts by seeing cooperation ("nice")
        self.moves = np.ones((n, n), dtype=bool)  # own moves last year
        self.moves_before = np.ones((n, n), dtype=bool)  # own moves the year before
        self._network_changed()

        self.states = list(State.create_agents(self, n, slot=list(range(n)), name=names))
        self._rows_for = b""  # the doctrine holders that doctrine_rows() was computed for
        self._begin_year()
        self.outputs = metrics.summarize(self, None, None)
        self.datacollector = metrics.OutputCollector(
            self.outputs,
            agent_reporters={name: name for name in metrics.STATE_OUTPUTS} if p.collect_states else None,
        )
        self.datacollector.collect(self)

    # --- construction helpers -------------------------------------------------------------
    def _draw_doctrines(self, n: int, shares: Mapping[str, float], codes: dict[str, int]) -> np.ndarray:
        counts = np.floor(np.array(list(shares.values())) * n + 1e-9).astype(int)
        remainder = n - counts.sum()
        order = np.argsort(-(np.array(list(shares.values())) * n - counts), kind="stable")
        counts[order[:remainder]] += 1
        drawn = np.repeat([codes[name] for name in shares], counts)
        return self.rng.permutation(drawn)

    def _network_changed(self) -> None:
        """Refresh everything derived from the adjacency matrix (after construction or conquest)."""
        p = self.params
        self.degree = self.adjacency.sum(axis=1)
        self.degree_at_least_one = np.maximum(self.degree, 1)  # divides sums over neighbours
        self.everyone_alive = bool(self.alive.all())
        self.reach = self.adjacency * p.offense_dominance
        if p.distance_decay:
            gap = np.linalg.norm(self.positions[:, None, :] - self.positions[None, :, :], axis=-1)
            self.reach /= 1 + p.distance_decay * gap
        self.edges = np.ascontiguousarray(np.argwhere(np.triu(self.adjacency, 1)))  # (kernels read rows)
        # crisis opportunities are shared among a state's neighbours, so a state's yearly number of
        # crises does not grow with its number of neighbours
        ends = self.degree[self.edges]
        self.edge_share = 2.0 / np.maximum(ends.sum(axis=1), 1)
        self.crisis_ceiling = war.crisis_ceiling(self)
        self.directed_dyads = np.flatnonzero(self.adjacency)

    # --- derived quantities ---------------------------------------------------------------
    @property
    def year(self) -> int:
        """Years simulated so far."""
        return int(self.time)

    def growth_since_last_year(self, array: str, states: np.ndarray) -> np.ndarray:
        """Relative change of ``wealth``, ``military`` or ``power`` over the past year, for some states."""
        now, before = getattr(self, array)[states], getattr(self, f"{array}_prev")[states]
        # no change where there was nothing to grow from
        return np.divide(now, before, out=np.ones(now.shape), where=before > 0) - 1

    def doctrine_rows(self):
        """(doctrine, rows) for each doctrine held by a living state; rows is ``slice(None)`` when
        one doctrine is held by every living state, so its arrays are views, not copies.
        Computed once a year, at its start."""
        return self._rows

    def _group_by_doctrine(self):
        codes = self.code if self.everyone_alive else self.code[self.alive]
        if codes.min() == codes.max():
            return [(self.doctrine_list[codes[0]], slice(None))]
        return [(self.doctrine_list[c], np.flatnonzero(self.alive & (self.code == c)))
                for c in np.flatnonzero(np.bincount(codes))]

    def resists(self) -> np.ndarray:
        """Whether each state fights back when attacked."""
        return self._resists_by_code[self.code]

    def trusts_community(self) -> np.ndarray:
        """Whether each state's doctrine joins security communities."""
        return self._trusts_community_by_code[self.code]

    def attack_odds(self, attackers, defenders, edge=True, misread=None):
        """Chance that each attacker beats its defender.

        Offense dominance multiplies the power of the side that strikes first (``edge``), except for
        the share of its arms that is visibly defensive: where postures can be told apart, status-quo
        states buy defensive arms, which carry no offensive edge (Jervis 1978). Distance divides the
        attacker's power (loss-of-strength gradient). ``misread``: the relative error with which each
        attacker sees its defender's power (perception), if any."""
        if edge is True:
            edge = np.ones(attackers.size, dtype=bool)
        p = self.params
        return kernels.attack_odds(attackers, defenders, self.power, misread, edge, p.offense_dominance,
                                   p.distinguishability, self.posture, self.positions, p.distance_decay)

    def exploitable(self) -> np.ndarray:
        """exploitable[i, j]: i defected against j two years ago and saw j cooperate anyway.
        Computed once a year, when first asked (only some doctrines read it)."""
        if self._exploitable is None:
            self._exploitable = ~self.moves_before & self.seen & self.adjacency
        return self._exploitable

    # --- one year -------------------------------------------------------------------------
    def step(self) -> None:
        """One year: every mechanism decides on the start-of-year world, then all is applied."""
        p = self.params
        self._begin_year()
        view = perception.perceive(self)
        play = game.play(self) if p.game else None
        trust_next = trust.update(self, play) if p.trust else self.trust
        arms_next = arms.update(self, view) if p.arms else self.military.copy()
        conflict = war.resolve(self, view) if p.war else None
        # by name: conquest below compacts the arrays and renumbers the slots
        self.wars_fought = [] if conflict is None else [
            (self.states[w].name, self.states[l].name)
            for w, l in zip(conflict.winners.tolist(), conflict.losers.tolist())]
        wealth_next = economy.grow(self, arms_next, play) if p.economy else self.wealth.copy()
        switching = learning.choose(self) if p.learning and p.learning_rate > 0 else None

        self.wealth_prev, self.military_prev, self.power_prev = self.wealth, self.military, self.power
        self.threat = view.threat
        if play is not None:
            self.moves_before, self.moves, self.seen = self.moves, play.moves, play.seen
            self.score = self.score + play.payoff
        self.trust = trust_next
        losses = (None, None) if conflict is None else (conflict.wealth_change, conflict.arms_lost)
        self.wealth, self.military = kernels.settle(wealth_next, arms_next, *losses, p.max_burden)
        if conflict is not None:
            for conqueror, conquered in war.conquests(self, conflict, self.wealth):
                self._absorb(conqueror, conquered)
        self.power = self.military + p.latent_power * self.wealth
        if switching is not None:
            who, adopted = switching
            self.code[who] = adopted
        self.community = institution.members(self, self.trust) if p.institution else self.community
        if not self.everyone_alive:  # kept up to date by _absorb
            self._compact()
        self.outputs = metrics.summarize(self, play, conflict)
        self.datacollector.collect(self)

    _PER_STATE = ("wealth", "military", "power", "growth", "dissatisfaction", "code", "community",
                  "score", "threat", "alive", "positions", "wealth_prev", "military_prev", "power_prev")
    _PER_DYAD = ("trust", "seen", "moves", "moves_before", "adjacency")

    def _compact(self) -> None:
        """Drop the rows and columns of conquered states, so that a world that shrinks by conquest
        also gets cheaper to simulate. Surviving agents get their new slots."""
        keep = np.flatnonzero(self.alive)
        for name in self._PER_STATE:
            setattr(self, name, getattr(self, name)[keep])
        block = np.ix_(keep, keep)
        for name in self._PER_DYAD:
            setattr(self, name, getattr(self, name)[block])
        self.states = [self.states[k] for k in keep]
        for slot, state in enumerate(self.states):
            state.slot = slot
        self.n = keep.size
        self._network_changed()

    def _begin_year(self) -> None:
        """Derived quantities every mechanism reads this year, from the start-of-year world."""
        holders = self.code.tobytes() + self.alive.tobytes()
        if holders != self._rows_for:  # the groups change only by learning and conquest
            self._rows, self._rows_for = self._group_by_doctrine(), holders
        self.power = self.military + self.params.latent_power * self.wealth
        self.posture = (1 - self.dissatisfaction) * min(1.0, 1.0 / self.params.offense_dominance)
        self._exploitable = None

    def _absorb(self, conqueror: int, conquered: int) -> None:
        """The conqueror takes the conquered state's wealth and borders; its agent is removed."""
        self.wealth[conqueror] += self.wealth[conquered]
        self.wealth[conquered] = self.military[conquered] = 0.0
        gained = self.adjacency[conquered] & ~self.adjacency[conqueror]
        gained[conqueror] = False
        for matrix, value in ((self.trust, self.params.initial_trust), (self.seen, True),
                              (self.moves, True), (self.moves_before, True)):
            matrix[conqueror, gained] = value
            matrix[gained, conqueror] = value
        self.adjacency[conqueror] |= gained
        self.adjacency[:, conqueror] |= gained
        self.adjacency[conquered] = False
        self.adjacency[:, conquered] = False
        self.alive[conquered] = False
        self.everyone_alive = False  # the year ends with _compact, which refreshes the network
        self.community[conquered] = False
        self.states[conquered].remove()  # its rows leave the arrays at the end of the year
