"""Matplotlib figures of the dashboard (and of ``detente war-sizes --plot``): an output over time per
scenario, the map of relations, and the sizes of wars.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot), so several browser sessions can draw
at once from their own threads; :func:`png` gives the bytes a chart's download button serves.
"""

from __future__ import annotations

import io

import pandas as pd
import numpy as np
from matplotlib import patheffects
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

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
    of the table), on shared axes; titled and labelled from the outputs table, the legend below the
    plot so that it never covers the data."""
    figure = Figure(figsize=(4.0, 3.2), dpi=100, layout="constrained")
    axis = figure.subplots()
    for colour, (scenario, band) in zip(SCENARIO_COLOURS, runs.bands(world, output).items()):
        axis.fill_between(band.year, band.low, band.high, color=colour, alpha=0.2, linewidth=0)
        axis.plot(band.year, band["mean"], color=colour, label=scenario)
    declared = describe(output)
    counted = declared is not None and declared.kind == "count"
    axis.set_title(output.replace("_", " ") + (" (per year)" if counted else ""))
    axis.set_xlabel("year")
    if declared is not None:
        axis.set_ylabel(declared.axis_label, fontsize="small")
    if output == "welfare" and (world[output] > 0).all():
        axis.set_yscale("log")
    axis.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False)
    return figure


def war_sizes(fitted) -> Figure:
    """Each world's wars as a CCDF on log-log axes, one colour each (in the order given), with its
    fitted power law over its range and, for scale, Richardson's slopes from the first fit's lower
    bound. ``fitted``: (label, sorted severities, ``war_sizes.PowerLaw`` or None when there were too
    few wars to fit) per world."""
    from ..war_sizes import RICHARDSON_SLOPES, ccdf

    figure = Figure(figsize=(6.4, 4.6), dpi=100, layout="constrained")
    axis = figure.subplots()
    for colour, (label, sizes, fit) in zip(SCENARIO_COLOURS, fitted):
        if sizes.size == 0:
            continue
        x, share = ccdf(sizes)
        axis.loglog(x, share, ".", markersize=3, color=colour, label=f"{label}: {x.size:,} wars")
        if fit is not None:
            span = np.array([fit.xmin, x[-1]])
            at = fit.tail / x.size  # the CCDF at xmin
            axis.loglog(span, at * (span / fit.xmin) ** fit.slope, "-", color=colour, linewidth=1,
                        label=f"power law above {fit.xmin:.2g}: slope {fit.slope:.2f}")
    first = next(((sizes, fit) for _, sizes, fit in fitted if fit is not None), None)
    if first is not None:
        sizes, fit = first
        span, at = np.array([fit.xmin, sizes.max()]), fit.tail / sizes.size
        for slope in RICHARDSON_SLOPES:
            axis.loglog(span, at * (span / fit.xmin) ** slope, ":", color="grey")
        axis.plot([], [], ":", color="grey", label="Richardson's data: slopes -0.4 and -0.6 (Cederman 2003)")
    axis.set_xlabel("severity: share of the world's wealth destroyed")
    axis.set_ylabel("share of wars at least this severe")
    axis.legend(fontsize="small", loc="lower left")
    return figure


#: Above this many states the map becomes a matrix of relations: a network of 200 states on a
#: complete graph draws 19,900 lines that merge into one disc; a matrix shows each pair as a cell.
MATRIX_ABOVE = 60


def relation_map(nodes: pd.DataFrame, edges: pd.DataFrame, title: str) -> Figure:
    """The map of relations of one year: a network of states up to :data:`MATRIX_ABOVE` states, a
    matrix of pairs above (see :func:`_network_view` and :func:`_matrix_view`)."""
    figure = Figure(figsize=(4.6, 4.6), dpi=100, layout="constrained")
    axis = figure.subplots()
    view = _network_view if len(nodes) <= MATRIX_ABOVE else _matrix_view
    legend, legend_title = view(axis, nodes, edges)
    doctrines = sorted(set(nodes[nodes.alive].doctrine))
    legend = [Line2D([], [], marker="o", linestyle="", color=DOCTRINE_COLOURS.get(d, "grey"),
                     label=d.replace("_", "-")) for d in doctrines] + legend
    axis.legend(handles=legend, fontsize="xx-small", loc="upper center", ncols=4, title=legend_title,
                title_fontsize="xx-small", bbox_to_anchor=(0.5, -0.01), frameon=False)
    axis.set_title(title, fontsize="small")
    return figure


def _relations_shown(edges: pd.DataFrame) -> list[str]:
    """The relations in the legend: those of every year, and alliances only in the years they exist."""
    shown = set(edges.relation)
    return [r for r in RELATION_STYLE if r in shown or r in ("cooperation", "tension", "war")]


def _network_view(axis, nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[list, str | None]:
    """States as dots (colour: doctrine, area: share of power; a black ring: security community
    member; a grey cross: conquered), named, and neighbouring pairs as lines (green: both cooperated
    this year, orange: tension, red: war), with allied pairs dashed blue and each ally that fought
    beside a partner dotted red to it. One line collection per relation, so that a year draws in a
    fraction of a second."""
    where = nodes.set_index("state")[["x", "y"]]
    for relation, (colour, width, alpha, style, order) in RELATION_STYLE.items():
        pairs = edges[edges.relation == relation]
        if len(pairs):
            segments = np.stack([where.loc[pairs.a.astype(str)].to_numpy(),
                                 where.loc[pairs.b.astype(str)].to_numpy()], axis=1)
            axis.add_collection(LineCollection(segments, colors=colour, linewidths=width, alpha=alpha,
                                               linestyles=style, zorder=order))
    living = nodes[nodes.alive]
    share = living.power / max(living.power.sum(), 1e-12)
    axis.scatter(living.x, living.y, s=60 + 1500 * share, zorder=3,
                 c=[DOCTRINE_COLOURS.get(d, "grey") for d in living.doctrine],
                 edgecolors=["black" if c else "white" for c in living.community],
                 linewidths=[2.5 if c else 0.8 for c in living.community])
    gone = nodes[~nodes.alive]
    axis.scatter(gone.x, gone.y, marker="x", color="grey", s=50, zorder=3)
    for state in living.itertuples():  # legible on any dot: dark text with a white halo
        axis.text(state.x, state.y, state.state, fontsize=8, ha="center", va="center", zorder=4,
                      path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])
    legend = [Line2D([], [], color=RELATION_STYLE[r][0], linewidth=RELATION_STYLE[r][1],
                     linestyle=RELATION_STYLE[r][3], label=r) for r in _relations_shown(edges)]
    legend += [Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="black",
                      markeredgewidth=2, label="community"),
               Line2D([], [], marker="x", linestyle="", color="grey", label="conquered")]
    axis.set_xlim(-0.05, 1.05)
    axis.set_ylim(-0.05, 1.05)
    axis.set_aspect("equal")
    axis.axis("off")
    return legend, None


def _matrix_view(axis, nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[list, str]:
    """One row and one column per state, in the order the states started: above the diagonal each
    neighbouring pair's relation this year (cooperation, tension, war), below it the alliances
    (allied, ally at war); white: not neighbours; grey: a conquered state's row and column. A
    strip of doctrine colours runs down the left edge."""
    order = list(edges.a.cat.categories) if isinstance(edges.a.dtype, pd.CategoricalDtype) else list(nodes.state)
    position = {name: n for n, name in enumerate(order)}
    count = len(order)
    image = np.ones((count, count, 3))
    states = nodes.set_index("state").reindex(order)
    gone = ~states.alive.fillna(False).to_numpy(dtype=bool)
    image[gone, :] = image[:, gone] = to_rgb("#DDDDDD")
    for relation in RELATION_STYLE:
        pairs = edges[edges.relation == relation]
        a = pairs.a.astype(str).map(position).to_numpy(dtype=int)
        b = pairs.b.astype(str).map(position).to_numpy(dtype=int)
        low, high = np.minimum(a, b), np.maximum(a, b)
        cells = (high, low) if relation in ("allied", "ally at war") else (low, high)
        image[cells] = to_rgb(RELATION_STYLE[relation][0])
    axis.imshow(image, interpolation="nearest", extent=(0, count, count, 0))
    doctrine = [to_rgb(DOCTRINE_COLOURS.get(d, "#FFFFFF")) if alive else (1, 1, 1)
                for d, alive in zip(states.doctrine.fillna(""), ~gone)]
    axis.imshow(np.array(doctrine)[:, None, :], extent=(-0.04 * count, -0.01 * count, count, 0),
                interpolation="nearest")
    axis.set_xlim(-0.05 * count, count)
    axis.set_ylim(count, 0)
    axis.axis("off")
    legend = [Patch(color=RELATION_STYLE[r][0], label=r) for r in _relations_shown(edges)]
    legend.append(Patch(facecolor="#DDDDDD", label="conquered"))
    return legend, (f"matrix view ({count} states): a cell per pair of states, this year's relations "
                    "above the diagonal, alliances below")


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=120)
    return buffer.getvalue()
