"""The limits of a run, the same in scenario files, sweep specs, the command line and the dashboard,
and the estimate of what a run will take, checked against this machine before it starts.

Limits (:data:`LIMITS`) catch typos and absurd requests at once; the estimate (:func:`estimate`)
catches what is allowed but does not fit: a world's per-pair arrays grow as the square of its states
(about 150 bytes a pair at the peak of a year, measured at 500 to 2,000 states), its yearly outputs
with its years, and per-state tables with both. :func:`check_fits` refuses, before any work, a run
whose memory estimate exceeds the memory this machine has available, with the estimate and how to
proceed; the time estimate is shown so that a long run is not a surprise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .model.knobs import WORLD_KNOBS


@dataclass(frozen=True)
class Limit:
    """An allowed range of a whole number."""

    name: str
    low: int
    high: int
    meaning: str

    def allowed(self) -> str:
        return f"a whole number from {self.low:,} to {self.high:,}"

    def check(self, value: int) -> int:
        if not self.low <= value <= self.high:
            raise ValueError(f"{self.name} = {value:,} is not allowed: {self.allowed()}")
        return value


_states = WORLD_KNOBS["n_states"]
#: Every limit, in one table (``detente limits`` and the README print it).
LIMITS = {
    "years": Limit("years", 1, 100_000, "years a run lasts"),
    "seeds": Limit("seeds", 1, 10_000, "seeds (runs) of each world"),
    "states": Limit("states", int(_states.low), int(_states.high), "states in a world (n_states)"),
    "points": Limit("points", 1, 1_000_000, "points of a sweep (each run on every seed)"),
    "workers": Limit("workers", 1, 256, "worker processes of a sweep (--workers, --dask-local)"),
}

#: Memory at the peak of a year, per ordered pair of states (measured: 150 bytes at 500-2,000 states)
BYTES_PER_PAIR = 150
#: Memory of a world output year kept as Python values in a run, then in the table
BYTES_PER_MODEL_YEAR = 1_500
#: Memory of one state's year in a per-state table (--agents)
BYTES_PER_STATE_YEAR = 600
#: The interpreter, NumPy, Mesa and the model's code in each process
BYTES_PER_PROCESS = 150 * 2**20
#: Time of a model-year: a fixed part and a part per pair of states (a complete network, measured
#: at 20 to 1,000 states on this project's 2-core reference machine: 0.35 ms at 20, 27 ms at 1,000)
SECONDS_PER_MODEL_YEAR = 3e-4
SECONDS_PER_PAIR_YEAR = 3.5e-8


def states_of(scenario) -> int:
    """How many states a scenario's world starts with."""
    return len(scenario.states) if scenario.states else int(scenario.knobs.get("n_states", _states.default))


@dataclass(frozen=True)
class Estimate:
    seconds: float
    bytes: int

    def text(self) -> str:
        return f"about {_duration(self.seconds)} and {self.bytes / 2**30:.1f} GB of memory"


def estimate(states: int, years: int, runs: int, workers: int = 1, per_state: bool = False) -> Estimate:
    """What ``runs`` runs of ``years`` years of a ``states``-state world take on ``workers``
    processes: wall time, and peak memory (the worlds running at once, and the tables kept)."""
    at_once = min(workers, runs)
    model_years = runs * (years + 1)
    kept = model_years * BYTES_PER_MODEL_YEAR + (model_years * states * BYTES_PER_STATE_YEAR if per_state else 0)
    running = at_once * (BYTES_PER_PROCESS + BYTES_PER_PAIR * states ** 2)
    seconds = model_years * (SECONDS_PER_MODEL_YEAR + SECONDS_PER_PAIR_YEAR * states ** 2) / max(at_once, 1)
    return Estimate(seconds, int(running + kept))


def available_memory() -> int:
    """Bytes of memory this machine can give now (Linux MemAvailable; all memory elsewhere)."""
    try:
        with open("/proc/meminfo") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


class TooBig(ValueError):
    """A run that would not fit this machine's memory."""


def check_fits(needed: Estimate, what: str) -> None:
    """TooBig, naming the estimate and how to proceed, if ``needed`` exceeds the available memory."""
    free = available_memory()
    if needed.bytes > free:
        raise TooBig(f"{what} would need {needed.text()}, and this machine has "
                     f"{free / 2**30:.1f} GB of memory available: use fewer states (memory grows with "
                     "their square), fewer years or seeds, leave out per-state tables, or run it as a "
                     "sweep on a Dask cluster (`detente sweep --scheduler`)")


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
