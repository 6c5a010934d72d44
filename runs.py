"""Headless runs: one seed, an ensemble of seeds, and summaries of final outcomes.

Plain functions over plain tables (pandas DataFrames), so the CLI, the tests and the dashboard share
one path. World tables have one row per (scenario, seed, year) with the DESIGN outputs as columns;
state tables one row per (scenario, seed, year, state).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd
from tqdm import tqdm

from .scenarios import Scenario

# two-sided 95 % Student t quantiles for 1..30 degrees of freedom; normal beyond
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
         2.056, 2.052, 2.048, 2.045, 2.042)


def t_quantile_975(dof: int) -> float:
    """The 97.5 % quantile of Student's t with ``dof`` degrees of freedom."""
    return _T975[dof - 1] if dof <= len(_T975) else NormalDist().inv_cdf(0.975)


def run(scenario: Scenario, seed: int, years: int,
        collect_states: bool = False) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Run one seed of a scenario; return its world table and (if collected) its state table."""
    model = scenario.model(seed, collect_states=collect_states)
    model.run_for(years)
    world = model.datacollector.get_model_vars_dataframe()
    world.insert(0, "scenario", scenario.id)
    world.insert(1, "seed", seed)
    world.insert(2, "year", np.arange(len(world)))
    if not collect_states:
        return world, None
    states = model.datacollector.get_agent_vars_dataframe().reset_index()
    names = {state.unique_id: state.name for state in model.states}
    states.insert(0, "scenario", scenario.id)
    states.insert(1, "seed", seed)
    states = states.rename(columns={"Step": "year"})
    states["year"] = states["year"].astype(int)
    states.insert(3, "state", states.pop("AgentID").map(names))
    return world, states


def ensemble(scenario: Scenario, seeds: Sequence[int], years: int, collect_states: bool = False,
             progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Run a scenario over several seeds; tables of all seeds stacked."""
    worlds, states = [], []
    for seed in tqdm(seeds, desc=scenario.id, unit="seed", disable=not progress, leave=False):
        world, per_state = run(scenario, seed, years, collect_states)
        worlds.append(world)
        if per_state is not None:
            states.append(per_state)
    return pd.concat(worlds, ignore_index=True), (pd.concat(states, ignore_index=True) if states else None)


_TOTALS = {"wars", "crises", "coercions", "war_losses"}


def per_seed_outcomes(world: pd.DataFrame, outputs: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Per scenario, one row per seed: each output in the final year, except event counts (wars,
    crises, coercions, war losses), which are summed over the years of the run."""
    outputs = list(outputs)
    result = {}
    for scenario, runs in world.groupby("scenario", sort=False):
        last = runs[runs.year == runs.year.max()].set_index("seed")[outputs]
        summed = runs.groupby("seed")[[o for o in outputs if o in _TOTALS]].sum()
        result[scenario] = last.assign(**{o: summed[o] for o in summed.columns})
    return result


def _mean_interval(values: np.ndarray) -> dict:
    values = values[~np.isnan(values)]
    n = values.size
    mean = float(values.mean()) if n else float("nan")
    half = t_quantile_975(n - 1) * values.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
    return {"mean": mean, "low": mean - half, "high": mean + half, "seeds": n}


def final_outcomes(world: pd.DataFrame, outputs: Iterable[str]) -> pd.DataFrame:
    """Mean and 95 % interval of the mean, over seeds, of each outcome of ``per_seed_outcomes``."""
    rows = [{"scenario": scenario, "output": output, **_mean_interval(table[output].to_numpy(float))}
            for scenario, table in per_seed_outcomes(world, outputs).items() for output in table]
    return pd.DataFrame(rows)


def side_by_side(summary: pd.DataFrame) -> str:
    """Final outcomes as a text table: one row per output, one column per scenario."""
    cell = summary.assign(text=summary.apply(
        lambda r: f"{r['mean']:.4g} [{r['low']:.3g}, {r['high']:.3g}]", axis=1))
    table = cell.pivot(index="output", columns="scenario", values="text")
    table = table.loc[list(dict.fromkeys(summary.output)), list(dict.fromkeys(summary.scenario))]
    return table.to_string()


def paired_differences(world: pd.DataFrame, outputs: Iterable[str]) -> pd.DataFrame:
    """Difference of each scenario's final outcomes to the first scenario's, seed by seed (common
    random numbers: every scenario ran the same seeds), with a 95 % interval of the mean difference."""
    per_seed = per_seed_outcomes(world, outputs)
    first, *others = per_seed
    rows = [{"scenario": f"{scenario} - {first}", "output": output,
             **_mean_interval((per_seed[scenario][output] - per_seed[first][output]).to_numpy(float))}
            for scenario in others for output in per_seed[first]]
    return pd.DataFrame(rows)


def plot_over_time(world: pd.DataFrame, outputs: Sequence[str], path: str) -> None:
    """One panel per output: ensemble mean and 5-95 % band over seeds, one colour per scenario."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = 3
    rows = -(-len(outputs) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.0 * rows), squeeze=False)
    for axis, output in zip(axes.flat, outputs):
        for scenario, runs in world.groupby("scenario", sort=False):
            by_year = runs.groupby("year")[output]
            mean = by_year.mean()
            line, = axis.plot(mean.index, mean.to_numpy(), label=scenario)
            axis.fill_between(mean.index, by_year.quantile(0.05).to_numpy(),
                              by_year.quantile(0.95).to_numpy(), color=line.get_color(), alpha=0.2)
        axis.set_title(output)
        axis.set_xlabel("year")
        if output == "welfare":
            axis.set_yscale("log")
    for axis in list(axes.flat)[len(outputs):]:
        axis.set_visible(False)
    axes.flat[0].legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
