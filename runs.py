"""Headless runs: one seed, an ensemble of seeds, and summaries of final outcomes.

Plain functions over plain tables (pandas DataFrames), so the CLI, the tests and the dashboard share
one path. World tables have one row per (scenario, seed, year) with the DESIGN outputs as columns;
state tables one row per (scenario, seed, year, state).

Ensembles and comparisons run their seeds in worker processes when that pays (``workers``, see
:func:`default_workers`); each seed gives the same numbers whichever process runs it. As with any
Python process pool, a script that runs them in workers must guard its top level with
``if __name__ == "__main__":`` (each worker imports the script's main module).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import chain

import numpy as np
import pandas as pd
from tqdm import tqdm

from .model.outputs import totals
from .scenarios import Scenario

#: ``progress``: True for a tqdm bar on stderr, or a function given the share of runs done (0..1]
#: after each run.
Progress = bool | Callable[[float], None]

#: What the interval of a final outcome is, for tables' notes.
INTERVAL = "95 % bootstrap interval of the mean"
#: Resamples for :data:`INTERVAL` (Efron & Tibshirani 1993 suggest 1,000 or more for percentile ends).
BOOTSTRAP_RESAMPLES = 2000


def run(scenario: Scenario, seed: int, years: int,
        collect_states: bool = False) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Run one seed of a scenario; return its world table and (if collected) its state table."""
    columns, states, _ = _run_one(scenario, seed, years, collect_states)
    return world_table([(scenario.id, seed, columns)]), states


def ensemble(scenario: Scenario, seeds: Sequence[int], years: int, collect_states: bool = False,
             progress: Progress = False, workers: int | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Run a scenario over several seeds; tables of all seeds stacked, in seed order.

    ``workers``: processes to run the seeds in (1: this process; None: :func:`default_workers`).
    Every seed gives the same numbers whichever process runs it.
    """
    world, states, _ = tables(scenario, seeds, years, collect_states, False, progress, workers)
    return world, states


def tables(scenario: Scenario, seeds: Sequence[int], years: int, collect_states: bool = False,
           collect_wars: bool = False, progress: Progress = False, workers: int | None = None
           ) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """:func:`ensemble`'s world and state tables, and the table of every war of every seed
    (scenario, seed, then mechanisms.fronts.WarRecord's fields) if ``collect_wars``."""
    jobs = [(scenario, seed) for seed in seeds]
    results = _execute(jobs, years, collect_states, workers, progress, scenario.id, "seed", collect_wars)
    world = world_table([(scenario.id, seed, columns) for (_, seed), (columns, *_) in zip(jobs, results)])
    states = [table for _, table, _ in results if table is not None]
    wars = [table for *_, table in results if table is not None]
    return (world, pd.concat(states, ignore_index=True) if states else None,
            pd.concat(wars, ignore_index=True) if wars else None)


def compare(scenarios: Sequence[Scenario], seeds: Sequence[int], years: int,
            labels: Sequence[str] | None = None, workers: int | None = None,
            progress: Progress = False, cancel: threading.Event | None = None) -> pd.DataFrame:
    """Run several scenarios on the same seeds (common random numbers) in one pool of workers;
    their world tables stacked, scenario by scenario and seed by seed. The ``scenario`` column holds
    ``labels`` (default: the scenario ids). Setting ``cancel`` stops the comparison at once
    (:class:`Cancelled`; see :func:`_execute`)."""
    labels = [s.id for s in scenarios] if labels is None else list(labels)
    seeds = list(seeds)
    if len(labels) != len(scenarios):
        raise ValueError(f"compare: {len(labels)} labels for {len(scenarios)} scenarios")
    jobs = [(scenario, seed) for scenario in scenarios for seed in seeds]
    results = _execute(jobs, years, False, workers, progress, "compare", "run", cancel=cancel)
    tags = [(label, seed) for label in labels for seed in seeds]
    return world_table([(label, seed, columns) for (label, seed), (columns, *_) in zip(tags, results)])


# --- running seeds, here or in worker processes -------------------------------------------------

#: Below this many model-years (about two seconds at 30 states) a job runs in this process unless the
#: worker processes are already running: starting them (a fork server importing detente, about a
#: second here) would cost more than the second core saves.
PARALLEL_FROM_MODEL_YEARS = 5000

_pools: dict[int, ProcessPoolExecutor] = {}
#: calls running on each pool: a cancelled call stops the workers only when nothing else runs there
_callers: dict[ProcessPoolExecutor, int] = {}
_pools_lock = threading.Lock()
#: how often a cancellable call looks at its ``cancel`` event while its runs go on (seconds)
CANCEL_POLL_SECONDS = 0.1
#: a run in this process with a progress bar reports its years in this many stretches
PROGRESS_STEPS = 100
#: seconds between two lines of a progress bar written to a log rather than a terminal
BAR_SECONDS_OFF_TERMINAL = 10


class Cancelled(Exception):
    """Runs stopped because their caller set the ``cancel`` event."""


class Stopped(RuntimeError):
    """Runs stopped by a fault outside the model (a worker process died, a store could not be
    written); the message says what was kept and how to go on."""


def available_cores() -> int:
    """Cores this process may run on."""
    return len(os.sched_getaffinity(0))


def default_workers(runs: int, years: int) -> int:
    """Processes for ``runs`` runs of ``years`` years: one per core when there are two runs or more
    and either those workers are already running or the job is big enough
    (``PARALLEL_FROM_MODEL_YEARS``) to pay for starting them; otherwise 1 (this process)."""
    cores = available_cores()
    if runs < 2 or cores < 2:
        return 1
    return cores if cores in _pools or runs * years >= PARALLEL_FROM_MODEL_YEARS else 1


def _pool(workers: int) -> ProcessPoolExecutor:
    """The pool of ``workers`` processes, started once and kept for later calls (the dashboard
    compares again and again). Workers come from a fork server that has imported detente: a server
    process runs threads, and forking a threaded process can deadlock the child."""
    with _pools_lock:
        if workers not in _pools:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["detente.runs"])
            _pools[workers] = ProcessPoolExecutor(workers, mp_context=context, initializer=_outlive_not,
                                                  initargs=(os.getpid(),))
        return _pools[workers]


def _outlive_not(owner: int) -> None:
    """In a worker: end this process once ``owner`` (the process that started the pool) is gone.
    A server stopped by SIGTERM (`kill PID`) or SIGKILL runs no clean-up of its own, and its fork
    server's children would otherwise live on, idle, holding their memory."""
    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(0)

    threading.Thread(target=watch, name="detente-watch-owner", daemon=True).start()


def start_workers(workers: int | None = None) -> None:
    """Start the worker processes (one per core by default) without waiting for them, so that the
    first parallel run finds them ready; the dashboard calls this when a page opens."""
    workers = workers or available_cores()
    if workers <= 1:
        return

    def start():
        pool = _pool(workers)
        for _ in range(workers):  # a pool starts a process per waiting job, up to its size
            pool.submit(int)

    threading.Thread(target=start, name="detente-start-workers", daemon=True).start()


def _execute(jobs: list[tuple[Scenario, int]], years: int, collect_states: bool, workers: int | None,
             progress: Progress, label: str, unit: str, collect_wars: bool = False,
             cancel: threading.Event | None = None
             ) -> list[tuple[dict[str, list], pd.DataFrame | None, pd.DataFrame | None]]:
    """The result of each (scenario, seed) job (see :func:`_run_one`), in job order; ``label`` and
    ``unit`` name the progress bar and what it counts.

    ``cancel``: once set, the call raises :class:`Cancelled` within ``CANCEL_POLL_SECONDS`` (in this
    process: after the run under way), its queued runs are dropped, and the worker processes, if
    they run nothing for another caller, are ended at once (their memory freed) and started afresh
    in the background for the next call.
    """
    workers = default_workers(len(jobs), years) if workers is None else workers
    # the bar counts model-years, so that one long run shows progress too (in this process it
    # moves within a run); off a terminal (a log) it writes a line every BAR_SECONDS_OFF_TERMINAL
    bar = tqdm(total=len(jobs) * years, desc=label, unit="year", unit_scale=True, leave=False,
               disable=progress is not True,
               mininterval=0.1 if sys.stderr.isatty() else BAR_SECONDS_OFF_TERMINAL)
    finished_runs = 0

    def done(count: int) -> None:
        nonlocal finished_runs
        finished_runs = count
        if callable(progress):
            progress(count / len(jobs))

    def check_cancel() -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled(f"{label}: cancelled after {finished_runs} of {len(jobs)} {unit}s")

    results = []
    with bar:
        if workers <= 1:
            for scenario, seed in jobs:
                check_cancel()
                results.append(_run_one(scenario, seed, years, collect_states, collect_wars,
                                        *([bar.update] if progress is True else [])))
                done(len(results))
            return results
        pool = _pool(workers)
        with _pools_lock:
            _callers[pool] = _callers.get(pool, 0) + 1
        futures = {pool.submit(_run_one, scenario, seed, years, collect_states, collect_wars): index
                   for index, (scenario, seed) in enumerate(jobs)}
        results = [None] * len(jobs)
        pending = set(futures)
        try:
            while pending:
                finished, pending = wait(pending, CANCEL_POLL_SECONDS if cancel else None, FIRST_COMPLETED)
                for future in finished:  # one call per run, even when several finish together
                    results[futures[future]] = future.result()
                    bar.update(years)
                    done(finished_runs + 1)
                check_cancel()
        except BrokenProcessPool:  # a worker died (killed, or out of memory): start afresh next time
            _end_workers(pool, workers)  # (the others would go on with runs nobody keeps)
            raise Stopped(f"{label}: a worker process died (killed, or out of memory?) after "
                          f"{finished_runs} of {len(jobs)} {unit}s; fresh workers start for the next "
                          "run: run it again") from None
        except Cancelled:
            with _pools_lock:
                alone = _callers[pool] == 1
            if alone:
                _end_workers(pool, workers)
                start_workers(workers)
            raise
        finally:
            for future in futures:
                future.cancel()
            with _pools_lock:
                _callers[pool] -= 1
    return results


def _forget(pool: ProcessPoolExecutor, workers: int) -> None:
    """Take a pool out of use (later calls start a fresh one) and drop its queued jobs."""
    with _pools_lock:
        if _pools.get(workers) is pool:  # not a fresh one another thread has started since
            del _pools[workers]
    pool.shutdown(wait=False, cancel_futures=True)


def _end_workers(pool: ProcessPoolExecutor, workers: int) -> None:
    """End a pool's worker processes now, runs under way included. ProcessPoolExecutor can only wait
    for them before Python 3.14 (``terminate_workers``), so its process table is read directly."""
    processes = list((pool._processes or {}).values())
    _forget(pool, workers)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)


def _run_one(scenario: Scenario, seed: int, years: int, collect_states: bool, collect_wars: bool = False,
             years_done: Callable[[int], object] | None = None
             ) -> tuple[dict[str, list], pd.DataFrame | None, pd.DataFrame | None]:
    """One seed, in whichever process: its world outputs as plain columns (cheap to send between
    processes), its state table if collected, and its wars if collected. ``years_done`` (in this
    process) is told every PROGRESS_STEPS-th of the run how many years were just run."""
    model = scenario.model(seed, collect_states=collect_states)
    # names before the run: conquest removes the agents of absorbed states from model.states
    names = {state.unique_id: state.name for state in model.states}
    if years_done is None:
        model.run_for(years)
    else:  # the same years, in stretches (run_for(a) then run_for(b) is run_for(a + b))
        stretch = max(1, years // PROGRESS_STEPS)
        for start in range(0, years, stretch):
            model.run_for(min(stretch, years - start))
            years_done(min(stretch, years - start))
    world = model.datacollector.world_columns()
    wars = None
    if collect_wars:
        wars = model.war_table()
        wars.insert(0, "scenario", scenario.id)
        wars.insert(1, "seed", seed)
    if not collect_states:
        return world, None, wars
    states = model.datacollector.get_agent_vars_dataframe().reset_index()
    states.insert(0, "scenario", scenario.id)
    states.insert(1, "seed", seed)
    states = states.rename(columns={"Step": "year"})
    states["year"] = states["year"].astype(int)
    states.insert(3, "state", states.pop("AgentID").map(names))
    return world, states, wars


def world_table(runs: Sequence[tuple[str, int, dict[str, list]]]) -> pd.DataFrame:
    """One table of the world columns of several runs: scenario, seed and year, then the outputs."""
    if not runs:
        raise ValueError("no runs: give at least one seed")
    lengths = [len(next(iter(columns.values()))) for _, _, columns in runs]
    table = {
        "scenario": [label for (label, _, _), n in zip(runs, lengths) for _ in range(n)],
        "seed": [seed for (_, seed, _), n in zip(runs, lengths) for _ in range(n)],
        "year": np.concatenate([np.arange(n) for n in lengths]),
    }
    for name in runs[0][2]:
        table[name] = list(chain.from_iterable(columns[name] for _, _, columns in runs))
    return pd.DataFrame(table)


def per_seed_outcomes(world: pd.DataFrame, outputs: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Per scenario, one row per seed: each output in the final year, except the counts of the
    year's events (``kind`` "count" in the outputs table: wars, crises, ...), which are summed over
    the years of the run."""
    outputs = list(outputs)
    counts = totals()
    result = {}
    for scenario, runs in world.groupby("scenario", sort=False):
        last = runs[runs.year == runs.year.max()].set_index("seed")[outputs]
        summed = runs.groupby("seed")[[o for o in outputs if o in counts]].sum()
        result[scenario] = last.assign(**{o: summed[o] for o in summed.columns})
    return result


def _mean_interval(values: np.ndarray) -> dict:
    """Mean and :data:`INTERVAL` (percentile bootstrap, Efron & Tibshirani 1993) of the values that
    are defined: an output can be NaN in some runs (cooperation once one state is left). A
    percentile interval of the mean stays within the values' range, so within an output's natural
    bounds (a share in [0, 1], a count at or above 0), which a t-interval over few seeds does not.
    The resampling is seeded: the same values give the same interval. ``seeds`` counts the defined
    values, ``seeds_run`` all; with one value there is no interval (NaN ends)."""
    defined = values[~np.isnan(values)]
    n = defined.size
    mean = float(defined.mean()) if n else float("nan")
    low = high = float("nan")
    if n > 1:
        draws = np.random.default_rng(0).integers(0, n, size=(BOOTSTRAP_RESAMPLES, n))
        low, high = (float(end) for end in np.quantile(defined[draws].mean(axis=1), [0.025, 0.975]))
    return {"mean": mean, "low": low, "high": high, "seeds": n, "seeds_run": values.size}


def final_outcomes(world: pd.DataFrame, outputs: Iterable[str]) -> pd.DataFrame:
    """Mean and :data:`INTERVAL`, over seeds, of each outcome of ``per_seed_outcomes``."""
    rows = [{"scenario": scenario, "output": output, **_mean_interval(table[output].to_numpy(float))}
            for scenario, table in per_seed_outcomes(world, outputs).items() for output in table]
    return pd.DataFrame(rows)


def trajectory(world: pd.DataFrame, outputs: Iterable[str], years: Iterable[int]) -> pd.DataFrame:
    """Means over seeds of some outputs at some years (and each one's peak year-mean), one row per
    (output, scenario): how a run got where the final outcomes say it ended."""
    years = [year for year in years if year <= world.year.max()]
    means = world.groupby(["scenario", "year"], sort=False)[list(outputs)].mean()
    rows = []
    for output in outputs:
        for scenario in world.scenario.unique():
            series = means.loc[scenario, output]
            rows.append({"output": output, "scenario": scenario,
                         **{f"year {year}": series.loc[year] for year in years},
                         "peak": series.max(), "peak year": int(series.idxmax())})
    return pd.DataFrame(rows).set_index(["output", "scenario"])


def outcome_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Final outcomes (of :func:`final_outcomes` or :func:`paired_differences`, or both stacked) as
    text, ``mean [low, high]``, with ``(n=k)`` where only k of the seeds run gave the output a value,
    ``(1 seed, no interval)`` for a single value and a reason for none; one row per output, one
    column per scenario, both in the order of ``summary``."""
    text = [_cell(*row) for row in zip(summary["mean"], summary.low, summary.high, summary.seeds,
                                       summary.seeds_run)]
    table = summary.assign(text=text).pivot(index="output", columns="scenario", values="text")
    return table.loc[list(dict.fromkeys(summary.output)), list(dict.fromkeys(summary.scenario))]


def cell_parts(mean: float, low: float, high: float, seeds: int, seeds_run: int) -> tuple[str, str]:
    """A final outcome's value and what qualifies it: its interval (with ``(n=k)`` where only k of
    the seeds run gave it a value), ``(1 seed, no interval)``, or why it has no value. The command
    line's tables show them on one line, the dashboard's on two."""
    if seeds == 0:
        return "no value", f"undefined in all {seeds_run} runs"
    if seeds == 1:
        return f"{mean:.4g}", f"({'1 seed' if seeds_run == 1 else f'1 of {seeds_run} seeds'}, no interval)"
    return f"{mean:.4g}", f"[{low:.3g}, {high:.3g}]" + (f" (n={seeds})" if seeds < seeds_run else "")


def _cell(mean: float, low: float, high: float, seeds: int, seeds_run: int) -> str:
    value, detail = cell_parts(mean, low, high, seeds, seeds_run)
    return f"{value}: {detail}" if seeds == 0 else f"{value} {detail}"


def side_by_side(summary: pd.DataFrame) -> str:
    """Final outcomes as a text table (see :func:`outcome_table`)."""
    return outcome_table(summary).to_string()


def paired_differences(world: pd.DataFrame, outputs: Iterable[str]) -> pd.DataFrame:
    """Difference of each scenario's final outcomes to the first scenario's, seed by seed (common
    random numbers: every scenario ran the same seeds), with the :data:`INTERVAL` of the difference."""
    per_seed = per_seed_outcomes(world, outputs)
    first, *others = per_seed
    rows = [{"scenario": f"{scenario} - {first}", "output": output,
             **_mean_interval((per_seed[scenario][output] - per_seed[first][output]).to_numpy(float))}
            for scenario in others for output in per_seed[first]]
    return pd.DataFrame(rows)


def bands(world: pd.DataFrame, output: str) -> dict[str, pd.DataFrame]:
    """Per scenario (in the order of the table), one row per year: the ensemble mean of ``output``
    over seeds and its 5-95 % band (columns year, mean, low, high)."""
    result = {}
    for scenario, runs in world.groupby("scenario", sort=False):
        by_year = runs.groupby("year")[output]
        result[scenario] = pd.DataFrame({"mean": by_year.mean(), "low": by_year.quantile(0.05),
                                         "high": by_year.quantile(0.95)}).reset_index()
    return result


def plot_over_time(world: pd.DataFrame, outputs: Sequence[str], path: str) -> None:
    """One panel per output: ensemble mean and 5-95 % band over seeds, one colour per scenario."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = 3
    rows = -(-len(outputs) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.0 * rows), squeeze=False)
    for axis, output in zip(axes.flat, outputs):
        for scenario, band in bands(world, output).items():
            line, = axis.plot(band.year, band["mean"], label=scenario)
            axis.fill_between(band.year, band.low, band.high, color=line.get_color(), alpha=0.2)
        axis.set_title(output)
        axis.set_xlabel("year")
        if output == "welfare":
            axis.set_yscale("log")
    for axis in list(axes.flat)[len(outputs):]:
        axis.set_visible(False)
    axes.flat[0].legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)

