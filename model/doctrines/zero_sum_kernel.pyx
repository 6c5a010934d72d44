# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The zero-sum doctrine's stage-game choice, compiled. Formulas and sources: doctrines/zero_sum.py."""

from libc.math cimport exp

include "arrays.pxi"
include "war_terms.pxi"


def relative_gains_moves(rows_, trust_, adjacency_, moves_before_, seen_, degree_, arms_,
                         arms_before_, wealth_, wealth_before_, power_, power_before_,
                         dissatisfaction_, reach_, posture_, positions_, double reciprocated,
                         double unreciprocated, double temptation, double relative_gains,
                         double shadow, double crisis_rate, double distinguishability,
                         double offense_dominance, double distance_decay, double race_scale,
                         double parity_exponent, double spoils, double cost, double latent):
    """The zero-sum stage-game choice of each state of ``rows`` toward each state (see
    doctrines/zero_sum.py): cooperate iff p·reciprocated + (1 − p)·unreciprocated > ρ_ij·temptation,
    p being trust in the partner and ρ_ij the weight its relative gain gets from the use of force;
    but defect against a partner seen not to retaliate: two years ago i defected against j while j
    cooperated (``moves_before``), and last year i saw j cooperate anyway (``seen``)."""
    cdef int64_t* rows = int64s(rows_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef unsigned char* moves_before = flags(moves_before_)
    cdef unsigned char* seen = flags(seen_)
    cdef int64_t* degree = int64s(degree_)
    cdef HazardWorld world = hazard_world(trust_, arms_, arms_before_, wealth_, wealth_before_, power_,
                                          power_before_, dissatisfaction_, reach_, posture_,
                                          distinguishability, race_scale, parity_exponent)
    cdef double* trust = world.trust
    cdef double* wealth = world.wealth
    cdef double* power = world.power
    cdef double* posture = world.posture
    cdef double* positions = doubles(positions_)
    cdef Py_ssize_t r, i, j, n = world.n, count = size(rows_)
    cdef int64_t paired_degree
    cdef double p, value, share = 0.0, bound = 0.0, odds, exposure, usability, leverage, weight
    cdef cnp.npy_intp shape[2]
    shape[0], shape[1] = count, n
    cdef cnp.ndarray moves_out = cnp.PyArray_ZEROS(2, shape, cnp.NPY_BOOL, 0)
    cdef unsigned char* moves = flags(moves_out)
    for r in range(count):
        i = rows[r]
        paired_degree = -1  # the partners' degree the bound below was last worked out for
        for j in range(n):
            # no move off the network; a partner that does not retaliate is exploited (tested in
            # this order: i's own past defection is the rare part, and j's move the costly read)
            if not adjacency[i * n + j] or (not moves_before[i * n + j] and seen[i * n + j]
                                             and moves_before[j * n + i]):
                continue
            p = trust[i * n + j]
            value = p * reciprocated + (1 - p) * unreciprocated  # of cooperating, before the concern
            if value <= 0:
                continue  # defect whatever the concern
            if degree[j] != paired_degree:  # (degrees repeat along a row: two divisions saved)
                paired_degree = degree[j]
                share = 2.0 / (degree[i] + degree[j])
                # exposure, usability and leverage are each at most 1, and exposure at most its
                # hazard exponent, whose four terms are each at most 1: a cheap bound settles most
                # dyads of a large world without the hazard's arithmetic
                bound = min(4 * crisis_rate * share / (1 - shadow), 1.0)
            if value > relative_gains * (1 - p) * temptation * bound:
                moves[r * n + j] = True
                continue
            # the chance of a crisis with j within the shadow of the future, at the war mechanism's
            # hazard (shared among neighbours: it falls with their number, Snidal 1991)
            exposure = 1 - exp(-crisis_rate * share / (1 - shadow) * _hazard_terms(i, j, &world))
            # j's chance against i striking first, and how close that war comes to paying for j
            # (Powell 1991: relative gains matter as far as force is usable)
            odds = _odds(_strike(power[j], j, i, True, offense_dominance, distinguishability, posture,
                                 positions, distance_decay), power[i])
            usability = min(max(odds * spoils * (1 - cost) * wealth[i]
                                / max(cost * wealth[j] + (1 - odds) * spoils * (1 - cost) * wealth[j],
                                      1e-12), 0.0), 1.0)
            # how far a gain of wealth shifts their odds (most at parity)
            leverage = 4 * odds * (1 - odds) * latent * wealth[j] / max(power[j], 1e-12)
            weight = relative_gains * (1 - p) * exposure * usability * leverage
            moves[r * n + j] = value > weight * temptation
    return moves_out
