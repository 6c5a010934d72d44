"""Property-based tests (issue 13, point 1): over random valid worlds, the model's invariants hold.

The CI profile (tests/conftest.py) tries 540 examples in all: 460 worlds stepped year by year, 40
seed-reproducibility checks, 20 sweeps and 20 refused scenario files; ``make soak`` tries twenty
times as many.

Worlds come from the project's own tables, never from a list written here: every knob of the world
(``model.knobs.WORLD_KNOBS``, mechanisms' knobs included) and of each doctrine, drawn over its whole
allowed range, and the fields of a scenario's named states (``model.diplomacy.STATE_FIELDS``). Each
world is written as a scenario file — generated states or an explicit ``[[states]]`` list, a named
topology or an edge list — and loaded by the scenario loader, as a user's file would be.
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from helpers import examples

from detente import runs, scenarios
from detente.model import DiplomacyModel, diplomacy
from detente.model.diplomacy import STATE_FIELDS, WealthOverflow
from detente.model.doctrines import DOCTRINES
from detente.model.knobs import WORLD_KNOBS, Knob
from detente.model.mechanisms.base import Accounts
from detente.model.outputs import world_outputs
from detente.sweeps import load, load_series, load_spec
from detente.sweeps.run import executor_for, run_sweep

MAX_STATES = 12
MAX_YEARS = 40
#: knobs the world strategy sets itself: the size and shape of the world, and who follows which doctrine
_SHAPE_KNOBS = {"n_states", "network", "doctrine"}


#: Where in their ranges the knobs of a warlike world are drawn from (the rest of each range left
#: out): most worlds drawn at random are too peaceful in 5 to 40 years to test the accounts of war
WARLIKE = {"crisis_rate": 1.0, "greedy_share": 0.5, "greedy_dissatisfaction": 0.5, "war_spoils": 0.5}

#: float tolerance of the accounts, relative to the wealth and flows a state's year involves
RELATIVE_TOLERANCE = 1e-9


# --- strategies, from the knob and state-field tables ---------------------------------------

@st.composite
def _payoffs(draw) -> tuple[float, float, float, float]:
    """[T, R, P, S] by the knob's rule, R > P and R > 0."""
    reward = draw(st.floats(0, 10, exclude_min=True))
    punishment = draw(st.floats(-10, reward, exclude_max=True))
    return draw(st.floats(-10, 10)), reward, punishment, draw(st.floats(-10, 10))


def _value(knob: Knob, low: float | None = None):
    """Any value the knob allows, over its whole range (or from ``low`` up)."""
    if knob.kind == "float":
        return st.floats(knob.low if low is None else low, knob.high, allow_nan=False, allow_infinity=False)
    if knob.kind == "int":
        return st.integers(int(knob.low), int(knob.high))
    if knob.kind == "bool":
        return st.booleans()
    if knob.kind == "choice":
        return st.sampled_from(knob.choices)
    if knob.kind == "payoffs":
        return _payoffs()
    raise AssertionError(f"no strategy for knob kind {knob.kind!r} ({knob.name})")


def _settable_knobs() -> dict[str, Knob]:
    world = {name: knob for name, knob in WORLD_KNOBS.items() if name not in _SHAPE_KNOBS}
    per_doctrine = {f"{doctrine}.{name}": knob for doctrine, cls in DOCTRINES.items()
                    for name, knob in cls.knobs.items()}
    return world | per_doctrine


KNOBS = _settable_knobs()


@st.composite
def _shares(draw) -> dict[str, float]:
    """Shares of every doctrine that sum to 1: each takes part of what the ones before it left."""
    *first, last = DOCTRINES
    shares, left = {}, 1.0
    for name in first:
        shares[name] = draw(st.floats(0, left))
        left -= shares[name]
    return shares | {last: left}


def _doctrine():
    return st.one_of(st.sampled_from(list(DOCTRINES)), _shares())


def _network(n: int):
    # an edge between two different states: one, and another a step of 1 to n - 1 round from it
    edge = st.tuples(st.integers(0, n - 1), st.integers(1, n - 1)).map(lambda e: (e[0], (e[0] + e[1]) % n))
    return st.one_of(st.sampled_from(["complete", "ring", "grid", "geometric"]),
                     st.lists(edge, max_size=3 * n).map(lambda edges: [list(e) for e in edges]))


@st.composite
def _named_state(draw, index: int) -> dict:
    """One ``[[states]]`` entry: each optional field left out or drawn from its table."""
    state = {"name": f"state-{index}"}
    for name, field in STATE_FIELDS.items():
        if name in ("name", "arms") or not draw(st.booleans()):
            continue
        if name == "doctrine":
            state[name] = draw(st.sampled_from(list(DOCTRINES)))
        elif name == "position":
            state[name] = [draw(st.floats(0, 1)), draw(st.floats(0, 1))]
        else:
            state[name] = draw(_value(field))
    if draw(st.booleans()):  # arms up to all of its wealth (more is refused: see the test below)
        state["arms"] = draw(st.floats(0, 1)) * state.get("wealth", STATE_FIELDS["wealth"].default)
    return state


@dataclass(frozen=True)
class World:
    knobs: dict
    states: list | None
    years: int

    def scenario(self, folder: Path) -> scenarios.Scenario:
        """The world as a scenario file in ``folder``, loaded by the scenario loader."""
        path = folder / "world.toml"
        path.write_text(_scenario_text(self))
        return scenarios.load(path)


@st.composite
def worlds(draw, max_years: int = MAX_YEARS) -> World:
    n = draw(st.integers(2, MAX_STATES))
    chosen = draw(st.sets(st.sampled_from(sorted(KNOBS))))
    knobs = {name: draw(_value(KNOBS[name])) for name in sorted(chosen)}
    if draw(st.booleans()):  # half the worlds warlike, so that wars, tribute and conquest are tested
        knobs |= {name: draw(_value(KNOBS[name], low)) for name, low in WARLIKE.items()}
    if knobs.get("escalation") or knobs.get("opportunism"):
        knobs["protracted_wars"] = True  # they need it (check_world refuses them alone)
    knobs["network"] = draw(_network(n))
    if draw(st.booleans()):
        knobs["doctrine"] = draw(_doctrine())
    states = None
    if draw(st.booleans()):
        states = [draw(_named_state(i)) for i in range(n)]
    else:
        knobs["n_states"] = n
    return World(knobs, states, draw(st.integers(5, max_years)))


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    raise AssertionError(type(value))


def _scenario_text(world: World) -> str:
    lines = ['schema = 1', 'id = "generated"', 'title = "A generated world"',
             'summary = "A world drawn by the property tests."', f"years = {world.years}", "[knobs]"]
    lines += [f'"{name}" = {_toml(value)}' if "." in name else f"{name} = {_toml(value)}"
              for name, value in world.knobs.items()]
    for state in world.states or ():
        lines.append("[[states]]")
        lines += [f"{name} = {_toml(value)}" for name, value in state.items()]
    return "\n".join(lines) + "\n"


def _scenario(world: World) -> scenarios.Scenario:
    with tempfile.TemporaryDirectory() as folder:
        return world.scenario(Path(folder))


# --- the invariants of one year ---------------------------------------------------------------

def _float_arrays(model: DiplomacyModel) -> dict[str, np.ndarray]:
    per_state, per_dyad = model._arrays()
    arrays = {name: getattr(model, name) for name in (*per_state, *per_dyad)}
    return {name: a for name, a in arrays.items() if np.issubdtype(a.dtype, np.floating)}


#: Outputs that are shares or means of something that may not exist, and are NaN (by design:
#: undefined, not 0) exactly then: of the dyads playing the stage game (none at year 0, with the
#: game off, or without neighbours), of the neighbours' trust (no neighbours left), of the alliances
#: formed by balancing (none formed).
UNDEFINED = {
    "cooperation_rate": lambda model, neighbours: not (model.year and model.params.game and neighbours),
    "mean_trust": lambda model, _: not model.adjacency.any(),
    "balancing_share": lambda model, _: not np.count_nonzero(model.alignment),
}


def _check_world(model: DiplomacyModel, neighbours_at_start: bool) -> None:
    """No NaN or infinity in any array or output; wealth and arms never negative; every output and
    trust in its range. ``neighbours_at_start``: whether any two states bordered as the year began."""
    for name, array in _float_arrays(model).items():
        assert np.isfinite(array).all(), f"{name} is not finite: {array}"
    assert (model.wealth >= 0).all() and (model.military >= 0).all()
    if model.year:  # a scenario may start a state above the cap; each year's spending keeps to it
        assert (model.military <= model.params.max_burden * model.wealth).all()
    assert ((model.trust >= 0) & (model.trust <= 1)).all()
    for output in world_outputs(model.doctrine_names):
        value = model.outputs[output.name]
        if output.name in UNDEFINED and UNDEFINED[output.name](model, neighbours_at_start):
            assert math.isnan(value), f"{output.name} = {value}, but it is a share of nothing"
            continue
        assert math.isfinite(value), f"{output.name} = {value}"
        assert output.low is None or value >= output.low, f"{output.name} = {value!r} < {output.low}"
        assert output.high is None or value <= output.high, f"{output.name} = {value!r} > {output.high}"
    for state in model.states:
        # a state without neighbours has no mean trust: its trust_out alone is NaN, by design
        assert math.isnan(state.trust_out) == (not model.adjacency[state.slot].any())


def _check_accounts(before: dict[str, float], model: DiplomacyModel) -> None:
    """Each state's wealth change is the sum of the terms the model recorded; conquered wealth goes
    to the conqueror; states leave only by conquest."""
    accounts: Accounts = model.accounts
    after = {state.name: state.wealth for state in model.states}
    names = accounts.names
    assert names == list(before)
    change = accounts.change()
    for k, name in enumerate(names):
        terms = np.array([getattr(accounts, term)[k] for term in Accounts.TERMS])
        scale = before[name] + np.abs(terms).sum()
        ended = after.get(name, 0.0)  # a conquered state ends with nothing
        assert abs(before[name] + change[k] - ended) <= RELATIVE_TOLERANCE * scale, (
            f"{name}: wealth {before[name]!r} -> {ended!r}, but its accounts say "
            f"{dict(zip(Accounts.TERMS, terms.tolist()))}")
    # transfers move wealth and make none: what a payer defaulted on, its payees did not receive;
    # the floor at 0 forgives only costs a state could not bear, never a payment
    assert abs(accounts.defaulted.sum()) <= RELATIVE_TOLERANCE * np.abs(accounts.defaulted).sum()
    means = np.array([before[name] for name in names]) + accounts.growth + accounts.trade
    beyond_means = np.maximum(accounts.arms + accounts.war_losses - means, 0.0)
    assert (accounts.floor >= 0).all()
    assert (accounts.floor <= beyond_means + RELATIVE_TOLERANCE * (means + beyond_means)).all(), (
        f"the floor at 0 made wealth: {accounts.floor} > {beyond_means}")
    conquered = {loser for _, loser in accounts.conquests}
    assert set(names) - set(after) == conquered, "a state left other than by conquest"
    assert model.alive.all() and len(model.states) == model.n  # the conquered left the arrays too
    assert set(after) <= set(names), "a state appeared"
    slot = {name: k for k, name in enumerate(names)}
    for conqueror, loser in accounts.conquests:
        assert conqueror in after
        # all of the loser's end-of-year wealth went to its conqueror, none was lost or made
        assert accounts.conquest[slot[loser]] <= 0
    for conqueror in {winner for winner, _ in accounts.conquests}:
        taken = sum(-accounts.conquest[slot[loser]] for winner, loser in accounts.conquests
                    if winner == conqueror)
        assert accounts.conquest[slot[conqueror]] == pytest.approx(taken, rel=RELATIVE_TOLERANCE)
    others = [k for k, name in enumerate(names)
              if name not in conquered and name not in dict(accounts.conquests)]
    assert not accounts.conquest[others].any(), "wealth moved by conquest to a state that conquered none"


@settings(max_examples=examples(23))
@given(world=worlds(), seed=st.integers(0, 2**32 - 1))
def test_every_year_of_any_world_keeps_its_invariants(world, seed):
    scenario = _scenario(world)
    model = scenario.model(seed)
    _check_world(model, model.adjacency.any())
    for _ in range(world.years):
        before = {state.name: state.wealth for state in model.states}
        neighbours = model.adjacency.any()
        try:
            model.step()
        except WealthOverflow as overflow:  # the run stops rather than go on in infinities
            assert f"in year {model.year} " in str(overflow)
            assert _runs_away_in(scenario, seed, model.year)
            event("wealth ran away")
            return
        _check_world(model, neighbours)
        _check_accounts(before, model)
        _note(model.accounts)


def _runs_away_in(scenario: scenarios.Scenario, seed: int, year: int) -> bool:
    """Whether, without the model's ceiling, some state's wealth in ``year`` would be beyond it (or
    not a number) before the floor at 0: WealthOverflow stops only worlds that really ran away."""
    # (without the ceiling the year's arithmetic may meet inf and NaN: that is what is looked for)
    no_ceiling = mock.patch.object(diplomacy, "MAX_WEALTH", math.inf)
    with no_ceiling, np.errstate(invalid="ignore", over="ignore"):
        model = scenario.model(seed)
        for _ in range(year - 1):
            model.step()
        start = np.array([state.wealth for state in model.states])
        try:
            model.step()
        except WealthOverflow:  # not a number, even without the ceiling
            return True
        unfloored = start + model.accounts.change() - model.accounts.floor
    return not (np.abs(unfloored) <= diplomacy.MAX_WEALTH).all()


def _note(accounts: Accounts) -> None:
    """What the year reached, for --hypothesis-show-statistics: do the worlds test the accounts?"""
    for term in ("war_losses", "tribute", "defaulted", "floor", "conquest"):
        if np.count_nonzero(getattr(accounts, term)):
            event(f"a year with {term}")


# --- the same seed, the same numbers ----------------------------------------------------------

def _same(first: pd.DataFrame, second: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(first, second, check_exact=True)


def _world_table(scenario: scenarios.Scenario, seeds: list[int], years: int, workers: int):
    """The ensemble's world table, or the message of the WealthOverflow that stopped it."""
    try:
        return runs.ensemble(scenario, seeds, years, workers=workers)[0]
    except WealthOverflow as overflow:
        return str(overflow)


@settings(max_examples=examples(2))
@given(world=worlds(max_years=20), seeds=st.lists(st.integers(1, 10_000), min_size=1, max_size=3,
                                                     unique=True))
def test_the_same_seed_gives_the_same_numbers_in_this_process_and_in_workers(world, seeds):
    scenario = _scenario(world)
    here = _world_table(scenario, seeds, world.years, 1)
    for workers in (1, 2):
        again = _world_table(scenario, seeds, world.years, workers)
        if isinstance(here, str):
            assert again == here
        else:
            _same(here, again)


@pytest.fixture(scope="module")
def pool():
    with executor_for(workers=2) as (executor, workers):
        yield executor, workers


SWEPT = sorted(name for name, knob in WORLD_KNOBS.items() if knob.kind == "float")


@settings(max_examples=examples(1))
@given(world=worlds(max_years=15), knob=st.sampled_from(SWEPT), data=st.data())
def test_a_sweep_gives_the_numbers_of_the_runs_it_stands_for(pool, world, knob, data):
    values = data.draw(st.lists(_value(WORLD_KNOBS[knob]), min_size=1, max_size=2, unique=True))
    executor, workers = pool
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        scenario = world.scenario(folder)
        (folder / "sweep.toml").write_text(
            f'id = "generated-sweep"\nscenario = "{folder / "world.toml"}"\nyears = {world.years}\n'
            f"seeds = 2\nseed = {data.draw(st.integers(0, 2**32))}\n"
            f"[sweep.{knob}]\nvalues = {_toml(values)}\n")
        run_sweep(load_spec(folder / "sweep.toml"), folder / "store", executor, workers, progress=False)
        stored, series = load(folder / "store"), load_series(folder / "store")
    assert len(stored) == 2 * len(values)
    for row in stored.itertuples():
        model = replace(scenario, knobs={**scenario.knobs, knob: getattr(row, knob)}).model(
            int(row.seed), collect_states=False)
        try:
            model.run_for(world.years)
        except WealthOverflow as overflow:  # the sweep recorded the same stop
            assert row.status == "failed" and str(overflow) in row.error
            continue
        assert row.status == "done"
        expected = pd.DataFrame(model.datacollector.world_columns(), dtype=float)
        got = series[series.run == row.run].drop(columns=["run", "year"]).reset_index(drop=True)
        _same(got[list(expected.columns)], expected)


# --- the defects the properties found, one regression test each -------------------------------

@settings(max_examples=examples(1))
@given(world=worlds(max_years=5), which=st.integers(0, MAX_STATES - 1), excess=st.floats(1e-6, 1e6))
def test_a_listed_state_arming_beyond_its_wealth_is_refused_with_file_key_and_range(world, which, excess):
    states = [dict(state) for state in world.states or [{"name": "A"}, {"name": "B"}]]
    which %= len(states)
    wealth, most = states[which].get("wealth", STATE_FIELDS["wealth"].default), STATE_FIELDS["arms"].high
    assume(wealth < most)  # (arms beyond the field's own range get that range's message)
    states[which]["arms"] = min(wealth * (1 + excess), most)
    with tempfile.TemporaryDirectory() as folder, pytest.raises(scenarios.ScenarioError) as refused:
        replace(world, states=states).scenario(Path(folder))
    message = str(refused.value)
    assert message.startswith(f"{Path(folder) / 'world.toml'}, line ")
    assert f"states[{which}].arms" in message and "expected a number from 0 to its wealth" in message


def test_a_loser_that_cannot_pay_its_spoils_pays_what_it_has_and_its_victor_gets_only_that():
    from detente.model import kernels

    # after its own costs the loser has 0.1 of the 0.4 it owes; before, the floor at 0 made 0.3
    grown, change = np.array([0.3, 1.0]), np.array([-0.6, 0.4])  # the loser also lost 0.2 to war
    payer, payee, owed = np.array([0]), np.array([1]), np.array([0.4])
    wealth, _, defaulted, floor, _ = kernels.settle(grown, np.zeros(2), change, np.zeros(2), 0.3,
                                                    diplomacy.MAX_WEALTH, payer, payee, owed)
    assert wealth == pytest.approx([0.0, 1.1]) and defaulted == pytest.approx([0.3, -0.3])
    assert not floor.any()


def test_a_payer_left_short_by_a_default_owed_to_it_defaults_in_turn():
    from detente.model import kernels

    # A owes B 0.5 and has nothing; B owes C 0.5 out of what A pays it: neither can pay, so C
    # gets nothing (before, B ended at -0.5, the floor forgave it, and C got 0.5 out of nothing)
    grown, change = np.array([0.0, 0.0, 1.0]), np.array([-0.5, 0.0, 0.5])
    payer, payee, owed = np.array([0, 1]), np.array([1, 2]), np.array([0.5, 0.5])
    wealth, _, defaulted, floor, _ = kernels.settle(grown, np.zeros(3), change, np.zeros(3), 0.3,
                                                    diplomacy.MAX_WEALTH, payer, payee, owed)
    assert wealth == pytest.approx([0.0, 0.0, 1.0]) and defaulted == pytest.approx([0.5, 0.0, -0.5])
    assert not floor.any()


def test_power_shares_stay_within_0_and_1():
    from detente.model import kernels

    def shares(power):
        n = len(power)
        out = kernels.tallies(np.ones(n), np.zeros(n), np.array(power), np.zeros(n),
                              np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool), ["welfare_a"], ["share_a"])
        return out["power_concentration"], out["top_share"]

    assert shares([63.69616873214543]) == (1.0, 1.0)  # 1.0000000000000002 by rounding, before
    assert shares([1e-170, 1e-170]) == (0.5, 0.5)  # NaN before: the squares underflowed, 1/total² overflowed
    assert shares([3e200, 1e200]) == (0.625, 0.75)  # 0.75² + 0.25²; the squares would overflow to inf


def test_a_world_whose_wealth_runs_away_stops_with_a_clear_error_not_infinities():
    # trade gains as large as the whole economy, compounding with fast growth: before, welfare went
    # to inf and then NaN by year 1,000, silently
    model = DiplomacyModel(rng=0, n_states=3, trade_gain=1.0, growth_rate=0.5, war=False)
    with pytest.raises(WealthOverflow, match=r"in year \d+ the wealth of S\d went beyond the ±1e\+300"):
        model.run_for(2000)
    assert all(math.isfinite(value) for value in model.datacollector.world_columns()["welfare"])


def test_the_gini_of_equal_wealth_is_0_not_below():
    from detente.model import kernels

    assert kernels.gini([2.697867137638703] * 5) == 0.0  # −2.6e-17 by rounding, before
