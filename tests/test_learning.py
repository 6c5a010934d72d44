"""Mechanism 8: imitation of a more successful neighbour's doctrine."""

from detente.model import DiplomacyModel

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
