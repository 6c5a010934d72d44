"""The win-win doctrine: generous tit-for-tat, unconditional cooperation, a minimum force,
sufficiency; no rule protects it that other doctrines lack."""

import pytest

from detente.model import DiplomacyModel

from helpers import only


def _win_win(n=30, **knobs):
    model = DiplomacyModel(rng=0, n_states=n, doctrine="win_win", **only("game"), **knobs)
    return model, model.doctrine_list[1]


def test_reciprocates_defection_and_forgives_at_the_generosity_rate():
    model, doctrine = _win_win(generosity=0.3)
    model.seen[:] = False  # every neighbour defected last year
    moves = doctrine.cooperate(model, slice(None))[model.adjacency]
    assert moves.mean() == pytest.approx(0.3, abs=0.03)  # 870 dyads: 3 s.e. ≈ 0.047
    model.seen[:] = True
    assert doctrine.cooperate(model, slice(None))[model.adjacency].all()


def test_without_retaliation_always_cooperates_and_never_uses_force():
    model, doctrine = _win_win(**{"win_win.retaliation": False})
    model.seen[:] = False
    assert doctrine.cooperate(model, slice(None))[model.adjacency].all()
    assert not doctrine.resists()


def test_keeps_a_minimum_force_and_does_not_disarm():
    """A community of trusting win-win states sees no threat, yet keeps 1 % of its wealth in arms
    (of the wealth it had when it set them: the burden on this year's wealth is 1 %/(1 + growth))."""
    model = DiplomacyModel(rng=0, n_states=10, doctrine="win_win", prior_trust=0.9)
    model.run_for(60)
    assert model.outputs["community_size"] == 10
    assert model.military == pytest.approx(0.01 * model.wealth_prev)


def test_defends_and_strikes_first_in_fear_like_anyone():
    """Win-win security seekers in deep mistrust where offence dominates pre-empt as zero-sum ones do:
    the doctrine is not exempt from the war mechanism."""
    model = DiplomacyModel(rng=0, n_states=10, doctrine="win_win", prior_trust=0.01, crisis_rate=2.0,
                           offense_dominance=2.0, distinguishability=0.0, **only("war"))
    model.run_for(30)
    assert model.datacollector.get_model_vars_dataframe().preemptive_wars.sum() > 0


def test_a_greedy_win_win_state_demands_like_a_greedy_zero_sum_one():
    counts = []
    for doctrine in ("win_win", "zero_sum"):
        states = [dict(name="Greedy", doctrine=doctrine, dissatisfaction=0.9, wealth=3.0),
                  dict(name="Small", doctrine="zero_sum", wealth=1.0)]
        model = DiplomacyModel(rng=0, states=states, crisis_rate=2.0, **only("war"))
        model.run_for(30)
        world = model.datacollector.get_model_vars_dataframe()
        counts.append(world.coercions.sum() + world.demand_wars.sum())
    assert counts[0] > 0 and counts[0] == counts[1]
