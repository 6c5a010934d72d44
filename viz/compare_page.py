"""The compare page (the landing page): pick two to four scenario worlds, change a few knobs, run
them on the same seeds in the background, and read the outputs over time, the final-outcomes table,
each world's lesson and its map of relations. The comparison lives in the URL query."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import solara
import solara.lab

from .. import limits, runs
from ..model.outputs import MAIN_OUTPUTS, PLOTTED_OUTPUTS, describe
from ..model.doctrines import DOCTRINES
from ..model.knobs import WORLD_KNOBS
from ..scenarios import ScenarioError, load
from . import charts, display, handout, interactive, session, tables
from .comparison import LIMITS, MAX_SCENARIOS, Comparison, Entry, scenario_names, variants
from .inputs import CheckedInput, KnobInputs, check_count
from .lesson import Lesson
from .relation_map import RelationMap
from .war_sizes_panel import WarSizes

DEFAULT = Comparison((Entry("security-dilemma"), Entry("common-security")))


def parse(query: str) -> tuple[Comparison | None, str | None]:
    """The comparison of a URL query (None if the query is empty), or the error it has."""
    if not query:
        return None, None
    try:
        comparison = Comparison.from_query(query)
        for entry in comparison.entries:
            entry.world()
    except ScenarioError as err:
        return None, str(err)
    return comparison, None


def outputs_over_time(comparison: Comparison) -> list[str]:
    """The plotted outputs, plus each doctrine's share when some world learns (imitates doctrines):
    learning on and a learning rate above 0."""
    learning = any(_learns(entry.world().knobs) for entry in comparison.entries)
    return [*PLOTTED_OUTPUTS, *(f"{name}_share" for name in DOCTRINES if learning)]


def _learns(knobs: dict) -> bool:
    def knob(name):
        return knobs.get(name, WORLD_KNOBS[name].default)

    return bool(knob("learning")) and knob("learning_rate") > 0


#: Long variant names (offense-indistinguishable) fit a world's card without being cut.
EDITOR_CSS = ".scenario-card .v-select__selection { font-size: 0.9rem; }"


@solara.component
def WorldPicker(world: str, on_world):
    """A scenario, then its variant if it has variants: two short fields that fit a narrow card."""
    name, _, variant = world.partition("/")
    options = variants(name)

    def pick_scenario(picked: str):
        choices = variants(picked)
        on_world(f"{picked}/{choices[0]}" if choices else picked)

    solara.Select("scenario", values=scenario_names(), value=name, on_value=pick_scenario,
                  classes=["pick-scenario"])
    if options:
        solara.Select("variant", values=options, value=variant,
                      on_value=lambda picked: on_world(f"{name}/{picked}"), classes=["pick-variant"])


def size_problem(comparison: Comparison) -> str | None:
    """Why the comparison cannot run on this machine (its memory estimate), or None."""
    try:
        limits.check_fits(comparison.estimate(), "this comparison")
    except limits.TooBig as err:
        return str(err)
    return None


@solara.component
def Editor(draft: solara.Reactive[Comparison], on_run):
    """Pick the worlds, their knobs, the seeds and the years; Run, once every field is allowed."""
    comparison = draft.value
    errors = solara.use_reactive({})

    def set_entry(index, entry):
        entries = list(comparison.entries)
        entries[index] = entry
        draft.set(replace(comparison, entries=tuple(entries)))

    def remove(index):
        draft.set(replace(comparison, entries=comparison.entries[:index] + comparison.entries[index + 1:]))
        forget_worlds()

    def pick(index, scenario):
        set_entry(index, Entry(scenario))
        forget_worlds()

    def forget_worlds():
        """Worlds renumbered or replaced: their fields show their values again, unflagged."""
        errors.set({key: problem for key, problem in errors.value.items() if not key.startswith("world ")})

    def add():
        draft.set(replace(comparison, entries=(*comparison.entries, comparison.entries[-1])))

    # one root element whether or not errors are shown, so that the fields keep what was typed
    with solara.Column(classes=["editor"]):
        solara.Style(EDITOR_CSS)
        with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
            for index, entry in enumerate(comparison.entries):
                colour = charts.SCENARIO_COLOURS[index]
                with solara.Card(style={"border-top": f"4px solid {colour}", "width": f"{250 * display.scale():.0f}px"},
                                 classes=["scenario-card"]):
                    WorldPicker(entry.scenario, lambda world, i=index: pick(i, world))
                    with solara.Details("knobs", expand=bool(entry.knobs)):
                        KnobInputs(entry, lambda e, i=index: set_entry(i, e), errors, f"world {index + 1}: ")
                    if len(comparison.entries) > 1:
                        solara.Button("remove", text=True, small=True, on_click=lambda i=index: remove(i))
            with solara.Column(style={"width": f"{180 * display.scale():.0f}px"}):
                for key in ("seeds", "years"):
                    low, high = LIMITS[key]
                    CheckedInput(key, getattr(comparison, key), lambda text, k=key: check_count(k, text),
                                 lambda v, k=key: draft.set(replace(comparison, **{k: v})), errors,
                                 key=key, allowed=f"a whole number from {low} to {high}")
                solara.Button("add a scenario", on_click=add, outlined=True,
                              disabled=len(comparison.entries) >= MAX_SCENARIOS)
                too_big = size_problem(comparison)
                solara.Button("Run", color="primary", on_click=on_run, classes=["run-button"],
                              disabled=bool(errors.value) or bool(too_big))
                if not errors.value:
                    solara.Text(f"takes {comparison.estimate().text()}", classes=["run-estimate"],
                                style={"font-size": "0.8em", "color": "#555"})
        if errors.value:
            solara.Error("Fix these fields to run: " + "; ".join(errors.value.values()),
                         classes=["input-errors"])
        elif too_big:
            solara.Error(too_big, classes=["too-big"])


@solara.component
def Chart(world: pd.DataFrame, output: str):
    """One output over time, interactive (hover a year, zoom the years), with its caption, a link to
    its glossary entry and a PNG download."""
    scale = display.scale()
    spec = solara.use_memo(lambda: interactive.over_time(world, output, scale), [world, output, scale])
    declared = describe(output)
    router = solara.use_router()
    with solara.Card(classes=["chart", f"chart-{output}"], style={"width": f"{425 * scale:.0f}px"}):
        solara.widgets.VegaLite.element(spec=spec)
        if declared is not None:
            solara.Text(f"{declared.meaning} ({declared.axis_label}); line: mean over seeds, band: "
                        "5–95 % of seeds. Hover a year to read each world; wheel to zoom the years, "
                        "drag to pan, double-click to reset.", classes=["chart-caption"])
        with solara.Row(style={"align-items": "center"}):
            solara.Button("glossary", text=True, small=True, classes=["chart-glossary"],
                          on_click=lambda: router.push(f"/glossary?output={output}"))
            solara.FileDownload(lambda: charts.png(charts.over_time(world, output)),
                                filename=f"{output}.png", label="PNG", mime_type="image/png")


def changed_knobs(entry: Entry) -> dict:
    """{knob: (the scenario's value, this world's)} of the knobs the world changes."""
    scenario = load(entry.scenario)

    def base(name):
        if name in scenario.knobs:
            return scenario.knobs[name]
        # a doctrine knob (prior_trust, zero_sum.arms_reaction) the scenario leaves to the doctrines
        return WORLD_KNOBS[name].default if name in WORLD_KNOBS else "each doctrine's default"

    return {name: (base(name), value) for name, value in entry.knobs}


def address() -> str:
    """The host and port the browser reached this dashboard at (for links in a handout)."""
    headers = solara.lab.headers.value or {}
    return (headers.get("host") or ["127.0.0.1:8765"])[0]


def _parquet(world: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    world.to_parquet(buffer, index=False)
    return buffer.getvalue()


@solara.component
def Results(comparison: Comparison, world: pd.DataFrame):
    """Charts on shared axes, the final-outcomes table, and per world its lesson and map."""
    with solara.Row(classes=["downloads"]):
        solara.FileDownload(lambda: world.to_csv(index=False), filename="ensemble.csv",
                            label="ensemble data (CSV)", mime_type="text/csv")
        solara.FileDownload(lambda: _parquet(world), filename="ensemble.parquet",
                            label="ensemble data (Parquet)")
    # shown by their short names (full names in the card titles' tooltips and in the downloads)
    shown = solara.use_memo(lambda: world.assign(scenario=world.scenario.map(
        dict(zip(comparison.labels, comparison.short_labels)))), [world, comparison])
    link = f"http://{address()}/?{comparison.query()}"
    with solara.Row(classes=["handout"]):
        solara.FileDownload(lambda: handout.pdf(comparison, shown, link,
                                                [changed_knobs(e) for e in comparison.entries],
                                                outputs_over_time(comparison)),
                            filename="detente-handout.pdf", label="Download handout (PDF)",
                            mime_type="application/pdf")
    with solara.Row(style={"flex-wrap": "wrap"}):
        for output in outputs_over_time(comparison):
            Chart(shown, output)
    with solara.Card("Final outcomes", subtitle=f"mean, and below it its {runs.INTERVAL}, over "
                     f"{comparison.seeds} seeds after {comparison.years} years (counts such as wars: "
                     "the total per run; n=k: only k seeds had a value, e.g. no cooperation rate once "
                     "one state is left); B − A etc.: the difference to the first world, paired by "
                     "seed. Hover an output for its meaning (see the Glossary).",
                     classes=["final-outcomes"]):
        solara.Style(tables.CSS)
        solara.HTML(unsafe_innerHTML=tables.html(shown, MAIN_OUTPUTS, charts.SCENARIO_COLOURS))
    with solara.Card("War sizes", subtitle="Richardson's law: is the share of wars at least so severe a "
                     "straight line on log-log axes? Each world's wars over the same seeds and years, "
                     "recorded when asked (runs of their own), fitted as Clauset, Shalizi & Newman "
                     "(2009) do; see the war-sizes lesson.", classes=["war-sizes"]):
        WarSizes(comparison)
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        for index, (entry, label, short) in enumerate(zip(comparison.entries, comparison.labels,
                                                          comparison.short_labels)):
            with solara.Card(style={"border-top": f"4px solid {charts.SCENARIO_COLOURS[index]}",
                                    "width": f"{480 * display.scale():.0f}px"}, classes=["scenario-result"]):
                with solara.Tooltip(label):
                    solara.Text(short, classes=["result-title"], style={"font-size": "1.25em"})
                world_of_entry = entry.world()
                Lesson(world_of_entry, brief=True, changed=changed_knobs(entry))
                RelationMap(world_of_entry, label, comparison.seeds, comparison.years,
                            remember_as=("map", comparison.query(), label))


@solara.component
def ComparePage():
    router = solara.use_router()
    query = router.search or ""
    last = session.remembered("comparison")
    # the tab's link has no query: coming back to the page brings back the comparison left here
    solara.use_effect(lambda: router.push(f"{router.path}?{last}") if not query and last else None, [query])
    applied, error = solara.use_memo(lambda: parse(query), [query])
    draft = solara.use_reactive(applied or DEFAULT)
    solara.use_effect(lambda: draft.set(applied) if applied else None, [query])
    progress = solara.use_reactive(0.0)
    who = session.session_id()

    def compute():
        progress.set(0.0)
        if applied is None:
            return None
        wanted = applied.query()
        before = session.remembered("running")
        if before not in (None, wanted):  # a new comparison in this session supersedes the old one
            session.RESULTS.cancel(before, who)
        session.remember("comparison", wanted)
        session.remember("running", wanted)
        return session.RESULTS.run(wanted, applied.run, who, on_progress=report)

    def report(share: float) -> None:
        if result.is_current():  # (not the bar of a newer run)
            progress.set(share)

    # raise_error=False: an error of the run is shown below rather than raised into the page
    result = solara.lab.use_task(compute, dependencies=[query], raise_error=False)
    solara.use_effect(runs.start_workers, [])  # ready by the time a comparison is run

    solara.Title("detente: compare")
    solara.Markdown("## Compare scenarios\nPick two to four worlds (or one world twice with other "
                    "knobs), the seeds and the years, and press **Run**. Every world runs on the same "
                    "seeds; the link in the address bar reproduces the comparison.")
    def run():
        if parse(query)[0] == draft.value:
            result()  # the same comparison again (after a cancel or an error): run it anew
        else:
            router.push(f"{router.path}?{draft.value.query()}")

    Editor(draft, on_run=run)
    if error:
        solara.Error(error)
    elif applied is None:
        solara.Info("Press Run to compare the worlds above.")
    elif result.pending:
        total = len(applied.entries) * applied.seeds
        with solara.Row(style={"align-items": "center"}):
            solara.Text(f"running {total} runs of {applied.years} years…", classes=["run-progress"])
            solara.Button("Cancel", color="error", outlined=True, small=True, classes=["cancel-button"],
                          on_click=lambda: session.RESULTS.cancel(applied.query(), who))
        solara.ProgressLinear(value=100 * progress.value)
    elif isinstance(result.exception, runs.Cancelled):
        solara.Warning("Cancelled: the runs stopped and their workers were freed. Press Run to start "
                       "again.", classes=["run-cancelled"])
    elif isinstance(result.exception, runs.Stopped):  # a worker died: the message says what to do
        solara.Error(f"The comparison stopped: {result.exception}", classes=["run-stopped"])
    elif result.error:
        solara.Error(f"The comparison stopped with an error: {type(result.exception).__name__}: "
                     f"{result.exception} (the dashboard's log has the details).")
    elif result.finished and result.value is not None:
        Results(applied, result.value)
