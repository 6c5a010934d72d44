"""Mechanism 8: imitation of a more successful neighbour's doctrine."""

import numpy as np

from detente.model import DiplomacyModel
from detente.model.mechanisms import learning

from helpers import only


def test_states_copy_the_doctrine_of_a_faster_growing_neighbour():
    states = [dict(name="Fast", doctrine="win_win", growth=0.1)] + [
        dict(name=f"Slow{i}", doctrine="zero_sum", growth=0.0) for i in range(5)]
    model = DiplomacyModel(rng=0, states=states, learning_rate=1.0, **only("economy", "learning"))
    model.step()
    assert model.agents.get("doctrine").count("win_win") == 1  # no growth record before year 1
    model.run_for(40)
    # each year every slow state looks at a random neighbour; Fast is the only one doing better
    assert model.agents.get("doctrine") == ["win_win"] * 6


def test_learning_rate_zero_or_switch_off_keeps_doctrines():
    for knobs in ({"learning_rate": 0.0}, {"learning_rate": 1.0, "learning": False}):
        model = DiplomacyModel(rng=0, n_states=10, doctrine={"zero_sum": 0.5, "win_win": 0.5}, **knobs)
        start = list(model.agents.get("doctrine"))
        model.run_for(30)
        assert list(model.agents.get("doctrine")) == start


def test_a_state_adopts_the_doctrine_of_the_neighbour_it_looks_at_only_if_it_grew_faster():
    """learning_rate 1: every state with a neighbour looks at one (learning.py); pairs 0 – 1 and
    2 – 3, state 4 alone. Growth since last year, W/W_prev − 1 (0 where there was no wealth):
    0.1, 0.3, 0 (nothing last year), 0.1, −0.5. 0 sees 1 grow faster (0.3 > 0.1) under another
    doctrine and adopts win_win; 2 sees 3 (0.1 > 0) and adopts win_win; 1 and 3 saw slower
    neighbours; 4, the slowest, has no neighbour to look at (were it to look anyway, it would find
    state 0, growing faster under another doctrine)."""
    states = [dict(name=name, doctrine=doctrine) for name, doctrine in
              (("A", "zero_sum"), ("B", "win_win"), ("C", "zero_sum"), ("D", "win_win"), ("E", "win_win"))]
    model = DiplomacyModel(rng=0, states=states, network=[[0, 1], [2, 3]], learning_rate=1.0)
    model.wealth_prev, model.wealth = np.array([1.0, 1.0, 0.0, 1.0, 1.0]), np.array([1.1, 1.3, 1.2, 1.1, 0.5])
    who, adopted = learning.choose(model)
    win_win = model.doctrine_names.index("win_win")
    assert who.tolist() == [0, 2] and adopted.tolist() == [win_win, win_win]


class _Draws:
    """A stand-in for the model's generator that hands out fixed uniform draws in order."""

    def __init__(self, *values):
        self.values = list(values)

    def random(self, size=None):
        count = 1 if size is None else int(np.prod(size))
        drawn, self.values = self.values[:count], self.values[count:]
        assert len(drawn) == count, "more draws asked for than the test provides"
        return drawn[0] if size is None else np.reshape(drawn, size)


def test_each_state_draws_for_itself_whether_it_looks_this_year():
    """learning_rate 0.5: a state looks at a neighbour iff its own uniform draw is below 0.5
    (learning.py: "each state with probability learning_rate"). A and B (zero-sum) both neighbour
    only C (win-win), whose wealth grew 30 % against their 10 %: A and B face the same choice.
    Draws 0.2 (A looks), 0.7 (B does not), 0.9 (C does not); A's neighbour draws pick C (its only
    neighbour), who grew faster under another doctrine: A alone adopts win_win. One draw shared by
    all (0.2) would make B look and switch too."""
    states = [dict(name=name, doctrine=doctrine) for name, doctrine in
              (("A", "zero_sum"), ("B", "zero_sum"), ("C", "win_win"))]
    model = DiplomacyModel(rng=0, states=states, network=[[0, 2], [1, 2]], learning_rate=0.5)
    model.wealth_prev, model.wealth = np.array([1.0, 1.0, 1.0]), np.array([1.1, 1.1, 1.3])
    model.rng = _Draws(0.2, 0.7, 0.9, 0.4, 0.6, 0.5, 0.3, 0.8, 0.1, 0.6, 0.2, 0.7)
    who, adopted = learning.choose(model)
    assert who.tolist() == [0] and adopted.tolist() == [model.doctrine_names.index("win_win")]


def test_a_state_looks_at_the_neighbour_its_own_draws_pick_not_always_its_first():
    """learning.py: a looking state picks "one neighbour chosen at random": one uniform draw per
    (looking state, state), the neighbour with the largest draw. A (zero-sum) neighbours B
    (zero-sum) and C (win-win), both growing faster than A (30 % against 10 %). A's draw 0.1 < 0.5:
    it looks; B and C draw 0.9 and 0.8 (neither looks). A's draws over the three states, 0.5, 0.2
    and 0.7, pick C (0.7 > 0.2), who grew faster under another doctrine: A adopts win_win. One draw
    for the whole row would pick A's first neighbour, B, of A's own doctrine: no switch."""
    states = [dict(name=name, doctrine=doctrine) for name, doctrine in
              (("A", "zero_sum"), ("B", "zero_sum"), ("C", "win_win"))]
    model = DiplomacyModel(rng=0, states=states, network=[[0, 1], [0, 2]], learning_rate=0.5)
    model.wealth_prev, model.wealth = np.array([1.0, 1.0, 1.0]), np.array([1.1, 1.3, 1.3])
    model.rng = _Draws(0.1, 0.9, 0.8, 0.5, 0.2, 0.7)
    who, adopted = learning.choose(model)
    assert who.tolist() == [0] and adopted.tolist() == [model.doctrine_names.index("win_win")]


def test_a_learning_rate_of_zero_is_the_world_without_learning():
    """learning_rate 0: no state ever looks at a neighbour, and no draw is made for it, so the world
    runs exactly as with the learning switch off (same draws, same numbers)."""
    knobs = dict(n_states=6, doctrine={"zero_sum": 0.5, "win_win": 0.5}, noise=0.1, learning_rate=0.0)
    on, off = DiplomacyModel(rng=4, learning=True, **knobs), DiplomacyModel(rng=4, learning=False, **knobs)
    on.run_for(5)
    off.run_for(5)
    assert np.array_equal(on.wealth, off.wealth) and np.array_equal(on.trust, off.trust)
    assert on.rng.bit_generator.state == off.rng.bit_generator.state
