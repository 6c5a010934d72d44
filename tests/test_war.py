"""Mechanism: crises, bargaining (demand, pre-emption, prevention), coercion, war and conquest."""

import math

import numpy as np
import pytest

from detente.model import DiplomacyModel
from detente.model.mechanisms import MECHANISMS, Year, fronts, war, war_kernel

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


# --- scripted worlds: named states, the year's crises and draws given, so that every outcome can
# be worked out by hand (latent_power 0: a state's power is its arms)

class Draws:
    """The model's generator replaced by the draws a test scripts: ``uniform`` handed out in order
    by ``random``, ``normal`` by ``standard_normal``. Asking for a draw that was not scripted fails
    the test: a test states every draw the year takes."""

    def __init__(self, uniform=(), normal=()):
        self.uniform, self.normal = list(uniform), list(normal)

    def random(self, size):
        taken, self.uniform = self.uniform[:size], self.uniform[size:]
        assert len(taken) == size, f"a uniform draw that was not scripted ({size} asked for)"
        return np.array(taken, dtype=float)

    def standard_normal(self, size):
        taken, self.normal = self.normal[:size], self.normal[size:]
        assert len(taken) == size, f"a normal draw that was not scripted ({size} asked for)"
        return np.array(taken, dtype=float)

    def spent(self):
        return not (self.uniform or self.normal)


def _scripted(states, edges, **knobs):
    """Named states (wealth, arms, dissatisfaction) on the given edges, with only the war mechanism
    (and any switched on in ``knobs``), power = arms."""
    specs = [dict(name=name, wealth=wealth, arms=arms, dissatisfaction=greed)
             for name, wealth, arms, greed in states]
    return DiplomacyModel(rng=0, states=specs, network=edges, latent_power=0.0,
                          **{**only("war"), **knobs})


def _in_crisis(monkeypatch, *dyads):
    """The year's crises are the dyads given (the hazard draw is tested above)."""
    i, j = (np.array(side, dtype=np.int64) for side in zip(*dyads)) if dyads else (war._EMPTY, war._EMPTY)
    monkeypatch.setattr(war, "crises", lambda model: (i, j))


def _year_of(model, conflict):
    year = Year(model)
    year.decided["war"] = conflict
    return year


def test_a_year_of_settled_crises_names_them_marks_the_dyads_hostile_and_counts_no_war(monkeypatch):
    """Three security seekers in a triangle that trust each other (0.9), offence neutral: the
    crises A–B and B–C are settled (striking first never beats waiting at offence dominance 1,
    and there is no window to close). Nothing is drawn. Each is reported as settled with A and B
    as its sides (A, with arms 0.1 against B's 0.2, the weaker), the two dyads are hostile this
    year, and the year's outputs count 2 crises of 3 dyads (peace share 1/3) and nothing else. The
    next year, without crises, no dyad is hostile and the peace share is 1."""
    model = _scripted([("A", 1.0, 0.1, 0.0), ("B", 1.0, 0.2, 0.0), ("C", 1.0, 0.3, 0.0)],
                      [(0, 1), (1, 2), (0, 2)])
    model.trust[:] = 0.9
    model.rng = Draws()
    _in_crisis(monkeypatch, (0, 1), (1, 2))
    conflict = war.resolve(model, 0.0)
    assert conflict.kind.tolist() == [war.SETTLED] * 2 and conflict.cause.tolist() == [war.NO_WAR] * 2
    assert conflict.actor.tolist() == [0, 1] and conflict.target.tolist() == [1, 2]
    assert conflict.dyads == 3 and conflict.count(war.SETTLED) == 2 and conflict.wars == 0
    year = _year_of(model, conflict)
    mechanism = MECHANISMS["war"]
    mechanism.apply(model, year)
    assert list(model.crisis_outcomes) == [war.CrisisOutcome("settled", "A", "B", None, True, None),
                                           war.CrisisOutcome("settled", "B", "C", None, True, None)]
    assert np.argwhere(model.hostile).tolist() == [[0, 1], [1, 0], [1, 2], [2, 1]]
    assert model.wars_fought == [] and model.allies_fought == []
    assert mechanism.report(model, year) == pytest.approx(
        {"crises": 2, "wars": 0, "war_onsets": 0, "demand_wars": 0, "preemptive_wars": 0,
         "preventive_wars": 0, "coercions": 0, "war_losses": 0.0, "peace_share": 1 / 3,
         "largest_war": 0.0, "war_severity": 0.0, "allies_came": 0, "allies_stayed_out": 0,
         "states_at_war": 0})
    _in_crisis(monkeypatch)
    calm = war.resolve(model, 0.0)
    assert calm.crises == 0 and calm.dyads == 3
    year = _year_of(model, calm)
    mechanism.apply(model, year)
    assert not model.hostile.any() and len(model.crisis_outcomes) == 0
    assert mechanism.report(model, year)["peace_share"] == 1.0 and model.rng.spent()


def test_misjudgement_is_drawn_only_with_perception_on_and_can_turn_a_demand_into_war(monkeypatch):
    """A (dissatisfaction 0.9: appetite 9) and B (a security seeker), equal (wealth 1, arms 0.1),
    offence neutral, trust 0.5. Read truly, A demands p1·L + C = 0.5 · 0.18 + 0.1 = 0.19 and B's
    reservation is (1 − 0.5) · 0.18 + 0.1 = 0.19: B pays it (coercion; no draw is taken, not even
    for misjudgement). With perception on and misjudgement 0.1, the normal draws −3 (A's reading
    of B) and 1 (B's of A) make A read B's power as 0.7 of it, p1 = 1/1.7, and demand
    min(0.18/1.7 + 0.1, 0.2 · 1) = 0.2, while B reads A's as 1.1 of it: p2 = 1/2.1, reservation
    (1.1/2.1) · 0.18 + 0.1 = 0.1943 < 0.2: B refuses and A attacks (a war by demand). A's odds are
    0.1/(0.1 + 0.1) = ½, and it wins on a draw below ½ only: on a draw of exactly ½ B wins and takes
    0.2 · 0.9 = 0.18 of A."""
    states = [("A", 1.0, 0.1, 0.9), ("B", 1.0, 0.1, 0.0)]
    _in_crisis(monkeypatch, (0, 1))
    mechanism = MECHANISMS["war"]
    model = _scripted(states, [(0, 1)], offense_dominance=1.0)
    model.trust[:] = 0.5
    model.rng = Draws()
    year = Year(model)
    conflict = mechanism.decide(model, year)
    assert conflict.kind.tolist() == [war.COERCED] and model.rng.spent()
    assert [a.tolist() for a in year.payments] == [[1], [0], [pytest.approx(0.19)]]
    model = _scripted(states, [(0, 1)], offense_dominance=1.0, misjudgement=0.1,
                      perception=True)
    model.trust[:] = 0.5
    model.rng = Draws(uniform=[0.5], normal=[-3.0, 1.0])
    year = Year(model)
    conflict = mechanism.decide(model, year)
    assert conflict.kind.tolist() == [war.WAR] and conflict.cause.tolist() == [war.DEMAND]
    assert conflict.actor.tolist() == [0] and model.rng.spent()
    assert conflict.winners.tolist() == [1] and conflict.losers.tolist() == [0]
    assert [a.tolist() for a in year.payments] == [[0], [1], [pytest.approx(0.18)]]
    np.testing.assert_allclose(year.wealth_change, [-0.1 - 0.18, -0.1 + 0.18])


def test_a_declining_states_preventive_war_is_counted_and_named(monkeypatch):
    """The window of test_a_declining_state_strikes_before_its_window_closes in a world: A (arms
    0.4) grew from 1.25 to 1, B (arms 0.05) from 0.8 to 1; with trust 0.01 the window costs A
    0.99 · 0.805 · 0.18 = 0.143 > 0.12: it strikes (prevention). Its odds are 0.4/0.45: a draw of
    0.5 is a win; it takes 0.2 · 0.9 = 0.18 of B, and the war destroys 0.1 · (1 + 1) = 0.2. The
    year reports one crisis of one dyad, one preventive war of two states, ended in its year."""
    model = _scripted([("A", 1.0, 0.4, 0.0), ("B", 1.0, 0.05, 0.0)], [(0, 1)])
    model.wealth_prev = np.array([1.25, 0.8])
    model.trust[:] = 0.01
    model.rng = Draws(uniform=[0.5])
    _in_crisis(monkeypatch, (0, 1))
    mechanism = MECHANISMS["war"]
    year = Year(model)
    conflict = year.decided["war"] = mechanism.decide(model, year)
    mechanism.apply(model, year)
    assert list(model.crisis_outcomes) == [war.CrisisOutcome("war", "A", "B", "prevention", False, "A")]
    assert model.wars_fought == [("A", "B")] and model.wars_begun == 1
    assert conflict.severity.tolist() == [pytest.approx(0.2)]
    assert mechanism.report(model, year) == pytest.approx(
        {"crises": 1, "wars": 1, "war_onsets": 1, "demand_wars": 0, "preemptive_wars": 0,
         "preventive_wars": 1, "coercions": 0, "war_losses": 0.2, "peace_share": 0.0,
         "largest_war": 0.2, "war_severity": 0.2, "allies_came": 0, "allies_stayed_out": 0,
         "states_at_war": 2})


def test_allies_that_come_fight_pay_and_are_counted_and_one_that_does_not_is_a_default(monkeypatch):
    """A and B (wealth 2, arms 0.2), security seekers in deep mistrust (trust 0.01) where offence
    dominates (2, postures indistinguishable), both strike at once (as in
    test_pre_emption_exactly_when_striking_first_beats_waiting, scaled): a pre-emptive war, A the
    actor, neither with the first-strike edge. A counts on C (wealth 1.5, arms 0.1) and E (wealth
    1, arms 0.05), B on D (wealth 4, arms 0.5), each honoured with reliability 0.75: the draws 0.5
    (C), 0.8 (E) and 0.1 (D) bring C and D; E defaults. A's side has 0.2 + 0.1, B's 0.2 + 0.5:
    A's odds 0.3 (without its partners, or with the edge it does not have, ½ and 0.6/1.3): a draw
    of 0.35 is B's. Each fighter loses 0.1 of its wealth and arms; B takes 0.2 · min(1.8, 1.8) =
    0.36 of A; the partners share the costs, not the spoils. The war destroys 0.1 · (2 + 2 + 1.5
    + 4) = 0.95; it has 4 states (E stayed out)."""
    model = _scripted([("A", 2.0, 0.2, 0.0), ("B", 2.0, 0.2, 0.0), ("C", 1.5, 0.1, 0.0),
                       ("D", 4.0, 0.5, 0.0), ("E", 1.0, 0.05, 0.0)],
                      [(0, 1), (0, 2), (0, 4), (1, 3), (2, 3)], offense_dominance=2.0,
                      distinguishability=0.0)
    model.trust[:] = 0.01
    model.rng = Draws(uniform=[0.5, 0.8, 0.1, 0.35])
    _in_crisis(monkeypatch, (0, 1))
    year = Year(model)
    year.partners = np.zeros((5, 5), dtype=bool)
    year.partners[0, 2] = year.partners[0, 4] = year.partners[1, 3] = True
    year.reliability = 0.75
    conflict = war.resolve(model, 0.0, year)
    assert model.rng.spent()
    assert conflict.kind.tolist() == [war.WAR] and conflict.cause.tolist() == [war.PREEMPTION]
    assert conflict.actor.tolist() == [0] and conflict.winners.tolist() == [1]
    assert conflict.joined.tolist() == [2, 3] and conflict.joined_to.tolist() == [0, 1]
    assert [c.tolist() for c in conflict.came] == [[2, 3]]
    assert [d.tolist() for d in conflict.defaults] == [[0], [4]]
    np.testing.assert_allclose(conflict.wealth_change, [-0.2 - 0.36, -0.2 + 0.36, -0.15, -0.4, 0.0])
    np.testing.assert_allclose(conflict.war_losses, [0.2, 0.2, 0.15, 0.4, 0.0])
    np.testing.assert_allclose(conflict.arms_lost, [0.02, 0.02, 0.01, 0.05, 0.0])
    np.testing.assert_allclose(conflict.spoils, [-0.36, 0.36, 0.0, 0.0, 0.0])
    assert conflict.tribute.tolist() == [0.0] * 5
    assert [a.tolist() for a in conflict.payments] == [[0], [1], [pytest.approx(0.36)]]
    assert conflict.severity.tolist() == [pytest.approx(0.95)] and conflict.destroyed == pytest.approx(0.95)
    mechanism = MECHANISMS["war"]
    year.decided["war"] = conflict
    mechanism.apply(model, year)
    assert model.wars_fought == [("B", "A")] and model.allies_fought == [("C", "A"), ("D", "B")]
    assert model.wars_begun == 1 and model.hostile[0, 1] and model.hostile[1, 0]
    (record,) = model.war_records
    assert (record.winner, record.loser, record.states, record.ended) == ("B", "A", 4, "campaign")
    assert mechanism.report(model, year) == pytest.approx(
        {"crises": 1, "wars": 1, "war_onsets": 1, "demand_wars": 0, "preemptive_wars": 1,
         "preventive_wars": 0, "coercions": 0, "war_losses": 0.95, "peace_share": 0.8,
         "largest_war": 0.95, "war_severity": 0.95, "allies_came": 2, "allies_stayed_out": 1,
         "states_at_war": 4})


def test_in_a_protracted_war_misjudgement_fades_a_campaign_takes_nothing_and_an_ally_weighs_coming(
        monkeypatch):
    """A (greedy, 0.9) and B have been at war for three years (protracted wars): their readings'
    errors are scaled by 1/√(1 + 3) = ½. Misjudgement 0.1 and the normal draws −2 (A's) and 1.4
    (B's) give errors −0.1 and 0.07: A demands 0.18/1.9 + 0.1 = 0.1947, more than B's reservation
    0.18 · (1.07/2.07) + 0.1 = 0.1930: the war goes on (by demand). (Errors scaled by 2 instead,
    −0.4 and 0.28, would make B concede: A's demand is capped at 0.2 ≤ 0.2011.) C counts
    with B, weighs its commitment (a self-help ally), and comes: B, alone, would hold with
    1 − 0.1/(0.1 + 0.1) = ½ (offence neutral) and lose 0.2 · 0.9 = 0.18, which reaches C at 1:
    ½ · 0.18 = 0.09 ≥ 0.1 · 0.8, the cost to C. With C beside it B's side has 0.15: A's odds 0.4,
    and the draw 0.45 is B's. The campaign destroys 0.1 of each fighter's wealth (C's too) and
    transfers nothing: terms come when the war ends. No one is exhausted."""
    model = _scripted([("A", 1.0, 0.1, 0.9), ("B", 1.0, 0.1, 0.0), ("C", 0.8, 0.05, 0.0)],
                      [(0, 1), (1, 2)], offense_dominance=1.0, misjudgement=0.1,
                      protracted_wars=True, perception=True)
    model.trust[:] = 0.5
    model.open_wars[0] = fronts.OpenWar(model.year - 3, "A", "B", "demand", {"A", "B"})
    model.front[0, 1] = model.front[1, 0] = 0
    model.war_wealth = np.array([1.2, 1.1, 0.0])  # neither has lost 0.3 of it
    model.rng = Draws(uniform=[0.3, 0.45], normal=[-2.0, 1.4])
    _in_crisis(monkeypatch, (0, 1))
    year = Year(model)
    year.partners = np.zeros((3, 3), dtype=bool)
    year.partners[1, 2] = True
    year.reliability, year.weighs = 1.0, np.array([True, True, True])
    conflict = MECHANISMS["war"].decide(model, year)
    assert model.rng.spent()
    assert conflict.kind.tolist() == [war.WAR] and conflict.cause.tolist() == [war.DEMAND]
    assert conflict.joined.tolist() == [2] and conflict.joined_to.tolist() == [1]
    assert conflict.winners.tolist() == [1] and conflict.tired.tolist() == [False, False, False]
    np.testing.assert_allclose(conflict.wealth_change, [-0.1, -0.1, -0.08])
    assert conflict.spoils.tolist() == [0.0] * 3 and conflict.payments[2].tolist() == [0.0]
    assert conflict.severity.tolist() == [pytest.approx(0.28)]


def _at_war(gains_by_reach=True):
    """Two wars: 0 (power 2, wealth 20) struck 1 (power 1, wealth 10) first, 6 struck 7; offence
    dominance 2, no distance decay, postures indistinguishable, spoils 0.2, cost 0.1, floor 0.15."""
    wealth = [20.0, 10.0, 26.0, 10.0, 10.0, 40.0, 5.0, 5.0]
    model = _scripted([(f"S{k}", w, 0.0, 0.0) for k, w in enumerate(wealth)], [(0, 1), (6, 7)],
                      offense_dominance=2.0, distinguishability=0.0, war_spoils=0.2, cost_of_war=0.1,
                      absorb_floor=0.15, gains_by_reach=gains_by_reach, alliances=True)
    year = Year(model)
    year.partners = np.zeros((8, 8), dtype=bool)
    year.partners[0, [3, 4]] = year.partners[1, [2, 5]] = year.partners[6, 0] = True
    year.reliability = 1.0
    year.weighs = np.array([False, False, True, True, False, True, False, False])
    power = np.array([2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    (states, partners), (betrayed, defaulters) = war._put_to_the_test(
        model, year, np.array([0, 6]), np.array([1, 7]), np.array([True, True]), power)
    return (list(zip(states.tolist(), partners.tolist())),
            list(zip(betrayed.tolist(), defaulters.tolist())))


def test_a_self_help_ally_comes_if_its_partner_would_fall_to_a_power_that_reaches_it():
    """Each state at war is put to the test once (in index order: 0, 1, 6). 0 struck 1 with the
    edge: 1 alone holds with 1 − 4/(4 + 1) = 0.2 and would lose 0.2 · min(9, 18) = 1.8 (it keeps
    7.2, more than 0.15 · 19.8: no conquest), 0 wins alone with 4/5 and would lose 1.8 too. A
    self-help partner comes if that danger times the stake times the opponent's reach (2) is at
    least 0.1 of its wealth: 1's partner 2 (wealth 26): 0.8 · 1.8 · 2 = 2.88 ≥ 2.6, comes; 1's
    partner 5 (wealth 40): 2.88 < 4, passes the buck; 0's partner 3 (wealth 10): 0.2 · 1.8 · 2 =
    0.72 < 1, passes the buck. 0's partner 4 does not weigh its commitment (collective security)
    and comes, and so does 0 to its partner 6, which is at war with 7 (0 does not weigh). Read as
    the attacker's instead of the defender's, 1's danger would be ½ (1.8 < 2.6); without the edge
    0.67 (2.4 < 2.6); a conquest floor of 1 would make 1's stake all its 9 (5 would come)."""
    came, defaulted = _at_war()
    assert came == [(0, 4), (1, 2), (6, 0)]
    assert defaulted == [(0, 3), (1, 5)]


def test_without_gains_by_reach_a_self_help_ally_weighs_the_gain_by_its_size_alone():
    """The same wars with ``gains_by_reach`` off: the opponent's gain counts at reach 1, so 2
    weighs 0.8 · 1.8 = 1.44 < 2.6 and passes the buck too; the partners that do not weigh come."""
    came, defaulted = _at_war(gains_by_reach=False)
    assert came == [(0, 4), (6, 0)]
    assert defaulted == [(0, 3), (1, 2), (1, 5)]


def test_a_partner_of_reliability_zero_never_comes_whatever_the_draw():
    """A partner honours its commitment on a draw below the reliability: at 0, not even a draw of
    0 brings it; at 0.75 a draw of 0.75 does not either, one just below does."""
    model = _scripted([("A", 1.0, 0.1, 0.0), ("B", 1.0, 0.1, 0.0), ("C", 1.0, 0.1, 0.0)],
                      [(0, 1), (0, 2)])
    year = Year(model)
    year.partners = np.zeros((3, 3), dtype=bool)
    year.partners[0, 2] = True
    for reliability, draw, comes in ((0.0, 0.0, False), (0.75, 0.75, False), (0.75, 0.7499, True)):
        model.rng = Draws(uniform=[draw])
        year.reliability = reliability
        (states, _), (betrayed, _) = war._put_to_the_test(
            model, year, np.array([1]), np.array([0]), np.array([True]), model.power)
        assert (states.tolist(), betrayed.tolist()) == (([0], []) if comes else ([], [0]))


def test_a_front_in_crisis_again_is_counted_once_with_or_without_opportunism(monkeypatch):
    """A and B are at war (protracted); C, greedy, borders both. Every dyad's hazard draw comes up
    (scripted): the front A–B is in crisis once, first, then A–C and B–C. With opportunism C's
    dyads with the two belligerents are in crisis whatever the draw: still once each."""
    for opportunism in (False, True):
        model = _scripted([("A", 1.0, 0.1, 0.0), ("B", 1.0, 0.1, 0.0), ("C", 1.0, 0.1, 0.5)],
                          "complete", protracted_wars=True, opportunism=opportunism)
        model.open_wars[0] = fronts.OpenWar(model.year, "A", "B", "demand", {"A", "B"})
        model.front[0, 1] = model.front[1, 0] = 0
        seen = []

        def every_dyad(model, engaged, seen=seen):
            seen.append(engaged.tolist())
            return model.edges[:, 0], model.edges[:, 1]

        monkeypatch.setattr(war, "_sampled_crises", every_dyad)
        i, j = war.crises(model)
        assert list(zip(i.tolist(), j.tolist())) == [(0, 1), (0, 2), (1, 2)]
        assert seen == [[True, True, False]]


def test_the_crisis_ceiling_is_the_chance_at_the_largest_share_and_hazard_five():
    """A path A–B–C–D: the end dyads have share 2/(1 + 2) = 2/3, the middle one 2/4; at crisis_rate
    0.3 the ceiling is 1 − exp(−5 · 0.3 · 2/3) = 1 − e^−1. A world without neighbours has none."""
    model = _scripted([(name, 1.0, 0.1, 0.0) for name in "ABCD"], [(0, 1), (1, 2), (2, 3)],
                      crisis_rate=0.3)
    assert war.crisis_ceiling(model) == pytest.approx(1 - math.exp(-1))
    model = _scripted([(name, 1.0, 0.1, 0.0) for name in "ABC"], [])
    assert war.crisis_ceiling(model) == 0.0 and war.crises(model)[0].size == 0


def test_a_world_that_is_one_security_community_draws_nothing_for_crises():
    """No dyad of a single security community can be in crisis, so the candidates are not even
    drawn: the draws the rest of the year takes are those of a world without war."""
    model, _ = _world(n=6, years=1, prior_trust=0.01, crisis_rate=5.0)
    model.community[:] = True
    model.rng = Draws()
    assert war.crises(model)[0].size == 0


def test_power_committed_by_partners_counts_in_the_bargain(monkeypatch):
    """A and B (wealth 1, arms 0.1), security seekers, offence dominance 2, postures
    indistinguishable, trust 0.275: alone, neither strikes (striking first, −(1/3) · 0.18 − 0.1 =
    −0.16, does not beat waiting, 0.725 · (−(2/3) · 0.18 − 0.1) = −0.1595; test_pre_emption_...).
    With 0.1 of power committed to A (``Year.backing``) A counts 0.2 against B's 0.1: striking
    first it wins with 0.4/0.5, struck first with 0.2/0.4, and −0.2 · 0.18 − 0.1 = −0.136 beats
    0.725 · (−0.5 · 0.18 − 0.1) = −0.1378: A strikes (B, counting 0.1 against 0.2, does not). In
    the war the backing counts no more (only partners that come do): A's odds 0.2/0.3, and the
    draw 0.9 is B's."""
    states = [("A", 1.0, 0.1, 0.0), ("B", 1.0, 0.1, 0.0)]
    _in_crisis(monkeypatch, (0, 1))
    for backing in (None, np.array([0.1, 0.0])):
        model = _scripted(states, [(0, 1)], offense_dominance=2.0, distinguishability=0.0)
        model.trust[:] = 0.275
        model.rng = Draws(uniform=[] if backing is None else [0.9])
        year = Year(model)
        year.backing = backing
        conflict = war.resolve(model, 0.0, year)
        assert model.rng.spent()
        if backing is None:
            assert conflict.kind.tolist() == [war.SETTLED]
        else:
            assert conflict.kind.tolist() == [war.WAR] and conflict.cause.tolist() == [war.PREEMPTION]
            assert conflict.actor.tolist() == [0] and conflict.winners.tolist() == [1]
