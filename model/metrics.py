"""The yearly outputs of DESIGN.md, computed in one pass over the model's arrays."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import mesa
import numpy as np

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


@lru_cache(maxsize=64)
def _gini_weights(n: int) -> np.ndarray:
    weights = (2 * np.arange(1, n + 1) - n - 1).astype(float)  # float: no cast at each use
    weights.flags.writeable = False
    return weights


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0: equal, → 1: one holds all)."""
    ordered = values.copy()
    ordered.sort()
    total = ordered.sum()
    if total <= 0:  # no values, or all zero
        return 0.0
    n = ordered.size
    return float(_gini_weights(n).dot(ordered) / (n * total))


@lru_cache(maxsize=8)
def _doctrine_output_names(doctrine_names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    return [f"welfare_{d}" for d in doctrine_names], [f"{d}_share" for d in doctrine_names]


def summarize(model: "DiplomacyModel", play: "Play | None", conflict: "Conflict | None") -> dict:
    """All world outputs for the year just ended."""
    if model.everyone_alive:
        wealth, power, threat, codes = model.wealth, model.power, model.threat, model.code
        military = model.military
    else:
        alive = model.alive
        wealth, power, threat, codes = model.wealth[alive], model.power[alive], model.threat[alive], model.code[alive]
        military = model.military[alive]
    total = float(wealth.sum())
    total_power = float(power.sum())
    share = power / total_power if total_power > 0 else power
    per_doctrine = np.bincount(codes, minlength=len(model.doctrine_list))
    welfare_by = np.bincount(codes, weights=wealth, minlength=len(model.doctrine_list))
    dyads = model.directed_dyads.size
    nan = float("nan")
    welfare_names, share_names = _doctrine_output_names(model.doctrine_names)
    out = {"welfare": total}
    out.update(zip(welfare_names, welfare_by.tolist()))
    out["military_burden"] = float(military.sum()) / total if total > 0 else 0.0
    out["cooperation_rate"] = play.cooperation_rate if play is not None else nan
    out["mean_trust"] = float(np.vdot(model.trust, model.adjacency_f)) / dyads if dyads else nan
    out["crises"] = conflict.crises if conflict else 0
    out["wars"] = conflict.wars if conflict else 0
    out["coercions"] = conflict.coercions if conflict else 0
    out["war_losses"] = conflict.destroyed if conflict else 0.0
    out["power_concentration"] = float(share.dot(share))
    out["top_share"] = float(share.max())
    out["states_alive"] = int(codes.size)
    out["gini"] = gini(wealth)
    out.update(zip(share_names, (per_doctrine / codes.size).tolist()))
    out["community_size"] = int(np.count_nonzero(model.community))
    exposure = threat / np.maximum(threat + power, 1e-12)
    out["security"] = float(1 - exposure.sum() / exposure.size)  # np.mean's arithmetic, without its overhead
    return out
