"""The model as a whole: Mesa agents, outputs, determinism, simultaneous activation, conquest."""

import numpy as np
import pandas as pd
import pytest

from detente.model import DOCTRINES, MECHANISMS, DiplomacyModel, Mechanism, State
from detente.model.diplomacy import MAX_WEALTH, WealthOverflow
from detente.model.doctrines import ZeroSum
from detente.model.doctrines.base import richardson_knobs
from detente.model.knobs import ParameterError, knob_table
from detente.model.mechanisms.alliances import NOT_ALLIED
from detente.model.mechanisms.fronts import WarRecord
from detente.model.metrics import STATE_OUTPUTS, gini, output_names

from helpers import only

DESIGN_OUTPUTS = ["welfare", "welfare_zero_sum", "welfare_win_win", "military_burden",
                  "cooperation_rate", "mean_trust", "crises", "wars", "war_losses",
                  "power_concentration", "top_share", "states_alive", "gini", "win_win_share",
                  "community_size", "security"]


def test_states_are_mesa_agents_readable_through_the_agentset():
    model = DiplomacyModel(rng=1, n_states=6, doctrine={"zero_sum": 0.5, "win_win": 0.5})
    assert len(model.agents) == 6 and all(isinstance(a, State) for a in model.agents)
    assert model.agents.get("wealth") == pytest.approx(model.wealth.tolist())
    win_win = model.agents.select(lambda s: s.doctrine == "win_win")
    assert len(win_win) == 3
    by_doctrine = model.agents.groupby("doctrine").count()
    assert by_doctrine == {"zero_sum": 3, "win_win": 3}


def test_every_design_output_is_collected_each_year():
    model = DiplomacyModel(rng=2, n_states=8)
    model.run_for(12)
    world = model.datacollector.get_model_vars_dataframe()
    assert set(DESIGN_OUTPUTS) <= set(world.columns)
    assert list(world.columns) == output_names(["zero_sum", "win_win"])
    assert len(world) == 13  # year 0 and each of 12 years
    states = model.datacollector.get_agent_vars_dataframe()
    assert list(states.columns) == list(STATE_OUTPUTS)
    assert len(states) == 8 * 13


def _run(seed, years=60, **knobs):
    model = DiplomacyModel(rng=seed, n_states=12, doctrine={"zero_sum": 0.5, "win_win": 0.5},
                           learning_rate=0.1, **knobs)
    model.run_for(years)
    return model.datacollector.get_model_vars_dataframe(), model.datacollector.get_agent_vars_dataframe()


def test_same_seed_gives_identical_results():
    first_world, first_states = _run(7)
    second_world, second_states = _run(7)
    pd.testing.assert_frame_equal(first_world, second_world)
    pd.testing.assert_frame_equal(first_states, second_states)


def test_different_seeds_give_different_results():
    assert not _run(1)[0].equals(_run(2)[0])


def test_decisions_use_the_start_of_year_world():
    # Simultaneous activation: each state's arms respond to the other's arms of the previous year,
    # not to what the other decided this year.
    states = [dict(name="A", arms=0.1, wealth=10.0), dict(name="B", arms=0.3, wealth=10.0)]
    model = DiplomacyModel(rng=0, states=states, **only("arms"), distinguishability=0.0,
                           zero_sum=dict(arms_reaction=0.5, arms_fatigue=0.0, arms_grievance=0.0))
    model.step()
    assert model.military.tolist() == pytest.approx([0.1 + 0.5 * 0.3, 0.3 + 0.5 * 0.1])


def test_a_conquered_state_is_removed_and_its_conqueror_inherits_its_borders():
    # a ring of 4: 0-1-2-3-0. 0 absorbs 1 and so borders 2.
    model = DiplomacyModel(rng=0, n_states=4, network="ring")
    model.step()
    model.wealth[1] = 0.01
    model._absorb(0, 1)
    assert len(model.agents) == 3 and "S1" not in model.agents.get("name")
    assert not model.alive[1] and model.wealth[1] == 0
    assert model.adjacency[0, 2] and model.adjacency[2, 0] and not model.adjacency[:, 1].any()
    model.run_for(3)  # the model keeps running with the state gone, and its rows are dropped
    assert model.outputs["states_alive"] == 3 and model.n == 3 and model.trust.shape == (3, 3)
    assert [s.name for s in model.states] == ["S0", "S2", "S3"]
    assert model.agents.get("wealth") == pytest.approx(model.wealth.tolist())
    assert model.adjacency[0, 1] and model.adjacency[1, 0]  # S0 still borders S2


def test_conquest_happens_in_a_predatory_world_and_removes_agents():
    model = DiplomacyModel(rng=4, n_states=12, offense_dominance=3.0, wealth_spread=0.8,
                           dissatisfaction=0.6)  # greedy states: security seekers do not conquer
    model.run_for(150)
    assert model.outputs["states_alive"] < 12
    assert len(model.agents) == model.outputs["states_alive"] == model.n
    assert sorted(model.agents.get("wealth")) == pytest.approx(sorted(model.wealth.tolist()))


def test_gini():
    assert gini(np.ones(5)) == 0
    assert gini(np.array([0, 0, 0, 1.0])) == pytest.approx(0.75)


def test_listed_states_without_a_doctrine_take_the_doctrine_knob():
    """So that a scenario's variants can switch the doctrine of its named states (thucydides-trap →
    peaceful-transition, sino-russian-partnership's rivalry)."""
    states = [dict(name="A"), dict(name="B", doctrine="zero_sum")]
    model = DiplomacyModel(rng=1, states=states, doctrine="win_win")
    assert [state.doctrine for state in model.states] == ["win_win", "zero_sum"]
    mixed = DiplomacyModel(rng=1, states=[dict(name=f"S{i}") for i in range(10)],
                           doctrine={"zero_sum": 0.3, "win_win": 0.7})
    assert sorted(state.doctrine for state in mixed.states) == ["win_win"] * 7 + ["zero_sum"] * 3


# --- the initial world: from the knobs and from listed states ---------------------------------

def _standard_normals(model, spread, wealth_knob):
    """The standard normal draws behind each generated state's wealth,
    W = W0 · exp(σ·z − σ²/2), solved for z."""
    return (np.log(model.wealth / wealth_knob) + spread**2 / 2) / spread


def test_generated_wealth_is_log_normal_around_the_initial_wealth_with_the_given_spread():
    """W = initial_wealth · exp(σ·z − σ²/2), z standard normal: the same seed draws the same z
    whatever σ, so solving each world's wealth for z (with its own σ) gives the same draws, and
    they look standard normal (mean near 0, deviation near 1 over 40 states). The −σ²/2 keeps the
    mean wealth at initial_wealth (E[exp(σz)] = exp(σ²/2))."""
    narrow = DiplomacyModel(rng=3, n_states=40, initial_wealth=2.5, wealth_spread=0.4)
    wide = DiplomacyModel(rng=3, n_states=40, initial_wealth=2.5, wealth_spread=1.3)
    z = _standard_normals(narrow, 0.4, 2.5)
    assert _standard_normals(wide, 1.3, 2.5) == pytest.approx(z)
    assert abs(z.mean()) < 0.6 and 0.6 < z.std() < 1.4
    even = DiplomacyModel(rng=3, n_states=5, initial_wealth=2.5)  # no spread: every state at 2.5
    assert even.wealth.tolist() == [2.5] * 5


def test_arms_start_at_the_initial_burden_of_wealth_and_power_adds_latent_power():
    """Military = initial_burden · W: 0.05 · 4 = 0.2 and 0.05 · 0.5 = 0.025; power = military +
    latent_power · W = 0.2 + 0.25 · 4 = 1.2 and 0.025 + 0.125 = 0.15, also as last year's power, so
    that nothing has grown at year 0."""
    states = [dict(name="A", wealth=4.0), dict(name="B", wealth=0.5)]
    model = DiplomacyModel(rng=0, states=states, initial_burden=0.05, latent_power=0.25)
    assert model.military == pytest.approx([0.2, 0.025])
    assert model.power == pytest.approx([1.2, 0.15]) and model.power_prev == pytest.approx([1.2, 0.15])
    everyone = np.arange(2)
    for array in ("wealth", "military", "power"):
        assert model.growth_since_last_year(array, everyone).tolist() == [0.0, 0.0]


def test_listed_states_draw_growth_first_then_a_geometric_layout_from_the_seed():
    """Listed states (each with a doctrine, no motive of its own, greedy_share 0) draw nothing but
    growth, growth_rate + growth_spread·z (z the seed's first 4 standard normals), then the
    geometric positions (its next 4×2 uniforms): the same seed gives the same world."""
    states = [dict(name=name, doctrine="zero_sum") for name in "ABCD"]
    model = DiplomacyModel(rng=9, states=states, network="geometric", network_radius=0.5,
                           growth_rate=0.04, growth_spread=0.02)
    seed = np.random.default_rng(9)
    assert model.growth == pytest.approx(0.04 + 0.02 * seed.standard_normal(4))
    assert model.positions.tolist() == seed.random((4, 2)).tolist()


def test_listed_positions_place_the_states_and_make_the_geometric_edges():
    """Every listed state has a position: those are the states' positions ([x, y], x first), on any
    topology; on a geometric network A (0, 0.2) and B (0.3, 0.6) are 0.5 apart, within a radius
    0.5 (inclusive); C (1, 1) is √(0.49 + 0.16) ≈ 0.81 from B, not. Positions at the square's edges
    (0 and 1) are allowed."""
    states = [dict(name="A", position=[0, 0.2]), dict(name="B", position=[0.3, 0.6]),
              dict(name="C", position=[1, 1.0])]
    placed = [[0.0, 0.2], [0.3, 0.6], [1.0, 1.0]]
    complete = DiplomacyModel(rng=0, states=states)
    assert complete.positions.tolist() == placed and complete.adjacency.sum() == 6
    geometric = DiplomacyModel(rng=0, states=states, network="geometric", network_radius=0.5)
    assert geometric.positions.tolist() == placed
    assert geometric.adjacency.tolist() == [[False, True, False], [True, False, False], [False, False, False]]


def test_a_listed_state_named_none_is_named_by_its_place_in_the_list():
    states = [dict(name="A"), dict(name=None), dict(name=None)]
    model = DiplomacyModel(rng=0, states=states)
    assert [state.name for state in model.states] == ["A", "S1", "S2"]


def test_a_listed_state_may_spend_all_its_wealth_on_arms_but_not_more():
    """arms = wealth = 2 is allowed; 2.5 > 2 is refused with the state, the value and the bound."""
    model = DiplomacyModel(rng=0, states=[dict(name="A", wealth=2.0, arms=2.0), dict(name="B")])
    assert model.military[0] == 2.0
    with pytest.raises(ValueError) as refused:
        DiplomacyModel(rng=0, states=[dict(name="A"), dict(name="B", wealth=2.0, arms=2.5)])
    assert str(refused.value) == ("knob 'states[1].arms' = 2.5 is not allowed (more than its wealth): "
                                  "expected a number from 0 to its wealth, 2.0")


def test_greedy_share_makes_that_share_of_generated_states_greedy():
    """6 states, greedy_share 1/3: round(6/3) = 2 states take greedy_dissatisfaction 0.7, the other
    4 the dissatisfaction knob, 0.05; greedy_share 0 leaves them all at 0.05."""
    model = DiplomacyModel(rng=2, n_states=6, dissatisfaction=0.05, greedy_share=1 / 3,
                           greedy_dissatisfaction=0.7)
    assert sorted(model.dissatisfaction.tolist()) == [0.05] * 4 + [0.7] * 2
    none = DiplomacyModel(rng=2, n_states=6, dissatisfaction=0.05, greedy_dissatisfaction=0.7)
    assert none.dissatisfaction.tolist() == [0.05] * 6


def test_greedy_share_draws_only_among_listed_states_without_a_motive_of_their_own():
    """6 listed states, 2 with dissatisfaction 0.1 of their own: greedy_share 0.5 makes
    round(0.5 · 4) = 2 of the other 4 greedy (0.7); the 2 keep 0.1 and the rest take the knob, 0."""
    states = [dict(name=f"S{i}") for i in range(6)]
    states[1]["dissatisfaction"] = states[4]["dissatisfaction"] = 0.1
    for seed in range(4):
        model = DiplomacyModel(rng=seed, states=states, greedy_share=0.5, greedy_dissatisfaction=0.7)
        assert model.dissatisfaction[[1, 4]].tolist() == [0.1, 0.1]
        assert sorted(model.dissatisfaction[[0, 2, 3, 5]].tolist()) == [0.0, 0.0, 0.7, 0.7]


def test_a_new_world_has_fought_no_wars_and_kept_no_accounts():
    """Before the first year (what the dashboard shows at year 0): no wars, allies, crises or
    accounts; every state alive; an empty war table with the WarRecord columns."""
    model = DiplomacyModel(rng=0, n_states=3)
    assert model.wars_fought == [] and model.allies_fought == [] and model.crisis_outcomes == ()
    assert model.accounts is None and model.everyone_alive is True
    table = model.war_table()
    assert table.empty and list(table.columns) == list(WarRecord._fields)


def test_per_state_outputs_are_not_collected_when_switched_off():
    model = DiplomacyModel(rng=0, n_states=3, collect_states=False)
    model.step()
    assert not model.datacollector.agent_reporters
    assert len(model.datacollector.get_model_vars_dataframe()) == 2


def test_a_doctrine_without_beliefs_is_refused_with_where_to_find_them(monkeypatch):
    class Mute(ZeroSum):
        name = "mute"
        knobs = knob_table(*richardson_knobs(reaction=0.5, fatigue=0.3, grievance=0.02))

    monkeypatch.setitem(DOCTRINES, "mute", Mute)
    with pytest.raises(ValueError) as refused:
        DiplomacyModel(rng=0, n_states=4, doctrine="mute")
    assert str(refused.value) == ("doctrine 'mute' must declare the knobs prior_trust and empathy "
                                  "(see model.doctrines.base.belief_knobs)")


# --- doctrines drawn by shares -------------------------------------------------------------------

@pytest.mark.parametrize("shares, counts", [
    ((0.6, 0.4), (4, 3)),  # 4.2 and 2.8: floors 4 and 2; the one left over goes to 0.8 > 0.2
    ((0.3, 0.7), (2, 5)),  # 2.1 and 4.9: floors 2 and 4; the one left over goes to 0.9 > 0.1
    ((0.5, 0.5), (4, 3)),  # 3.5 each: a tie, broken in the order the shares are listed
])
def test_doctrine_shares_give_the_largest_remainders_the_states_left_over(shares, counts):
    """Hamilton's method for 7 states: each doctrine gets ⌊share·7⌋ states, and the states left
    over go one each to the doctrines with the largest fractional parts."""
    model = DiplomacyModel(rng=1, n_states=7, doctrine={"zero_sum": shares[0], "win_win": shares[1]})
    drawn = [state.doctrine for state in model.states]
    assert (drawn.count("zero_sum"), drawn.count("win_win")) == counts


# --- derived quantities ------------------------------------------------------------------------

def test_posture_is_the_unthreatening_share_of_arms():
    """posture = (1 − dissatisfaction) · min(1, 1/offense_dominance): with dissatisfaction 0.2,
    0.8 · 1/2 = 0.4 at offense dominance 2, and 0.8 · 1 = 0.8 at 0.5 (capped at 1)."""
    offensive = DiplomacyModel(rng=0, n_states=2, dissatisfaction=0.2, offense_dominance=2.0)
    defensive = DiplomacyModel(rng=0, n_states=2, dissatisfaction=0.2, offense_dominance=0.5)
    assert offensive.posture == pytest.approx([0.4, 0.4])
    assert defensive.posture == pytest.approx([0.8, 0.8])


def test_attack_odds_with_and_without_the_first_strike_edge():
    """Power A 3.5, B 1.5 (arms 3 and 1 plus latent power 0.1 of wealth 5 and 5); offense dominance
    2, distinguishability 0.5, posture (1 − 0.2)·½ = 0.4. Striking first A brings
    3.5·(2 − 0.5·0.4·(2 − 1)) = 6.3 against 1.5: odds 6.3/7.8; without the edge 3.5/5 = 0.7. B
    striking first: 1.5·1.8 = 2.7 against 3.5, 2.7/6.2. With powers (1, 1) given: 1.8/2.8."""
    states = [dict(name="A", wealth=5.0, arms=3.0), dict(name="B", wealth=5.0, arms=1.0)]
    model = DiplomacyModel(rng=0, states=states, offense_dominance=2.0, distinguishability=0.5,
                           dissatisfaction=0.2)
    a, b = np.array([0, 1]), np.array([1, 0])
    assert model.attack_odds(a, b) == pytest.approx([6.3 / 7.8, 2.7 / 6.2])
    assert model.attack_odds(a, b, True) == pytest.approx([6.3 / 7.8, 2.7 / 6.2])
    assert model.attack_odds(a, b, np.array([False, True])) == pytest.approx([0.7, 2.7 / 6.2])
    assert model.attack_odds(a, b, power=np.array([1.0, 1.0])) == pytest.approx([1.8 / 2.8] * 2)


def test_reach_is_offense_dominance_divided_by_one_plus_decay_times_distance():
    """Boulding's gradient: A (0, 0), B (0.3, 0.4), C (0.6, 0): |AB| = |BC| = 0.5, |AC| = 0.6; with
    offense dominance 1.5 and decay 2, reach AB = 1.5/(1 + 2·0.5) = 0.75 and AC = 1.5/2.2; none to
    oneself."""
    states = [dict(name="A", position=[0, 0]), dict(name="B", position=[0.3, 0.4]),
              dict(name="C", position=[0.6, 0])]
    model = DiplomacyModel(rng=0, states=states, offense_dominance=1.5, distance_decay=2.0)
    ac = 1.5 / 2.2
    assert model.reach == pytest.approx(np.array([[0, 0.75, ac], [0.75, 0, 0.75], [ac, 0.75, 0]]))


def test_crisis_opportunities_are_shared_between_the_ends_of_each_border():
    """A path 0-1-2-3 (degrees 1 2 2 1): each edge's share is 2/(deg i + deg j): 2/3, 2/4, 2/3."""
    model = DiplomacyModel(rng=0, n_states=4, network=[[0, 1], [1, 2], [2, 3]])
    assert model.edges.tolist() == [[0, 1], [1, 2], [2, 3]]
    assert model.degree.tolist() == [1, 2, 2, 1]
    assert model.edge_share == pytest.approx([2 / 3, 1 / 2, 2 / 3])


def test_growth_since_last_year_is_the_relative_change_and_zero_from_nothing():
    """Economy only, no arms: A grows 5 % (2 → 2.1), B shrinks 2 % (1.5 → 1.47); arms stay at 0,
    and growth from nothing counts as none."""
    states = [dict(name="A", wealth=2.0, growth=0.05, arms=0.0),
              dict(name="B", doctrine="win_win", wealth=1.5, growth=-0.02, arms=0.0)]
    model = DiplomacyModel(rng=0, states=states, **only("economy"))
    model.step()
    both = np.array([0, 1])
    assert model.wealth == pytest.approx([2.1, 1.47])
    assert model.growth_since_last_year("wealth", both) == pytest.approx([0.05, -0.02])
    assert model.growth_since_last_year("military", both).tolist() == [0.0, 0.0]


# --- one year's bookkeeping: settlement, conquest and the accounts ------------------------------

class Reckoning(Mechanism):
    """A test mechanism that decides a year's transfers, losses and conquests outright: C owes A a
    tribute of 3, D loses 0.8 to war and A 0.1 of its arms, and A absorbs B and E."""

    name = "reckoning"
    doc = "a fixed year of transfers and conquests (a test mechanism)"

    def decide(self, model, year):
        year.wealth_change = np.array([3.0, 0.0, -3.0, -0.8, 0.0])
        year.tribute = np.array([3.0, 0.0, -3.0, 0.0, 0.0])
        year.war_losses = np.array([0.0, 0.0, 0.0, 0.8, 0.0])
        year.arms_lost = np.array([0.1, 0.0, 0.0, 0.0, 0.0])
        year.payments = (np.array([2]), np.array([0]), np.array([3.0]))
        year.conquests = [(0, 1), (0, 4)]


def test_a_year_settles_payments_losses_and_conquests_and_accounts_for_each():
    """A 4 (arms 0.4), B 1 (0.1), C 2, D 0.5, E 1.5, no growth (only the test mechanism on).
    Settlement: A 4 + 3 = 7, but C has only 2 of the 3 it owes (2 − 3 = −1): it defaults on 1, which
    A does not get (A 6, C 0; defaulted A −1, C +1); D's loss of 0.8 takes 0.3 more than it has,
    which the floor forgives (D 0). A's arms 0.4 − 0.1 = 0.3; C and D, worth 0, keep no arms
    (max_burden · 0). Conquest: A takes B's 1 and E's 1.5 (A 8.5; conquest +2.5 for A, −1 and −1.5
    for B and E). The accounts add up: A 3 − 1 + 2.5 = 4.5 = 8.5 − 4, B −1, C −3 + 1 = −2,
    D −0.8 + 0.3 = −0.5, E −1.5. B and E leave; power = arms + 0.25 · wealth = 0.3 + 2.125."""
    states = [dict(name="A", wealth=4.0, arms=0.4), dict(name="B", wealth=1.0, arms=0.1),
              dict(name="C", wealth=2.0, arms=0.2), dict(name="D", wealth=0.5, arms=0.05),
              dict(name="E", wealth=1.5, arms=0.1)]
    for state in states:
        state["growth"] = 0.0
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(MECHANISMS, "reckoning", Reckoning())
        model = DiplomacyModel(rng=0, states=states, latent_power=0.25, **only("reckoning"))
        model.step()
    accounts = model.accounts
    assert accounts.names == ["A", "B", "C", "D", "E"]
    assert accounts.conquests == [("A", "B"), ("A", "E")]
    assert accounts.defaulted.tolist() == [-1.0, 0.0, 1.0, 0.0, 0.0]
    assert accounts.floor == pytest.approx([0.0, 0.0, 0.0, 0.3, 0.0])
    assert accounts.conquest.tolist() == [2.5, -1.0, 0.0, 0.0, -1.5]
    assert accounts.change() == pytest.approx([4.5, -1.0, -2.0, -0.5, -1.5])
    assert [state.name for state in model.states] == ["A", "C", "D"]
    assert model.wealth == pytest.approx([8.5, 0.0, 0.0]) and model.military == pytest.approx([0.3, 0, 0])
    assert model.power == pytest.approx([0.3 + 0.25 * 8.5, 0.0, 0.0])
    assert model.everyone_alive is True and model.outputs["states_alive"] == 3


def test_a_world_whose_wealth_passes_the_ceiling_stops_with_a_clear_error():
    """The first state of the list, at 1e300 growing 3 %, passes MAX_WEALTH in the first year."""
    model = DiplomacyModel(rng=0, states=[dict(name="A", growth=0.03), dict(name="B", growth=0.03)],
                           **only("economy"))
    model.wealth[0] = MAX_WEALTH
    with pytest.raises(WealthOverflow) as stopped:
        model.step()
    assert str(stopped.value) == (
        "in year 1 the wealth of A went beyond the ±1e+300 the model can hold: wealth compounding over "
        "so many years, or knobs that make it run away (growth_rate, trade_gain, or payoffs T, P or S "
        "large against R): run fewer years or lower them")


def test_a_conqueror_takes_the_wealth_and_only_the_borders_of_the_state_it_absorbs():
    """A ring of 6 (0-1-2-3-4-5-0): 0 (wealth 2) absorbs 1 (wealth 0.75) and so borders 2 and 5, not
    3 or 4; 1 borders no one. On the new border 0-2, trust and belief start at each observer's
    prior (zero_sum 0.3 for 0, win_win 0.5 for 2: log-odds ln(3/7) and 0), the other per-dyad
    arrays at their border values (no hostility, no war, no alliance, moves seen cooperative)."""
    states = [dict(name=f"S{i}", doctrine="win_win" if i == 2 else "zero_sum",
                   wealth=2.0 if i == 0 else 0.75) for i in range(6)]
    model = DiplomacyModel(rng=0, states=states, network="ring")
    for name in ("trust", "belief", "hostile", "front", "alignment", "seen"):
        matrix = getattr(model, name)
        matrix[0, 2] = matrix[2, 0] = 7  # stale values off the border, which the new border replaces
    assert model._absorb(0, 1) == 0.75
    assert model.wealth[0] == 2.75 and model.wealth[1] == 0 and not model.alive[1]
    assert np.flatnonzero(model.adjacency[0]).tolist() == [2, 5]
    assert np.flatnonzero(model.adjacency[2]).tolist() == [0, 3]
    assert not model.adjacency[1].any() and not model.adjacency[:, 1].any()
    assert (model.adjacency == model.adjacency.T).all()
    assert model.trust[0, 2] == pytest.approx(0.3) and model.trust[2, 0] == pytest.approx(0.5)
    assert model.belief[0, 2] == pytest.approx(np.log(3 / 7)) and model.belief[2, 0] == pytest.approx(0)
    assert not model.hostile[0, 2] and model.front[0, 2] == model.front[2, 0] == -1
    assert model.alignment[0, 2] == model.alignment[2, 0] == NOT_ALLIED and model.seen[0, 2] and model.seen[2, 0]


def test_a_conquered_states_doctrine_no_longer_forms_a_group():
    """B, the only win_win state, is absorbed: the survivors all follow zero_sum, one group of all
    rows (a view, not a copy)."""
    states = [dict(name="A"), dict(name="B", doctrine="win_win"), dict(name="C")]
    model = DiplomacyModel(rng=0, states=states)
    assert [(d.name, rows.tolist()) for d, rows in model.doctrine_rows()] == [("zero_sum", [0, 2]),
                                                                             ("win_win", [1])]
    model._absorb(0, 1)
    model._begin_year()
    assert [(d.name, rows) for d, rows in model.doctrine_rows()] == [("zero_sum", slice(None))]


@pytest.mark.parametrize("name, shown", [("", "''"), (5, "5")])
def test_a_listed_state_with_an_empty_or_non_text_name_is_refused_naming_the_field(name, shown):
    with pytest.raises(ParameterError) as refused:
        DiplomacyModel(rng=0, states=[dict(name=name), dict(name="B")])
    assert str(refused.value) == f"states[0].name = {shown} must be a non-empty string"


def test_a_listed_state_without_a_name_is_refused_saying_every_state_needs_one():
    with pytest.raises(ParameterError) as refused:
        DiplomacyModel(rng=0, states=[dict(name="A"), dict(wealth=2.0)])
    assert str(refused.value) == 'states[1] has no name: every listed state needs one, e.g. name = "A"'
