"""The final-outcomes table of a comparison: each scenario's mean [95 % bootstrap interval of the mean] per output, and
each scenario's difference to the first, paired by seed (common random numbers)."""

from __future__ import annotations

import pandas as pd

from .. import runs


def final_table(world: pd.DataFrame, outputs) -> pd.DataFrame:
    """One row per output; one column per scenario, then one per difference to the first."""
    parts = [runs.final_outcomes(world, outputs)]
    if world.scenario.nunique() > 1:
        parts.append(runs.paired_differences(world, outputs))
    return runs.outcome_table(pd.concat(parts, ignore_index=True))


def markdown(table: pd.DataFrame) -> str:
    """A table as Markdown (the first column holds the index)."""
    header = [table.index.name or "", *table.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join([str(index), *map(str, row)]) + " |"
              for index, row in zip(table.index, table.to_numpy())]
    return "\n".join(lines)
