"""The explore page: one scenario world, one seed, step / play / reset with Mesa's SolaraViz, showing
the map of relations now and the per-state table."""

from __future__ import annotations

import pandas as pd
import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from .comparison import worlds
from ..scenarios import load
from . import relations
from .relation_map import MapFigure


@solara.component
def MapNow(model: relations.MappedModel):
    update_counter.get()  # SolaraViz bumps it after each step: draw again
    nodes, edges = relations.snapshot(model)
    MapFigure(nodes, edges, f"year {model.year}")


@solara.component
def StateTable(model: relations.MappedModel):
    update_counter.get()
    table = pd.DataFrame({
        "state": [s.name for s in model.states], "doctrine": [s.doctrine for s in model.states],
        "wealth": model.wealth, "military": model.military, "power": model.power,
        "threat": model.threat, "trust_out": [s.trust_out for s in model.states],
        "community": model.community,
    }).round(3)
    solara.Markdown(f"**Year {model.year}**: {len(table)} states")
    solara.DataFrame(table, items_per_page=25)


@solara.component
def ExplorePage():
    name = solara.use_reactive(worlds()[0])
    seed = solara.use_reactive(0)
    if seed.value < 0:  # NumPy seeds are whole numbers from 0; the input then shows 0
        seed.set(0)
    chosen = max(seed.value, 0)
    model = solara.use_memo(lambda: load(name.value).model(chosen, cls=relations.MappedModel),
                            [name.value, chosen])
    solara.Title("detente: explore")
    with solara.Row(style={"align-items": "center"}):
        solara.Select("scenario", values=list(worlds()), value=name)
        solara.InputInt("seed", value=seed)
    # fixed (non-adjustable) parameters: Reset rebuilds the same world with the same seed
    SolaraViz(model, components=[(MapNow, 0), (StateTable, 0)], model_params=model.init_kwargs,
              name=f"{name.value}, seed {chosen}", key=f"{name.value}/{chosen}")
