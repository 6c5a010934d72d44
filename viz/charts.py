"""Matplotlib figures of the dashboard: an output over time per scenario, and the map of relations.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot), so several browser sessions can draw
at once from their own threads; :func:`png` gives the bytes a chart's download button serves.
"""

from __future__ import annotations

import io

import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import runs
from ..model.doctrines import DOCTRINES
from ..model.outputs import describe

#: One colour per scenario, in the order the scenarios were picked (colour-blind safe, Okabe & Ito).
SCENARIO_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
DOCTRINE_COLOURS = dict(zip(DOCTRINES, ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00")))
RELATION_STYLE = {  # colour, line width, transparency, line style, drawing order
    "cooperation": ("#009E73", 0.8, 0.35, "-", 1), "tension": ("#E69F00", 1.2, 0.7, "-", 1),
    "war": ("#C00000", 3.0, 1.0, "-", 2), "allied": ("#0072B2", 1.6, 0.9, "--", 2.5),
    "ally at war": ("#C00000", 2.0, 1.0, ":", 2.6),
}


def over_time(world: pd.DataFrame, output: str) -> Figure:
    """Ensemble mean and 5-95 % band over seeds of one output, one colour per scenario (in the order
    of the table), on shared axes."""
    figure = Figure(figsize=(4.0, 2.8), dpi=100, layout="constrained")
    axis = figure.subplots()
    for colour, (scenario, band) in zip(SCENARIO_COLOURS, runs.bands(world, output).items()):
        axis.fill_between(band.year, band.low, band.high, color=colour, alpha=0.2, linewidth=0)
        axis.plot(band.year, band["mean"], color=colour, label=scenario)
    axis.set_title(output.replace("_", " "))
    axis.set_xlabel("year")
    declared = describe(output)
    if declared is not None:
        axis.set_ylabel(declared.unit + (" per year" if declared.kind == "count" else ""), fontsize="small")
    if output == "welfare" and (world[output] > 0).all():
        axis.set_yscale("log")
    axis.legend(fontsize="x-small")
    return figure


def relation_map(nodes: pd.DataFrame, edges: pd.DataFrame, title: str) -> Figure:
    """States as dots (colour: doctrine, area: share of power; a black ring: security community
    member; a grey cross: conquered) and neighbouring pairs as lines (green: both cooperated this
    year, orange: tension, red: war), with allied pairs dashed blue and each ally that fought beside
    a partner dotted red to it. Only the relations present are in the legend."""
    figure = Figure(figsize=(4.6, 4.6), dpi=100, layout="constrained")
    axis = figure.subplots()
    where = nodes.set_index("state")[["x", "y"]]
    for relation, (colour, width, alpha, style, order) in RELATION_STYLE.items():
        pairs = edges[edges.relation == relation]
        for a, b in zip(pairs.a, pairs.b):
            axis.plot(*zip(where.loc[a], where.loc[b]), color=colour, linewidth=width, alpha=alpha,
                      linestyle=style, zorder=order)
    living = nodes[nodes.alive]
    share = living.power / max(living.power.sum(), 1e-12)
    axis.scatter(living.x, living.y, s=60 + 1500 * share, zorder=3,
                 c=[DOCTRINE_COLOURS.get(d, "grey") for d in living.doctrine],
                 edgecolors=["black" if c else "white" for c in living.community],
                 linewidths=[2.5 if c else 0.8 for c in living.community])
    gone = nodes[~nodes.alive]
    axis.scatter(gone.x, gone.y, marker="x", color="grey", s=50, zorder=3)
    for state in living.itertuples():  # legible on any dot: dark text with a white halo
        axis.annotate(state.state, (state.x, state.y), fontsize=8, ha="center", va="center", zorder=4,
                      path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])
    doctrines = sorted(set(living.doctrine))
    legend = [Line2D([], [], marker="o", linestyle="", color=DOCTRINE_COLOURS.get(d, "grey"),
                     label=d.replace("_", "-")) for d in doctrines]
    shown = set(edges.relation)
    legend += [Line2D([], [], color=colour, linewidth=width, linestyle=style, label=relation)
               for relation, (colour, width, _, style, _) in RELATION_STYLE.items()
               if relation in shown or relation in ("cooperation", "tension", "war")]
    legend += [Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="black",
                      markeredgewidth=2, label="community"),
               Line2D([], [], marker="x", linestyle="", color="grey", label="conquered")]
    axis.legend(handles=legend, fontsize="xx-small", loc="upper center", ncols=4,
                bbox_to_anchor=(0.5, -0.01), frameon=False)
    axis.set_title(title, fontsize="small")
    axis.set_xlim(-0.05, 1.05)
    axis.set_ylim(-0.05, 1.05)
    axis.set_aspect("equal")
    axis.axis("off")
    return figure


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=120)
    return buffer.getvalue()
