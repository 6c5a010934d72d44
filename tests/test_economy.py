"""Mechanism 6: growth, arms drag and trade."""

import numpy as np
import pytest

from detente.model import DiplomacyModel

from helpers import only


def test_growth_minus_arms_drag():
    states = [dict(name="A", growth=0.05, arms=0.1), dict(name="B", growth=0.0, arms=0.0)]
    model = DiplomacyModel(rng=0, states=states, **only("economy"), arms_drag=0.5)
    model.step()
    assert model.wealth.tolist() == pytest.approx([1 + 0.05 - 0.5 * 0.1, 1.0])


def test_trade_adds_to_wealth():
    states = [dict(name="A", growth=0.0, arms=0.0, doctrine="win_win"),
              dict(name="B", growth=0.0, arms=0.0, doctrine="win_win")]
    model = DiplomacyModel(rng=0, states=states, **only("economy", "game"), noise=0.0, trade_gain=0.04)
    model.step()
    assert model.wealth.tolist() == pytest.approx([1.04, 1.04])


def test_economy_off_freezes_wealth():
    model = DiplomacyModel(rng=0, n_states=5, economy=False, war=False)
    model.run_for(10)
    assert np.all(model.wealth == 1.0)
