"""The yearly outputs (declared in ``outputs.py``), computed from the model's arrays and the year's
decisions: the model's own in one pass of a compiled kernel, then each mechanism's."""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING

import mesa
import pandas as pd

from . import kernels
from .kernels import gini  # noqa: F401  (part of this module's interface)
from .mechanisms import MECHANISMS
from .outputs import STATE_OUTPUTS, output_names  # noqa: F401  (part of this module's interface)

if TYPE_CHECKING:  # pragma: no cover
    from .diplomacy import DiplomacyModel
    from .mechanisms import Year


class OutputCollector(mesa.DataCollector):
    """Mesa's DataCollector, given each year's world outputs as one row of a table.

    :func:`summarize` computes every world output in one pass. As Mesa model reporters they would
    cost a call and a deep copy each, every year (a tenth of a 30-state world's yearly cost), so
    each year's outputs are kept as one row (a tuple, in the order of the names the collector was
    made with: one C-level lookup, not one append per output) and turned into columns when asked;
    per-state outputs stay Mesa agent reporters. ``get_model_vars_dataframe()`` returns the world
    table, ``world_columns()`` the same as plain lists.
    """

    def __init__(self, outputs, agent_reporters=None):
        super().__init__(agent_reporters=agent_reporters)
        self.names = tuple(outputs)
        self._row = itemgetter(*self.names)
        self._rows: list[tuple] = []
        self._columns: dict[str, list] | None = None

    def collect(self, model) -> None:
        """Record the year's world outputs (``model.outputs``) and, if asked, its per-state outputs."""
        self._rows.append(self._row(model.outputs))
        self._columns = None
        if self.agent_reporters:
            super().collect(model)

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        """The world table: one row per year, one column per output."""
        return pd.DataFrame(self.world_columns(), columns=list(self.names))

    def world_columns(self) -> dict[str, list]:
        """The world table as plain columns (cheaper than a DataFrame to pass between processes)."""
        if self._columns is None:
            self._columns = {name: list(column) for name, column in zip(self.names, zip(*self._rows))}
        return self._columns


@lru_cache(maxsize=8)
def _doctrine_output_names(doctrine_names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    return [f"welfare_{d}" for d in doctrine_names], [f"{d}_share" for d in doctrine_names]


def summarize(model: "DiplomacyModel", year: "Year | None") -> dict:
    """All world outputs for the year just ended (``year`` None: the world as it starts), in the
    order of ``outputs.output_names``."""
    welfare_names, share_names = _doctrine_output_names(model.doctrine_names)
    out = kernels.tallies(model.wealth, model.military, model.power, model.threat, model.code,
                          model.alive, welfare_names, share_names)
    for mechanism in MECHANISMS.values():
        out.update(mechanism.report(model, year))
    return out

