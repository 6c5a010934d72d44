"""Mechanism 4: Richardson arms (the equilibrium tests are in test_theory.py)."""

import numpy as np
import pytest

from detente.model import DiplomacyModel

from helpers import only


def test_win_win_holds_arms_at_defensive_sufficiency(two_states):
    model = two_states("win_win", "zero_sum", **only("arms"), distinguishability=0.0,
                       win_win=dict(sufficiency=0.5, arms_reaction=1.0))
    for _ in range(20):
        other = model.military[1]
        model.step()
        assert model.military[0] <= 0.5 * other + 1e-12


def test_spending_is_capped_by_wealth(two_states):
    model = two_states(**only("arms"), max_burden=0.2, distinguishability=0.0,
                       zero_sum=dict(arms_reaction=0.9, arms_fatigue=0.0))
    model.run_for(50)
    assert np.all(model.military <= 0.2 * model.wealth + 1e-12)
    assert model.military == pytest.approx(0.2 * model.wealth)


def test_dissatisfaction_raises_grievance():
    states = [dict(name="A", dissatisfaction=1.0), dict(name="B")]
    model = DiplomacyModel(rng=0, states=states, **only("arms"), distinguishability=0.0,
                           zero_sum=dict(arms_reaction=0.0, arms_fatigue=0.5, arms_grievance=0.01))
    model.run_for(60)
    assert model.military == pytest.approx([0.04, 0.02])  # g(1 + d) / a


def test_arms_off_freezes_arms():
    model = DiplomacyModel(rng=0, n_states=5, arms=False, war=False)
    start = model.military.copy()
    model.run_for(10)
    assert np.array_equal(model.military, start)
