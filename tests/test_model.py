"""The model as a whole: Mesa agents, outputs, determinism, simultaneous activation, conquest."""

import numpy as np
import pandas as pd
import pytest

from detente.model import DiplomacyModel, State
from detente.model.metrics import STATE_OUTPUTS, gini, output_names

from helpers import only

DESIGN_OUTPUTS = ["welfare", "welfare_zero_sum", "welfare_win_win", "military_burden",
                  "cooperation_rate", "mean_trust", "crises", "wars", "war_losses",
                  "power_concentration", "top_share", "states_alive", "gini", "win_win_share",
                  "community_size", "security"]


def test_states_are_mesa_agents_readable_through_the_agentset():
    model = DiplomacyModel(rng=1, n_states=6, doctrine={"zero_sum": 0.5, "win_win": 0.5})
    assert len(model.agents) == 6 and all(isinstance(a, State) for a in model.agents)
    assert model.agents.get("wealth") == pytest.approx(model.wealth.tolist())
    win_win = model.agents.select(lambda s: s.doctrine == "win_win")
    assert len(win_win) == 3
    by_doctrine = model.agents.groupby("doctrine").count()
    assert by_doctrine == {"zero_sum": 3, "win_win": 3}


def test_every_design_output_is_collected_each_year():
    model = DiplomacyModel(rng=2, n_states=8)
    model.run_for(12)
    world = model.datacollector.get_model_vars_dataframe()
    assert set(DESIGN_OUTPUTS) <= set(world.columns)
    assert list(world.columns) == output_names(["zero_sum", "win_win"])
    assert len(world) == 13  # year 0 and each of 12 years
    states = model.datacollector.get_agent_vars_dataframe()
    assert list(states.columns) == list(STATE_OUTPUTS)
    assert len(states) == 8 * 13


def _run(seed, years=60, **knobs):
    model = DiplomacyModel(rng=seed, n_states=12, doctrine={"zero_sum": 0.5, "win_win": 0.5},
                           learning_rate=0.1, **knobs)
    model.run_for(years)
    return model.datacollector.get_model_vars_dataframe(), model.datacollector.get_agent_vars_dataframe()


def test_same_seed_gives_identical_results():
    first_world, first_states = _run(7)
    second_world, second_states = _run(7)
    pd.testing.assert_frame_equal(first_world, second_world)
    pd.testing.assert_frame_equal(first_states, second_states)


def test_different_seeds_give_different_results():
    assert not _run(1)[0].equals(_run(2)[0])


def test_decisions_use_the_start_of_year_world():
    # Simultaneous activation: each state's arms respond to the other's arms of the previous year,
    # not to what the other decided this year.
    states = [dict(name="A", arms=0.1, wealth=10.0), dict(name="B", arms=0.3, wealth=10.0)]
    model = DiplomacyModel(rng=0, states=states, **only("arms"), distinguishability=0.0,
                           zero_sum=dict(arms_reaction=0.5, arms_fatigue=0.0, arms_grievance=0.0))
    model.step()
    assert model.military.tolist() == pytest.approx([0.1 + 0.5 * 0.3, 0.3 + 0.5 * 0.1])


def test_a_conquered_state_is_removed_and_its_conqueror_inherits_its_borders():
    # a ring of 4: 0-1-2-3-0. 0 absorbs 1 and so borders 2.
    model = DiplomacyModel(rng=0, n_states=4, network="ring")
    model.step()
    model.wealth[1] = 0.01
    model._absorb(0, 1)
    assert len(model.agents) == 3 and "S1" not in model.agents.get("name")
    assert not model.alive[1] and model.wealth[1] == 0
    assert model.adjacency[0, 2] and model.adjacency[2, 0] and not model.adjacency[:, 1].any()
    model.run_for(3)  # the model keeps running with the state gone, and its rows are dropped
    assert model.outputs["states_alive"] == 3 and model.n == 3 and model.trust.shape == (3, 3)
    assert [s.name for s in model.states] == ["S0", "S2", "S3"]
    assert model.agents.get("wealth") == pytest.approx(model.wealth.tolist())
    assert model.adjacency[0, 1] and model.adjacency[1, 0]  # S0 still borders S2


def test_conquest_happens_in_a_predatory_world_and_removes_agents():
    model = DiplomacyModel(rng=4, n_states=12, offense_dominance=3.0, wealth_spread=0.8,
                           dissatisfaction=0.6)  # greedy states: security seekers do not conquer
    model.run_for(150)
    assert model.outputs["states_alive"] < 12
    assert len(model.agents) == model.outputs["states_alive"] == model.n
    assert sorted(model.agents.get("wealth")) == pytest.approx(sorted(model.wealth.tolist()))


def test_gini():
    assert gini(np.ones(5)) == 0
    assert gini(np.array([0, 0, 0, 1.0])) == pytest.approx(0.75)


def test_listed_states_without_a_doctrine_take_the_doctrine_knob():
    """So that a scenario's variants can switch the doctrine of its named states (thucydides-trap →
    peaceful-transition, sino-russian-partnership's rivalry)."""
    states = [dict(name="A"), dict(name="B", doctrine="zero_sum")]
    model = DiplomacyModel(rng=1, states=states, doctrine="win_win")
    assert [state.doctrine for state in model.states] == ["win_win", "zero_sum"]
    mixed = DiplomacyModel(rng=1, states=[dict(name=f"S{i}") for i in range(10)],
                           doctrine={"zero_sum": 0.3, "win_win": 0.7})
    assert sorted(state.doctrine for state in mixed.states) == ["win_win"] * 7 + ["zero_sum"] * 3
