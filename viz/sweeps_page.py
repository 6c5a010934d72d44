"""The sweeps page: pick a sweep store from the dashboard's sweeps folder (``detente dashboard
--sweeps FOLDER``) and read what ``detente analyze`` prints and plots: the spec, the progress, the
claim map in sentences with its heatmap and its advantage by region, and sensitivity bars for Sobol
and Morris samples. A store that a sweep is writing is watched until it can be read; the reading
itself is in :mod:`detente.viz.sweep_stores`."""

from __future__ import annotations

import html

import solara
import solara.lab

from .sweep_stores import Busy, FolderError, Plot, SweepView, folder_message, list_stores, sweeps_folder, watch


def _list(tag: str, lines) -> str:
    """Lines as an HTML list, escaped (they hold knob and world names from the store's spec)."""
    return f"<{tag}>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + f"</{tag}>"


def _items(tag: str, lines, classes: list[str]) -> None:
    solara.HTML(tag="div", unsafe_innerHTML=_list(tag, lines), classes=classes)


def _sentences(sentences: tuple[str, ...]) -> None:
    """The overall sentence, then the regions numbered as on the heatmap (by density)."""
    overall, *regions = sentences
    solara.HTML(tag="div", unsafe_innerHTML=f"<p>{html.escape(overall)}</p>" + _list("ol", regions),
                classes=["claim-sentences"])


@solara.component
def PlotCard(plot: Plot, classes: list[str]):
    with solara.Card(plot.title, classes=["sweep-plot", *classes], style={"width": "640px"}):
        solara.Image(plot.png, width="100%")
        solara.Text(plot.caption, classes=["sweep-plot-caption"], style={"font-size": "0.85em"})


@solara.component
def Spec(sweep: SweepView):
    with solara.Card(sweep.title, subtitle=f"spec {sweep.id}, store {sweep.name}", classes=["sweep-spec"]):
        worlds = ", ".join(sweep.worlds) if sweep.worlds else "the scenario alone (no claim)"
        _items("ul", [f"scenario: {sweep.scenario}", f"swept knobs: {'; '.join(sweep.knobs)}",
                      f"sampler: {sweep.sampler}", f"worlds compared at every point: {worlds}",
                      f"{sweep.seeds} seed{'s' if sweep.seeds > 1 else ''} per point and world (the same "
                      "in every world), "
                      f"{sweep.years} years per run"], ["sweep-spec-items"])


@solara.component
def Progress(sweep: SweepView):
    finished = sweep.done + sweep.failed
    with solara.Card("Progress", classes=["sweep-progress"]):
        solara.Text(f"{finished:,} of {sweep.planned:,} runs in the store ({sweep.done:,} done, "
                    f"{sweep.failed:,} failed)", classes=["sweep-progress-text"])
        solara.ProgressLinear(value=100 * finished / max(sweep.planned, 1), color="primary")
        if not sweep.complete:
            solara.Info(f"The sweep is not running and not complete (stopped?): `{sweep.resume}` runs "
                        "the rest. This page shows the runs in the store and follows the sweep when it "
                        "goes on.")
        if sweep.failed:
            solara.Warning(f"{sweep.failed:,} runs failed; they are left out. Their errors: SELECT run, "
                           "error FROM runs WHERE status = 'failed' in the store's sweep.duckdb.")


@solara.component
def Sweep(sweep: SweepView):
    Spec(sweep)
    Progress(sweep)
    for claim in sweep.claims:
        with solara.Card(f"Claim map: {claim.criterion}", classes=["claim-map", f"claim-map-{claim.criterion}"]):
            solara.Text("The first sentence counts every paired run (both worlds at the same point "
                        "and seed); the numbered ones are the regions of the swept space the map cuts, "
                        "most favourable to the first world first (the numbers of the heatmap's "
                        "boxes).", style={"font-size": "0.85em"})
            _sentences(claim.sentences)
            with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
                for plot in claim.plots:
                    PlotCard(plot, ["claim-plot"])
    if sweep.sensitivity:
        solara.Markdown("### Sensitivity")
        with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
            for plot in sweep.sensitivity:
                PlotCard(plot, ["sensitivity-plot"])
    for note in sweep.notes:
        solara.Info(note)


@solara.component
def SweepsPage():
    folder = sweeps_folder()
    refreshes = solara.use_reactive(0)
    names = solara.use_memo(lambda: list_stores(folder), [str(folder), refreshes.value])
    chosen = solara.use_reactive(None)
    name = chosen.value if chosen.value in names else (names[0] if names else None)

    def follow():
        if name is not None:
            yield from watch(folder, name, keep_going=lambda: state.is_current())

    # a generator: each state it yields (busy, then the store's view) is shown as it comes
    state = solara.lab.use_task(follow, dependencies=[str(folder), name, refreshes.value], raise_error=False)

    solara.Title("detente: sweeps")
    solara.Markdown("## Sweeps\nThe sweeps in the dashboard's sweeps folder, each stored by "
                    "`detente sweep SPEC --store FOLDER/NAME`: where each doctrine's world does better "
                    "(the claim map) and which knobs matter (sensitivity), as `detente analyze` prints "
                    "them. The **claim-map** lesson says how to read them.")
    with solara.Row(style={"align-items": "center"}):
        solara.Text(f"sweeps folder: {folder}", classes=["sweeps-folder"])
        if names:
            solara.Select("store", values=names, value=name, on_value=chosen.set, classes=["store-select"])
        solara.Button("refresh", outlined=True, classes=["refresh-sweeps"],
                      on_click=lambda: refreshes.set(refreshes.value + 1))
    message = folder_message(folder, names)
    if message:
        solara.Info(message, classes=["sweeps-empty"])
        return
    shown = state.latest if state.latest is not None and state.latest.name == name else None
    if state.error:
        if isinstance(state.exception, FolderError):
            solara.Error(str(state.exception))
        else:
            solara.Error(f"Cannot read the store {name}: {state.exception}")
    elif isinstance(shown, Busy):
        done = f"{shown.written:,} of {shown.planned:,}" if shown.planned else f"{shown.written:,}"
        solara.Info(f"The sweep is writing; refreshing… ({done} runs written so far)", classes=["sweep-busy"])
        solara.ProgressLinear(100 * shown.written / shown.planned if shown.planned else True)
    elif isinstance(shown, SweepView):
        Sweep(shown)
    else:
        solara.Text(f"reading {name}…", classes=["sweep-reading"])
        solara.ProgressLinear(True)
