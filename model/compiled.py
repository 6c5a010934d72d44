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
