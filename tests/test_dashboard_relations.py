"""The map's data: the wars the model names each year and what a snapshot shows."""

import pandas as pd

from detente import runs
from detente.scenarios import load
from detente.viz import charts, relations

#: Twenty greedy zero-sum states on a complete network: wars and conquest (pinned knobs, so that the
#: scenario's own settings do not matter)
PREDATORY = load("security-dilemma").with_knobs({
    "n_states": 20, "network": "complete", "dissatisfaction": 0.7, "offense_dominance": 1.0,
    "distinguishability": 0.5})
#: Twenty win-win states that start trusting: a security community forms
TRUSTING = load("common-security").with_knobs({"n_states": 20, "network": "complete", "prior_trust": 0.8})


def test_named_wars_match_the_models_own_count_every_year():
    model = relations.mapped_model(PREDATORY, 3)
    noted = []
    for _ in range(80):
        model.step()
        noted.append(len(model.wars_fought))
    counted = model.datacollector.get_model_vars_dataframe().wars.tolist()[1:]
    assert noted == counted and sum(noted) > 10


def test_a_mapped_run_is_the_same_run_as_the_models():
    scenario = load("security-dilemma")
    model = relations.mapped_model(scenario, 5)
    model.run_for(60)
    mapped = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    plain, _ = runs.run(scenario, 5, 60)
    pd.testing.assert_frame_equal(mapped, plain[mapped.columns].reset_index(drop=True))


def test_history_shows_cooperation_at_first_and_conquered_states_as_gone():
    nodes, edges = relations.history(PREDATORY, 3, 70)
    first = edges[edges.year == 0]
    assert len(first) == 190 and set(first.relation) == {"cooperation"}  # complete network of 20
    last = nodes[nodes.year == 70]
    assert len(last) == 20  # every state that ever existed is on the map
    gone = last[~last.alive]
    assert len(gone) >= 1 and (gone.power == 0).all()
    living_names = set(last[last.alive].state)
    last_edges = edges[(edges.year == 70) & (edges.relation != "war")]
    assert set(last_edges.a) | set(last_edges.b) <= living_names
    assert (edges.relation == "war").sum() == runs.run(PREDATORY, 3, 70)[0].wars.sum()


def test_community_members_are_marked():
    nodes, _ = relations.history(TRUSTING, 0, 40)
    assert nodes[nodes.year == 40].community.all()
    assert not nodes[nodes.year == 0].community.any()


def test_the_map_shows_alliances_and_the_allies_that_fight_beside_a_partner():
    """Chain-gang under the cult of the offensive, seed 0: allied pairs every year once alliances
    form, and in the years an ally came to a war, a line from it to the state it fought for."""
    scenario = load("chain-gang/cult-of-the-offensive")
    model = relations.mapped_model(scenario, 0)
    nodes, edges = relations.history(scenario, 0, 40)
    allied = edges[edges.relation == "allied"]
    assert len(allied) > 0 and set(allied.a) | set(allied.b) <= set(nodes.state)
    came = edges[edges.relation == "ally at war"]
    model.run_for(40)
    world = model.datacollector.world_columns()
    assert len(came) == sum(world["allies_came"]) > 0  # each (partner, state) once a year
    figure = charts.relation_map(nodes[nodes.year == came.year.iloc[0]], edges[edges.year == came.year.iloc[0]], "t")
    labels = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert "allied" in labels and "ally at war" in labels
