"""The yearly outputs of DESIGN.md, computed in one pass over the model's arrays."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import mesa

from . import kernels
from .kernels import gini  # noqa: F401  (part of this module's interface)

if TYPE_CHECKING:  # pragma: no cover
    from .diplomacy import DiplomacyModel
    from .mechanisms.game import Play
    from .mechanisms.war import Conflict

#: Per-state outputs, as State attributes.
STATE_OUTPUTS = ("wealth", "military", "power", "doctrine", "threat", "trust_out", "alive", "community")


def output_names(doctrine_names) -> list[str]:
    """Names of the yearly world outputs, in a stable order."""
    return [
        "welfare", *(f"welfare_{d}" for d in doctrine_names), "military_burden", "cooperation_rate",
        "mean_trust", "crises", "wars", "coercions", "war_losses", "power_concentration", "top_share",
        "states_alive", "gini", *(f"{d}_share" for d in doctrine_names), "community_size", "security",
    ]


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


def summarize(model: "DiplomacyModel", play: "Play | None", conflict: "Conflict | None") -> dict:
    """All world outputs for the year just ended."""
    (welfare, welfare_by, burden, trust_sum, concentration, top_share, alive, gini_, shares,
     community, security) = kernels.tallies(model.wealth, model.military, model.power, model.threat,
                                            model.code, model.alive, model.community, model.trust,
                                            model.adjacency, len(model.doctrine_list))
    dyads = model.directed_dyads.size
    nan = float("nan")
    welfare_names, share_names = _doctrine_output_names(model.doctrine_names)
    out = {"welfare": welfare}
    out.update(zip(welfare_names, welfare_by))
    out["military_burden"] = burden
    out["cooperation_rate"] = play.cooperation_rate if play is not None else nan
    out["mean_trust"] = trust_sum / dyads if dyads else nan
    out["crises"] = conflict.crises if conflict else 0
    out["wars"] = conflict.wars if conflict else 0
    out["coercions"] = conflict.coercions if conflict else 0
    out["war_losses"] = conflict.destroyed if conflict else 0.0
    out["power_concentration"] = concentration
    out["top_share"] = top_share
    out["states_alive"] = alive
    out["gini"] = gini_
    out.update(zip(share_names, shares))
    out["community_size"] = community
    out["security"] = security
    return out
