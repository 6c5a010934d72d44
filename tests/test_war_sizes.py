"""War sizes (``war_sizes.py``, ``detente war-sizes``): the power-law fit of Clauset, Shalizi &
Newman (2009) on samples whose law is known, worked out by hand where it can be, and the command as
a user runs it."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from detente import war_sizes

DETENTE = [sys.executable, "-m", "detente.cli"]


def pareto(slope: float, xmin: float, n: int, seed: int) -> np.ndarray:
    """n draws with P(X ≥ x) = (x/xmin)**slope (inverse transform)."""
    return xmin * np.random.default_rng(seed).random(n) ** (1.0 / slope)


def test_the_fit_of_three_values_by_hand():
    """x = 1, e, e²: ŝ = 3 / (0 + 1 + 2) = 1, so F(x) = 1 − 1/x: F = 0, 0.632, 0.865 against the
    empirical steps 0→1/3, 1/3→2/3, 2/3→1; the largest gap is 1/3 (at x = 1). One candidate only
    (the tail must keep three values); the range is log10(e²) = 0.869 decades."""
    fit = war_sizes.fit_power_law(np.exp([2.0, 0.0, 1.0]), min_tail=3)
    assert fit.xmin == 1.0 and fit.tail == 3
    assert fit.slope == pytest.approx(-1.0)
    assert fit.ks == pytest.approx(1 / 3)
    assert fit.decades == pytest.approx(2 / np.log(10))


def test_a_power_law_is_found_with_its_slope_range_and_plausibility():
    """1,500 draws of slope −0.5 above 1e-3: the estimate's standard error is 0.5/√1500 = 0.013, so
    the tolerance, 0.05, is about four of them. The true law must not be rejected (p ≥ 0.1) and
    must not lose to a log-normal."""
    sizes = pareto(-0.5, 1e-3, 1500, seed=1)
    result = war_sizes.measure(sizes, draws=50)
    assert result.fit.slope == pytest.approx(-0.5, abs=0.05)
    assert result.fit.xmin < 2e-3 and result.fit.decades > 5
    assert result.p_value >= war_sizes.PLAUSIBLE
    assert not (result.lognormal_ratio < 0 and result.lognormal_p < 0.1)
    assert result.median_slope == pytest.approx(-0.5, abs=0.05)
    assert war_sizes.straight(result)
    assert "; an exact power law is plausible" in war_sizes.verdict(result)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exponential_sizes_are_not_called_a_power_law(seed):
    """An exponential tail bends down on log-log axes: its best power law is rejected (p < 0.1) or,
    fitted to its last few dozen values only, spans far less than two decades."""
    sizes = np.random.default_rng(seed).exponential(0.01, 1500)
    result = war_sizes.measure(sizes, draws=50)
    assert result.p_value < war_sizes.PLAUSIBLE or result.fit.decades < 1.5
    assert not war_sizes.straight(result)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_lognormal_tail_is_preferred_to_a_power_law_on_it(seed):
    """A log-normal (σ = 1.5, 5,000 draws) looks straight over a decade or two; Vuong's test on the
    fitted tail leans to the log-normal (ratio < 0), where on a true power law's tail it does not
    lean to it significantly."""
    sizes = np.exp(np.random.default_rng(seed).normal(-6.0, 1.5, 5_000))
    ratio, _ = war_sizes.against_lognormal(sizes, war_sizes.fit_power_law(sizes))
    assert ratio < 0
    law = pareto(-1.0, 1.0, 5_000, seed=seed)
    ratio, p = war_sizes.against_lognormal(law, war_sizes.fit_power_law(law))
    assert ratio > 0 or p >= 0.1


def test_plausibility_is_reproducible_and_a_short_range_is_said():
    """The same generator seed gives the same p; a law over one decade only (a Pareto of slope −1
    cut at 10: x = 1 / (1 − 0.9u)) is not called Richardson's law."""
    sizes = 1.0 / (1.0 - 0.9 * np.random.default_rng(5).random(400))
    fit = war_sizes.fit_power_law(sizes)
    p = war_sizes.plausibility(sizes, fit, 20, np.random.default_rng(9))
    assert p == war_sizes.plausibility(sizes, fit, 20, np.random.default_rng(9))
    assert fit.decades <= 1.0
    verdict = war_sizes.verdict(war_sizes.measure(sizes, draws=20))
    assert verdict.startswith("not close") or "over only" in verdict


def test_the_verdict_reads_each_finding():
    """The verdict's three findings on results set by hand: the line (far from the data, short, or
    long enough), exactness (plausible, rejected, not tested) and the log-normal (as good, better,
    worse)."""
    def verdict(ks=0.03, decades=3.0, p=0.5, ratio=0.5, ratio_p=0.6):
        return war_sizes.verdict(war_sizes.WarSizes(500, war_sizes.PowerLaw(1e-4, -0.5, ks, 300, decades),
                                                    p, ratio, ratio_p, -0.5, 3.0))

    assert verdict() == ("close to a straight line over 3.0 orders of magnitude (slope -0.50, KS 0.030); "
                         "an exact power law is plausible (p = 0.50); a log-normal fits about as well "
                         "(Vuong p = 0.60)")
    assert verdict(ks=0.09).startswith("not close to a straight line (KS 0.090 > 0.08); ")
    assert verdict(decades=1.5).startswith("close to a straight line over only 1.5 orders of magnitude "
                                           "(slope -0.50, KS 0.030; Richardson's law needs 2); ")
    assert "; not an exact power law (p = 0.02); " in verdict(p=0.02)
    assert "; exactness not tested; " in verdict(p=float("nan"))
    assert verdict(ratio=-2.0, ratio_p=0.05).endswith("; a log-normal fits significantly better (Vuong p = 0.05)")
    assert verdict(ratio=2.0, ratio_p=0.05).endswith("; it fits significantly better than a log-normal "
                                                     "(Vuong p = 0.05)")


def test_a_wide_log_normal_also_looks_close_to_a_straight_line():
    """The limit of the description, on record: 588 draws of a log-normal with σ = 4 in the
    logarithm (as many as the war-sizes world's wars) lie close to a straight line over 4.4 orders of
    magnitude with a slope of -0.47, and Vuong's test cannot tell them from a power law (p = 0.64;
    over eight draws it could in two). A straight-looking CCDF does not tell a power law from a wide
    log-normal."""
    sizes = np.exp(np.random.default_rng(1).normal(-12.0, 4.0, 588))
    result = war_sizes.measure(sizes, draws=0)
    assert war_sizes.straight(result) and -0.6 <= result.fit.slope <= -0.4
    assert result.lognormal_p >= war_sizes.SIGNIFICANT
    assert war_sizes.verdict(result).endswith("a log-normal fits about as well (Vuong p = 0.64)")


def test_too_few_sizes_are_refused():
    with pytest.raises(ValueError, match="at least 50 positive sizes"):
        war_sizes.fit_power_law(np.ones(10))
    with pytest.raises(ValueError, match="not all equal"):
        war_sizes.fit_power_law(np.ones(60))


def test_severity_is_a_share_of_the_world_before_the_war_per_seed():
    """Seed 0's world has 10, 20, 40 in years 0-2, seed 1's 5, 5, 5: a war of seed 0 begun in year 2
    that destroyed 4 is 4/20; one of seed 1 begun in year 1 that destroyed 1 is 1/5; a war that
    destroyed nothing is left out."""
    world = pd.DataFrame({"seed": [0, 0, 0, 1, 1, 1], "year": [0, 1, 2] * 2,
                          "welfare": [10.0, 20.0, 40.0, 5.0, 5.0, 5.0]})
    wars = pd.DataFrame({"seed": [0, 1, 1], "year": [2, 1, 2], "severity": [4.0, 1.0, 0.0]})
    np.testing.assert_allclose(war_sizes.severity_shares(world, wars), [0.2, 0.2, 0.0])  # in table order
    np.testing.assert_allclose(war_sizes.relative_severity(world, wars), [0.2, 0.2])
    wars.loc[0, "severity"] = 2.0
    np.testing.assert_allclose(war_sizes.relative_severity(world, wars), [0.1, 0.2])


def test_the_command_fits_plots_and_writes_the_wars(tmp_path):
    plot, table = tmp_path / "sizes.png", tmp_path / "wars.csv"
    done = subprocess.run([*DETENTE, "war-sizes", "historical-baseline", "--seeds", "12", "--years", "300",
                           "--set", "n_states=120", "--set", "network_radius=0.18",
                           "--set", "protracted_wars=true", "--bootstrap", "10",
                           "--plot", str(plot), "--wars", str(table)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    wars = pd.read_csv(table)
    assert f"300 years: {len(wars):,} wars" in done.stdout
    for line in ("power law above", "Kolmogorov-Smirnov", "exact power law: p = ", "from 10 bootstrap samples",
                 "against a log-normal", "above the median", "Richardson's data", "verdict: "):
        assert line in done.stdout
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_scenario_with_variants_is_fitted_world_by_world(tmp_path):
    """war-sizes stands for its two variants, as in compare: one block each, one table of wars."""
    table = tmp_path / "wars.parquet"
    done = subprocess.run([*DETENTE, "war-sizes", "war-sizes", "--seeds", "6", "--years", "300",
                           "--bootstrap", "0", "--wars", str(table)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    wars = pd.read_parquet(table)
    for variant in ("war-sizes/escalating", "war-sizes/total-war"):
        count = (wars.scenario == variant).sum()
        assert f"{variant}: 6 seed(s) from 0, 300 years: {count:,} wars" in done.stdout
    assert done.stdout.count("verdict: ") == 2 and "not computed (--bootstrap 0)" in done.stdout


def test_the_command_asks_for_more_runs_when_there_are_too_few_wars():
    done = subprocess.run([*DETENTE, "war-sizes", "common-security", "--seeds", "2", "--years", "20"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "a fit needs at least 50" in done.stderr and "add seeds (--seeds)" in done.stderr
    assert "Traceback" not in done.stderr
