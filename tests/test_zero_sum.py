"""The zero-sum doctrine: relative gains weighted by the use of force — Grieco's concern, Snidal's
dilution by numbers and Powell's dependence on the cost of war all come from the war mechanism."""

import numpy as np

from detente.model import DiplomacyModel

from helpers import only


def _cooperation(n, relative_gains=4.0, cost_of_war=0.1, trust=0.3, **knobs):
    """Share of dyads in which zero-sum states choose to cooperate in the first year."""
    model = DiplomacyModel(rng=0, n_states=n, doctrine="zero_sum", prior_trust=trust,
                           cost_of_war=cost_of_war, relative_gains=relative_gains, **only("game"),
                           **knobs)
    doctrine = model.doctrine_list[0]
    return doctrine.cooperate(model, slice(None))[model.adjacency].mean()


def test_absolute_gains_cooperate_and_strong_relative_gains_defect():
    """With rho = 0 cooperation needs only trust above (P − S)/(K1 − K2) = 1/7."""
    assert _cooperation(2, relative_gains=0.0, trust=0.15) == 1.0
    assert _cooperation(2, relative_gains=0.0, trust=0.13) == 0.0
    assert _cooperation(2, relative_gains=50.0) == 0.0


def test_relative_gains_concern_is_diluted_by_many_neighbours_snidal():
    """The same concern toward each partner: with 19 neighbours a crisis with any one is rare."""
    assert _cooperation(2) == 0.0
    assert _cooperation(20) == 1.0


def test_costly_war_makes_relative_gains_matter_less_powell():
    assert _cooperation(2, cost_of_war=0.05) == 0.0
    assert _cooperation(2, cost_of_war=0.5) == 1.0


def test_where_force_is_unusable_relative_gains_do_not_matter():
    """No spoils: no war could ever pay, so no gain can be turned against the state."""
    assert _cooperation(2, relative_gains=100.0, war_spoils=0.0) == 1.0


def test_trust_in_the_partner_lowers_the_concern():
    assert _cooperation(2, trust=0.3) == 0.0
    assert _cooperation(2, trust=0.6) == 1.0


def test_a_partner_seen_not_to_retaliate_is_exploited(two_states):
    model = two_states("zero_sum", "win_win", **only("game"), noise=0.0, relative_gains=0.0)
    model.moves_before[0, 1] = False  # zero-sum defected two years ago while win-win cooperated
    model.seen[0, 1] = True  # ... and saw the win-win state cooperate anyway
    model._begin_year()
    assert not model.doctrine_list[0].cooperate(model, np.array([0]))[0, 1]
    model.moves_before[1, 0] = False  # a mutual defection (as in a crisis) tests nothing
    model._begin_year()
    assert model.doctrine_list[0].cooperate(model, np.array([0]))[0, 1]


def test_the_shadow_of_the_future_weighs_mutual_defection_at_its_own_payoff():
    """Absolute gains (rho = 0), payoffs T, R, P, S = 5, 3, 2, 0 and w = 0.8: cooperation pays iff
    p·[(R − wP)/(1 − w) − T] + (1 − p)·(S − P) > 0, p·[(3 − 1.6)/0.2 − 5] − 2(1 − p) = 2p − 2(1 − p)
    > 0, that is trust p > 1/2."""
    payoffs = dict(payoffs=[5, 3, 2, 0], shadow_of_future=0.8)
    assert _cooperation(2, relative_gains=0.0, trust=0.45, **payoffs) == 0.0
    assert _cooperation(2, relative_gains=0.0, trust=0.55, **payoffs) == 1.0


def test_where_both_moves_leave_the_partner_the_same_relative_gain_relative_gains_do_not_matter():
    """With T = S (payoffs 1, 3, 0, 1) what the partner gains over the state by defecting against
    its cooperation, T − S, is 0: the relative-gains term rho·(T − S) vanishes whatever rho, and
    cooperation pays iff p·[(R − wP)/(1 − w) − T] + (1 − p)·(S − P) = p·(3/0.2 − 1) + (1 − p) > 0,
    always. Even a state that weighs relative gains 100 times cooperates."""
    assert _cooperation(2, relative_gains=100.0, trust=0.3, payoffs=[1, 3, 0, 1]) == 1.0
    assert _cooperation(2, relative_gains=100.0, trust=0.3, payoffs=[5, 3, 0, 1]) == 0.0  # T − S = 4
