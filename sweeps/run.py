"""Running a sweep: every (point, world, replication) of a spec, on any executor with the
``concurrent.futures`` interface, into a store (sweeps/store.py).

Executors: a local process pool by default (nothing to install), or a Dask cluster — an existing
one by its scheduler's address, or a LocalCluster started here — through
``distributed.Client.get_executor()``. Runs travel in chunks (one task runs several) so that the
per-run cost of shipping work stays small. A run that raises is recorded as failed with its error
and the sweep goes on. Each run's numbers depend only on its knobs, world and seed (the seed is the
replication's child of the spec's SeedSequence), so the same spec gives the same numbers bit for
bit whatever executor, worker count or chunking ran it, and however often it was resumed.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import socket
import time
import traceback
from concurrent.futures import Executor, FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace

import numpy as np
from tqdm import tqdm

from ..runs import Stopped
from .sample import replication_seed, sample
from .spec import SpecError, SweepSpec
from .store import Store

#: Runs per task, at most; fewer when a sweep is small, so that every worker gets work. Each task's
#: results are one store write (a DuckDB commit and a Parquet part, about 10 ms whatever their size):
#: 64 runs of a 20-state world (about half a second) keep that under 4 % of a sweep
MAX_CHUNK = 64


class ExecutorError(SpecError):
    """The executor asked for cannot be had (no scheduler at that address)."""


@dataclass(frozen=True)
class Job:
    """One run: a point of the sample, in one world of the claim, with one replication's seed."""

    run: int
    point: int
    world: str
    replication: int
    seed: int
    knobs: dict  # the point's knob values (ints as ints)


def plan(spec: SweepSpec, points: np.ndarray) -> list[Job]:
    """Every run of the sweep, numbered in (point, world, replication) order."""
    ints = [factor.kind == "int" for factor in spec.factors]
    jobs = []
    for point, values in enumerate(points):
        knobs = {name: int(v) if whole else float(v) for name, v, whole in zip(spec.names, values, ints)}
        for world in spec.worlds:
            for replication in range(spec.seeds):
                jobs.append(Job(len(jobs), point, world, replication,
                                replication_seed(spec, point, replication), knobs))
    return jobs


def outcomes_of(spec: SweepSpec, world: dict[str, list]) -> dict[str, float]:
    """A run's recorded outcomes from its yearly world outputs (index 0: the world as it starts)."""
    recorded = spec.outcomes
    out = {f"{name}_final": float(world[name][-1]) for name in recorded.final}
    for name in recorded.mean_last:
        out[f"{name}_mean_last{recorded.last_years}"] = float(np.mean(world[name][1:][-recorded.last_years:]))
    for name in recorded.total:
        out[f"{name}_total"] = float(np.sum(world[name][1:]))
    if recorded.years_at_peace:
        out["years_at_peace"] = float(np.sum(np.asarray(world["war_onsets"][1:]) == 0))
    return out


def run_chunk(spec: SweepSpec, jobs: list[Job]) -> list[dict]:
    """Run some jobs (in a worker): each one's registry fields, outcomes and yearly series. A run
    that raises gives a failed result with its error; the others are unaffected."""
    worker = f"{socket.gethostname()}:{os.getpid()}"
    worlds = spec.claim.worlds if spec.claim else {"": {}}
    results = []
    for job in jobs:
        start = time.perf_counter()
        result = {"run": job.run, "point": job.point, "world": job.world,
                  "replication": job.replication, "seed": job.seed, "worker": worker}
        try:
            knobs = {**spec.scenario.knobs, **worlds[job.world], **job.knobs}
            model = replace(spec.scenario, knobs=knobs).model(job.seed, collect_states=False)
            model.run_for(spec.years)
            world = model.datacollector.world_columns()
            # the years as one float array and the column names: cheap to send back and to store
            series = (tuple(world), np.array(list(world.values()), dtype=float).T)
            result.update(status="done", error=None, outcomes=outcomes_of(spec, world), series=series)
        except Exception as err:  # noqa: BLE001 - recorded with the run, the sweep goes on
            where = traceback.extract_tb(err.__traceback__)[-1]
            result.update(status="failed", outcomes={}, series=None,
                          error=f"{type(err).__name__}: {err} ({os.path.basename(where.filename)}:{where.lineno})")
        result["seconds"] = time.perf_counter() - start
        results.append(result)
    return results


def chunk_size(runs: int, workers: int) -> int:
    """Runs per task: about eight tasks per worker (so the last ones finish together), at most
    MAX_CHUNK runs each."""
    return max(1, min(MAX_CHUNK, math.ceil(runs / (8 * max(workers, 1)))))


@contextmanager
def executor_for(workers: int | None = None, scheduler: str | None = None, dask_local: int | None = None):
    """(executor, workers): a local process pool of ``workers`` (default: one per core; None for
    one: this process runs the sweep), a Dask cluster at ``scheduler`` (tcp://HOST:PORT), or a Dask
    LocalCluster of ``dask_local`` workers."""
    with ExitStack() as stack:
        if scheduler or dask_local:
            from distributed import Client, LocalCluster

            if scheduler:
                try:
                    client = stack.enter_context(Client(scheduler, timeout="10s"))
                except (OSError, TimeoutError, ValueError) as err:
                    raise ExecutorError(f"--scheduler {scheduler}: cannot reach a Dask scheduler "
                                        f"there ({err}); start one with `dask scheduler`, or "
                                        "leave out --scheduler to run on this machine") from None
            else:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=dask_local, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=40))
                client = stack.enter_context(Client(cluster))
            count = len(client.scheduler_info(n_workers=-1)["workers"]) or 1
            yield client.get_executor(pure=False), count
            return
        workers = workers or len(os.sched_getaffinity(0))
        if workers == 1:
            yield None, 1  # this process runs the sweep
            return
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["detente.sweeps.run"])
        yield stack.enter_context(ProcessPoolExecutor(workers, mp_context=context)), workers


#: Times a task is tried before the sweep stops (a task lost with its worker is tried again).
TASK_ATTEMPTS = 3


def run_sweep(spec: SweepSpec, store_path, executor: Executor | None = None, workers: int = 1,
              resume: bool = False, progress: bool = True) -> dict:
    """Run what the store lacks of the sweep; returns counts (planned, done, failed, skipped),
    its ``seconds`` and of those the ``store_seconds`` spent opening, writing and closing the
    store. With no executor, runs in this process."""
    points = sample(spec)
    jobs = plan(spec, points)
    start = time.perf_counter()
    store = Store(store_path, spec, points, resume=resume)
    in_store = time.perf_counter() - start
    try:
        finished = store.finished()
        todo = [job for job in jobs if job.run not in finished]
        size = chunk_size(len(todo), workers)
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        failed = 0
        bar = tqdm(total=len(jobs), initial=len(finished), desc=spec.id, unit="run",
                   disable=not progress, dynamic_ncols=True)
        with bar:
            def keep(results):
                nonlocal failed, in_store
                began = time.perf_counter()
                store.write(results)
                in_store += time.perf_counter() - began
                failed += sum(r["status"] == "failed" for r in results)
                bar.update(len(results))
                bar.set_postfix(failed=failed, refresh=False)

            if executor is None:
                for chunk in chunks:
                    keep(run_chunk(spec, chunk))
            else:
                pending, waiting = {}, iter(chunks)  # future: (its chunk, its attempt)
                window = 4 * max(workers, 1)  # tasks in flight: enough to keep workers busy
                try:
                    while True:
                        for chunk in waiting:
                            pending[executor.submit(run_chunk, spec, chunk)] = (chunk, 1)
                            if len(pending) >= window:
                                break
                        if not pending:
                            break
                        ready, _ = wait(pending, return_when=FIRST_COMPLETED)
                        for future in ready:
                            chunk, attempt = pending.pop(future)
                            try:
                                results = future.result()
                            except BrokenProcessPool:
                                raise
                            except Exception as err:  # the executor lost the task, not a run
                                # (run_chunk records a run's own failure): a Dask worker died and
                                # distributed handed on a malformed error (seen in CI); the runs are
                                # seeded, so running the chunk again gives the same numbers
                                if attempt >= TASK_ATTEMPTS:
                                    raise Stopped(
                                        f"a task of {len(chunk)} runs failed {attempt} times ({err!r}); "
                                        f"{len(store.finished())} of {len(jobs)} runs are kept in "
                                        f"{store.path}: run the sweep again with --resume to finish"
                                    ) from None
                                pending[executor.submit(run_chunk, spec, chunk)] = (chunk, attempt + 1)
                                continue
                            keep(results)  # (outside the try: a store that cannot write stops the sweep)
                except BrokenProcessPool:  # (raised by a result, or by submitting to the broken pool)
                    raise Stopped(f"a worker process died (killed, or out of memory?); "
                                  f"{len(store.finished())} of {len(jobs)} runs are kept in "
                                  f"{store.path}: run the sweep again with --resume to finish") from None
                finally:  # interrupted or failed: do not wait for work nobody will keep
                    for future in pending:
                        future.cancel()
    finally:
        began = time.perf_counter()
        store.close()
        in_store += time.perf_counter() - began
    return {"planned": len(jobs), "skipped": len(finished), "ran": len(todo), "failed": failed,
            "redone": store.redone, "seconds": time.perf_counter() - start, "store_seconds": in_store}
