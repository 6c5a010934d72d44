"""The alliance mechanism (mechanisms/alliances.py): whom a state allies with, what its partners
commit, what a default costs, and what alliances do to a realpolitik world."""

import numpy as np
import pytest

from detente import runs
from detente.model import DiplomacyModel
from detente.model.mechanisms import MECHANISMS, Year
from detente.model.mechanisms import alliances_kernel
from detente.model.mechanisms.alliances import BALANCING, BANDWAGONING, NOT_ALLIED
from detente.model.mechanisms.trust import EVIDENCE
from detente.model.mechanisms.war import WAR, Conflict
from detente.scenarios import load

# four states: 3 is strong; 0, 1 and 2 border it; 0-1 and 1-2 border each other
EDGES = [(0, 3), (1, 3), (2, 3), (0, 1), (1, 2)]


def four_states():
    adjacency = np.zeros((4, 4), dtype=bool)
    for a, b in EDGES:
        adjacency[a, b] = adjacency[b, a] = True
    trust = np.full((4, 4), 0.5)
    trust[:, 3] = 0.2  # everyone fears 3 more than its other neighbours
    return adjacency, adjacency * 1.0, np.array([0.3, 0.5, 0.05, 1.0]), trust


def test_a_threatened_state_balances_with_a_neighbour_of_its_threat_and_a_weak_one_bandwagons():
    """0 (0.3) faces 3 (1.0) alone: it balances with 1, its strongest neighbour that borders 3 and
    fears 3 more than it fears 0. 1 has allied this year already. 2 (0.05) is weaker than
    bandwagon_below (0.25) times 3: it joins 3. 3, with 2 beside it, outweighs its threat (1: 0.5)."""
    adjacency, reach, power, trust = four_states()
    alignment, threats = alliances_kernel.align(
        np.zeros((4, 4), np.int8), adjacency, reach, power, trust, np.zeros((4, 4), bool),
        np.ones(4, bool), 0.25)
    expected = np.zeros((4, 4), np.int8)
    expected[0, 1] = expected[1, 0] = BALANCING
    expected[2, 3] = expected[3, 2] = BANDWAGONING
    np.testing.assert_array_equal(alignment, expected)
    # threats: 0, 1 and 2 each face 3 (1.0 · 0.8 beats 0.5 · 0.5 and the others); 3 faces 1
    # (0.5 · 0.8 = 0.4 against 0 at 0.3 · 0.8 = 0.24)
    np.testing.assert_array_equal(threats, [3, 3, 3, 1])


def test_no_alliance_with_a_state_one_is_in_conflict_with_or_that_fears_one_more_than_the_threat():
    adjacency, reach, power, trust = four_states()
    hostile = np.zeros((4, 4), bool)
    hostile[0, 1] = hostile[1, 0] = True
    alignment, _ = alliances_kernel.align(np.zeros((4, 4), np.int8), adjacency, reach, power, trust,
                                          hostile, np.array([True, False, False, False]), 0.25)
    assert not alignment.any()  # 0's only candidate, 1, is in conflict with it
    trust[1, 0] = 0.1  # 1 fears 0 more than it fears 3
    alignment, _ = alliances_kernel.align(np.zeros((4, 4), np.int8), adjacency, reach, power, trust,
                                          np.zeros((4, 4), bool), np.array([True, False, False, False]), 0.25)
    assert not alignment.any()


def test_partners_are_allies_and_collective_neighbours_and_backing_is_reliability_times_their_power():
    model = DiplomacyModel(rng=0, n_states=4, network=EDGES, alliances=True,
                           doctrine={"zero_sum": 0.5, "win_win": 0.5})
    model.alignment[0, 1] = model.alignment[1, 0] = BALANCING
    year = Year(model)
    alignment = MECHANISMS["alliances"].decide(model, year)
    collective = model.code == [d.name for d in model.doctrine_list].index("win_win")
    fellows = collective[:, None] & collective[None, :] & model.adjacency
    assert alignment[0, 1] == BALANCING and fellows.any()
    np.testing.assert_array_equal(year.partners, (alignment != NOT_ALLIED) | fellows)
    expected = [0.75 * model.power[year.partners[i]].sum() for i in range(4)]
    np.testing.assert_allclose(year.backing, expected, rtol=1e-15)
    np.testing.assert_allclose(alliances_kernel.backing(year.partners, model.power, 0.5),
                               [0.5 * model.power[year.partners[i]].sum() for i in range(4)], rtol=1e-15)


def test_an_ally_that_defaulted_in_a_war_is_dropped_and_distrusted():
    model = DiplomacyModel(rng=1, n_states=4, network="complete", alliances=True)
    model.alignment[0, 1] = model.alignment[1, 0] = BALANCING
    model.alignment[0, 3] = model.alignment[3, 0] = BALANCING
    year = Year(model)
    belief, trust = model.belief.copy(), model.trust.copy()
    year.decided["alliances"] = model.alignment.copy()
    year.decided["trust"] = (belief, trust)
    # 2 attacked 0; of 0's allies, 1 defaulted (3 came)
    year.decided["war"] = Conflict(i=np.array([0]), j=np.array([2]), kind=np.array([WAR]),
                                   actor=np.array([2]), target=np.array([0]), cause=np.array([0]),
                                   winners=np.array([2]), losers=np.array([0]), dyads=6,
                                   defaults=(np.array([0]), np.array([1])))
    before, kept = belief[0, 1], belief[0, 3]
    MECHANISMS["alliances"].apply(model, year)
    assert model.alignment[0, 1] == model.alignment[1, 0] == NOT_ALLIED
    assert model.alignment[0, 3] == BALANCING
    assert belief[0, 1] == pytest.approx(before - model.params.trust_rate * EVIDENCE["defection"])
    assert trust[0, 1] == pytest.approx(1 / (1 + np.exp(-belief[0, 1]))) and belief[0, 3] == kept


EDGE = np.array([True])


def test_partners_put_to_the_test_by_a_war_come_or_default_and_those_that_come_fight_and_pay():
    """With reliability 1 every partner of a state at war comes: it counts in the odds, pays the
    war's cost on its wealth, and the war's record counts it; with reliability 0 all default."""
    from detente.model.mechanisms.war import _put_to_the_test

    model = DiplomacyModel(rng=1, n_states=5, network="complete", alliances=True)
    year = Year(model)
    year.partners = np.zeros((5, 5), bool)
    year.partners[0, 3] = year.partners[1, 4] = year.partners[0, 1] = True  # 0 counts on its opponent
    year.partners[1, 2] = year.partners[0, 2] = True  # 2 is a partner of both sides: stays out
    attacker, defender = np.array([0]), np.array([1])
    year.reliability = 1.0
    (states, partners), (betrayed, _) = _put_to_the_test(model, year, attacker, defender, EDGE, model.power)
    assert sorted(zip(states.tolist(), partners.tolist())) == [(0, 3), (1, 4)] and betrayed.size == 0
    year.reliability = 0.0
    (states, _), (betrayed, defaulter) = _put_to_the_test(model, year, attacker, defender, EDGE, model.power)
    assert states.size == 0 and sorted(zip(betrayed.tolist(), defaulter.tolist())) == [(0, 3), (1, 4)]


def test_alliances_are_off_by_default_and_then_nobody_is_allied():
    model = DiplomacyModel(rng=3, n_states=10)
    assert model.params.alliances is False
    model.run_for(20)
    assert not model.alignment.any()


@pytest.mark.ensemble
def test_in_a_realpolitik_world_alliances_keep_more_states_alive():
    """Balancing keeps the system alive (Waltz 1979; Cusack & Stoll 1990): over 16 seeds x 200 years,
    measured 15.2 states alive without alliances and 19.6 with them (of 20); the test asks for at
    least 2 more on average."""
    alive = {}
    for on in (False, True):
        world, _ = runs.ensemble(load("realpolitik").with_knobs({"alliances": on}), range(16), 200)
        alive[on] = world[world.year == 200].states_alive.mean()
    assert alive[True] >= alive[False] + 2, alive


def test_blocs_are_the_connected_groups_of_allies_and_each_state_reads_its_own():
    alignment = np.zeros((6, 6), np.int8)
    for a, b, how in ((0, 2, BALANCING), (2, 4, BANDWAGONING), (1, 5, BALANCING)):
        alignment[a, b] = alignment[b, a] = how
    labels, count, pairs, balancing = alliances_kernel.blocs(alignment)
    np.testing.assert_array_equal(labels, [0, 1, 0, -1, 0, 1])
    assert (count, pairs, balancing) == (2, 3, 2)
    model = DiplomacyModel(rng=0, n_states=6, network="complete", alliances=True)
    model.alignment = alignment  # (a new matrix, as each year's apply makes)
    assert [state.alliance for state in model.states] == ["S0", "S1", "S0", "", "S0", "S1"]
    report = MECHANISMS["alliances"].report(model, None)
    assert report == {"alliances": 2.0, "allied_share": 5 / 6, "balancing_share": 2 / 3}


@pytest.mark.ensemble
def test_an_aggressor_facing_collective_security_is_deterred_and_defeated_more_often():
    """exploited-idealist/reciprocal with a greedier revisionist (dissatisfaction 0.7): three win-win
    neighbours that defend alone are coerced about 6 times a run and fight about 1.7 wars, of which
    the revisionist wins two in three (40 seeds: 46 won, 23 lost); with collective security
    (alliances on) about 0.1 coercions and 0.1 wars a run (1 won, 4 lost). The test, over 20 seeds,
    asks for a quarter of the coercions and wars or less, and fewer wars won than lost."""
    results = {}
    for on in (False, True):
        scenario = load("exploited-idealist/reciprocal").with_knobs({"alliances": on, "dissatisfaction": 0.7})
        world, _, wars = runs.tables(scenario, range(20), scenario.years, collect_wars=True)
        greedy = {state.name for state in scenario.model(0, collect_states=False).states if state.motive == "greedy"}
        per_run = world.groupby("seed")[["coercions", "war_onsets"]].sum().mean()
        won = 0 if wars is None else int(wars.winner.isin(greedy).sum())
        lost = 0 if wars is None else int(wars.loser.isin(greedy).sum())
        results[on] = (per_run.coercions, per_run.war_onsets, won, lost)
    (coerced_alone, wars_alone, _, _), (coerced, fought, won, lost) = results[False], results[True]
    assert coerced_alone > 3 and wars_alone > 1, results
    assert coerced <= coerced_alone / 4 and fought <= wars_alone / 4, results
    assert won <= lost, results


def test_a_self_help_ally_comes_when_its_partners_danger_outweighs_its_cost():
    """war_kernel.worth_coming by hand. Partner s (power 1, wealth 10) defends against o (power 2,
    wealth 20) who struck first; no distance decay, postures indistinguishable; spoils 0.2, cost
    0.1, annexable 0.15. Stake: s would pay 0.2 · min(9, 18) = 1.8 (it keeps 7.2, more than
    0.15 · 19.8, so no conquest). Offence dominance 2: o strikes at 4, s alone holds with
    1 − 4/5 = 0.2, danger 0.8, o's gain reaches j at 2: worth 0.8 · 1.8 · 2 = 2.88, against
    0.1 · W_j: j comes if W_j ≤ 28.8. Offence dominance 0.5: o strikes at 1, s holds with 0.5,
    reach 0.5: worth 0.45: j comes only if W_j ≤ 4.5. Attacking instead (s struck first at
    offence dominance 2: strike 2, odds 2/(2 + 2) = 0.5): worth 0.5 · 1.8 · 2 = 1.8."""
    from detente.model.mechanisms import war_kernel

    def comes(partner_wealth, offense_dominance, attacking=False):
        power = np.array([1.0, 2.0, 1.0])
        wealth = np.array([10.0, 20.0, partner_wealth])
        return bool(war_kernel.worth_coming(
            np.array([0]), np.array([2]), np.array([1]), np.array([attacking]), np.array([True]),
            power, wealth, offense_dominance, 0.0, np.zeros(3), np.zeros((3, 2)), 0.0, 0.2, 0.1,
            0.15)[0])

    assert comes(28.0, 2.0) and not comes(29.0, 2.0)
    assert comes(4.4, 0.5) and not comes(4.6, 0.5)
    assert comes(17.9, 2.0, attacking=True) and not comes(18.1, 2.0, attacking=True)


def _threatened_world(doctrine, protracted):
    """four_states() as a model: power 0.3, 0.5, 0.05, 1.0; everyone fears 3 (trust 0.2)."""
    model = DiplomacyModel(rng=0, n_states=4, network=EDGES, alliances=True, doctrine=doctrine,
                           protracted_wars=protracted)
    _, model.reach, model.power, model.trust = four_states()
    model.hostile = np.zeros((4, 4), bool)
    return model


def test_only_states_whose_doctrine_balances_seek_allies_and_weigh_coming_where_wars_last():
    """Alliances.decide on the world of four_states(). All zero-sum (alignment "balance"): the
    alliances of the first test (0 balances with 1, 2 bandwagons with 3), and these are the
    partners. All win-win (alignment "collective"): nobody seeks an ally; every neighbour is a
    fellow member of collective security. Self-help partners weigh whether coming pays
    (year.weighs: the balancing states) only where wars are protracted; otherwise None (a
    commitment is kept or broken at once)."""
    model = _threatened_world("zero_sum", protracted=True)
    year = Year(model)
    alignment = MECHANISMS["alliances"].decide(model, year)
    expected = np.zeros((4, 4), np.int8)
    expected[0, 1] = expected[1, 0] = BALANCING
    expected[2, 3] = expected[3, 2] = BANDWAGONING
    np.testing.assert_array_equal(alignment, expected)
    np.testing.assert_array_equal(year.partners, expected != NOT_ALLIED)
    assert year.weighs.tolist() == [True, True, True, True]

    model = _threatened_world("win_win", protracted=True)
    year = Year(model)
    assert not MECHANISMS["alliances"].decide(model, year).any()
    np.testing.assert_array_equal(year.partners, model.adjacency)
    assert year.weighs.tolist() == [False, False, False, False]

    model = _threatened_world("zero_sum", protracted=False)
    year = Year(model)
    MECHANISMS["alliances"].decide(model, year)
    assert year.weighs is None


def test_with_nobody_allied_the_report_counts_no_alliance_and_no_balancing_share():
    """No alliance: 0 alliances, 0 of the states allied, and the share of pairs formed by
    balancing undefined (nan: there is no pair)."""
    model = DiplomacyModel(rng=0, n_states=4, network="complete", alliances=True)
    report = MECHANISMS["alliances"].report(model, None)
    assert (report["alliances"], report["allied_share"]) == (0.0, 0.0)
    assert np.isnan(report["balancing_share"]) and set(report) == {"alliances", "allied_share",
                                                                   "balancing_share"}
