"""The yearly outputs of DESIGN.md, computed in one pass over the model's arrays."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import mesa
import numpy as np

from .compiled import kernel

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


@kernel
def gini(values):
    """Gini coefficient of non-negative values (0: equal, → 1: one holds all)."""
    ordered = np.sort(values)
    n = ordered.size
    total = ordered.sum()
    if total <= 0:  # no values, or all zero
        return 0.0
    weighted = 0.0
    for rank in range(n):
        weighted += (2 * rank + 1 - n) * ordered[rank]
    return weighted / (n * total)


@lru_cache(maxsize=8)
def _doctrine_output_names(doctrine_names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    return [f"welfare_{d}" for d in doctrine_names], [f"{d}_share" for d in doctrine_names]


def summarize(model: "DiplomacyModel", play: "Play | None", conflict: "Conflict | None") -> dict:
    """All world outputs for the year just ended."""
    (welfare, welfare_by, burden, trust_sum, concentration, top_share, alive, gini_, holders,
     community, security) = _tallies(model.wealth, model.military, model.power, model.threat, model.code,
                                      model.alive, model.community, model.trust, model.adjacency,
                                      len(model.doctrine_list))
    dyads = model.directed_dyads.size
    nan = float("nan")
    welfare_names, share_names = _doctrine_output_names(model.doctrine_names)
    out = {"welfare": welfare}
    out.update(zip(welfare_names, welfare_by.tolist()))
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
    out.update(zip(share_names, (holders / alive).tolist()))
    out["community_size"] = community
    out["security"] = security
    return out


@kernel
def _tallies(wealth, military, power, threat, code, alive, community, trust, adjacency, doctrines):
    """The world outputs that are sums over the living states and the neighbouring dyads."""
    living = np.flatnonzero(alive)
    n = living.size
    welfare = arms = total_power = top_power = power_squares = exposure = 0.0
    welfare_by = np.zeros(doctrines)
    holders = np.zeros(doctrines, dtype=np.int64)
    for s in living:
        welfare += wealth[s]
        arms += military[s]
        total_power += power[s]
        power_squares += power[s] * power[s]
        top_power = max(top_power, power[s])
        welfare_by[code[s]] += wealth[s]
        holders[code[s]] += 1
        exposure += threat[s] / max(threat[s] + power[s], 1e-12)
    # power shares s_i = P_i / ΣP: concentration is the Herfindahl index Σ s_i²
    scale = 1 / total_power if total_power > 0 else 1.0
    trust_sum = 0.0
    for i in range(adjacency.shape[0]):
        for j in range(adjacency.shape[1]):
            if adjacency[i, j]:
                trust_sum += trust[i, j]
    return (welfare, welfare_by, arms / welfare if welfare > 0 else 0.0, trust_sum,
            power_squares * scale * scale, top_power * scale, n, gini(wealth[living]),
            holders, np.count_nonzero(community), 1 - exposure / n)
