"""The doctrine registry. A new doctrine: one new file here and one line below."""

from .base import Doctrine
from .win_win import WinWin
from .zero_sum import ZeroSum

DOCTRINES: dict[str, type[Doctrine]] = {
    ZeroSum.name: ZeroSum,
    WinWin.name: WinWin,
}

__all__ = ["DOCTRINES", "Doctrine", "WinWin", "ZeroSum"]
