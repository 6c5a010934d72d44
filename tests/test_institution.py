"""Mechanism 7: security communities of trusting win-win neighbours."""

import numpy as np

from detente.model import DiplomacyModel

from helpers import only


def test_trusting_win_win_neighbours_form_a_community_and_zero_sum_states_do_not():
    model = DiplomacyModel(rng=0, n_states=6, doctrine={"win_win": 0.5, "zero_sum": 0.5},
                           prior_trust=0.9, community_threshold=0.8, **only("institution"))
    model.step()
    win_win = np.array(model.agents.get("doctrine")) == "win_win"
    assert np.array_equal(model.community, win_win)
    assert model.outputs["community_size"] == 3


def test_no_community_below_the_threshold_or_when_switched_off():
    low = DiplomacyModel(rng=0, n_states=6, doctrine="win_win", prior_trust=0.5,
                         community_threshold=0.8, **only("institution"))
    low.step()
    off = DiplomacyModel(rng=0, n_states=6, doctrine="win_win", prior_trust=0.9, **only())
    off.step()
    assert not low.community.any() and not off.community.any()


def test_community_forms_in_a_win_win_world_over_time():
    """Win-win states that start trusting (prior 0.8) keep trusting and join: 8 of 10 by year 40."""
    model = DiplomacyModel(rng=0, n_states=10, doctrine="win_win", prior_trust=0.8)
    model.run_for(40)
    assert model.outputs["community_size"] >= 8
