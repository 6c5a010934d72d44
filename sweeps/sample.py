"""Sampling: the points of a sweep (one row per point, one column per swept knob) and the seed of
every replication.

Samplers: the full factorial of listed values; a Latin hypercube (McKay et al. 1979;
``scipy.stats.qmc``); Saltelli's extension of Sobol' sequences for Sobol indices (Saltelli 2002,
2010) and Morris trajectories (Morris 1991; Campolongo et al. 2007), both from SALib so that its
analyses read them back in the order they expect. Ranged knobs are sampled in the unit cube and
mapped onto their range (uniform, or log-uniform for knobs that act by orders of magnitude); whole-
number knobs are rounded.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.stats import qmc

from .spec import SweepSpec


def sample(spec: SweepSpec) -> np.ndarray:
    """The sweep's points, points × knobs, in the sampler's order (the same on every call)."""
    factors, sampler = spec.factors, spec.sampler
    if sampler.method == "grid":
        return np.array(list(itertools.product(*(f.values for f in factors))), dtype=float)
    unit = {"num_vars": len(factors), "names": spec.names, "bounds": [[0.0, 1.0]] * len(factors)}
    if sampler.method == "lhs":
        cube = qmc.LatinHypercube(d=len(factors), rng=np.random.default_rng(spec.seed)).random(sampler.samples)
    elif sampler.method == "sobol":
        from SALib.sample import sobol

        cube = sobol.sample(unit, sampler.samples, calc_second_order=sampler.second_order,
                            scramble=True, seed=spec.seed % 2**32)
    else:  # morris
        from SALib.sample import morris

        cube = morris.sample(unit, sampler.samples, num_levels=sampler.levels, seed=spec.seed % 2**32)
    points = np.empty_like(cube)
    for column, factor in enumerate(factors):
        low, high = factor.bounds
        if factor.distribution == "log-uniform":
            points[:, column] = np.exp(np.log(low) + cube[:, column] * (np.log(high) - np.log(low)))
        else:
            points[:, column] = low + cube[:, column] * (high - low)
        if factor.kind == "int":
            points[:, column] = np.rint(points[:, column])
    return points


def replication_seed(spec: SweepSpec, point: int, replication: int) -> int:
    """The seed of one replication at one point: the child (point, replication) of the spec's root
    SeedSequence, so that no two points or replications share a stream, and the same on whatever
    executor runs it. Every world of a claim runs on the same seed at the same point and
    replication (common random numbers: their difference is the doctrine's, not the dice's)."""
    words = np.random.SeedSequence(spec.seed, spawn_key=(point, replication)).generate_state(2, np.uint32)
    return int((int(words[0]) << 32 | int(words[1])) & (2**63 - 1))
