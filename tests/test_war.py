"""Mechanism: crises, bargaining (demand, pre-emption, prevention), coercion, war and conquest."""

import math

import numpy as np
import pytest

from detente.model import DiplomacyModel
from detente.model.mechanisms import war, war_kernel

from helpers import only


def _world(n=2, states=None, years=30, **knobs):
    model = DiplomacyModel(rng=0, n_states=n, states=states, **{**only("war"), **knobs})
    model.run_for(years)
    return model, model.datacollector.get_model_vars_dataframe()


def test_crisis_frequency_matches_the_hazard():
    """Trust at 0.01 (mistrust 0.99), no arms, no greed: h = crisis_rate · share · 0.99 per dyad.
    3000 draws of 435 dyads: the mean count has a standard error of about 0.3 %; tolerance 3 %."""
    model, _ = _world(n=30, years=1, prior_trust=0.01, initial_burden=0.0, crisis_rate=0.5)
    expected = model.edges.shape[0] * (1 - np.exp(-0.5 * model.edge_share[0] * 0.99))
    counts = [war.crises(model)[0].size for _ in range(3000)]
    assert np.mean(counts) == pytest.approx(expected, rel=0.03)


def test_offense_dominance_does_not_make_crises_likelier_by_itself():
    """Without arms (no threat, no fear) the hazard is the same at offence dominance 0.5 and 3."""
    rates = []
    for od in (0.5, 3.0):
        model, _ = _world(n=30, years=1, prior_trust=0.01, initial_burden=0.0, crisis_rate=0.5,
                          offense_dominance=od)
        rates.append(np.mean([war.crises(model)[0].size for _ in range(1000)]))
    assert rates[0] == pytest.approx(rates[1], rel=0.05)


def test_security_seekers_never_fight_without_a_first_strike_advantage():
    """Zero-sum security seekers in constant crisis and full mistrust, offence neutral: every crisis
    is settled (no gain tempts them; striking first does not beat waiting)."""
    _, world = _world(n=10, prior_trust=0.01, crisis_rate=2.0, offense_dominance=1.0)
    assert world.crises.sum() > 50 and world.wars.sum() == 0 and world.coercions.sum() == 0


def test_security_seekers_strike_first_out_of_fear_where_offence_dominates():
    """The same states with offence twice as strong and postures indistinguishable pre-empt; no
    war is fought for gain."""
    _, world = _world(n=10, prior_trust=0.01, crisis_rate=2.0, offense_dominance=2.0,
                      distinguishability=0.0)
    assert world.preemptive_wars.sum() > 0
    assert world.demand_wars.sum() == 0 and world.wars.sum() == world.preemptive_wars.sum() + \
        world.preventive_wars.sum()


def _pair_bargain(trust, od=2.0, distinguishability=0.0, greed=(0.0, 0.0), misread=(0.0, 0.0),
                  wealth=(1.0, 1.0), power=(0.1, 0.1), resists=(True, True)):
    """war_kernel.bargain over one crisis between states 0 and 1 (spoils 0.2, cost 0.1, floor 0.15)."""
    f = np.array
    return war_kernel.bargain(
        f([0]), f([1]), f(power, dtype=float), np.zeros(2), f(wealth, dtype=float), f(wealth, dtype=float),
        f(greed, dtype=float), f([[0.5, trust], [trust, 0.5]]), f([1.0, 1.0]), f(resists),
        f(misread, dtype=float), f([[0.0, 0.0], [1.0, 0.0]]), od, distinguishability, 0.0, 0.2, 0.1,
        0.15, 10.0)


def test_pre_emption_exactly_when_striking_first_beats_waiting():
    """Equal states, od = 2, no visible defence: p1 = 2/3 (striking first), p2 = 1/3 (struck first),
    L = 0.2 · 0.9 = 0.18, C = 0.1. Strike iff −(1 − p1)L − C > q·(−(1 − p2)L − C), q = 1 − trust:
    0.16 < 0.22·q, i.e. trust < 1 − 0.16/0.22 = 0.2727."""
    kind, actor, target, first, cause, tribute = _pair_bargain(trust=0.27)
    assert kind[0] == war.WAR and cause[0] == war.PREEMPTION and first[0] == (False)  # both strike
    kind, *_ = _pair_bargain(trust=0.28)
    assert kind[0] == war.SETTLED


def test_a_greedy_demand_is_conceded_under_perfect_information():
    """State 0 (d = 0.9: appetite 9) against an equal state, od = 1: V0 = 9 · 0.5 · 0.18 − 0.09 − 0.1
    > 0, so it demands 0.5 · 0.18 + 0.1 = 0.19; state 1's reservation is (1 − 0.5) · 0.18 + 0.1 = 0.19:
    it pays rather than fight (Fearon 1995)."""
    kind, actor, target, first, cause, tribute = _pair_bargain(trust=0.5, od=1.0, greed=(0.9, 0.0))
    assert kind[0] == war.COERCED and actor[0] == 0 and tribute[0] == pytest.approx(0.19)


def test_a_greedy_demand_misjudged_ends_in_war():
    """The same demand made by a state that misjudges its rival's power as half what it is: it
    demands 2/3 · 0.18 + 0.1 = 0.22 > 0.19, the rival refuses, and the demander attacks."""
    kind, actor, target, first, cause, tribute = _pair_bargain(trust=0.5, od=1.0, greed=(0.9, 0.0),
                                                               misread=(-0.5, 0.0))
    assert kind[0] == war.WAR and cause[0] == war.DEMAND and actor[0] == 0 and first[0]


def test_a_state_that_never_resists_pays_whatever_is_demanded_and_never_strikes():
    kind, actor, target, _, _, tribute = _pair_bargain(trust=0.01, od=1.0, greed=(0.5, 0.0),
                                                       resists=(True, False))
    assert kind[0] == war.COERCED and target[0] == 1 and tribute[0] == pytest.approx(0.2)
    kind, *_ = _pair_bargain(trust=0.01, od=3.0, resists=(False, False))
    assert kind[0] == war.SETTLED


def test_a_declining_state_strikes_before_its_window_closes():
    """State 0 is eight times as strong (p = 0.889, no edge at od = 1), but its economy shrank by a
    fifth last year while state 1's grew by a quarter (the most a year counts): over 10 years their
    powers become 0.4 · 0.8^10 and 0.05 · 1.25^10, and 0's odds fall to 0.084. With full distrust the
    window costs 0.805 · L = 0.805 · 0.18 = 0.145 > −V0 = 0.111 · 0.18 + 0.1 = 0.120: it strikes.
    Costlier war (0.2: 0.805 · 0.16 = 0.129 < 0.111 · 0.16 + 0.2) or half the distrust (0.072):
    it waits."""
    def bargain(cost, trust):
        f = np.array
        return war_kernel.bargain(f([0]), f([1]), f([0.4, 0.05]), np.zeros(2), f([1.0, 1.0]), f([1.25, 0.8]),
                               f([0.0, 0.0]), f([[0.5, trust], [1.0, 0.5]]), f([1.0, 1.0]),
                               f([True, True]), f([0.0, 0.0]), f([[0.0, 0.0], [1.0, 0.0]]), 1.0,
                               0.0, 0.0, 0.2, cost, 0.0, 10.0)
    kind, actor, _, first, cause, _ = bargain(0.1, trust=0.0)
    assert kind[0] == war.WAR and cause[0] == war.PREVENTION and actor[0] == 0 and first[0]
    assert bargain(0.2, trust=0.0)[0][0] == war.SETTLED
    assert bargain(0.1, trust=0.5)[0][0] == war.SETTLED


def test_war_destroys_cost_of_war_on_both_sides_and_spoils_go_to_the_winner():
    """Security seekers in deep mistrust where offence dominates fight pre-emptive wars; each war
    destroys cost_of_war of both sides' wealth and arms, and the winner takes war_spoils of what the
    loser has left, but no more than that share of what it has left itself (Liberman 1996)."""
    model, _ = _world(n=2, years=1, prior_trust=0.01, crisis_rate=5.0, cost_of_war=0.1,
                      war_spoils=0.2, offense_dominance=2.0, distinguishability=0.0)
    conflicts = [war.resolve(model, 0.0) for _ in range(200)]
    fought = [c for c in conflicts if c.wars]
    assert fought
    wealth = model.wealth
    for conflict in fought:
        winner, loser = conflict.winners[0], conflict.losers[0]
        assert conflict.wealth_change.sum() == pytest.approx(-0.1 * wealth.sum())
        spoils = 0.2 * 0.9 * min(wealth[loser], wealth[winner])  # no more than the victor's own share
        assert conflict.wealth_change[winner] == pytest.approx(-0.1 * wealth[winner] + spoils)
        assert conflict.wealth_change[loser] == pytest.approx(-0.1 * wealth[loser] - spoils)
        assert conflict.arms_lost == pytest.approx(0.1 * model.military)


def test_tribute_moves_wealth_and_destroys_none():
    states = [dict(name="Bully", dissatisfaction=0.9, wealth=1.0, arms=0.3),
              dict(name="Meek", doctrine="win_win", wealth=1.0)]
    model, world = _world(states=states, prior_trust=0.01, crisis_rate=5.0,
                          **{"win_win.retaliation": False})
    assert world.coercions.sum() > 0 and world.wars.sum() == 0
    assert model.wealth[0] > 1.0 > model.wealth[1]
    assert model.wealth.sum() == pytest.approx(2.0)


def test_security_community_members_never_fight():
    model, _ = _world(n=6, years=1, doctrine="win_win", prior_trust=0.01, crisis_rate=5.0)
    model.community[:] = True
    assert war.crises(model)[0].size == 0


def test_war_off_means_no_crises():
    model = DiplomacyModel(rng=0, n_states=8, war=False, prior_trust=0.01, offense_dominance=5.0,
                           dissatisfaction=0.9)
    model.run_for(50)
    world = model.datacollector.get_model_vars_dataframe()
    assert world.crises.sum() == 0 and model.outputs["states_alive"] == 8
    assert (world.peace_share == 1.0).all()


def test_war_causes_add_up_and_peace_share_counts_crises():
    model = DiplomacyModel(rng=3, n_states=12, dissatisfaction=0.6, crisis_rate=1.0,
                           offense_dominance=1.5, distinguishability=0.2)
    model.run_for(60)
    world = model.datacollector.get_model_vars_dataframe().iloc[1:]
    causes = world.demand_wars + world.preemptive_wars + world.preventive_wars
    assert (causes == world.wars).all() and (world.war_onsets == world.wars).all() and world.wars.sum() > 0
    assert ((world.peace_share >= 0) & (world.peace_share <= 1)).all()
    assert math.isclose(world.peace_share.iloc[0], 1 - world.crises.iloc[0] / 66)


def test_each_crisis_outcome_is_named_and_matches_the_years_counts():
    output_of = {"demand": "demand_wars", "preemption": "preemptive_wars",
                 "prevention": "preventive_wars"}
    model = DiplomacyModel(rng=3, n_states=12, dissatisfaction=0.6, crisis_rate=1.0,
                           offense_dominance=1.5, distinguishability=0.2)
    names, total = set(model.agents.get("name")), 0
    for _ in range(60):
        model.step()
        outcomes, counts = model.crisis_outcomes, model.outputs
        assert len(outcomes) == counts["crises"]
        fought = [o for o in outcomes if o.outcome == "war"]
        assert len(fought) == counts["wars"] == len(model.wars_fought)
        assert sum(o.outcome == "coerced" for o in outcomes) == counts["coercions"]
        for cause, output in output_of.items():
            assert sum(o.cause == cause for o in fought) == counts[output]
        losers = [o.target if o.winner == o.actor else o.actor for o in fought]
        assert [(o.winner, loser) for o, loser in zip(fought, losers)] == model.wars_fought
        assert all({o.actor, o.target} <= names for o in outcomes)
        total += len(fought)
    assert total > 0
