"""Interactive charts of the compare page (Vega-Lite, drawn in the browser by the vega, vega-lite and
vega-embed scripts that solara serves from its offline cache): an output over time per world, the
ensemble mean as a line and the 5-95 % band of the seeds as an area. Hovering a year shows every
world's value in that year; the year axis zooms with the mouse wheel and pans by dragging
(double-click resets); the chart's menu saves it as PNG or SVG.

Specs are built with Altair and declared as Vega-Lite 5, the version solara loads (Altair 6 names
its own schema v6; the marks and parameters used here are the same in both).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import runs
from ..model.outputs import describe
from .charts import SCENARIO_COLOURS

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WIDTH, HEIGHT = 330, 190


def over_time(world: pd.DataFrame, output: str, scale: float = 1.0) -> dict:
    """The Vega-Lite spec of one output over time, one colour per world in table order; the legend
    sits below the plot, so it never covers the data. ``scale`` enlarges the chart, its text and
    its lines (projector mode)."""
    declared = describe(output)
    bands = runs.bands(world, output)
    worlds = list(bands)
    # each world's values under a plain field name (w0, w1, ...): labels hold '[', '=', ';'
    data = pd.concat([band.assign(world=label, key=f"w{n}") for n, (label, band) in enumerate(bands.items())],
                     ignore_index=True)
    colour = alt.Color("world:N", scale=alt.Scale(domain=worlds, range=list(SCENARIO_COLOURS[:len(worlds)])),
                       legend=alt.Legend(orient="bottom", direction="vertical", title=None,
                                         labelLimit=int(320 * scale), symbolType="stroke", symbolOpacity=1))
    logarithmic = output == "welfare" and bool((data["low"] > 0).all())
    y_scale = alt.Scale(type="log") if logarithmic else alt.Scale(zero=False)
    y_title = declared.axis_label if declared is not None else output
    base = alt.Chart(data).encode(x=alt.X("year:Q", title="year"))
    band = base.mark_area(opacity=0.2).encode(
        y=alt.Y("low:Q", title=y_title, scale=y_scale), y2="high:Q", color=colour)
    line = base.mark_line(strokeWidth=2 * scale).encode(y=alt.Y("mean:Q", scale=y_scale), color=colour)
    year = alt.selection_point(name="year", fields=["year"], nearest=True, on="pointermove",
                               clear="pointerout", empty=False)
    zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
    tooltip = [alt.Tooltip("year:Q", title="year")] + [
        alt.Tooltip(f"w{n}:Q", title=label, format=".4~g") for n, label in enumerate(worlds)]
    rule = (base.transform_pivot("key", value="mean", groupby=["year"])
            .mark_rule(color="#555555", strokeWidth=6)
            .encode(opacity=alt.condition(year, alt.value(0.35), alt.value(0)), tooltip=tooltip)
            .add_params(year))
    points = line.mark_point(filled=True, size=30).encode(
        opacity=alt.condition(year, alt.value(1), alt.value(0)))
    title = output.replace("_", " ") + (" (per year)" if declared is not None and declared.kind == "count" else "")
    chart = (alt.layer(band, line, rule, points).add_params(zoom)
             .properties(width=WIDTH * scale, height=HEIGHT * scale, title=title)
             .configure_axis(labelFontSize=10 * scale, titleFontSize=11 * scale)
             .configure_legend(labelFontSize=10 * scale, symbolStrokeWidth=3 * scale)
             .configure_title(fontSize=13 * scale))
    spec = chart.to_dict()
    spec["$schema"] = VEGA_LITE_SCHEMA
    return spec
