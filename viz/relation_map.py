"""The map of relations of one scenario world: one seed picked from the ensemble, a year slider."""

from __future__ import annotations

import solara
import solara.lab

from ..scenarios import Scenario
from . import charts, relations


def caption(nodes, edges) -> str:
    """A one-line count of what the map shows (also what the browser tests read)."""
    counts = edges.relation.value_counts()
    allied = (f"; {counts['allied']} allied pairs, {counts.get('ally at war', 0)} allies at war"
              if "allied" in counts else "")
    return (f"{int(nodes.alive.sum())} states ({int((~nodes.alive).sum())} conquered), "
            f"{int(nodes.community.sum())} in a community; dyads: {counts.get('cooperation', 0)} "
            f"cooperating, {counts.get('tension', 0)} in tension, {counts.get('war', 0)} at war{allied}")


@solara.component
def MapFigure(nodes, edges, title: str):
    """The drawn map and its caption."""
    figure = solara.use_memo(lambda: charts.relation_map(nodes, edges, title), [nodes, edges, title])
    solara.FigureMatplotlib(figure, format="png")
    solara.Text(caption(nodes, edges), classes=["map-caption"])


@solara.component
def RelationMap(scenario: Scenario, label: str, seeds: int, years: int):
    """The map of one world of a comparison, with a seed picker and a time slider. The picks
    outlast a new run of the comparison: the seed within its seeds, the year within its years
    (or at the end of them, if it was)."""
    picked_seed = solara.use_reactive(0)
    picked_year = solara.use_reactive(None)  # None: the last year
    seed = min(picked_seed.value, seeds - 1)
    at = years if picked_year.value is None else min(picked_year.value, years)
    # a year cut off by fewer years is now the last year, and stays the last when they grow again
    solara.use_effect(lambda: picked_year.set(None) if at == years else None, [years])

    def record():
        return relations.history(scenario, seed, years)

    history = solara.lab.use_task(record, dependencies=[label, seed, years])

    def go_to(year: int):
        year = max(0, min(years, year))
        picked_year.set(None if year == years else year)

    with solara.Row(style={"align-items": "center"}):
        solara.Select("seed", values=list(range(seeds)), value=seed, on_value=picked_seed.set,
                      style={"max-width": "90px"})
        solara.Button("◀", on_click=lambda: go_to(at - 1), disabled=at == 0, small=True,
                      classes=["year-back"])
        solara.Text(f"year {at} of {years}", classes=["map-year"], style={"font-size": "1.1em"})
        solara.Button("▶", on_click=lambda: go_to(at + 1), disabled=at == years, small=True,
                      classes=["year-forward"])
    # the slider takes the card's whole width: one pixel a year or more for a few centuries
    solara.SliderInt("year", value=at, min=0, max=years, thumb_label="always", on_value=go_to)
    if history.pending or history.value is None:
        solara.ProgressLinear(True)
        return
    nodes, edges = history.value
    MapFigure(nodes[nodes.year == at], edges[edges.year == at], f"{label}, seed {seed}, year {at}")
