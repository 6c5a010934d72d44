"""The detente model: states as Mesa agents, doctrines, the eight mechanisms of a year, metrics.

Importing it limits BLAS (OpenBLAS) to one thread in this process. Matrix-vector products split
their sums across BLAS threads, so from about 120 states the last bits of a run, and then the run
itself, depended on the number of cores; with one thread a seed gives the same numbers on every
machine and in every worker. The price: at 1000 states a year costs about 15 % more than with two
BLAS threads; below about 200 states there is no difference.
"""

from threadpoolctl import threadpool_limits

try:
    from . import kernels  # noqa: F401  (built from kernels.pyx when the package is installed)
except ImportError as missing:
    raise ImportError("detente's compiled kernels (model/kernels.pyx) are not built: run `make run` "
                      "or `pip install -e .` (this needs a C compiler)") from missing
from .diplomacy import STATE_FIELDS, DiplomacyModel
from .doctrines import DOCTRINES, Doctrine, WinWin, ZeroSum
from .knobs import MECHANISMS, WORLD_KNOBS, Knob, ParameterError
from .state import State

threadpool_limits(limits=1, user_api="blas")  # after numpy is loaded: it limits loaded libraries

__all__ = [
    "DOCTRINES", "MECHANISMS", "STATE_FIELDS", "WORLD_KNOBS", "DiplomacyModel", "Doctrine", "Knob",
    "ParameterError", "State", "WinWin", "ZeroSum",
]
