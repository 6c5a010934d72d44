"""The yearly outputs of DESIGN.md, computed in one pass over the model's arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0: equal, → 1: one holds all)."""
    if values.size == 0 or values.sum() <= 0:
        return 0.0
    ordered = np.sort(values)
    n = ordered.size
    return float((2 * np.arange(1, n + 1) - n - 1) @ ordered / (n * ordered.sum()))


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
    out = {"welfare": total}
    for code, doctrine in enumerate(model.doctrine_list):
        out[f"welfare_{doctrine.name}"] = float(welfare_by[code])
    out["military_burden"] = float(military.sum()) / total if total > 0 else 0.0
    out["cooperation_rate"] = play.cooperation_rate if play is not None else nan
    out["mean_trust"] = float(np.vdot(model.trust, model.adjacency_f)) / dyads if dyads else nan
    out["crises"] = conflict.crises if conflict else 0
    out["wars"] = conflict.wars if conflict else 0
    out["coercions"] = conflict.coercions if conflict else 0
    out["war_losses"] = conflict.destroyed if conflict else 0.0
    out["power_concentration"] = float(np.dot(share, share))
    out["top_share"] = float(share.max())
    out["states_alive"] = int(codes.size)
    out["gini"] = gini(wealth)
    for code, doctrine in enumerate(model.doctrine_list):
        out[f"{doctrine.name}_share"] = float(per_doctrine[code] / codes.size)
    out["community_size"] = int(np.count_nonzero(model.community))
    out["security"] = float(1 - np.mean(threat / np.maximum(threat + power, 1e-12)))
    return out
