"""Mechanism 3: trust learns from moves and from arming beyond defensive need."""

import numpy as np
import pytest

from detente.model import DiplomacyModel

from helpers import only


def test_cooperation_raises_trust_and_defection_lowers_it(two_states):
    model = two_states("win_win", "zero_sum", **only("game", "trust"), noise=0.0, generosity=0.0,
                       relative_gains=50.0, trust_rate=0.5, initial_trust=0.5)
    model.step()
    assert model.trust[1, 0] == pytest.approx(0.75)  # saw cooperation: 0.5 + 0.5 * (1 - 0.5)
    assert model.trust[0, 1] == pytest.approx(0.25)  # saw defection: 0.5 + 0.5 * (0 - 0.5)


def test_arming_beyond_defensive_need_lowers_trust_unless_seen_to_be_defensive():
    states = [dict(name="A", arms=0.1, wealth=10), dict(name="B", arms=0.3, wealth=10)]
    for distinguishability, expected in ((0.0, 0.5 * 0.5 + 0.5 * 0.0), (1.0, 0.5 * 0.5 + 0.5)):
        model = DiplomacyModel(rng=0, states=states, **only("trust"), trust_rate=0.5,
                               distinguishability=distinguishability)
        model.step()
        # B holds 3x A's arms: excess 1 -> alarm 1 - distinguishability * posture (posture 1)
        assert model.trust[0, 1] == pytest.approx(expected)
        assert model.trust[1, 0] == pytest.approx(1.0 * 0.5 + 0.5 * 0.5)  # A arms below need


def test_trust_off_keeps_initial_trust():
    model = DiplomacyModel(rng=0, n_states=6, trust=False, initial_trust=0.3)
    model.run_for(20)
    assert np.all(model.trust == 0.3)
