"""Compiled kernels: how the mechanisms' per-dyad arithmetic is run.

A world of tens of states is small: each NumPy call over its 30 × 30 dyads costs about a microsecond
of interpreter overhead and a few nanoseconds of arithmetic, and a year made of a few hundred such
calls spent most of its time in overhead. The mechanisms therefore write their dyad loops once, as
plain loops compiled by Numba (``kernel``), so that a mechanism is one call, not dozens. Random
numbers are still drawn from the model's NumPy generator, outside the kernels, in the same order on
every run, so a seed gives the same numbers in every process.

``kernel`` compiles on first use and caches the machine code beside the source (``__pycache__``), so
only the first run on a machine pays the compilation (a few seconds). Division follows NumPy's
rules (``error_model="numpy"``: x/0 is inf or nan, not an exception) and ``fastmath`` stays off,
so that results do not depend on how the compiler reorders arithmetic.
"""

from numba import njit

kernel = njit(cache=True, error_model="numpy")


def warm_up() -> None:
    """Compile every kernel of a usual run now, or load it from the cache: worker processes call
    this as they start, so that a run's first year does not wait for the compiler, and the set-up
    (``make``) calls it once so that the cache is filled before anyone runs a model."""
    from .diplomacy import DiplomacyModel

    for doctrine in ("zero_sum", "win_win", {"zero_sum": 0.5, "win_win": 0.5}):
        DiplomacyModel(rng=0, n_states=12, doctrine=doctrine, learning_rate=0.1,
                       collect_states=False).run_for(30)
