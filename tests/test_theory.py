"""The behaviours DESIGN.md says must come out, each over enough seeds to be stable.

Tolerances are stated per test; ensembles use seeds 0..K-1 so the numbers are reproducible.
"""

import numpy as np
import pytest

from detente.model import DiplomacyModel

from helpers import ensemble_means, only

ARMS_ONLY = dict(**only("arms"), distinguishability=0.0, offense_dominance=1.0, initial_trust=0.0)


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


def test_jervis_four_worlds():
    """Jervis 1978, zero-sum world: conflict highest when offence dominates and postures cannot be
    told apart, lowest when defence dominates and they can. 12 seeds × 150 years per world; the
    ordering must hold for wars per run and for mean military burden."""
    measures = {"wars": lambda w: w.wars.sum(), "burden": lambda w: w.military_burden.mean()}
    worlds = {
        (od, dist): ensemble_means(range(12), 150, measures, doctrine="zero_sum",
                                   offense_dominance=od, distinguishability=dist)
        for od in (0.5, 2.0) for dist in (0.0, 1.0)
    }
    for measure in measures:
        values = {world: result[measure] for world, result in worlds.items()}
        assert max(values, key=values.get) == (2.0, 0.0), (measure, values)
        assert min(values, key=values.get) == (0.5, 1.0), (measure, values)


def test_common_security_beats_the_security_dilemma_in_a_world_of_security_seekers():
    """20 seeds × 200 years, 20 states, same knobs but the doctrine: all-win-win ends with lower
    military burden, fewer wars and higher welfare than all-zero-sum (means over seeds; wars and
    welfare also seed by seed, since both worlds get the same seeds)."""
    measures = {
        "burden": lambda w: w.military_burden.iloc[-1],
        "wars": lambda w: w.wars.sum(),
        "welfare": lambda w: w.welfare.iloc[-1],
    }
    zero_sum = ensemble_means(range(20), 200, measures, doctrine="zero_sum")
    win_win = ensemble_means(range(20), 200, measures, doctrine="win_win")
    assert win_win["burden"] < zero_sum["burden"]
    assert win_win["wars"] < zero_sum["wars"]
    assert win_win["welfare"] > zero_sum["welfare"]


def _idealists_against_a_revisionist(retaliation: bool, seeds=range(20), years=100):
    """Wealth of the revisionist and mean wealth of its surviving win-win neighbours, per seed."""
    states = [dict(name="Revisionist", doctrine="zero_sum", dissatisfaction=0.5)] + [
        dict(name=f"Idealist {i}", doctrine="win_win") for i in range(3)
    ]
    revisionist, idealists = [], []
    for seed in seeds:
        model = DiplomacyModel(rng=seed, states=states, collect_states=False,
                               **{"win_win.retaliation": retaliation})
        model.run_for(years)
        survivors = model.alive[1:]
        revisionist.append(model.wealth[0])
        idealists.append(model.wealth[1:][survivors].mean() if survivors.any() else 0.0)
    return np.array(revisionist), np.array(idealists)


def test_unconditional_idealists_are_exploited_by_a_revisionist():
    """Kydd 2005 / Jervis's deterrence model: without retaliation the win-win states end poorer than
    the revisionist next to them (mean over 20 seeds, and in at least 18 of 20 seeds)."""
    revisionist, idealists = _idealists_against_a_revisionist(retaliation=False)
    assert idealists.mean() < revisionist.mean()
    assert np.sum(idealists < revisionist) >= 18


def test_reciprocity_protects_win_win_states():
    """With reciprocity the same win-win states are not exploited: they end at least as rich as the
    revisionist (mean over 20 seeds, and in at least 12 of 20 seeds)."""
    revisionist, idealists = _idealists_against_a_revisionist(retaliation=True)
    assert idealists.mean() >= revisionist.mean()
    assert np.sum(idealists >= revisionist) >= 12
