"""Mechanism 5: crises, coercion, war and conquest."""

import numpy as np
import pytest

from detente.model import DiplomacyModel
from detente.model.mechanisms import perception, war

from helpers import only


def _crisis_world(n=30, **knobs):
    model = DiplomacyModel(rng=1, n_states=n, **{**only("war"), **knobs})
    model.step()
    return model


def test_crisis_frequency_matches_the_hazard():
    # full mistrust, no arms, no parity risk: h = crisis_rate * od * share * 1 per dyad
    model = _crisis_world(initial_trust=0.0, initial_burden=0.0, crisis_rate=0.5)
    expected = model.edges.shape[0] * (1 - np.exp(-0.5 * model.edge_share[0]))
    counts = [war.crises(model)[0].size for _ in range(3000)]
    assert np.mean(counts) == pytest.approx(expected, rel=0.03)  # 3000 years: s.e. ≈ 1 %


def test_win_win_states_settle_every_crisis():
    model = DiplomacyModel(rng=0, n_states=10, doctrine="win_win", initial_trust=0.0, crisis_rate=2.0,
                           **only("war"))
    model.run_for(30)
    world = model.datacollector.get_model_vars_dataframe()
    assert world.crises.sum() > 0 and world.wars.sum() == 0


def test_a_non_resisting_state_pays_tribute_to_a_coercer():
    states = [dict(name="Bully", dissatisfaction=1.0, wealth=1.0, arms=0.3),
              dict(name="Meek", doctrine="win_win", wealth=1.0)]
    model = DiplomacyModel(rng=0, states=states, initial_trust=0.0, crisis_rate=5.0, war_spoils=0.2,
                           **{"win_win.retaliation": False}, **only("war"))
    model.run_for(20)
    world = model.datacollector.get_model_vars_dataframe()
    assert world.coercions.sum() > 0 and world.wars.sum() == 0
    assert model.wealth[0] > 1.0 > model.wealth[1]
    assert model.wealth.sum() == pytest.approx(2.0)  # tribute moves wealth, destroys none


def test_war_destroys_cost_of_war_on_both_sides_and_spoils_go_to_the_winner():
    states = [dict(name="Strong", arms=0.3), dict(name="Weak", arms=0.0)]
    model = DiplomacyModel(rng=0, states=states, initial_trust=0.0, crisis_rate=5.0, cost_of_war=0.1,
                           war_spoils=0.2, noise=0.0, **only("war"))
    model.step()
    view = perception.perceive(model)
    conflicts = [war.resolve(model, view) for _ in range(200)]
    fought = [c for c in conflicts if c.wars]
    assert fought, "a strong zero-sum state in constant crisis with a weak one must fight"
    wealth = model.wealth
    for conflict in fought:
        winner, loser = conflict.winners[0], conflict.losers[0]
        assert conflict.wealth_change.sum() == pytest.approx(-0.1 * wealth.sum())
        spoils = 0.2 * 0.9 * wealth[loser]
        assert conflict.wealth_change[winner] == pytest.approx(-0.1 * wealth[winner] + spoils)
        assert conflict.arms_lost == pytest.approx(0.1 * model.military)
    # the strong side wins more often than not (power ratio and attacker's edge)
    assert np.mean([c.winners[0] == 0 for c in fought]) > 0.5


def test_security_community_members_never_fight():
    model = DiplomacyModel(rng=0, n_states=6, doctrine="win_win", initial_trust=0.0, crisis_rate=5.0,
                           **only("war"))
    model.step()
    model.community[:] = True
    i, _ = war.crises(model)
    assert i.size == 0


def test_war_off_means_no_crises():
    model = DiplomacyModel(rng=0, n_states=8, war=False, initial_trust=0.0, offense_dominance=5.0)
    model.run_for(50)
    world = model.datacollector.get_model_vars_dataframe()
    assert world.crises.sum() == 0 and model.outputs["states_alive"] == 8
