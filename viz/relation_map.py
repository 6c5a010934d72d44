"""The map of relations of one scenario world: one seed picked from the ensemble, a year slider."""

from __future__ import annotations

import time

import solara
import solara.lab

from ..scenarios import Scenario
from . import charts, display, relations, session


def caption(nodes, edges) -> str:
    """A one-line count of what the map shows (also what the browser tests read)."""
    counts = edges.relation.value_counts()
    counts = counts[counts > 0]  # (a categorical counts every relation, present or not)
    allied = (f"; {counts['allied']} allied pairs, {counts.get('ally at war', 0)} allies at war"
              if "allied" in counts else "")
    return (f"{int(nodes.alive.sum())} states ({int((~nodes.alive).sum())} conquered), "
            f"{int(nodes.community.sum())} in a community; dyads: {counts.get('cooperation', 0)} "
            f"cooperating, {counts.get('tension', 0)} in tension, {counts.get('war', 0)} at war{allied}")


@solara.component
def MapFigure(nodes, edges, title: str):
    """The drawn map and its caption."""
    figure = solara.use_memo(lambda: charts.relation_map(nodes, edges, title), [nodes, edges, title])
    dpi = 100 * display.scale()  # projector mode: the same map, larger (text and lines too)
    solara.FigureMatplotlib(figure, dependencies=[figure, dpi], format="png", dpi=dpi)
    solara.Text(caption(nodes, edges), classes=["map-caption"])


#: Seconds between two frames while the map plays (a year draws in well under this, see `make bench`)
FRAME_SECONDS = 0.5
#: How often a playing map looks whether it was paused: a paused or superseded player must end at
#: once, since solara starts the next task only when the last one has ended
PAUSE_CHECK_SECONDS = 0.05


def next_frame(still_playing) -> bool:
    """Wait for the next frame; False (at once) if ``still_playing()`` turns false meanwhile."""
    for _ in range(round(FRAME_SECONDS / PAUSE_CHECK_SECONDS)):
        time.sleep(PAUSE_CHECK_SECONDS)
        if not still_playing():
            return False
    return True
#: Years a frame may advance while playing, picked by the user (long runs play at a few centuries
#: a minute)
PLAY_STEPS = (1, 2, 5, 10, 25)


@solara.component
def RelationMap(scenario: Scenario, label: str, seeds: int, years: int, remember_as=None):
    """The map of one world of a comparison, with a seed picker, step and play buttons and a year
    slider. The picks outlast a new run of the comparison: the seed within its seeds, the year
    within its years (or at the end of them, if it was); with ``remember_as`` (a key) they are kept
    for the browser session too, so that they outlast a tab switch and a reload."""
    kept_seed, kept_year = session.remembered(remember_as, (0, None)) if remember_as else (0, None)
    # made once, from what the session kept (use_reactive would reset them whenever that changes)
    picked_seed = solara.use_memo(lambda: solara.reactive(kept_seed), [])
    picked_year = solara.use_memo(lambda: solara.reactive(kept_year), [])  # None: the last year
    solara.use_effect(lambda: session.remember(remember_as, (picked_seed.value, picked_year.value))
                      if remember_as else None, [picked_seed.value, picked_year.value])
    playing = solara.use_reactive(False)
    step = solara.use_reactive(1)
    seed = min(picked_seed.value, seeds - 1)
    at = years if picked_year.value is None else min(picked_year.value, years)
    # a year cut off by fewer years is now the last year, and stays the last when they grow again
    solara.use_effect(lambda: picked_year.set(None) if at == years else None, [years])

    def record():
        return relations.history(scenario, seed, years)

    history = solara.lab.use_task(record, dependencies=[label, seed, years])

    every = relations.frame_step(years)  # a long run's map keeps every k-th year

    def go_to(year: int):
        year = max(0, min(years, year - year % every if year < years else years))
        picked_year.set(None if year == years else year)

    def step_by(frames: int):
        """From the year shown now (read when clicked: quick clicks each count)."""
        go_to((years if picked_year.value is None else picked_year.value) + frames * every)

    def play():
        """While playing: a year (or ``step`` years) a frame, until the last year."""
        while next_frame(lambda: playing.value and play_task.is_current()):
            step_by(step.value)
            if picked_year.value is None:  # the last year: stop there
                playing.set(False)

    play_task = solara.lab.use_task(play, dependencies=[playing.value, years, label])

    def toggle_play():
        if not playing.value and at == years:
            go_to(0)  # play from the start once the end is reached
        playing.set(not playing.value)

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Select("seed", values=list(range(seeds)), value=seed, on_value=picked_seed.set,
                      style={"max-width": "90px"})
        solara.Button("⏸ pause" if playing.value else "▶ play", on_click=toggle_play, small=True,
                      color="primary", outlined=not playing.value, classes=["map-play"])
        solara.Button("◀", on_click=lambda: step_by(-1), disabled=at == 0, small=True,
                      classes=["year-back"])
        solara.Text(f"year {at} of {years}", classes=["map-year"], style={"font-size": "1.1em"})
        solara.Button("▶", on_click=lambda: step_by(1), disabled=at == years, small=True,
                      classes=["year-forward"])
        solara.Select("play speed", values=[f"{n * every} yr/frame" for n in PLAY_STEPS],
                      value=f"{step.value * every} yr/frame",
                      on_value=lambda text: step.set(int(text.split()[0]) // every),
                      style={"max-width": "120px"}, classes=["map-speed"])
    # the slider takes the card's whole width: one pixel a year or more for a few centuries
    solara.SliderInt("year", value=at, min=0, max=years, step=every, thumb_label="always", on_value=go_to)
    solara.Text("Click the slider, then the ← and → keys step a year." if every == 1 else
                f"The map keeps every {every}th year of this long run; ← and → on the slider step "
                "by that.", classes=["map-hint"],
                style={"font-size": "0.8em", "color": "#555"})
    if history.pending or history.value is None:
        solara.ProgressLinear(True)
        return
    nodes, edges = history.value.at(at)
    MapFigure(nodes, edges, f"{label}, seed {seed}, year {at}")
