"""Speed of the sweep pipeline (detente sweep): what it adds to the model's own time, how it scales
on this machine's cores, and how fast its store reads back.

    make bench          # or: .venv/bin/python benchmarks/sweeps.py

Prints, with the issue's targets:
1. per-run overhead: 400 runs of a 20-state world (100 years) run by hand (build, run, outcomes)
   against the same runs through ``run_sweep`` in this process into a store: (sweep − by hand) / 400
   (target ≤ 5 ms);
2. the store's share: the time ``run_sweep`` reports in its store (opening it, writing each
   batch, closing it) as a share of the sweep's wall time (target ≤ 5 %); the difference of two
   timings (without a store and with it) was as noisy here as the share itself; 1. and 2. are timed
   back to back in ROUNDS rounds and their medians compared;
3. scaling: the same sweep on 2 local workers against 1, their start included, and the long sweep
   of 4. against it (target ≥ 1.8×);
4. 1 M model-years: 1,000 points × 10 seeds × 100 years of a 20-state world on every core
   (target ≤ 90 s);
5. loading that 10,000-run store into pandas (target ≤ 1 s).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from detente.sweeps import load, load_spec
from detente.sweeps.run import executor_for, outcomes_of, plan, run_sweep
from detente.sweeps.sample import sample

ROUNDS = 3
SPEC = """
id = "bench"
scenario = "security-dilemma"   # 20 states on a 5 x 4 grid
years = {years}
seeds = {seeds}
seed = 1
[sweep.noise]
range = [0.0, 0.2]
[sweep.cost_of_war]
range = [0.05, 0.5]
[sampler]
method = "lhs"
samples = {points}
"""


def spec(folder: Path, points: int, seeds: int, years: int):
    path = folder / f"bench-{points}-{seeds}-{years}.toml"
    path.write_text(SPEC.format(points=points, seeds=seeds, years=years))
    return load_spec(path)


def direct(spec_) -> float:
    """Seconds to run every job of the spec by hand: build, run, outcomes (the model's own time)."""
    jobs = plan(spec_, sample(spec_))
    start = time.perf_counter()
    for job in jobs:
        model = replace(spec_.scenario, knobs={**spec_.scenario.knobs, **job.knobs}).model(
            job.seed, collect_states=False)
        model.run_for(spec_.years)
        outcomes_of(spec_, model.datacollector.world_columns())
    return time.perf_counter() - start


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="detente-bench-"))
    # 100 points x 4 seeds x 100 years of the 20-state world: 400 runs, run two ways in this
    # process (by hand, and by run_sweep with its store), then on 2 workers
    medium = spec(folder, points=100, seeds=4, years=100)
    runs = 400
    # this machine's speed drifts by a few per cent from one run to the next, as much as the
    # differences measured here: the two are timed back to back in ROUNDS rounds, medians kept
    timings = []
    for round_ in range(ROUNDS):
        model_time = direct(medium)
        start = time.perf_counter()
        in_store = run_sweep(medium, folder / f"one-{round_}", progress=False)["store_seconds"]
        timings.append((model_time, in_store, time.perf_counter() - start))
    model_time, in_store, stored = (statistics.median(column) for column in zip(*timings))
    overhead = (stored - model_time) / runs * 1e3
    print(f"per-run overhead: {runs} runs of 100 years, 20 states, in this process (medians of "
          f"{ROUNDS} rounds): by hand "
          f"{model_time:.2f} s, through run_sweep with its store {stored:.2f} s: {overhead:.2f} ms "
          f"per run (target <= 5 ms): {'met' if overhead <= 5 else 'NOT met'}")
    share = in_store / stored * 100
    print(f"store: {in_store:.2f} s of the sweep's {stored:.2f} s in the store (open, writes, close): "
          f"{share:.1f} % (target <= 5 %): {'met' if share <= 5 else 'NOT met'}")
    with executor_for(workers=2) as (executor, workers):
        start = time.perf_counter()
        run_sweep(medium, folder / "two", executor, workers, progress=False)
        two = time.perf_counter() - start
    print(f"scaling: the same sweep on 1 worker {stored:.1f} s, on 2 workers {two:.1f} s (their start "
          f"included): {stored / two:.2f}x (target >= 1.8x): {'met' if stored / two >= 1.8 else 'NOT met'}")

    big = spec(folder, points=1000, seeds=10, years=100)
    with executor_for() as (executor, workers):
        start = time.perf_counter()
        run_sweep(big, folder / "big", executor, workers, progress=False)
        elapsed = time.perf_counter() - start
    print(f"1 M model-years: 1,000 points x 10 seeds x 100 years, 20 states, {workers} workers: "
          f"{elapsed:.1f} s (target <= 90 s): {'met' if elapsed <= 90 else 'NOT met'}")
    steady = (1e6 / elapsed) / (runs * 100 / stored)
    print(f"scaling in a long sweep: {1e6 / elapsed:,.0f} model-years/s on {workers} workers against "
          f"{runs * 100 / stored:,.0f} on 1: {steady:.2f}x (target >= 1.8x): "
          f"{'met' if steady >= 1.8 else 'NOT met'}")
    start = time.perf_counter()
    frame = load(folder / "big")
    loaded = time.perf_counter() - start
    print(f"load: {len(frame):,} runs into pandas in {loaded:.2f} s (target <= 1 s): "
          f"{'met' if loaded <= 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
