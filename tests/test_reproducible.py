"""Same seed, same numbers, whatever runs it: twice in one process, serially or in worker processes."""

import time

import pandas as pd
import pytest

from detente import runs
from detente.model import DiplomacyModel
from detente.scenarios import load

#: A world that exercises every random draw: two doctrines, learning, noisy perception, conquest.
MIXED = {"n_states": 12, "doctrine": {"zero_sum": 0.6, "win_win": 0.4}, "learning_rate": 0.1,
         "noise": 0.1, "crisis_rate": 1.0, "dissatisfaction": 0.6}
SEEDS = [4, 0, 9]  # not sorted: tables must come back in the order asked
YEARS = 40


def _tables(seed):
    model = DiplomacyModel(rng=seed, **MIXED)
    model.run_for(YEARS)
    return model.datacollector.get_model_vars_dataframe(), model.datacollector.get_agent_vars_dataframe()


def test_two_runs_of_one_seed_match_bit_for_bit():
    first, second = _tables(3), _tables(3)
    for a, b in zip(first, second):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert first[0].states_alive.iloc[-1] < MIXED["n_states"], "the world should see a conquest"


def test_an_ensemble_gives_the_same_tables_serially_and_in_worker_processes():
    scenario = load("security-dilemma").with_knobs(MIXED)
    serial = runs.ensemble(scenario, SEEDS, YEARS, collect_states=True, workers=1)
    parallel = runs.ensemble(scenario, SEEDS, YEARS, collect_states=True, workers=2)
    for a, b in zip(serial, parallel):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    world, states = serial
    assert list(dict.fromkeys(world.seed)) == SEEDS and list(dict.fromkeys(states.seed)) == SEEDS
    alone = runs.run(scenario, SEEDS[1], YEARS)[0]
    pd.testing.assert_frame_equal(world[world.seed == SEEDS[1]].reset_index(drop=True), alone,
                                  check_exact=True)


def test_compare_runs_every_scenario_on_the_same_seeds_in_one_pool_with_progress():
    scenarios = [load("security-dilemma").with_knobs({"n_states": 8}),
                 load("common-security").with_knobs({"n_states": 8})]
    shares = []
    world = runs.compare(scenarios, SEEDS, 30, labels=["dilemma", "common"], workers=2,
                         progress=shares.append)
    assert shares == pytest.approx([(k + 1) / 6 for k in range(6)])
    assert list(dict.fromkeys(world.scenario)) == ["dilemma", "common"]
    for label, scenario in zip(["dilemma", "common"], scenarios):
        alone = runs.ensemble(scenario, SEEDS, 30, workers=1)[0].assign(scenario=label)
        pd.testing.assert_frame_equal(world[world.scenario == label].reset_index(drop=True), alone,
                                      check_exact=True)


def test_compare_with_the_wrong_number_of_labels_is_an_error():
    with pytest.raises(ValueError, match="2 labels for 1 scenarios"):
        runs.compare([load("security-dilemma")], [0], 5, labels=["a", "b"])


def test_default_workers_run_tiny_jobs_here_and_big_ones_on_every_core(monkeypatch):
    monkeypatch.setattr(runs, "available_cores", lambda: 4)
    monkeypatch.setattr(runs, "_pools", {})
    assert runs.default_workers(1, 100_000) == 1  # one run cannot be split
    assert runs.default_workers(3, 100) == 1  # too small to pay for starting workers
    assert runs.default_workers(40, 200) == 4
    monkeypatch.setattr(runs, "_pools", {4: None})  # workers already running: use them
    assert runs.default_workers(2, 10) == 4
    monkeypatch.setattr(runs, "available_cores", lambda: 1)
    assert runs.default_workers(40, 200) == 1


def test_a_large_world_gives_the_same_numbers_whatever_the_blas_thread_count():
    """150 states: when the model summed threats with BLAS matrix-vector products, which split their
    sums across threads, these hashes differed between 1 and 2 OpenBLAS threads."""
    import os
    import subprocess
    import sys

    script = ("import hashlib\nfrom detente.model import DiplomacyModel\n"
              "m = DiplomacyModel(rng=3, n_states=150, collect_states=False)\nm.run_for(30)\n"
              "print(hashlib.sha1(m.datacollector.get_model_vars_dataframe().to_numpy().tobytes()).hexdigest())")
    digests = {
        threads: subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                env={**os.environ, "OPENBLAS_NUM_THREADS": threads}).stdout
        for threads in ("1", "2")
    }
    assert digests["1"] == digests["2"] and len(digests["1"].strip()) == 40


def test_start_workers_returns_at_once_and_later_runs_use_the_workers(monkeypatch):
    """The dashboard starts its workers when a page opens, so that its first comparison does not
    wait for them; starting them must not hold up the page."""
    monkeypatch.setattr(runs, "available_cores", lambda: 2)
    started = time.perf_counter()
    runs.start_workers()
    assert time.perf_counter() - started < 0.5
    # ProcessPoolExecutor._processes: the live worker processes (no public view of them)
    while 2 not in runs._pools or len(runs._pools[2]._processes or {}) < 2:
        assert time.perf_counter() - started < 60, "the workers did not start"
        time.sleep(0.05)
    assert runs.default_workers(2, 10) == 2  # even a tiny job now runs on the workers
