"""The detente model: states as Mesa agents, doctrines, the eight mechanisms of a year, metrics."""

from .diplomacy import STATE_FIELDS, DiplomacyModel
from .doctrines import DOCTRINES, Doctrine, WinWin, ZeroSum
from .knobs import MECHANISMS, WORLD_KNOBS, Knob, ParameterError
from .state import State

__all__ = [
    "DOCTRINES", "MECHANISMS", "STATE_FIELDS", "WORLD_KNOBS", "DiplomacyModel", "Doctrine", "Knob",
    "ParameterError", "State", "WinWin", "ZeroSum",
]
