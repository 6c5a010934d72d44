"""The yearly outputs (declared in ``outputs.py``), computed from the model's arrays and the year's
decisions: the model's own in one pass of a compiled kernel, then each mechanism's."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import mesa

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
    they go to a DataCollector table (``add_table_row``) instead; per-state outputs stay Mesa
    agent reporters. ``get_model_vars_dataframe()`` returns the world table as before.
    """

    def __init__(self, outputs, agent_reporters=None):
        super().__init__(agent_reporters=agent_reporters, tables={"world": list(outputs)})

    def collect(self, model) -> None:
        """Record the year's world outputs (``model.outputs``) and, if asked, its per-state outputs."""
        outputs = model.outputs
        for name, column in self.tables["world"].items():  # add_table_row, without its checks
            column.append(outputs[name])
        if self.agent_reporters:
            super().collect(model)

    def get_model_vars_dataframe(self):
        """The world table: one row per year, one column per output."""
        return self.get_table_dataframe("world")

    def world_columns(self) -> dict[str, list]:
        """The world table as plain columns (cheaper than a DataFrame to pass between processes)."""
        return self.tables["world"]


@lru_cache(maxsize=8)
def _doctrine_output_names(doctrine_names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    return [f"welfare_{d}" for d in doctrine_names], [f"{d}_share" for d in doctrine_names]


def summarize(model: "DiplomacyModel", year: "Year | None") -> dict:
    """All world outputs for the year just ended (``year`` None: the world as it starts), in the
    order of ``outputs.output_names``."""
    (welfare, welfare_by, burden, concentration, top_share, alive, gini_, shares,
     security) = kernels.tallies(model.wealth, model.military, model.power, model.threat, model.code,
                                 model.alive, len(model.doctrine_list))
    welfare_names, share_names = _doctrine_output_names(model.doctrine_names)
    out = {"welfare": welfare}
    out.update(zip(welfare_names, welfare_by))
    out["military_burden"] = burden
    out["power_concentration"] = concentration
    out["top_share"] = top_share
    out["states_alive"] = alive
    out["gini"] = gini_
    out["security"] = security
    out.update(zip(share_names, shares))
    for mechanism in MECHANISMS.values():
        out.update(mechanism.report(model, year))
    return out

