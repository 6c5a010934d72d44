"""The detente model: states as Mesa agents, doctrines, the mechanisms of a year, outputs.

The mechanisms' sums run in the compiled kernels (``kernels.pyx``), in a fixed order, not in BLAS:
a seed gives the same numbers whatever the number of cores or BLAS threads.
"""

try:
    from . import kernels  # noqa: F401  (built from kernels.pyx when the package is installed)
except ImportError as missing:
    raise ImportError("detente's compiled kernels (model/kernels.pyx) are not built: run `make run` "
                      "or `pip install -e .` (this needs a C compiler)") from missing
from . import knobs  # noqa: F401  (first: its table of knobs reads the mechanisms' registry)
from .diplomacy import STATE_FIELDS, DiplomacyModel
from .doctrines import DOCTRINES, Doctrine, WinWin, ZeroSum
from .knobs import WORLD_KNOBS, Knob, ParameterError
from .mechanisms import MECHANISMS, Mechanism
from .outputs import STATE_OUTPUTS, Output, world_outputs
from .state import State

__all__ = [
    "DOCTRINES", "MECHANISMS", "STATE_FIELDS", "STATE_OUTPUTS", "WORLD_KNOBS", "DiplomacyModel",
    "Doctrine", "Knob", "Mechanism", "Output", "ParameterError", "State", "WinWin", "ZeroSum",
    "world_outputs",
]
