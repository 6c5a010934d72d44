"""The detente model: states as Mesa agents, doctrines, the mechanisms of a year, outputs.

The mechanisms' loops run compiled, each mechanism's beside its module (``mechanisms/war_kernel.pyx``
beside ``mechanisms/war.py``), the model's own in ``kernels.pyx``; their sums run in a fixed order,
not in BLAS, so a seed gives the same numbers whatever the number of cores or BLAS threads.
"""

try:
    from . import kernels  # noqa: F401  (built from kernels.pyx when the package is installed)
except ImportError as missing:
    raise ImportError("detente's compiled kernels (model/**/*.pyx) are not built: run `make run` "
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
