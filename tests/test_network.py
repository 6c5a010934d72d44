"""Who neighbours whom, and where states stand: each topology's exact edges, degrees and layout."""

import math

import numpy as np
import pytest

from detente.model import DiplomacyModel
from detente.model.knobs import ParameterError
from detente.model.network import build, check


def _edges(adjacency):
    """The undirected edges (i < j) of a symmetric adjacency matrix."""
    return sorted((int(i), int(j)) for i, j in np.argwhere(np.triu(adjacency, 1)))


def _is_a_simple_graph(adjacency):
    return (adjacency == adjacency.T).all() and not adjacency.diagonal().any() and adjacency.dtype == bool


def test_states_not_placed_by_the_topology_stand_on_a_circle_around_the_middle():
    """State k of n stands at angle 2πk/n on the circle of radius 0.45 around (0.5, 0.5): for n = 4,
    (0.95, 0.5), (0.5, 0.95), (0.05, 0.5), (0.5, 0.05); for n = 3, state 1 at 120°:
    (0.5 + 0.45·cos 120°, 0.5 + 0.45·sin 120°) = (0.275, 0.8897)."""
    _, four = build("complete", 4, 0.35, np.random.default_rng(0))
    assert four == pytest.approx(np.array([[0.95, 0.5], [0.5, 0.95], [0.05, 0.5], [0.5, 0.05]]), abs=1e-12)
    _, three = build("ring", 3, 0.35, np.random.default_rng(0))
    assert three[1] == pytest.approx([0.5 - 0.225, 0.5 + 0.45 * math.sqrt(3) / 2], abs=1e-12)
    assert ((three >= 0) & (three <= 1)).all()


def test_a_complete_network_joins_every_pair_and_no_state_to_itself():
    """n = 4: the 6 pairs, each state of degree 3."""
    adjacency, _ = build("complete", 4, 0.35, np.random.default_rng(0))
    assert _is_a_simple_graph(adjacency)
    assert _edges(adjacency) == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    assert adjacency.sum(axis=1).tolist() == [3, 3, 3, 3]


def test_a_ring_joins_each_state_to_the_next_and_the_last_to_the_first():
    """n = 5: 0-1, 1-2, 2-3, 3-4 and 4-0, both ways; every state of degree 2."""
    adjacency, _ = build("ring", 5, 0.35, np.random.default_rng(0))
    assert _is_a_simple_graph(adjacency)
    assert _edges(adjacency) == [(0, 1), (0, 4), (1, 2), (2, 3), (3, 4)]
    assert adjacency.sum(axis=0).tolist() == [2] * 5 and adjacency.sum(axis=1).tolist() == [2] * 5


def test_a_grid_fills_rows_of_ceil_sqrt_n_cells_and_joins_horizontal_and_vertical_neighbours():
    """n = 7: side ⌈√7⌉ = 3, so states 0 1 2 / 3 4 5 / 6 stand in rows 0, 1, 2 (row = k // 3, column
    k % 3), each at the centre of its cell, ((column + 0.5)/3, (row + 0.5)/3): state 5 at (5/6, 1/2),
    state 6 at (1/6, 5/6). Edges: along rows 0-1, 1-2, 3-4, 4-5; down columns 0-3, 3-6, 1-4, 2-5.
    No diagonals (0-4), no wrap-around (2-3, 0-2); degrees 2 3 2 3 3 2 1."""
    adjacency, layout = build("grid", 7, 0.35, np.random.default_rng(0))
    assert _is_a_simple_graph(adjacency)
    assert _edges(adjacency) == [(0, 1), (0, 3), (1, 2), (1, 4), (2, 5), (3, 4), (3, 6), (4, 5)]
    assert adjacency.sum(axis=1).tolist() == [2, 3, 2, 3, 3, 2, 1]
    assert layout[5] == pytest.approx([5 / 6, 1 / 2]) and layout[6] == pytest.approx([1 / 6, 5 / 6])
    assert layout[0] == pytest.approx([1 / 6, 1 / 6]) and layout[4] == pytest.approx([1 / 2, 1 / 2])


def test_a_geometric_network_joins_the_states_within_the_radius_of_each_other_inclusive():
    """Given positions A (0.1, 0.1), B (0.4, 0.1), C (0.4, 0.5), D (0.9, 0.9) and radius 0.4:
    |AB| = 0.3 and |BC| = 0.4 (on the radius: joined), |AC| = 0.5, |CD| = √(0.25 + 0.16) = 0.64,
    so A-B and B-C only; D is isolated. The states stand where they were placed."""
    placed = np.array([[0.1, 0.1], [0.4, 0.1], [0.4, 0.5], [0.9, 0.9]])
    adjacency, layout = build("geometric", 4, 0.4, np.random.default_rng(0), placed)
    assert _is_a_simple_graph(adjacency)
    assert _edges(adjacency) == [(0, 1), (1, 2)]
    assert adjacency.sum(axis=1).tolist() == [1, 2, 1, 0]
    assert layout.tolist() == placed.tolist()


def test_a_geometric_network_without_positions_places_states_uniformly_with_the_generator():
    """The layout is the generator's next n×2 uniform draws; the edges join the pairs at most the
    radius apart (recomputed here from the layout)."""
    adjacency, layout = build("geometric", 6, 0.5, np.random.default_rng(3))
    assert layout.tolist() == np.random.default_rng(3).random((6, 2)).tolist()
    distance = np.hypot(*(layout[:, None, :] - layout[None, :, :]).transpose(2, 0, 1))
    expected = (distance <= 0.5) & ~np.eye(6, dtype=bool)
    assert (adjacency == expected).all() and 0 < expected.sum() < 30  # some pairs joined, not all


def test_an_edge_list_joins_exactly_the_listed_pairs_both_ways():
    """Edges [0, 2] and [3, 1] among 5 states: 0-2 and 1-3, symmetric; state 4 is isolated
    (degrees 1 1 1 1 0). An empty list gives a world without borders."""
    adjacency, layout = build(((0, 2), (3, 1)), 5, 0.35, np.random.default_rng(0))
    assert _is_a_simple_graph(adjacency)
    assert _edges(adjacency) == [(0, 2), (1, 3)]
    assert adjacency.sum(axis=1).tolist() == [1, 1, 1, 1, 0]
    assert layout.shape == (5, 2)
    alone, _ = build((), 3, 0.35, np.random.default_rng(0))
    assert alone.dtype == bool and not alone.any()


def test_given_positions_replace_the_layout_of_every_topology():
    """Positions from a scenario's named states are where the states stand, whatever the topology;
    they do not change a ring's or grid's edges."""
    placed = np.array([[0.2, 0.3], [0.7, 0.1], [0.6, 0.9]])
    for topology in ("complete", "ring", "grid", ((0, 1),)):
        _, layout = build(topology, 3, 0.35, np.random.default_rng(0), placed)
        assert layout.tolist() == placed.tolist(), topology
    ring, _ = build("ring", 3, 0.35, np.random.default_rng(0), placed)
    assert _edges(ring) == [(0, 1), (0, 2), (1, 2)]


def test_an_edge_list_naming_a_state_beyond_the_world_is_refused_with_the_valid_range():
    """With 4 states the indices run from 0 to 3: an edge naming state 4, at either end, is refused;
    edges up to state 3 pass."""
    check(((0, 3), (3, 2)), 4)
    check("ring", 4)
    for edge in ((4, 0), (0, 4)):
        with pytest.raises(ParameterError) as refused:
            check(((0, 1), edge), 4)
        assert str(refused.value) == (f"knob 'network': edge [{edge[0]}, {edge[1]}] names a state beyond "
                                      "the 4 states (indices run from 0 to 3)")


def test_a_model_of_listed_states_checks_its_edge_list_against_their_number():
    """n_states (default 20) is ignored when states are listed: with 3 listed states, edge [0, 3]
    names a fourth state, which does not exist."""
    states = [dict(name="A"), dict(name="B"), dict(name="C")]
    with pytest.raises(ParameterError, match=r"indices run from 0 to 2"):
        DiplomacyModel(rng=0, states=states, network=[[0, 3]])
