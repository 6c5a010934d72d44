"""The map's data: the wars the model names each year and what a snapshot shows."""

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex, to_rgb

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
    nodes, edges = relations.history(PREDATORY, 3, 70).frames()
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
    nodes, _ = relations.history(TRUSTING, 0, 40).frames()
    assert nodes[nodes.year == 40].community.all()
    assert not nodes[nodes.year == 0].community.any()


def test_the_map_shows_alliances_and_the_allies_that_fight_beside_a_partner():
    """Chain-gang under the cult of the offensive, seed 0: allied pairs every year once alliances
    form, and in the years an ally came to a war, a line from it to the state it fought for."""
    scenario = load("chain-gang/cult-of-the-offensive")
    model = relations.mapped_model(scenario, 0)
    nodes, edges = relations.history(scenario, 0, 40).frames()
    allied = edges[edges.relation == "allied"]
    assert len(allied) > 0 and set(allied.a) | set(allied.b) <= set(nodes.state)
    came = edges[edges.relation == "ally at war"]
    model.run_for(40)
    world = model.datacollector.world_columns()
    assert len(came) == sum(world["allies_came"]) > 0  # each (partner, state) once a year
    figure = charts.relation_map(nodes[nodes.year == came.year.iloc[0]], edges[edges.year == came.year.iloc[0]], "t")
    labels = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert "allied" in labels and "ally at war" in labels


def test_a_year_of_the_history_is_that_years_snapshot_of_the_same_run():
    history = relations.history(PREDATORY, 3, 30)
    model = relations.mapped_model(PREDATORY, 3)
    model.run_for(17)
    nodes, edges = relations.snapshot(model)
    pd.testing.assert_frame_equal(history.at(17)[0], nodes)
    pd.testing.assert_frame_equal(history.at(17)[1], edges)
    assert history.at(0)[1].relation.tolist() == ["cooperation"] * 190


def test_the_network_view_draws_one_line_per_pair_in_its_relations_colour():
    nodes, edges = relations.history(PREDATORY, 3, 30).at(30)
    axis = charts.relation_map(nodes, edges, "t").axes[0]
    drawn = {}
    for collection in axis.collections:
        if isinstance(collection, LineCollection):
            colour = to_hex(collection.get_colors()[0])
            drawn[colour] = drawn.get(colour, 0) + len(collection.get_segments())
    expected = edges.relation.value_counts()
    assert drawn == {charts.RELATION_STYLE[r][0].lower(): int(n) for r, n in expected.items() if n}
    assert not axis.images  # a network, not a matrix


def test_above_sixty_states_the_map_is_a_matrix_of_pairs_and_says_so():
    """A complete network of 80 trusting win-win states: 3,160 pairs, every cell above the diagonal
    of a pair that cooperates is green, the diagonal and below (no alliances) white."""
    world = load("common-security").with_knobs({"n_states": 80, "network": "complete", "prior_trust": 0.8})
    nodes, edges = relations.history(world, 0, 3).at(3)
    assert len(edges) == 80 * 79 // 2
    figure = charts.relation_map(nodes, edges, "t")
    axis = figure.axes[0]
    assert "matrix view (80 states)" in axis.get_legend().get_title().get_text()
    image = axis.images[0].get_array()
    order = list(edges.a.cat.categories)
    cooperating = edges[edges.relation == "cooperation"]
    a, b = order.index(cooperating.a.iloc[0]), order.index(cooperating.b.iloc[0])
    a, b = min(a, b), max(a, b)
    assert tuple(image[a, b]) == to_rgb(charts.RELATION_STYLE["cooperation"][0])
    assert tuple(image[b, a]) == (1.0, 1.0, 1.0)
    assert (image[np.arange(80), np.arange(80)] == 1.0).all()
