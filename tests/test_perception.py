"""Mechanism 1: perception of threat, with distinguishability, trust, community and noise."""

import numpy as np
import pytest

from detente.model import DiplomacyModel
from detente.model.mechanisms import perception

from helpers import only


def _world(doctrine="zero_sum", n=4, **knobs):
    knobs = {**only("arms"), **knobs}
    model = DiplomacyModel(rng=0, n_states=n, doctrine=doctrine, **knobs)
    model.step()  # sets the year's posture
    return model


def test_worst_case_threat_is_the_mean_of_neighbours_arms_scaled_by_offense_dominance():
    model = _world(distinguishability=0.0, offense_dominance=2.0)
    model.military[:] = [0.1, 0.2, 0.3, 0.4]
    view = perception.perceive(model)
    expected = [2.0 * (1.0 - x) / 3 for x in model.military]
    assert view.threat == pytest.approx(expected)


def test_defensive_postures_that_can_be_seen_threaten_less():
    blind = perception.perceive(_world(distinguishability=0.0)).threat
    seeing = perception.perceive(_world(distinguishability=1.0)).threat
    assert np.all(seeing < blind) and seeing == pytest.approx(0.0)  # satisfied states, od = 1


def test_win_win_discounts_threat_by_trust_zero_sum_does_not():
    for doctrine, expect_lower in (("win_win", True), ("zero_sum", False)):
        model = _world(doctrine, distinguishability=0.5, offense_dominance=2.0)
        low = perception.perceive(model).threat.copy()
        model.trust[:] = 1.0
        high_trust = perception.perceive(model).threat
        assert bool(np.all(high_trust < low)) is expect_lower


def test_community_members_are_not_counted_as_threats():
    model = _world("win_win", distinguishability=0.0)
    model.community[:] = [True, True, False, False]
    threat = perception.perceive(model).threat
    arms = model.military
    assert threat[0] == pytest.approx((arms[2] + arms[3]) / 3)


def test_noise_is_unbiased_and_absent_when_perception_is_off():
    model = _world(distinguishability=0.0, noise=0.3, perception=True, n=10)
    truth = model.military.sum() - model.military  # undiscounted, od = 1: (sum of others) / 9 * 9
    draws = np.array([perception.perceive(model).threat for _ in range(4000)]) * 9
    assert draws.mean(axis=0) == pytest.approx(truth, rel=0.02)
    assert draws.std(axis=0).min() > 0
    model.params.perception = False
    assert perception.perceive(model).threat * 9 == pytest.approx(truth)


def test_moves_are_misread_at_the_noise_rate():
    model = _world(n=60, noise=0.1, perception=True)
    moves = np.ones((60, 60), dtype=bool) & model.adjacency
    seen = perception.observe(model, moves)
    misread = np.count_nonzero(~seen & model.adjacency) / model.directed_dyads.size
    assert misread == pytest.approx(0.1, abs=0.01)  # 3540 dyads: 3 standard errors ≈ 0.015
