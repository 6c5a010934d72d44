"""The behaviours DESIGN.md says must come out, each over enough seeds to be stable.

Tolerances are stated per test; ensembles use seeds 0..K-1 so the numbers are reproducible.
"""

import numpy as np
import pytest


from helpers import only

ARMS_ONLY = dict(**only("arms"), distinguishability=0.0, offense_dominance=1.0, prior_trust=0.01)


class TestRichardson:
    """Richardson 1960: x' = x + k·y − a·x + g; equilibrium ((k·h + b·g)/(a·b − k·l), ...)."""

    def test_converges_to_equilibrium_within_one_percent(self, two_states):
        # zero-sum (k, a, g) against win-win (l, b, h) with no sufficiency ceiling: a·b > k·l
        k, a, g = 0.2, 0.5, 0.02
        l, b, h = 0.3, 0.4, 0.01
        model = two_states("zero_sum", "win_win", **ARMS_ONLY, initial_wealth=1.0,
                           zero_sum=dict(arms_reaction=k, arms_fatigue=a, arms_grievance=g),
                           win_win=dict(arms_reaction=l, arms_fatigue=b, arms_grievance=h,
                                        sufficiency=1000.0))
        model.run_for(400)
        x_star = (k * h + b * g) / (a * b - k * l)
        y_star = (l * g + a * h) / (a * b - k * l)
        assert model.military[0] == pytest.approx(x_star, rel=0.01)
        assert model.military[1] == pytest.approx(y_star, rel=0.01)

    def test_each_year_follows_the_difference_equation(self, two_states):
        model = two_states(**ARMS_ONLY, zero_sum=dict(arms_reaction=0.25, arms_fatigue=0.1,
                                                    arms_grievance=0.01))
        for _ in range(5):
            x, y = model.military.copy()
            model.step()
            assert model.military[0] == pytest.approx(x + 0.25 * y - 0.1 * x + 0.01)
            assert model.military[1] == pytest.approx(y + 0.25 * x - 0.1 * y + 0.01)

    def test_runs_away_when_reaction_beats_fatigue(self, two_states):
        # a·b < k·l: arms grow geometrically at 1 + k - a (the dominant eigenvalue) without bound
        # (wealth is huge so that the spending cap stays out of reach over the 60 years)
        model = two_states(**ARMS_ONLY, initial_wealth=1e12, initial_burden=1e-3, max_burden=1.0,
                           zero_sum=dict(arms_reaction=0.3, arms_fatigue=0.2, arms_grievance=1e-6))
        start = model.military.copy()
        model.run_for(59)
        before = model.military.copy()
        model.step()
        assert model.military / before == pytest.approx([1.1, 1.1], rel=1e-3)
        assert np.all(model.military > 250 * start)  # 1.1**60 ≈ 304: no equilibrium holds it


class TestAxelrod:
    """The pure game: payoffs equal those axelrod's Match gives (R, S, T, P = 3, 0, 5, 1)."""

    PURE = dict(**only("game", "trust"), noise=0.0, payoffs=[5, 3, 1, 0])

    @pytest.mark.parametrize("rounds", [1, 2, 10, 200])
    def test_tit_for_tat_against_always_defect(self, two_states, rounds):
        model = two_states("win_win", "zero_sum", **self.PURE, generosity=0.0, relative_gains=10.0)
        model.run_for(rounds)
        assert model.score.tolist() == [0 + (rounds - 1) * 1, 5 + (rounds - 1) * 1]

    @pytest.mark.parametrize("rounds", [1, 10, 200])
    def test_two_reciprocators_cooperate_throughout(self, two_states, rounds):
        model = two_states("win_win", "win_win", **self.PURE, generosity=0.0)
        model.run_for(rounds)
        assert model.score.tolist() == [3 * rounds, 3 * rounds]


# Jervis's four worlds, common security against the security dilemma, the exploited idealist, power
# transition and the other side of the paper are checked as the claims of their scenarios' lessons
# (tests/lessons/); Powell, Snidal and Kydd at the level of one choice in test_zero_sum.py and
# test_trust.py; history's orders of magnitude in test_validation.py.
