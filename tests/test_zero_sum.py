"""The zero-sum doctrine: relative gains (Grieco), diluted by numbers (Snidal), sharpened when force is
usable (Powell); exploitation of non-retaliators; fighting when war pays."""

import numpy as np

from detente.model import DiplomacyModel
from detente.model.mechanisms import perception

from helpers import only


def _cooperation(n, relative_gains, cost_of_war=0.1, trust=0.5):
    model = DiplomacyModel(rng=0, n_states=n, doctrine="zero_sum", initial_trust=trust,
                           cost_of_war=cost_of_war, relative_gains=relative_gains, **only("game"))
    doctrine = model.doctrine_list[0]
    return doctrine.cooperate(model, slice(None))[model.adjacency].mean()


def test_absolute_gains_cooperate_and_strong_relative_gains_defect():
    assert _cooperation(2, relative_gains=0.0) == 1.0
    assert _cooperation(2, relative_gains=5.0) == 0.0


def test_relative_gains_concern_is_diluted_by_many_neighbours_snidal():
    assert _cooperation(2, relative_gains=2.0) == 0.0
    assert _cooperation(20, relative_gains=2.0) == 1.0


def test_costly_war_makes_relative_gains_matter_less_powell():
    assert _cooperation(2, relative_gains=2.0, cost_of_war=0.05) == 0.0
    assert _cooperation(2, relative_gains=2.0, cost_of_war=0.5) == 1.0


def test_a_partner_seen_not_to_retaliate_is_exploited(two_states):
    model = two_states("zero_sum", "win_win", **only("game"), noise=0.0, relative_gains=0.0)
    model.moves_before[0, 1] = False  # zero-sum defected two years ago ...
    model.seen[0, 1] = True  # ... and saw the win-win state cooperate anyway
    model._begin_year()
    assert not model.doctrine_list[0].cooperate(model, np.array([0]))[0, 1]


def test_fights_when_war_pays():
    states = [dict(name="Strong", arms=0.5), dict(name="Weak", arms=0.0),
              dict(name="Peer", arms=0.0)]
    model = DiplomacyModel(rng=0, states=states, noise=0.0, cost_of_war=0.1, war_spoils=0.2,
                           network=[[0, 1], [1, 2]])
    view = perception.perceive(model)
    zero_sum = model.doctrine_list[0]
    # Strong: p = 0.6/0.7 → 0.857*0.2 > 0.1. Weak vs Peer: p = 0.5 → 0.1, not > 0.1
    assert zero_sum.initiates(model, view, np.array([0, 1]), np.array([1, 2])).tolist() == [True, False]
