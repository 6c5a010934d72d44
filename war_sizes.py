"""War sizes: is their distribution Richardson's power law? (statistics only: plain functions over
plain arrays; ``detente war-sizes`` and the dashboard's compare page run the worlds, and
``viz.charts.war_sizes`` draws them).

Richardson (1948, 1960) found that the severity of wars (battle deaths) is heavy-tailed: the share
of wars at least x severe falls as a power of x over several orders of magnitude, a straight line
on log-log axes. Cederman (2003) fits a slope of about −0.4 to −0.6 to the complementary
cumulative distribution (CCDF) of the interstate wars of 1820–1997 and reproduces it in an
agent-based model. Here a war's severity is the wealth it destroyed (``WarRecord.severity``) as a
share of the world's wealth in the year before it began, so wars of a growing world compare.

A straight-looking stretch of a log-log plot is weak evidence: a log-normal bends slowly, and a wide
one looks straight over several orders of magnitude. So the fit follows Clauset, Shalizi & Newman (2009): the exponent by
maximum likelihood above a lower bound ``xmin``, ``xmin`` chosen where the Kolmogorov–Smirnov (KS)
distance between the data and the fitted law is least; the fit's plausibility by a
semi-parametric bootstrap (the law is plausible when p ≥ 0.1); and the law against a log-normal
fitted to the same wars by Vuong's likelihood-ratio test. ``verdict`` puts the three findings in one
sentence: whether the wars lie close to a straight line over two orders of magnitude or more
(Richardson's law as it is usually stated), whether they could be an exact power law, and whether a
log-normal fits them as well.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

RICHARDSON_SLOPES = (-0.6, -0.4)  # CCDF slope of interstate war severity 1820–1997 (Cederman 2003)
PLAUSIBLE = 0.1  # bootstrap p at or above which the power law is not ruled out (Clauset et al. 2009)
MIN_TAIL = 50  # fewest wars above xmin a fit may rest on
CLOSE = 0.08  # largest KS distance (share of the tail's wars) of a line called close: our description
SIGNIFICANT = 0.1  # Vuong's p below which one of the two laws fits significantly better (Clauset et al.)


class PowerLaw(NamedTuple):
    """A power law fitted to the tail x ≥ xmin of a sample."""

    xmin: float
    slope: float  # of the CCDF on log-log axes: P(X ≥ x) ∝ x**slope, slope < 0
    ks: float  # Kolmogorov–Smirnov distance between the tail and the fitted law
    tail: int  # values in the tail
    decades: float  # orders of magnitude from xmin to the largest value


class WarSizes(NamedTuple):
    """What ``measure`` finds in a sample of war sizes."""

    wars: int
    fit: PowerLaw
    p_value: float  # bootstrap plausibility of the fitted law (NaN when not computed)
    lognormal_ratio: float  # Vuong's normalised log-likelihood ratio: > 0 favours the power law
    lognormal_p: float  # its two-sided significance
    median_slope: float  # least-squares slope of the log-log CCDF above the median
    median_decades: float  # orders of magnitude from the median to the largest value


def severity_shares(world: pd.DataFrame, wars: pd.DataFrame) -> np.ndarray:
    """Each war's severity over the world's wealth (``welfare``) in the year before it began, per
    seed, in the order of the war table."""
    wealth = world.set_index(["seed", "year"]).welfare
    before = wealth.reindex(list(zip(wars.seed, wars.year - 1))).to_numpy()
    return wars.severity.to_numpy(dtype=float) / before


def relative_severity(world: pd.DataFrame, wars: pd.DataFrame) -> np.ndarray:
    """``severity_shares`` sorted, without the wars that destroyed nothing (all their states were
    already without wealth), since a power law has no zero."""
    share = severity_shares(world, wars)
    return np.sort(share[share > 0])


def ccdf(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x, share of the sample at least x), x sorted."""
    x = np.sort(sizes)
    return x, 1.0 - np.arange(x.size) / x.size


def fit_power_law(sizes: np.ndarray, min_tail: int = MIN_TAIL) -> PowerLaw:
    """Clauset et al. (2009): for every candidate xmin leaving at least ``min_tail`` values above
    it, the maximum-likelihood exponent of the continuous power law, ŝ = n / Σ ln(x/xmin); the
    xmin whose fit is closest to the data in KS distance."""
    x = np.sort(np.asarray(sizes, dtype=float))
    if x.size < min_tail or x[0] <= 0:
        raise ValueError(f"a power-law fit needs at least {min_tail} positive sizes, got {x.size}")
    logs = np.log(x)
    after = np.cumsum(logs[::-1])[::-1]  # Σ of ln x from each index to the end
    best = None
    for k in range(x.size - min_tail + 1):
        if k and x[k] == x[k - 1]:
            continue  # the same xmin as the candidate before
        n = x.size - k
        spread = after[k] - n * logs[k]
        if spread <= 0:
            break  # every value from here on equals xmin: no exponent
        s = n / spread
        model = 1.0 - (x[k:] / x[k]) ** -s
        ranks = np.arange(n)
        distance = max(((ranks + 1) / n - model).max(), (model - ranks / n).max())
        if best is None or distance < best[0]:
            best = (distance, k, s)
    if best is None:
        raise ValueError("a power-law fit needs sizes that are not all equal")
    distance, k, s = best
    return PowerLaw(float(x[k]), -float(s), float(distance), int(x.size - k),
                    float(np.log10(x[-1] / x[k])))


def plausibility(sizes: np.ndarray, fit: PowerLaw, draws: int, rng: np.random.Generator,
                 min_tail: int = MIN_TAIL) -> float:
    """Clauset et al. (2009, §4.1): the share of synthetic samples, each drawn from the fitted law
    above xmin (with the tail's share of the sample) and from the data below it, whose own best fit
    lies at least as far from them as the data's does from its fit."""
    x = np.sort(np.asarray(sizes, dtype=float))
    below = x[x < fit.xmin]  # when empty, the tail is the whole sample and every draw is in it
    tail_share = fit.tail / x.size
    further = 0
    for _ in range(draws):
        in_tail = rng.random(x.size) < tail_share
        synthetic = np.empty(x.size)
        synthetic[in_tail] = fit.xmin * rng.random(in_tail.sum()) ** (1.0 / fit.slope)
        synthetic[~in_tail] = rng.choice(below, (~in_tail).sum()) if below.size else []
        try:
            further += fit_power_law(synthetic, min_tail).ks >= fit.ks
        except ValueError:
            continue  # a synthetic sample too small to fit counts against the law
    return further / draws


def against_lognormal(sizes: np.ndarray, fit: PowerLaw) -> tuple[float, float]:
    """Vuong's test (Clauset et al. 2009, §5) on the tail x ≥ xmin: the power law against a
    log-normal truncated at xmin, fitted there by maximum likelihood. Returns (normalised
    log-likelihood ratio, > 0 favouring the power law; its two-sided p)."""
    tail = np.sort(np.asarray(sizes, dtype=float))
    tail = tail[tail >= fit.xmin]
    logs, floor = np.log(tail), np.log(fit.xmin)

    def lognormal(params: np.ndarray) -> np.ndarray:
        mu, sigma = params[0], np.exp(params[1])
        return (stats.norm.logpdf((logs - mu) / sigma) - logs - np.log(sigma)
                - stats.norm.logsf((floor - mu) / sigma))

    start = np.array([logs.mean(), np.log(max(logs.std(), 1e-3))])
    best = optimize.minimize(lambda p: -lognormal(p).sum(), start, method="Nelder-Mead",
                             options={"xatol": 1e-6, "fatol": 1e-9, "maxiter": 4000})
    s = -fit.slope
    power = np.log(s) + s * floor - (s + 1) * logs
    ratios = power - lognormal(best.x)
    spread = ratios.std()
    if spread == 0:
        return 0.0, 1.0
    normalised = ratios.sum() / (np.sqrt(tail.size) * spread)
    return float(normalised), float(special.erfc(abs(normalised) / np.sqrt(2)))


def slope_above_median(sizes: np.ndarray) -> tuple[float, float]:
    """(least-squares slope of the log-log CCDF above the median, decades from the median to the
    largest): the quick look of many papers, kept to compare with them."""
    x, share = ccdf(sizes)
    upper = x >= np.median(x)
    slope = np.polyfit(np.log10(x[upper]), np.log10(share[upper]), 1)[0]
    return float(slope), float(np.log10(x[-1] / np.median(x)))


def measure(sizes: np.ndarray, draws: int = 100, seed: int = 0) -> WarSizes:
    """Fit, plausibility (``draws`` bootstrap samples; 0 skips it) and the log-normal test."""
    fit = fit_power_law(sizes)
    p = plausibility(sizes, fit, draws, np.random.default_rng(seed)) if draws else float("nan")
    ratio, ratio_p = against_lognormal(sizes, fit)
    return WarSizes(int(np.size(sizes)), fit, p, ratio, ratio_p, *slope_above_median(sizes))


def straight(result: WarSizes, decades: float = 2.0) -> bool:
    """Whether the fitted line is close to the data (``CLOSE``) over at least ``decades`` orders of
    magnitude: Richardson's law as it is usually read off a plot (see ``verdict`` for its limits)."""
    return result.fit.ks <= CLOSE and result.fit.decades >= decades


def verdict(result: WarSizes, decades: float = 2.0) -> str:
    """One sentence of three findings: whether the CCDF is close to a straight line on log-log axes
    over ``decades`` orders of magnitude (Richardson's law as it is usually stated), whether it could
    be an exact power law (the bootstrap), and how it compares with a log-normal (Vuong).

    "Close" is a description, not a test: the fitted line within ``CLOSE`` of the data (KS). A
    log-normal wide enough (σ of 3 or more in the logarithm) passes it as readily as a power law,
    and Vuong's test often cannot tell the two apart: read the three findings together."""
    fit = result.fit
    if fit.ks > CLOSE:
        line = f"not close to a straight line (KS {fit.ks:.3f} > {CLOSE})"
    elif fit.decades < decades:
        line = (f"close to a straight line over only {fit.decades:.1f} orders of magnitude (slope "
                f"{fit.slope:.2f}, KS {fit.ks:.3f}; Richardson's law needs {decades:g})")
    else:
        line = (f"close to a straight line over {fit.decades:.1f} orders of magnitude (slope "
                f"{fit.slope:.2f}, KS {fit.ks:.3f})")
    if np.isnan(result.p_value):
        exact = "exactness not tested"
    elif result.p_value >= PLAUSIBLE:
        exact = f"an exact power law is plausible (p = {result.p_value:.2f})"
    else:
        exact = f"not an exact power law (p = {result.p_value:.2f})"
    if result.lognormal_p >= SIGNIFICANT:
        other = f"a log-normal fits about as well (Vuong p = {result.lognormal_p:.2f})"
    elif result.lognormal_ratio < 0:
        other = f"a log-normal fits significantly better (Vuong p = {result.lognormal_p:.2f})"
    else:
        other = f"it fits significantly better than a log-normal (Vuong p = {result.lognormal_p:.2f})"
    return f"{line}; {exact}; {other}"
