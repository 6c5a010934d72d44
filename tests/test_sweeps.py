"""The sweep runner and its store, with real parts: real worker processes, a real DuckDB file, a
sweep killed with SIGKILL and resumed, and a real Dask scheduler with two workers on 127.0.0.1."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from detente.model.diplomacy import DiplomacyModel
from detente.sweeps import load, load_points, load_series, load_spec
from detente.runs import Stopped
from detente.sweeps.run import TASK_ATTEMPTS, executor_for, run_sweep
from detente.sweeps.store import StoreError

BIN = Path(sys.executable).parent
# what a run's numbers are: everything but where and how long it ran
NUMBERS = lambda frame: frame.drop(columns=["seconds", "worker"]).sort_values("run", ignore_index=True)


def write_spec(folder: Path, body: str, name: str = "spec.toml") -> Path:
    path = folder / name
    path.write_text(body)
    return path


GRID = """
id = "grid-test"
scenario = "security-dilemma"
years = 30
seeds = 3
seed = 7
[knobs]
n_states = 8
[sweep.noise]
values = [0.0, 0.1]
[sweep.offense_dominance]
values = [1.0, 2.5]
[claim.worlds.win_win]
doctrine = "win_win"
[claim.worlds.zero_sum]
doctrine = "zero_sum"
"""

LONGER = """
id = "kill-test"
scenario = "security-dilemma"
years = 60
seeds = 2
seed = 3
[knobs]
n_states = 12
[sweep.noise]
range = [0.0, 0.2]
[sweep.cost_of_war]
range = [0.05, 0.5]
[sampler]
method = "lhs"
samples = 80
"""


def test_an_end_to_end_grid_sweep_stores_every_run_with_its_knobs_seed_and_outcomes(tmp_path):
    spec = load_spec(write_spec(tmp_path, GRID))
    summary = run_sweep(spec, tmp_path / "store", progress=False)
    frame = load(tmp_path / "store")
    assert summary == {**summary, "planned": 24, "ran": 24, "failed": 0}
    assert 0 < summary["store_seconds"] < summary["seconds"]  # its share is a benchmark figure
    assert len(frame) == 2 * 2 * 2 * 3 and set(frame.status) == {"done"}
    assert sorted(set(zip(frame.noise, frame.offense_dominance))) == [(0.0, 1.0), (0.0, 2.5), (0.1, 1.0), (0.1, 2.5)]
    # common random numbers: both worlds of a point and replication run on the same seed
    seeds = frame.pivot_table(index=["point", "replication"], columns="world", values="seed")
    assert (seeds.win_win == seeds.zero_sum).all() and seeds.win_win.nunique() == 12
    # a stored run is the model's run: rebuild one by hand
    row = frame[(frame.world == "zero_sum")].iloc[5]
    model = spec.scenario.model(int(row.seed), collect_states=False,
                                **{"doctrine": "zero_sum", "noise": row.noise, "offense_dominance": row.offense_dominance})
    model.run_for(30)
    world = model.datacollector.world_columns()
    assert row.welfare_final == world["welfare"][-1]
    assert row.war_onsets_total == sum(world["war_onsets"][1:])
    assert row.years_at_peace == sum(1 for w in world["war_onsets"][1:] if w == 0)
    series = load_series(tmp_path / "store")
    assert len(series) == 24 * 31 and list(series.columns[:2]) == ["run", "year"]
    assert load_points(tmp_path / "store").shape == (4, 3)


def test_a_run_that_raises_is_recorded_as_failed_and_the_rest_complete(tmp_path, monkeypatch):
    spec = load_spec(write_spec(tmp_path, GRID))
    real_run_for = DiplomacyModel.run_for

    def run_for(model, years):  # a bug that strikes at one point of the sweep only
        if model.params.noise == 0.1 and model.params.offense_dominance == 2.5:
            raise RuntimeError("a bug in one run")
        return real_run_for(model, years)

    monkeypatch.setattr(DiplomacyModel, "run_for", run_for)
    summary = run_sweep(spec, tmp_path / "store", progress=False)
    frame = load(tmp_path / "store")
    failed = frame[frame.status == "failed"]
    assert summary["failed"] == 6 and len(failed) == 6  # 2 worlds x 3 replications at that point
    assert set(zip(failed.noise, failed.offense_dominance)) == {(0.1, 2.5)}
    assert failed.error.str.contains("RuntimeError: a bug in one run").all()
    assert failed.welfare_final.isna().all()
    done = frame[frame.status == "done"]
    assert len(done) == 18 and done.welfare_final.notna().all()


def test_a_second_sweep_on_the_same_store_is_refused_and_an_existing_store_needs_resume(tmp_path):
    spec = load_spec(write_spec(tmp_path, GRID))
    run_sweep(spec, tmp_path / "store", progress=False)
    with pytest.raises(StoreError, match="already stored there; add --resume"):
        run_sweep(spec, tmp_path / "store", progress=False)
    assert run_sweep(spec, tmp_path / "store", resume=True, progress=False)["ran"] == 0
    other = load_spec(write_spec(tmp_path, GRID.replace("seed = 7", "seed = 8"), "other.toml"))
    with pytest.raises(StoreError, match="holds another sweep"):
        run_sweep(other, tmp_path / "store", resume=True, progress=False)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time; f = open(sys.argv[1], 'a+'); fcntl.flock(f, fcntl.LOCK_EX); "
        "print('locked', flush=True); time.sleep(60)"), str(tmp_path / "store" / "lock")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError, match="another sweep is running on this store"):
            run_sweep(spec, tmp_path / "store", resume=True, progress=False)
    finally:
        holder.kill()
        holder.wait()


def test_the_same_spec_gives_the_same_numbers_serially_and_on_a_process_pool(tmp_path):
    spec = load_spec(write_spec(tmp_path, GRID))
    run_sweep(spec, tmp_path / "serial", progress=False)
    with executor_for(workers=2) as (executor, workers):
        run_sweep(spec, tmp_path / "pool", executor, workers, progress=False)
    pooled = load(tmp_path / "pool")
    assert pooled.worker.nunique() >= 1
    pd.testing.assert_frame_equal(NUMBERS(load(tmp_path / "serial")), NUMBERS(pooled))
    pd.testing.assert_frame_equal(load_series(tmp_path / "serial"), load_series(tmp_path / "pool"))


def _parts(store: Path) -> int:
    folder = store / "series"
    return len(list(folder.glob("*.parquet"))) if folder.exists() else 0


def test_a_sweep_killed_with_sigkill_and_resumed_equals_an_uninterrupted_one(tmp_path):
    spec_path = write_spec(tmp_path, LONGER)
    run_sweep(load_spec(spec_path), tmp_path / "whole", progress=False)
    command = [str(BIN / "detente"), "sweep", str(spec_path), "--workers", "1", "--store", str(tmp_path / "cut")]
    sweep = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _parts(tmp_path / "cut") < 2 and sweep.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sweep.poll() is None, "the sweep ended before it could be killed: make it longer"
    sweep.send_signal(signal.SIGKILL)
    sweep.wait()
    kept = load(tmp_path / "cut")
    assert 0 < len(kept) < 160
    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(kept):,} already in the store" in resumed.stdout
    pd.testing.assert_frame_equal(NUMBERS(load(tmp_path / "cut")), NUMBERS(load(tmp_path / "whole")))
    pd.testing.assert_frame_equal(load_series(tmp_path / "cut"), load_series(tmp_path / "whole"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dask_cluster():
    """A real Dask scheduler and two single-threaded workers on 127.0.0.1, started here."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], **quiet)
    workers = [subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--nworkers", "1",
                                 "--no-dashboard", "--host", "127.0.0.1"], **quiet) for _ in range(2)]
    from distributed import Client

    try:
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for process in [*workers, scheduler]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_real_dask_cluster_gives_the_local_pools_numbers_even_when_a_worker_dies(tmp_path, dask_cluster):
    address, workers = dask_cluster
    spec_path = write_spec(tmp_path, LONGER)
    with executor_for(workers=2) as (executor, count):
        run_sweep(load_spec(spec_path), tmp_path / "pool", executor, count, progress=False)
    sweep = subprocess.Popen([str(BIN / "detente"), "sweep", str(spec_path), "--scheduler", address,
                              "--store", str(tmp_path / "dask")], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _parts(tmp_path / "dask") < 1 and sweep.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sweep.poll() is None, "the sweep ended before a worker could be killed: make it longer"
    os.killpg(workers[0].pid, signal.SIGKILL)  # its tasks go to the other worker
    out, err = sweep.communicate(timeout=300)
    assert sweep.returncode == 0, err
    dask = load(tmp_path / "dask")
    assert len(dask) == 160 and set(dask.status) == {"done"}
    pd.testing.assert_frame_equal(NUMBERS(dask), NUMBERS(load(tmp_path / "pool")))
    pd.testing.assert_frame_equal(load_series(tmp_path / "dask"), load_series(tmp_path / "pool"))


def test_an_unreachable_scheduler_is_a_clear_error_and_no_store_is_made(tmp_path):
    spec_path = write_spec(tmp_path, GRID)
    result = subprocess.run([str(BIN / "detente"), "sweep", str(spec_path), "--scheduler",
                             f"tcp://127.0.0.1:{_free_port()}", "--store", str(tmp_path / "store")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "cannot reach a Dask scheduler there" in result.stderr
    assert not (tmp_path / "store").exists()


SOBOL = """
id = "sobol-test"
scenario = "security-dilemma"
years = 15
seeds = 1
seed = 11
[knobs]
network = "complete"
[sweep.n_states]
range = [5, 30]
[sweep.noise]
range = [0.0, 0.1]
[sampler]
method = "sobol"
samples = 32
[outcomes]
final = ["states_alive", "welfare"]
total = []
years_at_peace = false
"""


def test_sobol_on_a_small_sweep_ranks_first_the_knob_that_makes_the_outcome(tmp_path):
    """How many states are alive after 15 years is mostly how many there were (n_states), hardly
    the noise of perception: n_states must rank first by total index, far ahead."""
    from detente.sweeps import analyze

    spec = load_spec(write_spec(tmp_path, SOBOL))
    run_sweep(spec, tmp_path / "store", progress=False)
    table = analyze.sensitivity(spec, load_points(tmp_path / "store"), load(tmp_path / "store"),
                                "states_alive_final")
    assert table.ST.idxmax() == "n_states"
    assert table.ST["n_states"] > 0.8 and table.ST["noise"] < 0.2


def test_detente_analyze_prints_the_claim_map_in_sentences_and_draws_it(tmp_path):
    spec_path = write_spec(tmp_path, GRID)
    detente = str(BIN / "detente")
    subprocess.run([detente, "sweep", str(spec_path), "--workers", "1", "--store", str(tmp_path / "store")],
                   check=True, capture_output=True, timeout=120)
    result = subprocess.run([detente, "analyze", str(tmp_path / "store"), "--plots", str(tmp_path / "plots")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "24 of 24 runs in the store (0 failed)" in result.stdout
    for criterion in ("welfare_final", "war_onsets_total", "states_alive_final"):
        assert f"claim map, {criterion}:" in result.stdout
        assert (tmp_path / "plots" / f"claim-{criterion}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Overall, win_win" in result.stdout and "% of 12 paired runs" in result.stdout
    wrong = subprocess.run([detente, "analyze", str(tmp_path / "store"), "--outcome", "welfare"],
                           capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and "not a recorded outcome" in wrong.stderr
    missing = subprocess.run([detente, "analyze", str(tmp_path / "nothing")], capture_output=True, text=True)
    assert missing.returncode == 2 and "not a sweep store" in missing.stderr


class _LosingExecutor(ThreadPoolExecutor):
    """An executor that loses each task's first ``losses`` tries (as a Dask worker that dies does)."""

    def __init__(self, losses):
        super().__init__(2)
        self.losses, self.tries = losses, Counter()

    def submit(self, fn, spec, chunk):
        key = chunk[0].run
        self.tries[key] += 1
        lost = self.tries[key] <= self.losses
        return super().submit(_lose if lost else fn, spec, chunk)


def _lose(spec, chunk):
    raise RuntimeError("lost")


def test_a_task_the_executor_loses_is_tried_again_and_one_lost_every_time_stops_the_sweep(tmp_path):
    """sweeps/run.py: a task lost by the executor (not a run's own failure) is tried again, up to
    TASK_ATTEMPTS times: lost once, every run is kept with the numbers of a serial sweep; lost every
    time, the sweep stops with a message saying what is kept and how to finish."""
    spec = load_spec(write_spec(tmp_path, GRID))
    serial = run_sweep(spec, tmp_path / "serial", progress=False)
    with _LosingExecutor(losses=1) as executor:
        summary = run_sweep(spec, tmp_path / "retried", executor, 2, progress=False)
    assert (summary["ran"], summary["failed"]) == (serial["ran"], 0)
    pd.testing.assert_frame_equal(NUMBERS(load(tmp_path / "retried")), NUMBERS(load(tmp_path / "serial")))
    with _LosingExecutor(losses=TASK_ATTEMPTS) as executor, pytest.raises(Stopped) as stopped:
        run_sweep(spec, tmp_path / "lost", executor, 2, progress=False)
    assert f"failed {TASK_ATTEMPTS} times (RuntimeError('lost'))" in str(stopped.value)
    assert "run the sweep again with --resume to finish" in str(stopped.value)
