"""Headless runs: the tables they return, and what a broken pool of workers leaves behind."""

import os
import threading
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pandas as pd
import pytest

from helpers import LONG_RUNS, long_compare_under_way

from detente import runs
from detente.scenarios import load


#: Two greedy zero-sum states of unequal wealth: by year 100 one absorbs the other in seeds 0, 3, 4
#: and 5 of 0..5 (knobs pinned, so that the scenario's own settings do not matter)
RIVALS = load("security-dilemma").with_knobs({
    "n_states": 2, "network": "complete", "dissatisfaction": 0.7, "wealth_spread": 0.5,
    "offense_dominance": 1.0, "distinguishability": 0.5})


def test_state_tables_keep_the_names_of_states_that_were_absorbed():
    """A conquered state's Mesa agent is removed; its earlier rows must still carry its name."""
    _, states = runs.run(RIVALS, seed=0, years=100, collect_states=True)
    assert states.state.notna().all()
    assert set(states.state) == {"S0", "S1"}
    last = states[states.year == states.year.max()]
    assert len(last) == 1, "seed 0 ends with one of the two absorbed (a conquest must occur here)"


class BrokenPool:
    """A process pool whose workers have died: every job fails with BrokenProcessPool."""

    def __init__(self):
        self.shutdowns = []
        self._processes = None  # (none left to end)

    def submit(self, function, *args):
        future = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future

    def shutdown(self, **how):
        self.shutdowns.append(how)


@pytest.mark.parametrize("replaced", [False, True])
def test_a_broken_pool_is_shut_down_and_forgotten_unless_already_replaced(replaced, monkeypatch):
    """Another thread may have met the same broken pool and started a fresh one: that one stays."""
    broken, fresh = BrokenPool(), object()
    pools = {2: fresh if replaced else broken}
    monkeypatch.setattr(runs, "_pools", pools)
    monkeypatch.setattr(runs, "_pool", lambda workers: broken)
    with pytest.raises(runs.Stopped, match="a worker process died"):
        runs.ensemble(load("security-dilemma"), [0, 1], 5, workers=2)
    assert pools == ({2: fresh} if replaced else {})
    assert broken.shutdowns == [{"wait": False, "cancel_futures": True}]



def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_cancelled_compare_stops_at_once_and_ends_its_workers():
    """A cancel while every run is under way (each takes about a minute): the call stops within
    5 s, and the worker processes running them are gone; the next compare starts fresh workers and
    gives the same numbers as a serial one."""
    cancel = threading.Event()
    caller, outcome, workers = long_compare_under_way(cancel=cancel)
    cancel.set()
    caller.join(timeout=5)
    assert not caller.is_alive(), "the compare went on after its cancel"
    assert isinstance(outcome["raised"], runs.Cancelled)
    assert str(outcome["raised"]).startswith(f"compare: cancelled after 0 of {LONG_RUNS} runs")
    time.sleep(0.5)
    assert not any(alive(pid) for pid in workers)
    small = [load("security-dilemma")]
    assert runs.compare(small, range(4), 30, workers=2).equals(runs.compare(small, range(4), 30, workers=1))


def test_a_cancel_leaves_the_workers_running_when_another_call_uses_them(monkeypatch):
    """Two callers share the pool (two browser sessions): the one that cancels drops its own queued
    runs but does not end the workers under the other."""
    ended = []
    monkeypatch.setattr(runs, "_end_workers", lambda pool, workers: ended.append(pool))
    pool = runs._pool(2)
    with runs._pools_lock:
        runs._callers[pool] = runs._callers.get(pool, 0) + 1  # another caller
    try:
        cancel = threading.Event()
        cancel.set()
        with pytest.raises(runs.Cancelled):
            runs.compare([load("security-dilemma")], range(4), 20, workers=2, cancel=cancel)
        assert ended == []
    finally:
        with runs._pools_lock:
            runs._callers[pool] -= 1

def test_a_cell_says_how_many_seeds_it_stands_for_when_some_had_no_value():
    """Once one state is left (RIVALS: one absorbs the other by year 100 in four seeds of six),
    cooperation and trust are undefined: those seeds drop out of the mean, and the cell must say so."""
    world, _ = runs.ensemble(RIVALS, range(6), 100, workers=1)
    summary = runs.final_outcomes(world, ["welfare", "cooperation_rate", "states_alive"])
    table = runs.outcome_table(summary)
    assert summary.seeds.tolist() == [6, 2, 6] and summary.seeds_run.tolist() == [6, 6, 6]
    assert table.loc["cooperation_rate", RIVALS.id].endswith("(n=2)")
    assert "(n=" not in table.loc["welfare", RIVALS.id]
    assert "(n=2)" in runs.side_by_side(summary).splitlines()[3]
    pairs = world.assign(scenario="b")
    differences = runs.paired_differences(pd.concat([world, pairs]), ["cooperation_rate", "wars"])
    assert runs.outcome_table(differences).loc[:, f"b - {RIVALS.id}"].tolist() == [
        "0 [0, 0] (n=2)", "0 [0, 0]"]


def test_bands_are_the_mean_and_the_5_to_95_percent_range_over_seeds_each_year():
    world = runs.compare([load("security-dilemma"), load("common-security")], range(5), 10, workers=1)
    result = runs.bands(world, "mean_trust")
    assert list(result) == ["security-dilemma", "common-security"]
    band = result["common-security"]
    assert band.columns.tolist() == ["year", "mean", "low", "high"] and band.year.tolist() == list(range(11))
    values = world[(world.scenario == "common-security") & (world.year == 7)].mean_trust.to_numpy()
    assert band.loc[7, ["mean", "low", "high"]].tolist() == pytest.approx(
        [values.mean(), np.quantile(values, 0.05), np.quantile(values, 0.95)], rel=1e-12)
    assert (band.low <= band["mean"]).all() and (band["mean"] <= band.high).all()


def test_intervals_stay_within_an_outputs_natural_bounds_and_cells_say_why_they_have_none():
    """A cooperation rate of 0 in three seeds and 1 in one: a t-interval of the mean over 4 seeds
    runs from -0.55 to 1.05; the bootstrap percentile interval stays in [0, 1] (here [0, 0.75])."""
    summary = pd.DataFrame([
        {"scenario": "a", "output": "cooperation_rate", **runs._mean_interval(np.array([0.0, 0.0, 0.0, 1.0]))},
        {"scenario": "a", "output": "welfare", **runs._mean_interval(np.array([3.0, np.nan]))},
        {"scenario": "a", "output": "mean_trust", **runs._mean_interval(np.array([np.nan, np.nan]))},
    ])
    first = summary.iloc[0]
    assert first["mean"] == 0.25 and first.low == 0.0 and first.high == 0.75
    assert runs._mean_interval(np.array([0.0, 0.0, 0.0, 1.0])) == runs._mean_interval(np.array([0.0, 0.0, 0.0, 1.0]))
    table = runs.outcome_table(summary)
    assert table.loc["cooperation_rate", "a"] == "0.25 [0, 0.75]"
    assert table.loc["welfare", "a"] == "3 (1 of 2 seeds, no interval)"
    assert table.loc["mean_trust", "a"] == "no value: undefined in all 2 runs"
    assert "nan" not in runs.side_by_side(summary)
    one = runs.outcome_table(pd.DataFrame([{"scenario": "a", "output": "welfare",
                                            **runs._mean_interval(np.array([2.0]))}]))
    assert one.loc["welfare", "a"] == "2 (1 seed, no interval)"
