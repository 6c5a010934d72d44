# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The trust mechanism's loop, compiled: the yearly update of beliefs. Formulas and sources:
mechanisms/trust.py."""

from libc.math cimport exp

include "arrays.pxi"
include "war_terms.pxi"


def trust_update(belief_, anchor_, seen_, hostile_, adjacency_, arms_, arms_before_, wealth_, wealth_before_,
                 power_, posture_, community_,
                 empathy_, richardson_, floor_, reach_, crisis_i_, crisis_j_, kind_, actor_, target_,
                 weights_, double distinguishability, double rate, double memory):
    """Next year's belief (log-odds) and trust (probability) matrices, from this year's belief (see
    mechanisms/trust.py for the formulas). ``seen`` may be None (the stage game is off: no moves to
    read); ``richardson``: each state's (k, a, g), n × 3; ``weights``:
    the evidence weights (cooperation, defection, arms, crisis, coercion, attack, witnessed attack)."""
    cdef double* belief = doubles(belief_)
    cdef double* anchor = doubles(anchor_)
    cdef unsigned char* seen = NULL if seen_ is None else flags(seen_)
    cdef unsigned char* hostile = flags(hostile_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef double* arms = doubles(arms_)
    cdef double* arms_before = doubles(arms_before_)
    cdef double* wealth = doubles(wealth_)
    cdef double* wealth_before = doubles(wealth_before_)
    cdef double* power = doubles(power_)
    cdef double* posture = doubles(posture_)
    cdef unsigned char* community = flags(community_)
    cdef double* empathy = doubles(empathy_)
    cdef double* richardson = doubles(richardson_)
    cdef double* floor = doubles(floor_)
    cdef double* reach = doubles(reach_)
    cdef int64_t* crisis_i = int64s(crisis_i_)
    cdef int64_t* crisis_j = int64s(crisis_j_)
    cdef int64_t* kind = int64s(kind_)
    cdef int64_t* actor = int64s(actor_)
    cdef int64_t* target = int64s(target_)
    cdef double* weights = doubles(weights_)
    cdef Py_ssize_t i, j, k, c, n = size(arms_), crises = size(crisis_i_)
    cdef double need, ratio, visible, evidence, updated_belief
    cdef cnp.ndarray updated_out = new_matrix(n, cnp.NPY_DOUBLE), trust_out = new_matrix(n, cnp.NPY_DOUBLE)
    cdef double* trust = doubles(trust_out)
    cdef cnp.ndarray events_out = new_matrix(n, cnp.NPY_DOUBLE)  # conflict evidence, i about j
    cdef cnp.ndarray exposed_out = new(n, cnp.NPY_DOUBLE), degree_out = new(n, cnp.NPY_DOUBLE)
    cdef cnp.ndarray reaction_out = new(n, cnp.NPY_DOUBLE), grievance_out = new(n, cnp.NPY_DOUBLE)
    cdef cnp.ndarray least_out = new(n, cnp.NPY_DOUBLE), credible_out = new(n, cnp.NPY_DOUBLE)
    cdef cnp.ndarray unseen_out = new(n, cnp.NPY_DOUBLE)
    cdef double* reaction = doubles(reaction_out)
    cdef double* grievance = doubles(grievance_out)
    cdef double* least = doubles(least_out)
    cdef double* credible = doubles(credible_out)
    cdef double* unseen = doubles(unseen_out)
    cdef double* updated = doubles(updated_out)
    cdef double* events = doubles(events_out)
    cdef double* exposed = doubles(exposed_out)
    cdef double* degree = doubles(degree_out)
    for c in range(crises):
        events[crisis_i[c] * n + crisis_j[c]] -= weights[3]
        events[crisis_j[c] * n + crisis_i[c]] -= weights[3]
        if kind[c] == COERCED:
            events[target[c] * n + actor[c]] -= weights[4]
        elif kind[c] == WAR:
            events[target[c] * n + actor[c]] -= weights[5]
            for k in range(n):  # the attack is seen by the attacker's other neighbours
                if adjacency[actor[c] * n + k] and k != target[c]:
                    events[k * n + actor[c]] -= weights[6]
    for j in range(n):  # the threat j faces, read as a security seeker would (posture discount only)
        for k in range(n):
            if adjacency[j * n + k]:
                exposed[j] += reach[j * n + k] * (1 - distinguishability * posture[k]) * arms[k]
                degree[j] += 1
        degree[j] = max(degree[j], 1.0)
        exposed[j] /= degree[j]
        # per j, what every observer's reading shares: k/a (0 where a security seeker's need is not
        # defined, a = 0), g·W/a, the least force, and how credible restraint would be: only if j's
        # burden did not rise this year (a racing state restrains nothing), as far as j is exposed
        if richardson[3 * j + 1] > 0:
            reaction[j] = richardson[3 * j] / richardson[3 * j + 1]
            grievance[j] = richardson[3 * j + 2] * wealth[j] / richardson[3 * j + 1]
        least[j] = floor[j] * wealth[j]
        credible[j] = exposed[j] / max(exposed[j] + power[j], 1e-12) if _burden_change(
            arms[j], arms_before[j], wealth[j], wealth_before[j]) <= 0 else 0.0
    for i in range(n):  # the part of i's own arms i leaves out of a neighbour's threat (no empathy)
        unseen[i] = (1 - empathy[i]) * (1 - distinguishability * posture[i]) * arms[i]
    for i in range(n):
        for j in range(n):
            if not adjacency[i * n + j]:
                updated[i * n + j] = belief[i * n + j]
                trust[i * n + j] = 1 / (1 + exp(-belief[i * n + j]))
                continue
            evidence = events[i * n + j]
            if seen != NULL and not hostile[i * n + j]:  # a move forced by conflict tells nothing
                evidence += weights[0] if seen[i * n + j] else -weights[1]
            if reaction[j] > 0 or grievance[j] > 0 or least[j] > 0:
                # j's need as i reads it; reach is symmetric: reach[i, j] = reach[j, i]
                need = max(reaction[j] * (exposed[j] - reach[i * n + j] * unseen[i] / degree[j])
                           + grievance[j], least[j])
                ratio = arms[j] / need if need > 0 else (2.0 if arms[j] > 0 else 1.0)
                visible = 1.0 if community[i] and community[j] else distinguishability * posture[j]
                evidence += weights[2] * (
                    -min(max(ratio - 1, 0.0), 1.0) * (1 - visible)  # arming beyond need: alarm
                    + min(max(1 - ratio, 0.0), 1.0) * credible[j])  # held below need: reassurance
            updated_belief = anchor[i] + memory * (belief[i * n + j] - anchor[i]) + rate * evidence
            updated[i * n + j] = updated_belief
            trust[i * n + j] = 1 / (1 + exp(-updated_belief))
    return updated_out, trust_out


def mean_over_edges(matrix_, adjacency_):
    """Mean of ``matrix`` over the directed dyads of ``adjacency`` (nan if there are none)."""
    cdef double* matrix = doubles(matrix_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef Py_ssize_t k, count = 0
    cdef double total = 0.0
    for k in range(size(matrix_)):
        if adjacency[k]:
            total += matrix[k]
            count += 1
    return total / count if count else float("nan")
