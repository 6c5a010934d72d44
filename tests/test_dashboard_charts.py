"""The compare page's charts, as specs and figures: what they draw, how they are labelled, and where
their legends go (read from the outputs table)."""

import pandas as pd
import pytest

from detente import runs
from detente.model.outputs import PLOTTED_OUTPUTS, describe, world_outputs
from detente.viz import charts, interactive
from detente.viz.comparison import Comparison, Entry
from detente.viz.glossary_page import entry_markdown, ordered

PAIR = Comparison((Entry("security-dilemma"), Entry("common-security", (("noise", 0.05),))), seeds=3, years=20)


@pytest.fixture(scope="module")
def world():
    return PAIR.run()


def layers(spec):
    return {layer["mark"]["type"]: layer for layer in spec["layer"]}


def test_the_spec_carries_each_worlds_mean_and_band_and_reads_every_world_at_a_year(world):
    spec = interactive.over_time(world, "mean_trust")
    assert spec["$schema"].endswith("vega-lite/v5.json")  # the version solara loads
    (rows,) = spec["datasets"].values()
    data = pd.DataFrame(rows)
    for n, (label, band) in enumerate(runs.bands(world, "mean_trust").items()):
        mine = data[data.world == label].reset_index(drop=True)
        assert (mine.key == f"w{n}").all()
        pd.testing.assert_series_equal(mine["mean"], band["mean"], check_names=False)
        assert (mine.low <= mine["mean"]).all() and (mine["mean"] <= mine.high).all()
    rule = layers(spec)["rule"]
    assert rule["transform"] == [{"pivot": "key", "value": "mean", "groupby": ["year"]}]
    assert [t["title"] for t in rule["encoding"]["tooltip"]] == ["year", *PAIR.labels]
    params = {p["name"]: p for p in spec["params"]}
    assert params["zoom"]["select"]["encodings"] == ["x"] and params["zoom"]["bind"] == "scales"


def test_titles_axes_and_legends_come_from_the_outputs_table(world):
    for output in PLOTTED_OUTPUTS:
        declared = describe(output)
        spec = interactive.over_time(world, output)
        area = layers(spec)["area"]
        assert area["encoding"]["y"]["title"] == declared.axis_label
        assert spec["title"].startswith(output.replace("_", " "))
        assert ("per year" in spec["title"]) == (declared.kind == "count")
        assert area["encoding"]["color"]["legend"]["orient"] == "bottom"  # never over the data
        axis = charts.over_time(world, output).axes[0]
        assert axis.get_ylabel() == declared.axis_label and axis.get_title() == spec["title"]
        legend = axis.get_legend()
        assert legend.get_bbox_to_anchor().y1 < axis.get_window_extent().y0 + 1  # below the axes
    assert describe("wars").axis_label == "wars per year"


def test_welfare_is_on_a_log_scale_when_it_stays_positive(world):
    assert layers(interactive.over_time(world, "welfare"))["area"]["encoding"]["y"]["scale"]["type"] == "log"
    assert "type" not in layers(interactive.over_time(world, "mean_trust"))["area"]["encoding"]["y"]["scale"]


def test_the_glossary_lists_every_output_and_puts_the_asked_one_first():
    outputs = world_outputs()
    assert [o.name for o in ordered(None)] == [o.name for o in outputs]
    asked = ordered("power_concentration")
    assert asked[0].name == "power_concentration" and sorted(o.name for o in asked) == sorted(o.name for o in outputs)
    entry = entry_markdown(describe("wars"))
    assert describe("wars").meaning in entry and "per year" in entry and "total over the run" in entry
