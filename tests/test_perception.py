"""Mechanism 1: perception of threat, with distinguishability, trust, community and noise."""

import copy

import numpy as np
import pytest

from detente.model import DOCTRINES, DiplomacyModel, Doctrine
from detente.model.doctrines.base import belief_knobs, richardson_knobs
from detente.model.knobs import knob_table
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
    assert draws.std(axis=0).min() > 0.01 * truth.min()  # (identical readings leave ~1e-16 of rounding)
    model.params.perception = False
    assert perception.perceive(model).threat * 9 == pytest.approx(truth)


def test_moves_are_misread_at_the_noise_rate():
    model = _world(n=60, noise=0.1, perception=True)
    moves = np.ones((60, 60), dtype=bool) & model.adjacency
    seen = perception.observe(model, moves)
    misread = np.count_nonzero(~seen & model.adjacency) / model.directed_dyads.size
    assert misread == pytest.approx(0.1, abs=0.01)  # 3540 dyads: 3 standard errors ≈ 0.015


def test_reading_errors_scale_with_noise_and_the_spread_of_the_threat_terms():
    """Three zero-sum states, every one a neighbour of the others (degree 2), distinguishability 0
    (no discount), arms 0.1, 0.2, 0.3. State i's threat sums its neighbours' arms, total_i, with a
    reading error spread_i · noise · z_i, z_i one standard normal draw per state from the world's
    random stream, spread_i = sqrt(Σ_j x_j²); never below 0; divided by the degree:

        state 0: total 0.5, spread sqrt(0.04 + 0.09) = sqrt(0.13)
        state 1: total 0.4, spread sqrt(0.01 + 0.09) = sqrt(0.10)
        state 2: total 0.3, spread sqrt(0.01 + 0.04) = sqrt(0.05)

    threat_i = max(total_i + spread_i · 0.2 · z_i, 0) / 2 (noise 0.2)."""
    model = DiplomacyModel(rng=5, n_states=3, doctrine="zero_sum", **{**only("arms"), "perception": True},
                           noise=0.2, distinguishability=0.0)
    model.military[:] = [0.1, 0.2, 0.3]
    z = copy.deepcopy(model.rng).standard_normal(3)
    total, spread = np.array([0.5, 0.4, 0.3]), np.sqrt([0.13, 0.10, 0.05])
    expected = np.maximum(total + spread * 0.2 * z, 0.0) / 2
    assert perception.perceive(model).threat == pytest.approx(expected, rel=1e-12)
    assert not np.allclose(expected, total / 2)  # the draws moved every reading


def test_perceiving_without_noise_draws_nothing_from_the_random_stream():
    """With perception off, or its noise 0, threat is read without error and no random number is
    drawn: the world's random stream is left as it was (so that switching noise off changes no other
    draw of the year)."""
    for knobs in (dict(perception=False, noise=0.3), dict(perception=True, noise=0.0)):
        model = DiplomacyModel(rng=5, n_states=3, **{**only("arms"), **knobs})
        before = model.rng.bit_generator.state
        perception.perceive(model)
        assert model.rng.bit_generator.state == before


class Sentry(Doctrine):
    """A test doctrine that reads only state 0's posture as benign, and says so in booleans; it does
    not trust security communities."""

    name = "sentry"
    classifier = {"gains": "none", "threat": "capabilities"}
    knobs = knob_table(*richardson_knobs(reaction=0.5, fatigue=0.3, grievance=0.02),
                       *belief_knobs(prior=0.2, empathy=0.0, source="a test"))

    def benign(self, model, rows):
        return np.arange(model.n)[None, :] == 0

    def cooperate(self, model, rows):
        return np.ones_like(model.seen[rows])

    def resists(self):
        return True


def test_a_community_holding_every_state_spares_its_members_but_not_a_doctrine_that_ignores_it(
        monkeypatch):
    """Four states, win-win A and B, sentries C and D (a doctrine registered after win-win), arms
    0.1, 0.2, 0.3, 0.4; every state in the community (set by hand). Win-win states trust the
    community, so their threat is 0 (without it, it would not be: distinguishability 0.5 discounts
    their neighbours' arms by half at most). The sentries do not; they read A's posture as benign
    (benign() in booleans, True for A only): A's arms count 1 − 0.5 · 1 = 0.5, the others' in full,
    over three neighbours each:

        C: (0.5 · 0.1 + 0.2 + 0.4) / 3 = 0.65 / 3,    D: (0.5 · 0.1 + 0.2 + 0.3) / 3 = 0.55 / 3."""
    monkeypatch.setitem(DOCTRINES, "sentry", Sentry)
    states = [dict(name=name, doctrine=doctrine) for name, doctrine in
              (("A", "win_win"), ("B", "win_win"), ("C", "sentry"), ("D", "sentry"))]
    model = DiplomacyModel(rng=0, states=states, **only("arms"), noise=0.0, distinguishability=0.5)
    model.military[:] = [0.1, 0.2, 0.3, 0.4]
    assert perception.perceive(model).threat[:2].min() > 0  # outside a community, win-win counts arms
    model.community[:] = True
    threat = perception.perceive(model).threat
    assert threat.tolist() == pytest.approx([0.0, 0.0, 0.65 / 3, 0.55 / 3])
