"""The compare page's war sizes: on request, every world's wars over the comparison's seeds and
years, their CCDF on log-log axes with each world's fitted power law, and each world's findings
(``war_sizes``: Clauset, Shalizi & Newman 2009; Richardson's law). The wars are recorded by runs of
their own, so a comparison that does not ask pays nothing for them."""

from __future__ import annotations

import solara
import solara.lab

from .. import runs, war_sizes
from . import charts, display
from .comparison import Comparison


def fit(comparison: Comparison) -> list[tuple[str, object, war_sizes.WarSizes | None]]:
    """Per world: its short label, its wars' severities (sorted) and what the fit finds (None when
    there are too few destructive wars to fit). No bootstrap: it would take longer than the runs."""
    fitted = []
    for entry, label in zip(comparison.entries, comparison.short_labels):
        world, _, wars = runs.tables(entry.world(), range(comparison.seeds), comparison.years,
                                     collect_wars=True)
        sizes = war_sizes.relative_severity(world, wars)
        fitted.append((label, sizes, war_sizes.measure(sizes, draws=0)
                       if sizes.size >= war_sizes.MIN_TAIL else None))
    return fitted


def finding(label: str, sizes, result: war_sizes.WarSizes | None) -> str:
    if result is None:
        return (f"{label}: {sizes.size} destructive wars, too few to fit (at least "
                f"{war_sizes.MIN_TAIL}): raise the seeds or the years")
    return f"{label}: {sizes.size:,} wars; {war_sizes.verdict(result)}"


@solara.component
def WarSizes(comparison: Comparison):
    """A button that fits the comparison's war sizes, then the plot and one line per world."""
    query = comparison.query()
    asked = solara.use_reactive(False)
    solara.use_effect(lambda: asked.set(False), [query])  # a new comparison is fitted on request

    def run():
        return fit(comparison) if asked.value else None

    task = solara.lab.use_task(run, dependencies=[query, asked.value])
    fitted = task.value if asked.value and task.finished and not task.error else None
    figure = solara.use_memo(lambda: None if fitted is None else charts.war_sizes(
        [(label, sizes, result.fit if result else None) for label, sizes, result in fitted]), [fitted])
    if not asked.value:
        solara.Button("Fit war sizes", on_click=lambda: asked.set(True), color="primary", outlined=True,
                      classes=["fit-war-sizes"])
    elif task.error:
        solara.Error(f"war sizes: {task.exception}")
    elif fitted is None:
        solara.Text(f"recording the wars of {len(comparison.entries)} worlds × {comparison.seeds} seeds "
                    f"× {comparison.years} years…", classes=["war-sizes-pending"])
        solara.ProgressLinear(True)
    else:
        solara.FigureMatplotlib(figure, dependencies=[figure], format="png", dpi=100 * display.scale())
        for label, sizes, result in fitted:
            solara.Text(finding(label, sizes, result), classes=["war-sizes-finding"])
        solara.FileDownload(lambda: charts.png(figure), filename="war-sizes.png", label="plot (PNG)")
