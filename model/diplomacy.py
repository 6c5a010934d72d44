"""The diplomacy model: states on a network, deciding by doctrine, one year per step."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, get_type_hints

import mesa
import numpy as np
import pandas as pd

from . import kernels, metrics, network
from . import knobs as knob_tables
from .doctrines import DOCTRINES
from .knobs import Knob, ParameterError, shown
from .mechanisms import MECHANISMS, Year, war_kernel
from .mechanisms.base import Accounts
from .mechanisms.war import crisis_ceiling
from .outputs import STATE_OUTPUTS
from .state import State

#: The most wealth a state may reach (a state starts near 1). Beyond it the world's growth has run
#: away (growth, trade gains or payoffs large against R, or ordinary growth of 4 % a year over
#: 16,000 years), and the sums of wealth over 5,000 states that the outputs take (the Gini's
#: rank-weighted sum: up to 2.5e7 times a state's wealth) would soon leave the range of doubles
#: (1.8e308): the run stops with :class:`WealthOverflow` rather than go on in infinities and NaN
#: (found by the property tests). Squares of power are taken relative to the top power above 1e150
#: (kernels.tallies).
MAX_WEALTH = 1e300
_WAR_COLUMN_TYPES = {int: "int64", float: "float64", str: "str"}  # of WarRecord's fields


class WealthOverflow(ParameterError):
    """A state's wealth passed :data:`MAX_WEALTH`: these knobs, over these years, outgrow the model."""


#: Fields of a named state in an explicit world (a scenario's ``[[states]]``); all but name optional
#: (None as a name, from the Python API, names it by its place: S0, S1, ...).
STATE_FIELDS = MappingProxyType({
    knob.name: knob for knob in (
        Knob("name", "", "str", "the state's name"),
        Knob("doctrine", None, "str", "its doctrine (a registered doctrine name; default: drawn from "
             "the doctrine knob, so that a scenario's variants can switch the doctrine of its states)"),
        Knob("wealth", 1.0, "float", "initial wealth", low=1e-9, high=1e12),
        Knob("arms", None, "float", "initial arms spending, at most its wealth (default: "
             "initial_burden × wealth)",
             low=0.0, high=1e12),
        Knob("growth", None, "float", "yearly growth rate (default: drawn from growth_rate, "
             "growth_spread)", low=-0.2, high=0.5),
        Knob("dissatisfaction", None, "float", "motive: 0 a security seeker, above 0 greedy (default: "
             "the dissatisfaction knob)", low=0.0, high=1.0),
        Knob("position", None, "position", "[x, y] in the unit square (for the map and distances)"),
    )
})


def _check_state(index: int, spec: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(spec, Mapping):
        raise ParameterError(f"states[{index}] must be a table of fields, got {shown(spec)}")
    unknown = sorted(set(spec) - set(STATE_FIELDS))
    if unknown:
        raise ParameterError(
            f"states[{index}]: unknown field {unknown[0]!r}; allowed: {', '.join(STATE_FIELDS)}"
        )
    if "name" not in spec:
        raise ParameterError(f"states[{index}] has no name: every listed state needs one, e.g. name = \"A\"")
    clean = {}
    for name, field in STATE_FIELDS.items():
        value = spec.get(name, field.default)
        label = f"states[{index}].{name}"
        if value is None:
            clean[name] = None
        elif field.kind == "str":
            if not isinstance(value, str) or not value:
                raise ParameterError(f"{label} = {shown(value)} must be a non-empty string")
            if name == "doctrine" and value not in DOCTRINES:
                raise ParameterError(f"{label} = {shown(value)} is not a doctrine; known: {', '.join(DOCTRINES)}")
            clean[name] = value
        elif field.kind == "position":
            ok = isinstance(value, (list, tuple)) and len(value) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 for v in value
            )
            if not ok:
                raise ParameterError(f"{label} = {shown(value)} must be two numbers [x, y] from 0 to 1")
            clean[name] = (float(value[0]), float(value[1]))
        else:
            clean[name] = field.check(value, label)
    clean["name"] = clean["name"] or f"S{index}"
    # a state cannot spend on arms more than it has (the property tests found such a state accepted)
    if clean["arms"] is not None and clean["arms"] > clean["wealth"]:
        raise ParameterError(f"knob 'states[{index}].arms' = {clean['arms']!r} is not allowed (more than "
                             f"its wealth): expected a number from 0 to its wealth, {clean['wealth']!r}")
    return clean


def check_world(states: Sequence[Mapping[str, Any]] | None = None, **knobs):
    """A world's parameters (see :func:`knobs.resolve`) and its named states, checked without
    building it (validating a file of 5,000 states must not build their 25 million pairs);
    ParameterError with the first problem."""
    params = knob_tables.resolve(knobs)
    specs = [_check_state(i, s) for i, s in enumerate(states)] if states else None
    if specs:
        duplicated = sorted(name for name, count in Counter(s["name"] for s in specs).items() if count > 1)
        if duplicated:
            raise ParameterError(f"states: the name {duplicated[0]!r} is used twice")
    network.check(params.network, len(specs) if specs else params.n_states)
    for knob in ("escalation", "opportunism"):  # they act on wars that last, and only on them
        if getattr(params, knob) and not params.protracted_wars:
            raise ParameterError(f"knob '{knob}' = true needs protracted_wars = true: it acts on wars that "
                                 "last; set both, or leave it off")
    return params, specs


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
    (``wealth``, ``military``, ``growth``, ``dissatisfaction``, ``code`` of its doctrine, ``alive``,
    and those each mechanism owns, such as ``community``) and per directed dyad (``adjacency``, and
    those each mechanism owns, such as ``trust`` and the ``seen`` moves). The year's mechanisms are
    those of ``model.mechanisms.MECHANISMS``; yearly outputs go to ``self.datacollector``.
    """

    #: Per-state arrays of the model itself (the mechanisms declare their own).
    _PER_STATE = ("wealth", "military", "power", "growth", "dissatisfaction", "code", "alive",
                  "positions", "wealth_prev", "military_prev", "power_prev")

    def __init__(self, rng=None, states: Sequence[Mapping[str, Any]] | None = None, **knobs):
        super().__init__(rng=rng)
        p, specs = check_world(states, **knobs)
        self.params = p
        t, r, pp, s = p.payoffs
        # payoff by code 2·own + partner (D=0, C=1)
        self.payoff_table = np.array([pp, t, s, r], dtype=float)
        self.doctrine_list = [cls(p.doctrine_knobs[name]) for name, cls in DOCTRINES.items()]
        self.doctrine_names = tuple(DOCTRINES)
        # fixed by each doctrine's knobs, looked up by code
        self._resists_by_code = np.array([d.resists() for d in self.doctrine_list])
        self._overmatch_by_code = np.array([d.overmatch() for d in self.doctrine_list], dtype=float)
        #: whether each doctrine joins security communities, by code (see mechanisms.institution)
        self.trusts_community_by_code = np.array([d.trusts_community for d in self.doctrine_list])
        #: Richardson's (reaction, fatigue, grievance) of each doctrine, by code (see mechanisms.arms)
        self.richardson_by_code = np.array([(d.k.arms_reaction, d.k.arms_fatigue, d.k.arms_grievance)
                                            for d in self.doctrine_list], dtype=float)
        self.arms_floor_by_code = np.array([d.arms_floor() for d in self.doctrine_list], dtype=float)
        for d in self.doctrine_list:
            if not all(hasattr(d.k, knob) for knob in ("prior_trust", "empathy")):
                raise ParameterError(f"doctrine '{d.name}' must declare the knobs prior_trust and empathy "
                                     "(see model.doctrines.base.belief_knobs)")
        self.prior_by_code = np.array([d.k.prior_trust for d in self.doctrine_list], dtype=float)
        self.prior_belief_by_code = np.log(self.prior_by_code / (1 - self.prior_by_code))  # log-odds
        self.empathy_by_code = np.array([d.k.empathy for d in self.doctrine_list], dtype=float)
        codes = {d.name: c for c, d in enumerate(self.doctrine_list)}
        n = self.n = len(specs) if specs else p.n_states

        # per-state arrays
        if specs:
            names = [s["name"] for s in specs]
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
        if p.greedy_share > 0:  # some states drawn greedy (not those given a motive of their own)
            free = np.flatnonzero([s["dissatisfaction"] is None for s in specs] if specs else np.ones(n))
            greedy = self.rng.permutation(free)[:round(p.greedy_share * free.size)]
            self.dissatisfaction[greedy] = p.greedy_dissatisfaction
        self.alive = np.ones(n, dtype=bool)
        #: (winner, loser) names of the wars fought in the year just simulated (for maps and logs)
        self.wars_fought: list[tuple[str, str]] = []
        #: (partner, state it came to) names of the allies that fought beside a state this year
        self.allies_fought: list[tuple[str, str]] = []
        #: what each crisis of the year just simulated came to: a sequence of
        #: mechanisms.war.CrisisOutcome
        self.crisis_outcomes = ()
        #: every war of the run so far (mechanisms.fronts.WarRecord); ``war_table()`` as a DataFrame
        self.war_records: list = []
        #: the wealth accounts of the year just simulated (mechanisms.base.Accounts; None before)
        self.accounts: Accounts | None = None
        # power: arms plus mobilisable wealth (Mearsheimer 2001's latent power), set each year
        self.power = self.military + p.latent_power * self.wealth
        self.wealth_prev = self.wealth.copy()
        self.military_prev = self.military.copy()
        self.power_prev = self.power.copy()
        self.adjacency, self.positions = network.build(p.network, n, p.network_radius, self.rng, positions)

        # the mechanisms' own arrays
        for mechanism in MECHANISMS.values():
            for name, dtype in mechanism.state_arrays.items():
                setattr(self, name, np.zeros(n, dtype=dtype))
            for name, fill in mechanism.dyad_arrays.items():
                if not callable(fill):
                    setattr(self, name, np.full((n, n), fill))
            mechanism.setup(self)
        self.mechanisms = [m for m in MECHANISMS.values() if getattr(p, m.name) or m.decides_when_off]
        self._network_changed()

        # built one by one, not by create_agents: its AgentSet (a weak-keyed set) would be thrown
        # away, and building it was a sixth of a 20-state model's set-up
        self.states = [State(self, slot, name) for slot, name in enumerate(names)]
        self._rows_for = b""  # the doctrine holders that doctrine_rows() was computed for
        self._begin_year()
        self.outputs = metrics.summarize(self, None)
        self.datacollector = metrics.OutputCollector(
            self.outputs,
            agent_reporters={name: name for name in STATE_OUTPUTS} if p.collect_states else None,
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
        self.crisis_ceiling = crisis_ceiling(self)
        self.directed_dyads = np.flatnonzero(self.adjacency)
        self._all_rows = np.arange(self.n)

    # --- derived quantities ---------------------------------------------------------------
    @property
    def year(self) -> int:
        """Years simulated so far."""
        return int(self.time)

    def war_table(self) -> pd.DataFrame:
        """Every war of the run so far, one row each (see mechanisms.fronts.WarRecord); wars still
        being fought come last, ended "ongoing"."""
        from .mechanisms.fronts import WarRecord, open_records

        table = pd.DataFrame([*self.war_records, *open_records(self)], columns=list(WarRecord._fields))
        # typed even when empty, so that a run without wars does not turn an ensemble's columns to objects
        return table.astype({name: _WAR_COLUMN_TYPES[kind] for name, kind in get_type_hints(WarRecord).items()})

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

    def row_indices(self, rows) -> np.ndarray:
        """The slots that ``rows`` (an index array or ``slice(None)``) selects, as an index array."""
        return self._all_rows[rows]

    def _group_by_doctrine(self):
        codes = self.code if self.everyone_alive else self.code[self.alive]
        if codes.min() == codes.max():
            return [(self.doctrine_list[codes[0]], slice(None))]
        return [(self.doctrine_list[c], np.flatnonzero(self.alive & (self.code == c)))
                for c in np.flatnonzero(np.bincount(codes))]

    def resists(self) -> np.ndarray:
        """Whether each state uses force (fights back when attacked; may demand or strike)."""
        return self._resists_by_code[self.code]

    def overmatch(self) -> np.ndarray:
        """The force each state fields at war against its enemy's, as a multiple of it
        (``fronts.answer``, when wars escalate)."""
        return self._overmatch_by_code[self.code]

    def attack_odds(self, attackers, defenders, edge=True, power=None):
        """Chance that each attacker beats its defender (see mechanisms/war.py). ``edge``: whether
        each attacker struck first (True: all did); ``power``: each side's power in the crisis
        (default its own)."""
        if edge is True:
            edge = np.ones(attackers.size, dtype=bool)
        p = self.params
        return war_kernel.attack_odds(attackers, defenders, self.power if power is None else power, edge,
                                      p.offense_dominance, p.distinguishability, self.posture,
                                      self.positions, p.distance_decay)

    # --- one year -------------------------------------------------------------------------
    def step(self) -> None:
        """One year: every mechanism decides on the start-of-year world; then wealth and arms are
        settled, every mechanism applies its decision, and conquered states are absorbed."""
        self._begin_year()
        year = Year(self)
        for mechanism in self.mechanisms:
            year.decided[mechanism.name] = mechanism.decide(self, year)
        self.wealth_prev, self.military_prev, self.power_prev = self.wealth, self.military, self.power
        self.wealth, self.military, defaulted, floor, beyond = kernels.settle(
            year.wealth, year.military, year.wealth_change, year.arms_lost, self.params.max_burden,
            MAX_WEALTH, *(year.payments or ()))
        if beyond >= 0:
            raise WealthOverflow(
                f"in year {self.year} the wealth of {self.states[beyond].name} went beyond the "
                f"±{MAX_WEALTH:g} the model can hold: wealth compounding over so many years, or knobs "
                "that make it run away (growth_rate, trade_gain, or payoffs T, P or S large against "
                "R): run fewer years or lower them")
        for mechanism in self.mechanisms:
            mechanism.apply(self, year)
        states_at_start, conquest = self.states, np.zeros(self.n)
        conquests = [(self.states[a].name, self.states[b].name) for a, b in year.conquests]
        for conqueror, conquered in year.conquests:
            taken = self._absorb(conqueror, conquered)
            conquest[conqueror] += taken
            conquest[conquered] -= taken
        self.accounts = Accounts(states_at_start, year, defaulted, floor, conquest, conquests)
        self.power = self.military + self.params.latent_power * self.wealth
        if not self.everyone_alive:  # kept up to date by _absorb
            self._compact()
        self.outputs = metrics.summarize(self, year)
        self.datacollector.collect(self)

    @staticmethod
    def _arrays():
        """(names of the per-state arrays, {name of a mechanism's per-dyad array: its value on a new
        border}); ``adjacency`` is the model's own per-dyad array."""
        per_state = list(DiplomacyModel._PER_STATE)
        per_dyad = {}
        for mechanism in MECHANISMS.values():
            per_state += mechanism.state_arrays
            per_dyad |= mechanism.dyad_arrays
        return per_state, per_dyad

    def _compact(self) -> None:
        """Drop the rows and columns of conquered states, so that a world that shrinks by conquest
        also gets cheaper to simulate. Surviving agents get their new slots."""
        keep = np.flatnonzero(self.alive)
        per_state, per_dyad = self._arrays()
        for name in per_state:
            setattr(self, name, getattr(self, name)[keep])
        block = np.ix_(keep, keep)
        for name in ("adjacency", *per_dyad):
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
        # power = military + latent_power · wealth; posture = (1 − dissatisfaction) · min(1, 1/od)
        p = self.params
        self.power, self.posture = kernels.start_of_year(
            self.military, self.wealth, self.dissatisfaction, p.latent_power,
            min(1.0, 1.0 / p.offense_dominance))

    def _absorb(self, conqueror: int, conquered: int) -> float:
        """The conqueror takes the conquered state's wealth and borders; its agent is removed. Every
        per-dyad array takes its border value on the conqueror's new borders. Returns the wealth
        taken."""
        taken = float(self.wealth[conquered])
        self.wealth[conqueror] += taken
        self.wealth[conquered] = self.military[conquered] = 0.0
        gained = self.adjacency[conquered] & ~self.adjacency[conqueror]
        gained[conqueror] = False
        if gained.any():
            newcomers = np.flatnonzero(gained)
            for name, fill in self._arrays()[1].items():
                matrix = getattr(self, name)
                if callable(fill):
                    matrix[conqueror, newcomers] = fill(self, np.array([conqueror]))[0]
                    matrix[newcomers, conqueror] = fill(self, newcomers)
                else:
                    matrix[conqueror, newcomers] = matrix[newcomers, conqueror] = fill
            self.adjacency[conqueror, newcomers] = self.adjacency[newcomers, conqueror] = True
        self.adjacency[conquered] = False
        self.adjacency[:, conquered] = False
        self.alive[conquered] = False
        self.everyone_alive = False  # the year ends with _compact, which refreshes the network
        self.states[conquered].remove()  # its rows leave the arrays at the end of the year
        return taken
