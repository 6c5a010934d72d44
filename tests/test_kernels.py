"""Exact tests of the compiled kernels at values that do not hide mistakes (issue 14): rates other
than 0.5, wealth other than 1, several neighbours, asymmetric trust and beliefs, offence dominance
other than 1 together with distinguishability, dissatisfied states. Each expected value is worked
out by hand in the test from the formula in the mechanism's docstring."""

import math

import numpy as np
import pytest

from detente.model import kernels
from detente.model.doctrines import zero_sum_kernel
from detente.model.mechanisms import arms_kernel, economy_kernel, game_kernel, institution_kernel
from detente.model.mechanisms import perception_kernel, trust_kernel, war, war_kernel
from detente.model.mechanisms.trust import EVIDENCE

f = np.array


def test_community_membership_needs_mutual_trust_at_the_threshold_with_an_eligible_neighbour():
    """Threshold 0.8; a state is a member if some eligible neighbour and it trust each other at
    least 0.8 both ways (institution.py).

    0 ↔ 1: 0.9 one way, 0.6 the other — one-sided, no membership from it;
    1 ↔ 2: 0.85 and exactly 0.8 — mutual at the threshold: 1 and 2 are members;
    0 ↔ 3: 0.9 both ways but not neighbours; 3 ↔ 4: 0.95 both ways but 4 is not eligible.
    So 0 and 3 are not members (each has only a one-sided, a distant or an ineligible partner).
    Eligible: alive and of a doctrine that joins communities (by doctrine code): 4's doctrine (code
    1) does not join; 5 and 6 (code 0) trust each other 0.9 both ways, but 5 is dead, so neither is
    a member (6's only partner is not eligible)."""
    trust = np.full((7, 7), 0.5)
    trust[0, 1], trust[1, 0] = 0.9, 0.6
    trust[1, 2], trust[2, 1] = 0.85, 0.8
    trust[0, 3] = trust[3, 0] = 0.9
    trust[3, 4] = trust[4, 3] = 0.95
    trust[5, 6] = trust[6, 5] = 0.9
    adjacency = np.zeros((7, 7), dtype=bool)
    for a, b in ((0, 1), (1, 2), (3, 4), (2, 3), (5, 6)):
        adjacency[a, b] = adjacency[b, a] = True
    alive = f([True, True, True, True, True, False, True])
    code = f([0, 0, 0, 0, 1, 0, 0], dtype=np.int64)
    members = institution_kernel.community_members(alive, code, f([True, False]), trust, adjacency, 0.8)
    assert members.tolist() == [False, True, True, False, False, False, False]


def test_richardson_step_with_ceilings_floors_and_the_spending_cap():
    """x' = x + k·threat − a·x + g·W·(1 + d), then min(ceiling), max(floor·W, 0), min(max_burden·W)
    (arms.py). Doctrine 0: (k, a, g) = (0.3, 0.1, 0.02), floor 0; doctrine 1: (0.6, 0.25, 0.01),
    floor 0.1 (both read by doctrine code); cap 0.4.

    s0 (doctrine 0, W 2, d 0.25): 0.2 + 0.3·0.4 − 0.1·0.2 + 0.02·2·1.25 = 0.35, under the cap 0.8;
    s1 (doctrine 1, W 1.5): 0.5 + 0.6·0.3 − 0.25·0.5 + 0.01·1.5 = 0.57 → ceiling 0.5 (cap 0.6);
    s2 (doctrine 0, W 0.8, d 0.6): 0.1 + 0.3·2 − 0.1·0.1 + 0.02·0.8·1.6 = 0.7156 → cap 0.4·0.8 = 0.32;
    s3 (doctrine 1, W 1.2, no arms, no threat): 0.01·1.2 = 0.012 → floor 0.1·1.2 = 0.12."""
    updated = arms_kernel.richardson(
        f([0.2, 0.5, 0.1, 0.0]), f([0.4, 0.3, 2.0, 0.0]), f([2.0, 1.5, 0.8, 1.2]),
        f([0.25, 0.0, 0.6, 0.0]), f([0, 1, 0, 1]), f([[0.3, 0.1, 0.02], [0.6, 0.25, 0.01]]),
        f([np.inf, 0.5, np.inf, 0.5]), f([0.0, 0.1]), 0.4)
    assert updated.tolist() == pytest.approx([0.35, 0.5, 0.32, 0.12])


def test_growth_is_dragged_by_the_arms_burden_and_trade_is_added():
    """W' = W·(1 + growth − drag·x/W) + trade (economy.py), drag 0.4:
    s0: 2·(1 + 0.03 − 0.4·0.3/2) + 0.02 = 2·0.97 + 0.02 = 1.96;
    s1: 0.5·(1 − 0.01 − 0.4·0.05/0.5) + 0.01 = 0.5·0.95 + 0.01 = 0.485;
    s2: nothing left to grow: 0. Without the stage game (trade None): 1.94, 0.475, 0.
    The accounts' terms: growth gain W·growth = 0.06, −0.005, 0; cost of arms W·drag·x/W = drag·x
    = 0.12, 0.02, and 0 for s2 (no wealth: no burden), with or without trade."""
    wealth, growth, arms = f([2.0, 0.5, 0.0]), f([0.03, -0.01, 0.02]), f([0.3, 0.05, 0.1])
    grown, gain, cost = economy_kernel.grow(wealth, growth, arms, 0.4, f([0.02, 0.01, 0.0]))
    assert grown.tolist() == pytest.approx([1.96, 0.485, 0.0])
    assert gain.tolist() == pytest.approx([0.06, -0.005, 0.0])
    assert cost.tolist() == pytest.approx([0.12, 0.02, 0.0])
    grown, gain, cost = economy_kernel.grow(wealth, growth, arms, 0.4, None)
    assert grown.tolist() == pytest.approx([1.94, 0.475, 0.0])
    assert gain.tolist() == pytest.approx([0.06, -0.005, 0.0])
    assert cost.tolist() == pytest.approx([0.12, 0.02, 0.0])


def _trust_update(belief, code, anchor, *, seen=None, hostile=None, adjacency, arms, wealth, power,
                  posture, empathy, richardson, reach, crises=(), distinguishability=0.0, rate, memory):
    """trust_kernel.trust_update with the year's arms and wealth unchanged from last year (no race),
    no community and no arms floor; ``anchor``, ``empathy`` and ``richardson`` are by doctrine,
    read at each state's ``code``; ``crises``: (i, j, kind, actor, target) tuples."""
    n = len(arms)
    degree = np.maximum(adjacency.sum(axis=1), 1).astype(np.int64)
    columns = [f([c[k] for c in crises], dtype=np.int64) for k in range(5)]
    return trust_kernel.trust_update(
        f(belief, dtype=float), f(code, dtype=np.int64), f(anchor, dtype=float), seen,
        np.zeros((n, n), dtype=bool) if hostile is None else hostile, adjacency, degree,
        f(arms, dtype=float), f(arms, dtype=float), f(wealth, dtype=float), f(wealth, dtype=float),
        f(power, dtype=float), f(posture, dtype=float), np.zeros(n, dtype=bool), f(empathy, dtype=float),
        f(richardson, dtype=float), np.zeros(len(anchor)), f(reach, dtype=float), *columns,
        f(list(EVIDENCE.values())), distinguishability, rate, memory)


def test_trust_learns_from_moves_crises_coercion_and_attacks_seen_by_neighbours():
    """ℓ' = ℓ0_i + memory·(ℓ − ℓ0_i) + rate·e (trust.py), rate 0.7, memory 0.6, on the line 0 – 1 – 2
    (1 has two neighbours); no arms evidence (every Richardson coefficient 0). Crises: 1 attacks 0
    (war), 2 coerces 1; moves seen: 0 saw 1 cooperate, 1 saw 0 defect, 1 and 2 were hostile (their
    moves tell nothing). Evidence, from the weights (cooperation 0.25, defection 1, crisis 0.5,
    coercion 2, attack 4, witnessed attack 1):
      e01 = −0.5 (crisis) − 4 (attacked) + 0.25 (cooperation) = −4.25;
      e10 = −0.5 (crisis) − 1 (defection) = −1.5;
      e12 = −0.5 (crisis) − 2 (coerced by 2) = −2.5;
      e21 = −1 (saw 1 attack its neighbour 0) − 0.5 (crisis) = −1.5.
    Each state has its own doctrine, codes (2, 0, 1), whose priors by code are (−0.5, 1.0, 0.2): so
    ℓ0 = (0.2, −0.5, 1.0) for states 0, 1, 2:
      ℓ01 = 0.2 + 0.6·(1.0 − 0.2) + 0.7·(−4.25) = −2.295;  ℓ10 = −0.5 + 0.6·(−0.3 + 0.5) − 1.05 = −1.43;
      ℓ12 = −0.5 + 0.6·(0.5 + 0.5) − 1.75 = −1.65;     ℓ21 = 1.0 + 0.6·(2.0 − 1.0) − 1.05 = 0.55;
    non-neighbours keep their belief (0.7, −0.7); trust is the logistic of belief."""
    adjacency = np.zeros((3, 3), dtype=bool)
    adjacency[0, 1] = adjacency[1, 0] = adjacency[1, 2] = adjacency[2, 1] = True
    seen = np.zeros((3, 3), dtype=bool)
    seen[0, 1], seen[1, 2], seen[2, 1] = True, True, True  # seen[1, 0]: 0 defected toward 1
    hostile = np.zeros((3, 3), dtype=bool)
    hostile[1, 2] = hostile[2, 1] = True
    belief = [[0.0, 1.0, 0.7], [-0.3, 0.0, 0.5], [-0.7, 2.0, 0.0]]
    updated, trust = _trust_update(
        belief, [2, 0, 1], [-0.5, 1.0, 0.2], seen=seen, hostile=hostile, adjacency=adjacency,
        arms=[0.1, 0.2, 0.3], wealth=[1.5, 0.8, 1.2], power=[0.5, 0.4, 0.6], posture=[0.5] * 3,
        empathy=[0.0] * 3, richardson=np.zeros((3, 3)), reach=adjacency.astype(float),
        crises=[(1, 0, war.WAR, 1, 0), (2, 1, war.COERCED, 2, 1)], rate=0.7, memory=0.6)
    expected = [[0.0, -2.295, 0.7], [-1.43, 0.0, -1.65], [-0.7, 0.55, 0.0]]
    assert updated.tolist() == [pytest.approx(row) for row in expected]
    assert trust == pytest.approx(1 / (1 + np.exp(-np.array(expected))))


def test_trust_reads_arms_against_a_security_seekers_need_as_the_observer_sees_it():
    """Two neighbours, reach 1.5 (offence dominance), distinguishability 0.5, postures (0.4, 0.6),
    arms (0.3, 0.2), wealth (1.5, 1), power (0.5, 0.4), empathy (0.5, 0.25), (k, a, g) =
    (0.4, 0.2, 0.01) and (0.5, 0.25, 0.02), priors ℓ0 (−1, 0.5); rate 0.3, memory 0.8 (trust.py).
    Prior, empathy and (k, a, g) are the doctrine's: state 0 holds doctrine 1 and state 1 doctrine 0,
    so the tables by code list state 1's values first:
      guarded x·(1 − dist·posture): 0.24, 0.14; exposure (threat each faces): 1.5·0.14 = 0.21,
      1.5·0.24 = 0.36; k/a = 2 for both; g·W/a: 0.075, 0.08; opaque dist·posture: 0.2, 0.3;
      i's own arms it leaves out, (1 − empathy)·(1 − opaque)·x: 0.5·0.8·0.3 = 0.12, 0.75·0.7·0.2 = 0.105.
    0 reads 1: need = 2·(0.36 − 1.5·0.12) + 0.08 = 0.44 > x1 = 0.2 — restraint, credible as far as 1 is
      exposed (0.36 / (0.36 + 0.4)): e01 = 0.5·(1 − 0.2/0.44)·0.36/0.76 = 0.12918660.
    1 reads 0: need = 2·(0.21 − 1.5·0.105) + 0.075 = 0.18 < x0 = 0.3 — beyond need, as far as 0's
      posture is not visibly defensive: e10 = −0.5·(0.3/0.18 − 1)·(1 − 0.2) = −0.26666667.
    ℓ01 = −1 + 0.8·(0.4 + 1) + 0.3·0.12918660 = 0.15875598; ℓ10 = 0.5 + 0.8·(−0.2 − 0.5) − 0.08 = −0.14."""
    adjacency = ~np.eye(2, dtype=bool)
    updated, trust = _trust_update(
        [[0.0, 0.4], [-0.2, 0.0]], [1, 0], [0.5, -1.0], adjacency=adjacency, arms=[0.3, 0.2],
        wealth=[1.5, 1.0], power=[0.5, 0.4], posture=[0.4, 0.6], empathy=[0.25, 0.5],
        richardson=[[0.5, 0.25, 0.02], [0.4, 0.2, 0.01]], reach=1.5 * adjacency,
        distinguishability=0.5, rate=0.3, memory=0.8)
    assert updated[0, 1] == pytest.approx(0.15875598)
    assert updated[1, 0] == pytest.approx(-0.14)
    assert trust[0, 1] == pytest.approx(1 / (1 + math.exp(-0.15875598)))


def _bargain(power, trust, posture, *, greed=(0.0, 0.0), wealth=(1.0, 1.0), wealth_before=(1.0, 1.0),
             od=2.0, distinguishability=0.5, cost=0.1):
    """war_kernel.bargain over one crisis between states 0 and 1, no allies, no misjudgement, no
    distance (spoils 0.2, no annexation, foresight 10); ``trust``: (0's in 1, 1's in 0)."""
    return war_kernel.bargain(
        f([0]), f([1]), f(power, dtype=float), np.zeros(2), f(wealth, dtype=float),
        f(wealth_before, dtype=float), f(greed, dtype=float), f([[0.5, trust[0]], [trust[1], 0.5]]),
        f(posture, dtype=float), f([True, True]), np.zeros(2), np.zeros((2, 2)), od,
        distinguishability, 0.0, 0.2, cost, 0.0, 10.0)


@pytest.mark.parametrize("trust, strikes", [(0.2, True), (0.25, False)])
def test_a_visibly_defensive_posture_blunts_the_first_strike_edge(trust, strikes):
    """Equal states (power 0.1, wealth 1), offence dominance 2, distinguishability 0.5; state 0's
    posture 0.8, state 1's 0. A strike is multiplied by od − dist·posture·(od − 1) (war.py, Jervis
    1978): 2 − 0.5·0.8·1 = 1.6 for 0, 2 for 1. For 0: p1 = 1.6/2.6, p2 = 1/3, L = 0.2·0.9 = 0.18,
    C = 0.1, fear q = (1 − trust)·(1 − 0.5·0) = 1 − trust. V(p1) = −(1/2.6)·0.18 − 0.1 = −0.16923077,
    V(p2) = −(2/3)·0.18 − 0.1 = −0.22: 0 pre-empts iff 0.16923077 < 0.22·(1 − trust), trust <
    0.23076923 (without the posture's discount, p1 = 2/3 and the bound would be 0.27272727). State
    1 never does: 0.16 < (0.18/2.6 + 0.1)·0.6·(1 − trust) = 0.12646·(1 − trust) is impossible."""
    kind, actor, target, first, cause, _ = _bargain([0.1, 0.1], (trust, trust), [0.8, 0.0])
    if strikes:
        assert (kind[0], cause[0], actor[0], first[0]) == (war.WAR, war.PREEMPTION, 0, True)
    else:
        assert kind[0] == war.SETTLED


@pytest.mark.parametrize("greed, outcome", [(0.2, war.PREVENTION), (0.0, war.NO_WAR)])
def test_a_dissatisfied_declining_state_weighs_the_prize_by_its_appetite(greed, outcome):
    """State 0 (power 0.4) against state 1 (0.05), offence neutral, trust 0.5 both ways; 0's economy
    fell to 0.8 of last year's, 1's rose by 1.25 (war.py, prevention). Appetite a = d/(1 − d) = 0.25
    at d = 0.2. p = 0.4/0.45 = 8/9 now; in 10 years 0.4·0.8^10 = 0.04295 against 0.05·1.25^10 =
    0.46566: p_later = 0.08445. L = G = 0.18, C = 0.1:
      V0(p) = 0.25·(8/9)·0.18 − (1/9)·0.18 − 0.1 = −0.08 < 0 (no demand; no pre-emption at od 1);
      window = (1 − 0.5)·(8/9 − 0.08445)·(0.18 + 0.25·0.18) = 0.0905 > 0.08: prevention.
    A security seeker (d = 0, a = 0): V0 = −0.12 and the window 0.5·0.80444·0.18 = 0.0724 < 0.12."""
    kind, actor, _, first, cause, _ = _bargain([0.4, 0.05], (0.5, 0.5), [0.0, 0.0], greed=(greed, 0.0),
                                             wealth_before=(1.25, 0.8), od=1.0, distinguishability=0.0)
    assert cause[0] == outcome
    assert kind[0] == (war.WAR if outcome == war.PREVENTION else war.SETTLED)
    if outcome == war.PREVENTION:
        assert actor[0] == 0 and first[0]


def test_the_stage_game_pays_by_the_table_and_trade_is_limited_by_the_smaller_economy():
    """Triangle of states (two neighbours each), payoffs T 5, R 3, P 1, S 0 (table by 2·own +
    partner: P, T, S, R), wealth (2, 0.5, 1), trade scale 0.1 (game.py). Everyone chooses to
    cooperate except 2 toward 0; 1 and 2 are in conflict (hostile), so neither plays toward the other.
    Row 0: R with 1 (trade 3·min(2, 0.5) = 1.5), S with 2 (0): payoff 3, trade 1.5·0.1/2 = 0.075;
    row 1: R with 0 (1.5), P with 2 (1·min(0.5, 1) = 0.5): payoff 4, trade 2·0.1/2 = 0.1;
    row 2: T against 0 (5·min(1, 2) = 5), P with 1 (0.5): payoff 6, trade 5.5·0.1/2 = 0.275.
    Mutual cooperation: 0 → 1 and 1 → 0, two directed dyads.

    Then 0 is dissatisfied (0.3) and probes: it defects where its draw falls below 0.3 (game.py):
    draws (0.5, 0.2, 0.3) — toward 1 (0.2) it defects, toward 2 (exactly 0.3) it does not.
    Row 0: T against 1 (5·min(2, 0.5) = 2.5), S with 2 (0): payoff 5, trade 2.5·0.1/2 = 0.125;
    row 1: S against 0 (0), P with 2 (0.5): payoff 1, trade 0.5·0.1/2 = 0.025;
    row 2 as before (T against 0, P with 1): 6 and 0.275. No mutual cooperation left."""
    adjacency = ~np.eye(3, dtype=bool)
    chosen = adjacency.copy()
    chosen[2, 0] = False
    hostile = np.zeros((3, 3), dtype=bool)
    hostile[1, 2] = hostile[2, 1] = True
    table, wealth, degree = f([1.0, 5.0, 0.0, 3.0]), f([2.0, 0.5, 1.0]), f([2, 2, 2], dtype=np.int64)
    nobody = np.empty(0, dtype=np.int64)
    moves, payoff, trade, mutual = game_kernel.play(chosen, nobody, None, np.zeros(3), hostile, adjacency,
                                                    table, wealth, degree, 0.1)
    assert moves.tolist() == [[False, True, True], [True, False, False], [False, False, False]]
    assert payoff.tolist() == pytest.approx([3.0, 4.0, 6.0])
    assert trade.tolist() == pytest.approx([0.075, 0.1, 0.275])
    assert mutual == 2
    moves, payoff, trade, mutual = game_kernel.play(chosen, f([0], dtype=np.int64), f([[0.5, 0.2, 0.3]]),
                                                    f([0.3, 0.0, 0.0]), hostile, adjacency, table, wealth,
                                                    degree, 0.1)
    assert moves.tolist() == [[False, False, True], [True, False, False], [False, False, False]]
    assert payoff.tolist() == pytest.approx([5.0, 1.0, 6.0])
    assert trade.tolist() == pytest.approx([0.125, 0.025, 0.275])
    assert mutual == 0


def test_threat_sums_discounted_arms_and_members_leave_out_members():
    """Σ_j reach_ij · discount_ij · x_j and √(Σ_j term²), discount_ij = 1 − distinguishability ·
    benign_ij (perception.py), distinguishability 0.8. State 0 reads 1, 2 and 4 as benign 0.5,
    0.125 and 0.625: discounts 1 − 0.4 = 0.6, 1 − 0.1 = 0.9, 1 − 0.5 = 0.5. It borders them at
    reach 1.5, arms 0.4, 0.2, 0.6: terms 0.36, 0.27, 0.45, threat 1.08, spread
    √(0.1296 + 0.0729 + 0.2025) = √0.405. State 3 (its own row of benign readings) borders only 4,
    reach 2, benign 0.9375: discount 1 − 0.75 = 0.25, threat 0.3. With one row of readings for all
    (state 0's), a community of 0 and 2, and a doctrine that trusts its community: 0 leaves 2 out,
    0.81 and √0.3321."""
    reach = np.zeros((5, 5))
    reach[0, [1, 2, 4]] = 1.5
    reach[3, 4] = 2.0
    arms = f([1.0, 0.4, 0.2, 3.0, 0.6])
    benign = f([[1.0, 0.5, 0.125, 0.0, 0.625], [0.0, 0.0, 0.0, 0.0, 0.9375]])
    threat, spread = np.zeros(5), np.zeros(5)
    perception_kernel.sum_threats(f([0, 3]), reach, benign, 0.8, arms, np.zeros(5, dtype=bool), False,
                                  threat, spread)
    assert threat.tolist() == pytest.approx([1.08, 0, 0, 0.3, 0])
    assert spread.tolist() == pytest.approx([math.sqrt(0.405), 0, 0, 0.3, 0])
    members = f([True, False, True, False, False])
    perception_kernel.sum_threats(f([0]), reach, benign[:1], 0.8, arms, members, True, threat, spread)
    assert (threat[0], spread[0]) == pytest.approx((0.81, math.sqrt(0.3321)))


def test_a_misread_threat_moves_by_its_spread_and_never_below_zero():
    """max(threat + spread · noise · draw, 0) / degree (perception.py), noise 0.2, draws (2, −5,
    −1.5), degrees (3, 2, 2): errors 0.4, −1, −0.3: (1 + 0.5·0.4)/3 = 1.2/3 = 0.4;
    0.2 − 0.3·1 < 0 → 0; (0.9 − 0.1·0.3)/2 = 0.87/2 = 0.435. Without noise (draws None): the summed
    threat over the degree, 1/3, 0.1, 0.45. The summed threat is left as it was."""
    threat, spread, degree = f([1.0, 0.2, 0.9]), f([0.5, 0.3, 0.1]), f([3, 2, 2], dtype=np.int64)
    mean = perception_kernel.mean_threats(threat, spread, f([2.0, -5.0, -1.5]), 0.2, degree)
    assert mean.tolist() == pytest.approx([0.4, 0.0, 0.435])
    assert perception_kernel.mean_threats(threat, spread, None, 0.2, degree).tolist() == \
        pytest.approx([1 / 3, 0.1, 0.45])
    assert threat.tolist() == [1.0, 0.2, 0.9]


def test_settlement_applies_the_wars_transfers_and_caps_arms_by_the_new_wealth():
    """max(W + ΔW, 0) and min(max(x − lost, 0), max_burden · W'), max_burden 0.15 (diplomacy.py):
    s0: W 2 + 0.5 = 2.5, arms 0.3 − 0.05 = 0.25 < 0.375; s1: 1 − 1.2 = −0.2 → 0 (the floor forgives
    0.2), arms capped to 0; s2: W 0.5 − 0.1 = 0.4, arms 0.1 − 0.02 = 0.08 → 0.15·0.4 = 0.06. No
    payments listed: nothing defaulted; no wealth beyond the ceiling 1e300 (−1), but s0's 2.5 is
    beyond a ceiling of 2 (0). Without war: arms 0.3, min(0.4, 0.15), min(0.1, 0.075).

    If 0.5 of s1's −1.2 was a payment to s0 (kernels.settle): s1 has −0.2 at the end of the year, so
    it cannot meet 0.2/0.5 = 0.4 of it: it pays 0.3, defaults on 0.2 (defaulted +0.2 for s1, −0.2
    for s0); s0 keeps 2.5 − 0.2 = 2.3 (arms 0.25 < 0.345), s1 ends at exactly 0, nothing forgiven."""
    wealth, arms = f([2.0, 1.0, 0.5]), f([0.3, 0.4, 0.1])
    change, lost = f([0.5, -1.2, -0.1]), f([0.05, 0.1, 0.02])
    settled, settled_arms, defaulted, floor, beyond = kernels.settle(wealth, arms, change, lost, 0.15, 1e300)
    assert settled.tolist() == pytest.approx([2.5, 0.0, 0.4])
    assert settled_arms.tolist() == pytest.approx([0.25, 0.0, 0.06])
    assert defaulted.tolist() == [0.0, 0.0, 0.0] and floor.tolist() == pytest.approx([0.0, 0.2, 0.0])
    assert beyond == -1
    assert kernels.settle(wealth, arms, change, lost, 0.15, 2.0)[4] == 0
    assert kernels.settle(wealth, arms, change, lost, 0.15, 2.5)[4] == -1  # ±ceiling itself is within
    assert kernels.settle(-wealth, arms, -change, lost, 0.15, 2.5)[4] == -1
    settled, settled_arms, defaulted, floor, beyond = kernels.settle(
        wealth, arms, change, lost, 0.15, 1e300, f([1]), f([0]), f([0.5]))
    assert settled.tolist() == pytest.approx([2.3, 0.0, 0.4])
    assert settled_arms.tolist() == pytest.approx([0.25, 0.0, 0.06])
    assert defaulted.tolist() == pytest.approx([-0.2, 0.2, 0.0])
    assert floor.tolist() == pytest.approx([0.0] * 3) and beyond == -1
    settled, settled_arms, defaulted, floor, beyond = kernels.settle(wealth, arms, None, None, 0.15, 1e300)
    assert settled.tolist() == pytest.approx([2.0, 1.0, 0.5])
    assert settled_arms.tolist() == pytest.approx([0.3, 0.15, 0.075])
    assert (defaulted.tolist(), floor.tolist(), beyond) == ([0.0] * 3, [0.0] * 3, -1)


def test_a_payer_left_short_again_by_a_later_round_cuts_what_it_still_pays():
    """kernels.settle's rounds: payments 3 → 2 (0.4), 2 → 0 (0.5), 0 → 1 (0.8); end-of-year wealth
    (its receipts included) −0.2, 1, 0.05, −0.1.
      round 1: 3 is 0.1 short of 0.4 due: cut 1/4, it pays 0.3 (0.1 unpaid); 0 is 0.2 short of 0.8:
        cut 1/4, 0.2 unpaid, 0.6 still due;
      round 2: 2, 0.1 short of its receipts, now has −0.05 of 0.5 due: cut 1/10, 0.05 unpaid;
      round 3: 0, 0.05 short of its receipts, has −0.2 + 0.2 − 0.05 = −0.05 of the 0.6 it still
        pays: cut 1/12 of 0.8 − 0.2, 0.05 more unpaid (cutting the whole 0.8 again would be 0.0667);
      round 4: nobody short. Defaulted: 3 +0.1, 2 −0.1 + 0.05, 0 +0.2 − 0.05 + 0.05, 1 −0.25;
    everyone ends at 0 but 1, at 1 − 0.25 = 0.75, and the floor forgives nothing."""
    settled, _, defaulted, floor, _ = kernels.settle(
        f([0.3, 0.4, 0.35, 0.2]), np.zeros(4), f([-0.5, 0.6, -0.3, -0.3]), np.zeros(4), 0.15, 1e300,
        f([3, 2, 0]), f([2, 0, 1]), f([0.4, 0.5, 0.8]))
    assert defaulted.tolist() == pytest.approx([0.2, -0.25, -0.05, 0.1])
    assert settled.tolist() == pytest.approx([0.0, 0.75, 0.0, 0.0], abs=1e-12)
    assert floor.tolist() == pytest.approx([0.0] * 4, abs=1e-12)


def test_gini_is_half_the_mean_absolute_difference_over_the_mean():
    """(0, 1, 3, 4): Σ_ij |x_i − x_j| = 2·14 = 28, 2n²μ = 2·16·2 = 64: 0.4375 (the kernel's rank form:
    (−3·0 − 1·1 + 1·3 + 3·4)/(4·8) = 14/32). Nothing to share: 0."""
    assert kernels.gini([1.0, 3.0, 0.0, 4.0]) == pytest.approx(0.4375)
    assert kernels.gini([0.0, 0.0]) == 0.0


def test_the_world_tallies_count_only_the_living():
    """Living states 0, 1, 2 (3 is dead): welfare 2 + 1 + 3 = 6, by doctrine (5, 1); burden 0.6/6;
    power shares 0.6, 0.3, 0.9 of 1.8: Herfindahl 1.26/3.24, top 0.5; Gini of (1, 2, 3): 4/18;
    doctrine shares (2/3, 1/3); security 1 − (0.4/1 + 0.3/0.6 + 0.1/1)/3 = 2/3 (metrics.py). By name,
    in the order of the outputs table (welfare by doctrine after welfare, shares last)."""
    out = kernels.tallies(
        f([2.0, 1.0, 3.0, 0.5]), f([0.2, 0.1, 0.3, 0.05]), f([0.6, 0.3, 0.9, 0.2]),
        f([0.4, 0.3, 0.1, 9.0]), f([0, 1, 0, 1]), f([True, True, True, False]),
        ["welfare_a", "welfare_b"], ["share_a", "share_b"])
    assert list(out) == ["welfare", "welfare_a", "welfare_b", "military_burden", "power_concentration",
                         "top_share", "states_alive", "gini", "security", "share_a", "share_b"]
    assert out == pytest.approx({
        "welfare": 6.0, "welfare_a": 5.0, "welfare_b": 1.0, "military_burden": 0.1,
        "power_concentration": 1.26 / 3.24, "top_share": 0.5, "states_alive": 3, "gini": 4 / 18,
        "security": 2 / 3, "share_a": 2 / 3, "share_b": 1 / 3})


def _tallies(wealth, military, power):
    """kernels.tallies of living states of one doctrine, no threat."""
    n = len(wealth)
    return kernels.tallies(f(wealth, dtype=float), f(military, dtype=float), f(power, dtype=float),
                           np.zeros(n), np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool),
                           ["welfare_a"], ["share_a"])


def test_the_tallies_at_the_edges_of_the_range_of_doubles():
    """Power shares (metrics.py) are taken relative to the top power above 1e150 (their squares
    would be infinite): powers 3e200 and 1e200 have shares 0.75 and 0.25, Herfindahl 0.625. A lone
    state of power 0.1 has share 1 and Herfindahl 1, although 0.1²·(1/0.1)² rounds to
    1.0000000000000002. A world without power (no arms, no latent power) has no concentration and
    no top share; one without wealth has no military burden (0, not 0/0)."""
    huge = _tallies([1.0, 1.0], [0.0, 0.0], [3e200, 1e200])
    assert (huge["power_concentration"], huge["top_share"]) == pytest.approx((0.625, 0.75))
    lone = _tallies([1.0], [0.1], [0.1])
    assert (lone["power_concentration"], lone["top_share"]) == (1.0, 1.0)
    powerless = _tallies([1.0, 2.0], [0.0, 0.0], [0.0, 0.0])
    assert (powerless["power_concentration"], powerless["top_share"]) == (0.0, 0.0)
    assert _tallies([0.0, 0.0], [0.0, 0.0], [0.1, 0.2])["military_burden"] == 0.0


def test_the_crisis_hazard_sums_mistrust_race_transition_fear_and_opportunity():
    """h = crisis_rate · share · (mistrust + race + transition + fear [+ 1 at war]), kept iff the
    thinning draw (uniform on [0, 1)) times ``most`` (the candidates' sampling rate, 0.4 here) is
    below 1 − e^−h (war.py); crisis_rate 0.3, share 2/(1 + 2) = 2/3 on both edges,
    distinguishability 0.5, postures (0.6, 0.4, 0.2).
    Edge 0 – 1: mistrust 1 − (0.7 + 0.3)/2 = 0.5; race: burdens rose by 0.01 and 0.002, the smaller
      over 0.005 = 0.4; transition: 1 grew faster (power 0.32 → 0.4), its dissatisfaction 0.5 times
      parity (0.4/0.5)^4 = 0.2048; fear, reach 1.5: ½·1.5·0.8·0.12/(0.144 + 0.5) = 0.1118012 and
      ½·1.5·0.7·0.3/(0.315 + 0.4) = 0.2202797. Sum 1.4368809; h = 0.2 · 1.4368809 = 0.2873762.
    Edge 1 – 2 (2 at war): mistrust 0.5; no race (2's burden fell, 0.1 → 0.083); transition
      0.5 · (0.2/0.4)^4 = 0.03125; fear, reach 1: ½·0.9·0.05/(0.045 + 0.4) = 0.0505618 and
      ½·0.8·0.12/(0.096 + 0.2) = 0.1621622; opportunity 1. Sum 1.7439740; h = 0.3487948.
    So 1 − e^−h = 0.2497705 and 0.2944621: kept iff the draw is below 0.2497705/0.4 = 0.6244264
    and 0.2944621/0.4 = 0.7361553, tried just below and just above.
    Inside a security community (1 and 2 members): no crisis whatever the draw."""
    p01, p12 = 1 - math.exp(-0.2 * 1.4368809), 1 - math.exp(-0.2 * 1.7439740)
    reach = np.zeros((3, 3))
    reach[0, 1] = reach[1, 0] = 1.5
    reach[1, 2] = reach[2, 1] = 1.0
    trust = f([[0.5, 0.7, 0.5], [0.3, 0.5, 0.5], [0.5, 0.5, 0.5]])

    def kept(chance, community=(False, False, False)):
        i, j = war_kernel.thin_crises(
            f([[0, 1], [1, 2]]), f([0, 1]), f(chance) / 0.4, 0.4, 0.3, f([2 / 3, 2 / 3]), trust,
            f([0.3, 0.12, 0.05]),
            f([0.28, 0.118, 0.05]), f([2.0, 1.0, 0.6]), f([2.0, 1.0, 0.5]), f([0.5, 0.4, 0.2]),
            f([0.5, 0.32, 0.2]), f([0.0, 0.5, 0.8]), reach, f([0.6, 0.4, 0.2]), 0.5, f(community),
            f([False, False, True]), war.RACE_SCALE, war.PARITY_EXPONENT)
        return list(zip(i.tolist(), j.tolist()))

    assert kept([p01 - 1e-6, p12 - 1e-6]) == [(0, 1), (1, 2)]
    assert kept([p01 + 1e-6, p12 + 1e-6]) == []
    assert kept([p01 - 1e-6, p12 - 1e-6], community=(False, True, True)) == [(0, 1)]


#: The zero-sum test's critical weight on relative gains, ρ* = value / ((1 − p)·E·U·L·temptation),
#: worked out in the docstring of the test below.
CRITICAL_RELATIVE_GAINS = 2.1 / (0.6 * 0.2591818 * 0.7714286 * 0.7475970 * 4.5)


def _zero_sum_choice(relative_gains, *, trust=(0.4, 0.6), payoffs=(6.0, -0.5, 4.5), exploited=False,
                     wealth_1=3.0, power_2=0.8, shadow=0.8, crisis_rate=0.3):
    """State 1's stage-game choice toward state 2 (zero_sum_kernel.relative_gains_moves): four
    states, edges 1 – 0, 1 – 2, 1 – 3, 2 – 3 (degrees 1, 3, 2, 2), wealth (1, ``wealth_1``, 2, 1),
    power (0.5, 1, 0.8, 0.5), no arms, no one dissatisfied, no distance; trust (1's in 2, 2's in 1), the rest
    0.5; state 2's posture 0.4; crisis rate 0.3, shadow 0.8, offence dominance 1.5,
    distinguishability 0.5, spoils 0.2, cost 0.1, latent power 0.3; ``payoffs``: (reciprocated,
    unreciprocated, temptation); ``wealth_1``, ``power_2``, ``shadow``, ``crisis_rate``: as named.
    Both cooperated two years ago and 1 saw 2 cooperate last year;
    ``exploited``: 1 had defected two years ago while 2 cooperated."""
    edges = [(1, 0), (1, 2), (1, 3), (2, 3)]
    adjacency = np.zeros((4, 4), dtype=bool)
    for a, b in edges:
        adjacency[a, b] = adjacency[b, a] = True
    trust_matrix = np.full((4, 4), 0.5)
    trust_matrix[1, 2], trust_matrix[2, 1] = trust
    moves_before, seen = adjacency.copy(), adjacency.copy()
    moves_before[1, 2] = not exploited
    wealth, power = f([1.0, wealth_1, 2.0, 1.0]), f([0.5, 1.0, power_2, 0.5])
    moves = zero_sum_kernel.relative_gains_moves(
        f([1]), trust_matrix, adjacency, moves_before, seen, adjacency.sum(axis=1), np.zeros(4),
        np.zeros(4), wealth, wealth.copy(), power, power.copy(), np.zeros(4), np.ones((4, 4)),
        f([0.0, 0.0, 0.4, 0.0]), np.zeros((4, 2)), *payoffs, relative_gains, shadow, crisis_rate, 0.5,
        1.5, 0.0, war.RACE_SCALE, war.PARITY_EXPONENT, 0.2, 0.1, 0.3)
    return bool(moves[0, 2])


@pytest.mark.parametrize("below, cooperates", [(True, True), (False, False)])
def test_a_zero_sum_state_cooperates_iff_the_value_of_cooperating_beats_the_weighted_relative_gain(
        below, cooperates):
    """zero_sum.py: cooperate iff p·reciprocated + (1 − p)·unreciprocated > ρ·temptation, ρ =
    relative_gains·(1 − p)·E·U·L. Payoffs T 5, R 3, P 1, S 0.5, shadow w 0.8: reciprocated
    (R − wP)/(1 − w) − T = 6, unreciprocated S − P = −0.5, temptation T − S = 4.5; p = 0.4:
    value = 2.4 − 0.3 = 2.1.
      E (exposure) = 1 − exp(−crisis_rate·share·h/(1 − w)), share = 2/(3 + 2) = 0.4, h the crisis
        hazard's terms: mistrust 1 − (0.4 + 0.6)/2 = 0.5 only (no arms, no race, no one
        dissatisfied): E = 1 − exp(−0.3·0.4·0.5/0.2) = 1 − e^−0.3 = 0.2591818.
      odds of 2 striking 1 first: 0.8·(1.5 − 0.5·0.4·0.5) = 1.12 against 1: q = 1.12/2.12 = 0.5283019.
      U (usability) = q·0.2·0.9·W_1 / (0.1·W_2 + (1 − q)·0.2·0.9·W_2) = 0.2852830/0.3698113
        = 0.7714286.
      L (leverage) = 4·q·(1 − q)·0.3·W_2/P_2 = 0.7475970.
    So ρ* = 2.1/(0.6·0.2591818·0.7714286·0.7475970·4.5) = 5.2034: 1 cooperates with 2 just below it
    and defects just above. (The cheap bound min(4·crisis_rate·share/(1 − w), 1) = 1 settles nothing
    here: E·U·L = 0.1495, so a bound tightened below that would wrongly settle on cooperation.)"""
    relative_gains = CRITICAL_RELATIVE_GAINS * (1 - 1e-5 if below else 1 + 1e-5)
    assert _zero_sum_choice(relative_gains) is cooperates


@pytest.mark.parametrize("below, cooperates", [(True, True), (False, False)])
def test_the_usability_of_force_is_at_most_one(below, cooperates):
    """As above with state 1 twice as rich (wealth 6): U = 0.5283019·0.18·6/0.3698113 = 1.5428571,
    clipped to 1 (zero_sum.py: usability = clip(…, 0, 1)); E·L = 0.2591818·0.7475970 (no arms: the
    wealth changes no other term), so ρ* = 2.1/(0.6·0.2591818·0.7475970·4.5) = 4.0142."""
    critical = 2.1 / (0.6 * 0.2591818 * 0.7475970 * 4.5)
    relative_gains = critical * (1 - 1e-5 if below else 1 + 1e-5)
    assert _zero_sum_choice(relative_gains, wealth_1=6.0) is cooperates


@pytest.mark.parametrize("below, cooperates", [(True, True), (False, False)])
def test_the_cheap_bound_on_the_weight_settles_no_dyad_the_exact_weight_would_not(below, cooperates):
    """The kernel settles a dyad at once when value > relative_gains·(1 − p)·temptation·bound, bound
    = min(4·crisis_rate·share/(1 − w), 1) ≥ E·U·L (zero_sum_kernel.pyx). Here E·U·L is close to the
    bound's value: trust 0.2 both ways (mistrust 0.8), state 1 three times as rich as 2 (U clipped to
    1): value = 0.2·6 + 0.8·(−0.5) = 0.8, E = 1 − exp(−0.3·0.4·0.8/0.2) = 0.3812166, L = 0.7475970,
    E·U·L = 0.2849964, so ρ* = 0.8/(0.8·0.2849964·4.5) = 0.77974. The bound is 1 here; one tighter
    than 0.285 (4·0.3·0.4/(1 + 0.8) = 0.267, say) would settle on cooperation just above ρ*."""
    critical = 0.8 / (0.8 * 0.3812166 * 0.7475970 * 4.5)
    relative_gains = critical * (1 - 1e-5 if below else 1 + 1e-5)
    assert _zero_sum_choice(relative_gains, trust=(0.2, 0.2), wealth_1=6.0) is cooperates


@pytest.mark.parametrize("below, cooperates", [(True, True), (False, False)])
def test_the_cheap_bound_holds_at_a_crisis_rate_above_one(below, cooperates):
    """As above at crisis rate 5 and shadow 0.6 (payoffs T 5, R 3, P 1, S 0.9: reciprocated
    (3 − 0.6)/0.4 − 5 = 1, unreciprocated −0.1, temptation 4.1), trust 0.1 both ways, state 2's
    power 0.6 (its latent power alone: 0.3·2): value = 0.1 − 0.09 = 0.01; E = 1 − exp(−5·0.4·0.9/0.4)
    = 0.9888910; q = 0.6·1.4/(0.84 + 1) = 0.4565217; U = 1 (clipped); L = 4q(1 − q)·0.3·2/0.6 =
    0.9924386; ρ* = 0.01/(0.9·0.9814136·4.1). The bound is 1; 4/crisis_rate in place of
    4·crisis_rate would make it 0.8 and settle on cooperation just above ρ*."""
    critical = 0.01 / (0.9 * 0.9888910 * 0.9924386 * 4.1)
    relative_gains = critical * (1 - 1e-5 if below else 1 + 1e-5)
    assert _zero_sum_choice(relative_gains, trust=(0.1, 0.1), payoffs=(1.0, -0.1, 4.1), wealth_1=6.0,
                            power_2=0.6, shadow=0.6, crisis_rate=5.0) is cooperates


def test_a_zero_sum_state_exploits_a_partner_seen_not_to_retaliate_whatever_the_weight():
    """The deterrence model (zero_sum.py): 1 defected against 2 two years ago while 2 cooperated,
    and saw 2 cooperate anyway last year: 1 defects even with no concern for relative gains. Had 1
    cooperated two years ago, it would cooperate (value 2.1 > 0)."""
    assert _zero_sum_choice(0.0, exploited=True) is False
    assert _zero_sum_choice(0.0, exploited=False) is True


def test_a_zero_sum_state_defects_when_cooperating_is_worth_nothing_even_if_temptation_is_negative():
    """value = p·reciprocated + (1 − p)·unreciprocated = 0.5·1 + 0.5·(−1) = 0 exactly (trust 0.5
    both ways): defect whatever the weight (zero_sum.py, value ≤ 0). With S > T (temptation −1,
    payoffs the knob allows) the weighted term is negative, so only that rule keeps the choice."""
    assert _zero_sum_choice(1.0, trust=(0.5, 0.5), payoffs=(1.0, -1.0, -1.0)) is False
