"""The map of relations of one scenario world: one seed picked from the ensemble, a year slider."""

from __future__ import annotations

import solara
import solara.lab

from ..scenarios import Scenario
from . import charts, relations


def caption(nodes, edges) -> str:
    """A one-line count of what the map shows (also what the browser tests read)."""
    counts = edges.relation.value_counts()
    return (f"{int(nodes.alive.sum())} states ({int((~nodes.alive).sum())} conquered), "
            f"{int(nodes.community.sum())} in a community; dyads: {counts.get('cooperation', 0)} "
            f"cooperating, {counts.get('tension', 0)} in tension, {counts.get('war', 0)} at war")


@solara.component
def MapFigure(nodes, edges, title: str):
    """The drawn map and its caption."""
    figure = solara.use_memo(lambda: charts.relation_map(nodes, edges, title), [nodes, edges, title])
    solara.FigureMatplotlib(figure, format="png")
    solara.Text(caption(nodes, edges), classes=["map-caption"])


@solara.component
def RelationMap(scenario: Scenario, label: str, seeds: int, years: int):
    """The map of one world of a comparison, with a seed picker and a time slider."""
    seed = solara.use_reactive(0)
    year = solara.use_reactive(years)
    solara.use_effect(lambda: year.set(min(year.value, years)), [years])

    def record():
        return relations.history(scenario, seed.value, years)

    history = solara.lab.use_task(record, dependencies=[label, seed.value, years])
    with solara.Row(style={"align-items": "center"}):
        solara.Select("seed", values=list(range(seeds)), value=seed)
        solara.SliderInt("year", value=year, min=0, max=years, thumb_label="always")
    if history.pending or history.value is None:
        solara.ProgressLinear(True)
        return
    nodes, edges = history.value
    at = year.value
    MapFigure(nodes[nodes.year == at], edges[edges.year == at], f"{label}, seed {seed.value}, year {at}")
