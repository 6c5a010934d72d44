"""The explore page: one scenario world, one seed, a year at a time. Pick a world and its key knobs,
then step, play or reset; beside the map of relations, the run's outputs over time so far; below,
each state's numbers this year. What is picked (world, knobs, seed, year) is kept for the browser
session, so it outlasts a tab switch and a reload."""

from __future__ import annotations

import pandas as pd
import solara
import solara.lab

from .. import runs
from ..model.outputs import PLOTTED_OUTPUTS, describe
from . import display, interactive, relations, session
from .comparison import Entry, worlds
from .inputs import CheckedInput, KnobInputs
from .relation_map import MapFigure, next_frame

SEED_LIMITS = (0, 2**32 - 1)


def check_seed(text: str) -> int:
    """A seed from a field's text; ValueError with the allowed range otherwise."""
    low, high = SEED_LIMITS
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ValueError(f"seed: '{text}' is not allowed: a whole number from {low} to {high}")
    return value


def build(entry: Entry, seed: int, year: int) -> relations.MappedModel:
    """The world of ``entry`` with ``seed``, run to ``year``."""
    model = relations.mapped_model(entry.world(), seed)
    if year:
        model.run_for(year)
    return model


@solara.component
def StateTable(model: relations.MappedModel, year: int):
    table = pd.DataFrame({
        "state": [s.name for s in model.states], "doctrine": [s.doctrine for s in model.states],
        "wealth": model.wealth, "military": model.military, "power": model.power,
        "threat": model.threat, "trust_out": [s.trust_out for s in model.states],
        "community": model.community,
    }).round(3)
    solara.Markdown(f"**Year {year}**: {len(table)} states alive")
    solara.DataFrame(table, items_per_page=25)


@solara.component
def ExplorePage():
    kept_entry, kept_seed, kept_year = session.remembered("explore", (Entry(worlds()[0]), 0, 0))
    # made once, from what the session kept; the model is rebuilt when the world or seed changes
    entry = solara.use_memo(lambda: solara.reactive(kept_entry), [])
    seed = solara.use_memo(lambda: solara.reactive(kept_seed), [])
    resets = solara.use_reactive(0)
    resume = solara.use_ref(kept_year)  # the year to run to when the page comes back
    errors = solara.use_reactive({})
    playing = solara.use_reactive(False)
    output = solara.use_reactive("wars")

    def fresh():
        model = build(entry.value, seed.value, resume.current)
        resume.current = 0
        return model

    model = solara.use_memo(fresh, [entry.value, seed.value, resets.value])
    year = solara.use_reactive(model.year)
    if year.value != model.year:
        year.set(model.year)
    solara.use_effect(lambda: session.remember("explore", (entry.value, seed.value, year.value)),
                      [entry.value, seed.value, year.value])

    def step():
        model.step()
        year.set(model.year)

    def play():
        while next_frame(lambda: playing.value and play_task.is_current()):
            step()

    play_task = solara.lab.use_task(play, dependencies=[playing.value, model])

    def pick_world(name: str):
        playing.set(False)
        errors.set({})
        entry.set(Entry(name))

    def reset():
        playing.set(False)
        resets.set(resets.value + 1)

    solara.Title("detente: explore")
    solara.Markdown("## Explore one world\nOne seed of a world, a year at a time: step through it or "
                    "play it, and watch the map and the outputs change. Change a knob or the seed "
                    "and the world starts again from year 0.")
    with solara.Row(style={"align-items": "flex-start", "flex-wrap": "wrap"}):
        with solara.Card(style={"width": "300px"}, classes=["explore-world"]):
            solara.Select("scenario", values=list(worlds()), value=entry.value.scenario, on_value=pick_world)
            CheckedInput("seed", seed.value, check_seed, seed.set, errors, key="seed",
                         allowed=f"a whole number from {SEED_LIMITS[0]} to {SEED_LIMITS[1]}")
            with solara.Details("knobs", expand=bool(entry.value.knobs)):
                KnobInputs(entry.value, entry.set, errors)
            with solara.Row(style={"align-items": "center"}):
                solara.Button("step", on_click=step, disabled=playing.value, classes=["explore-step"])
                solara.Button("⏸ pause" if playing.value else "▶ play", color="primary",
                              on_click=lambda: playing.set(not playing.value), classes=["explore-play"])
                solara.Button("reset", on_click=reset, outlined=True, classes=["explore-reset"])
            solara.Text(f"year {year.value}", classes=["explore-year"], style={"font-size": "1.3em"})
            if errors.value:
                solara.Error("; ".join(errors.value.values()), classes=["input-errors"])
        with solara.Card(style={"width": f"{480 * display.scale():.0f}px"}, classes=["explore-map"]):
            nodes, edges = relations.snapshot(model)
            MapFigure(nodes, edges, f"{entry.value.label()}, seed {seed.value}, year {year.value}")
        with solara.Card(style={"width": f"{440 * display.scale():.0f}px"}, classes=["explore-chart"]):
            solara.Select("output", values=list(PLOTTED_OUTPUTS), value=output)
            world = runs.world_table([(entry.value.label(), seed.value, model.datacollector.world_columns())])
            solara.widgets.VegaLite.element(spec=interactive.over_time(world, output.value, display.scale()))
            declared = describe(output.value)
            solara.Text(f"{declared.meaning} ({declared.axis_label}), this seed, year 0 to "
                        f"{year.value}.", classes=["chart-caption"])
    StateTable(model, year.value)
