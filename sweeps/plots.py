"""Plots of a sweep's analysis, each written to a PNG file whose path is returned: a heatmap of an
outcome or advantage over two knobs (with the claim map's boxes), bars of sensitivity indices, and
the distribution of the advantage in each region of a claim map.

Figures are built with ``matplotlib.figure.Figure``, not pyplot, so nothing depends on a display
or on global state (safe under the Agg backend and in worker threads).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from scipy.stats import binned_statistic_2d

from .analyze import ClaimMap, _percent

ADVANTAGE = "advantage_"
DPI = 120


def _save(figure: Figure, path: str | Path) -> Path:
    path = Path(path)
    figure.savefig(path, dpi=DPI)
    return path


def _titles(figure: Figure, ax, title: str, caption: str) -> None:
    """A title, and a caption-like subtitle saying how to read the plot."""
    figure.suptitle(title)
    ax.set_title(caption, fontsize=8, loc="left", wrap=True)


def _edges(values: pd.Series, bins: int) -> np.ndarray:
    """Bin edges: one bin per value when a knob took few values (a grid), else equal widths."""
    distinct = np.unique(values)
    if len(distinct) == 1:
        return distinct[0] + np.array([-0.5, 0.5])
    if len(distinct) <= bins:
        middles = (distinct[1:] + distinct[:-1]) / 2
        return np.concatenate([[2 * distinct[0] - middles[0]], middles, [2 * distinct[-1] - middles[-1]]])
    return np.linspace(distinct[0], distinct[-1], bins + 1)


def heatmap(runs: pd.DataFrame, x: str, y: str, value: str, path: str | Path, bins: int = 8,
            regions: ClaimMap | None = None) -> Path:
    """The mean of ``value`` (an outcome of one world's runs, or an ``advantage_*`` column of
    :func:`~.analyze.paired_advantage`) over a binning of knobs ``x`` and ``y``; advantages on a
    diverging scale centred on 0. With ``regions``, the claim map's boxes on these two knobs are
    drawn as dashed rectangles, numbered as in its sentences."""
    frame = runs.dropna(subset=[x, y, value])  # failed runs have no outcome
    x_edges, y_edges = _edges(frame[x], bins), _edges(frame[y], bins)
    means = binned_statistic_2d(frame[x], frame[y], frame[value], "mean", bins=[x_edges, y_edges]).statistic
    figure = Figure(figsize=(7, 5.5), layout="constrained")
    ax = figure.subplots()
    if value.startswith(ADVANTAGE):
        limit = np.nanmax(np.abs(means)) or 1.0
        mesh = ax.pcolormesh(x_edges, y_edges, means.T, cmap="RdBu", norm=Normalize(-limit, limit))
        a, b = (regions.world_a, regions.world_b) if regions else runs.attrs.get("worlds", ("A", "B"))
        caption = (f"Colour: mean {value} of the runs in each cell; blue: {a} does better, red: {b} "
                   "does better; blank: no run.")
    else:
        mesh = ax.pcolormesh(x_edges, y_edges, means.T, cmap="viridis")
        caption = f"Colour: mean {value} of the runs in each cell; blank: no run."
    figure.colorbar(mesh, ax=ax, label=f"mean {value}")
    if regions is not None:
        caption += " Dashed: the claim map's regions on these two knobs (number: its rank by density)."
        for rank, region in enumerate(regions.regions, start=1):
            if x not in region.box and y not in region.box:
                continue  # a box open on both knobs is the whole plot
            (x_low, x_high), (y_low, y_high) = region.box.get(x, (None, None)), region.box.get(y, (None, None))
            left, right = x_low if x_low is not None else x_edges[0], x_high if x_high is not None else x_edges[-1]
            bottom, top = y_low if y_low is not None else y_edges[0], y_high if y_high is not None else y_edges[-1]
            ax.add_patch(Rectangle((left, bottom), right - left, top - bottom, fill=False,
                                   linestyle="--", linewidth=1.5, edgecolor="black"))
            ax.annotate(f"{rank}: {_percent(region.density)}", (left, top), xytext=(3, -3),
                        textcoords="offset points", va="top", fontsize=8,
                        bbox=dict(boxstyle="round", facecolor="white", alpha=0.7))
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    _titles(figure, ax, f"{value} over {x} and {y}", caption)
    return _save(figure, path)


def sensitivity_bars(table: pd.DataFrame, path: str | Path, outcome: str) -> Path:
    """Horizontal bars per knob from :func:`~.analyze.sensitivity`: ST beside S1 (Sobol) or μ*
    beside σ (Morris), with confidence intervals as error bars; the most influential knob on top."""
    sobol = "ST" in table.columns
    main, side = ("ST", "S1") if sobol else ("mu_star", "sigma")
    rows = table.sort_values(main)  # ascending: barh draws the first row at the bottom
    position = np.arange(len(rows))
    level = _percent(table.attrs.get("conf_level", 0.95))
    figure = Figure(figsize=(7, 1.5 + 0.45 * len(rows)), layout="constrained")
    ax = figure.subplots()
    ax.barh(position + 0.2, rows[main], height=0.4, xerr=rows[f"{main}_conf"], color="tab:blue",
            label="ST (total)" if sobol else "μ*")
    ax.barh(position - 0.2, rows[side], height=0.4, xerr=rows.get(f"{side}_conf"), color="tab:orange",
            label="S1 (first order)" if sobol else "σ")
    ax.set_yticks(position, rows.index)
    ax.legend(loc="lower right")
    if sobol:
        ax.set_xlabel("Sobol index: share of the variance of " + outcome)
        caption = (f"Blue: total effect ST, the knob with all its interactions; orange: first-order "
                   f"S1, the knob alone (Saltelli 2010). Error bars: {level} bootstrap confidence.")
    else:
        ax.set_xlabel(f"elementary effect on {outcome} (per step over a knob's whole range)")
        caption = (f"Blue: μ*, the mean absolute elementary effect (Morris 1991; Campolongo et al. "
                   f"2007), with its {level} bootstrap confidence; orange: σ, large for knobs that "
                   "interact or act non-linearly.")
    _titles(figure, ax, f"Sensitivity of {outcome} to the swept knobs", caption)
    return _save(figure, path)


def distributions(advantage: pd.DataFrame, claim_map: ClaimMap, path: str | Path) -> Path:
    """Box plots of the paired advantage on the map's criterion in each of its regions (rows of
    :func:`~.analyze.paired_advantage`), labelled by the region's box, densest region on top."""
    column = ADVANTAGE + claim_map.criterion
    regions = claim_map.regions[::-1]  # boxplot draws the first group at the bottom
    groups = [advantage.loc[region.contains(advantage), column].dropna().to_numpy() for region in regions]
    labels = [f"{region.condition(short=True)}\n{_percent(region.density)} {claim_map.world_a}, "
              f"n={len(group):,}" for region, group in zip(regions, groups)]
    figure = Figure(figsize=(7, 1.5 + 0.7 * len(regions)), layout="constrained")
    ax = figure.subplots()
    ax.boxplot(groups, orientation="horizontal", tick_labels=labels)
    ax.axvline(0, color="grey", linewidth=1)
    ax.set_xlabel(column)
    _titles(figure, ax, f"{claim_map.world_a} against {claim_map.world_b} on {claim_map.criterion}, "
                        "by region",
            f"Right of 0: {claim_map.world_a} does better; left: {claim_map.world_b}. Box: quartiles "
            "of the paired advantage in the region; whiskers: 1.5 × the interquartile range.")
    return _save(figure, path)
