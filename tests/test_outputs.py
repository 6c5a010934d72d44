"""One table declares every output; the model collects exactly those, within their ranges."""

import numpy as np

from detente.model import DiplomacyModel
from detente.model.outputs import (STATE_OUTPUTS, Output, describe, doctrine_outputs, output_names, totals,
                                   world_outputs)


def test_the_world_table_has_exactly_the_declared_outputs_in_their_order():
    model = DiplomacyModel(rng=0, n_states=8, dissatisfaction=0.6, crisis_rate=1.0)
    model.run_for(30)
    world = model.datacollector.get_model_vars_dataframe()
    assert list(world.columns) == output_names()
    states = model.datacollector.get_agent_vars_dataframe()
    assert list(states.columns) == list(STATE_OUTPUTS)
    assert set(states.motive) == {"greedy"}


def test_every_output_stays_in_its_declared_range():
    model = DiplomacyModel(rng=2, n_states=12, dissatisfaction=0.6, crisis_rate=1.0,
                           doctrine={"zero_sum": 0.5, "win_win": 0.5}, offense_dominance=1.5)
    model.run_for(80)
    world = model.datacollector.get_model_vars_dataframe()
    for output in world_outputs():
        values = world[output.name].dropna().to_numpy(dtype=float)
        if output.low is not None:
            assert (values >= output.low - 1e-12).all(), output.name
        if output.high is not None:
            assert (values <= output.high + 1e-12).all(), output.name


def test_counts_are_the_events_of_a_year_and_levels_the_rest():
    assert {"wars", "crises", "war_onsets", "preemptive_wars", "preventive_wars", "demand_wars",
            "coercions", "war_losses", "war_severity",
            "allies_came", "allies_stayed_out"} == totals()
    assert describe("peace_share").kind == "level" and describe("no such output") is None
    assert all(output.meaning and output.unit for output in world_outputs())
    assert np.unique(output_names()).size == len(output_names())


def test_each_doctrine_has_its_welfare_and_share_outputs_with_their_meaning_and_range():
    welfare, share = doctrine_outputs(["hawk"])
    assert (welfare.name, welfare.meaning, welfare.unit, welfare.kind, welfare.range_text()) == (
        "welfare_hawk", "total wealth of the living hawk states", "wealth units", "level", "0..inf")
    assert (share.name, share.meaning, share.unit, share.kind, share.range_text()) == (
        "hawk_share", "share of the living states that follow hawk", "share", "level", "0..1")
    assert Output("x", "", "", "level", None, 2.5).range_text() == "-inf..2.5"


def test_the_outputs_of_a_world_are_those_of_the_doctrines_it_names():
    names = output_names(["win_win"])
    assert "welfare_win_win" in names and "win_win_share" in names
    assert not any("zero_sum" in name for name in names)
    assert totals(["win_win"]) == totals() and "wars" in totals(["win_win"])


def test_a_collector_that_has_collected_nothing_gives_an_empty_table_with_the_declared_columns():
    """Before its first year a collector's world table has its columns, in order, and no rows."""
    from detente.model.metrics import OutputCollector

    collector = OutputCollector(["welfare", "wars"])
    assert collector.world_columns() == {}
    table = collector.get_model_vars_dataframe()
    assert list(table.columns) == ["welfare", "wars"] and len(table) == 0
