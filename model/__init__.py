"""The detente model: states as Mesa agents, doctrines, the eight mechanisms of a year, metrics.

The mechanisms' sums run in the compiled kernels (``kernels.pyx``), in a fixed order, not in BLAS:
a seed gives the same numbers whatever the number of cores or BLAS threads.
"""

try:
    from . import kernels  # noqa: F401  (built from kernels.pyx when the package is installed)
except ImportError as missing:
    raise ImportError("detente's compiled kernels (model/kernels.pyx) are not built: run `make run` "
                      "or `pip install -e .` (this needs a C compiler)") from missing
from .diplomacy import STATE_FIELDS, DiplomacyModel
from .doctrines import DOCTRINES, Doctrine, WinWin, ZeroSum
from .knobs import MECHANISMS, WORLD_KNOBS, Knob, ParameterError
from .state import State

__all__ = [
    "DOCTRINES", "MECHANISMS", "STATE_FIELDS", "WORLD_KNOBS", "DiplomacyModel", "Doctrine", "Knob",
    "ParameterError", "State", "WinWin", "ZeroSum",
]
