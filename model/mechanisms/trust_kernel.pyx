# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The trust mechanism's loop, compiled: the yearly update of beliefs. Formulas and sources:
mechanisms/trust.py."""

from cpython.mem cimport PyMem_Calloc, PyMem_Free
include "arrays.pxi"
include "war_terms.pxi"

cdef extern from "logistic.h":
    void logistic(const double* x, double* out, Py_ssize_t n) nogil


def trust_update(belief_, code_, anchor_, seen_, hostile_, adjacency_, degree_, arms_, arms_before_,
                 wealth_, wealth_before_, power_, posture_, community_, empathy_, richardson_,
                 floor_, reach_, crisis_i_, crisis_j_, kind_, actor_, target_, weights_,
                 double distinguishability, double rate, double memory):
    """Next year's belief (log-odds) and trust (probability) matrices, from this year's belief (see
    mechanisms/trust.py for the formulas). ``anchor`` (the prior in log-odds), ``empathy``,
    ``richardson`` ((k, a, g), doctrines × 3) and ``floor`` are by doctrine, read at each state's
    ``code``. ``seen`` may be None (the stage game is off: no moves to read); ``weights``:
    the evidence weights (cooperation, defection, arms, crisis, coercion, attack, witnessed attack)."""
    cdef double* belief = doubles(belief_)
    cdef int64_t* code = int64s(code_)
    cdef double* anchor = doubles(anchor_)
    cdef unsigned char* seen = NULL if seen_ is None else flags(seen_)
    cdef unsigned char* hostile = flags(hostile_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef int64_t* degree = int64s(degree_)  # at least 1
    cdef double* arms = doubles(arms_)
    cdef double* arms_before = doubles(arms_before_)
    cdef double* wealth = doubles(wealth_)
    cdef double* wealth_before = doubles(wealth_before_)
    cdef double* power = doubles(power_)
    cdef double* posture = doubles(posture_)
    cdef unsigned char* community = flags(community_)
    cdef double* empathy = doubles(empathy_)
    cdef double* richardson = doubles(richardson_)
    cdef double* coefficients  # richardson's row of a state's doctrine
    cdef double* floor = doubles(floor_)
    cdef double* reach = doubles(reach_)
    cdef int64_t* crisis_i = int64s(crisis_i_)
    cdef int64_t* crisis_j = int64s(crisis_j_)
    cdef int64_t* kind = int64s(kind_)
    cdef int64_t* actor = int64s(actor_)
    cdef int64_t* target = int64s(target_)
    cdef double* weights = doubles(weights_)
    cdef Py_ssize_t i, j, ij, k, c, n = size(arms_), crises = size(crisis_i_)
    cdef double need, ratio, visible, evidence, own_anchor, own_unseen
    cdef double arms_weight = weights[2]
    # the evidence of a move seen, looked up by the move (defected 0, cooperated 1): a branch on
    # the move would be mispredicted wherever moves are mixed
    cdef double move_evidence[2]
    move_evidence[0], move_evidence[1] = -weights[1], weights[0]
    cdef cnp.ndarray updated_out = unset_matrix(n, cnp.NPY_DOUBLE), trust_out = unset_matrix(n, cnp.NPY_DOUBLE)
    cdef double* updated = doubles(updated_out)
    cdef double* trust = doubles(trust_out)
    # per j (the observed), what every observer's reading shares; per i, what i leaves out
    cdef cnp.ndarray per_state_out = new(11 * n, cnp.NPY_DOUBLE)
    cdef double* exposed = doubles(per_state_out)
    cdef double* guarded = exposed + n  # arms, discounted by visibly defensive postures
    cdef double* reaction = exposed + 2 * n
    cdef double* grievance = exposed + 3 * n
    cdef double* least = exposed + 4 * n
    cdef double* credible = exposed + 5 * n
    cdef double* opaque = exposed + 6 * n  # distinguishability · posture: how visibly defensive
    cdef double* unseen = exposed + 7 * n
    cdef double* no_events = exposed + 8 * n  # a row of zeros, for observers without conflict news
    cdef double* base = exposed + 9 * n
    cdef double* slope = exposed + 10 * n
    cdef double* events = NULL  # conflict evidence, i about j (only in a year with crises)
    cdef double* row_events
    cdef bint in_community
    if crises:
        events = <double*> PyMem_Calloc(n * n, sizeof(double))
        if events == NULL:
            raise MemoryError()
    try:
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
        for k in range(n):  # each state's arms, discounted as far as they are visibly defensive
            guarded[k] = (1 - distinguishability * posture[k]) * arms[k]
        for j in range(n):  # the threat j faces, read as a security seeker would (reach is 0 off the network)
            exposed[j] = dot(reach + j * n, guarded, n) / degree[j]
            # per j, what every observer's reading shares: k/a (0 where a security seeker's need is
            # not defined, a = 0), g·W/a, the least force, and how credible restraint would be: only
            # if j's burden did not rise this year (a racing state restrains nothing), as far as j
            # is exposed
            coefficients = richardson + 3 * code[j]
            if coefficients[1] > 0:
                reaction[j] = coefficients[0] / coefficients[1]
                grievance[j] = coefficients[2] * wealth[j] / coefficients[1]
            # j's need before i's share of its threat: reaction · exposure + grievance; that share,
            # reach_ij · unseen_i, counts for reaction / degree
            base[j] = reaction[j] * exposed[j] + grievance[j]
            slope[j] = reaction[j] / degree[j]
            least[j] = floor[code[j]] * wealth[j]
            credible[j] = exposed[j] / max(exposed[j] + power[j], 1e-12) if _burden_change(
                arms[j], arms_before[j], wealth[j], wealth_before[j]) <= 0 else 0.0
            opaque[j] = distinguishability * posture[j]
        for i in range(n):  # the part of i's own arms i leaves out of a neighbour's threat (no empathy)
            unseen[i] = (1 - empathy[code[i]]) * (1 - opaque[i]) * arms[i]
        for i in range(n):
            # i's own terms and row, held in locals: a store through a pointer would otherwise
            # make the compiler reload them at every step
            row_events = events + i * n if events != NULL else no_events
            own_anchor, own_unseen, in_community = anchor[code[i]], unseen[i], community[i]
            for j in range(n):
                ij = i * n + j
                if not adjacency[ij]:
                    updated[ij] = belief[ij]
                    continue
                evidence = row_events[j]
                if seen != NULL and not hostile[ij]:  # a move forced by conflict tells nothing
                    evidence += move_evidence[seen[ij]]
                if reaction[j] > 0 or grievance[j] > 0 or least[j] > 0:
                    # j's need as i reads it; reach is symmetric: reach[i, j] = reach[j, i]
                    need = max(base[j] - slope[j] * reach[ij] * own_unseen, least[j])
                    ratio = arms[j] / need if need > 0 else (2.0 if arms[j] > 0 else 1.0)
                    visible = 1.0 if in_community and community[j] else opaque[j]
                    evidence += arms_weight * (
                        -min(max(ratio - 1, 0.0), 1.0) * (1 - visible)  # arming beyond need: alarm
                        + min(max(1 - ratio, 0.0), 1.0) * credible[j])  # held below need: reassurance
                updated[ij] = own_anchor + memory * (belief[ij] - own_anchor) + rate * evidence
        logistic(updated, trust, n * n)  # trust = 1 / (1 + e^-belief), vectorised: see logistic.h
    finally:
        PyMem_Free(events)
    return updated_out, trust_out


def mean_over_edges(matrix_, adjacency_):
    """Mean of ``matrix`` over the directed dyads of ``adjacency`` (nan if there are none)."""
    cdef double* matrix = doubles(matrix_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef Py_ssize_t k, count = 0, cells = size(matrix_), whole = cells - cells % 4
    cdef double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0  # four partial sums: see dot() in arrays.pxi
    for k in range(0, whole, 4):
        s0 += matrix[k] if adjacency[k] else 0.0
        s1 += matrix[k + 1] if adjacency[k + 1] else 0.0
        s2 += matrix[k + 2] if adjacency[k + 2] else 0.0
        s3 += matrix[k + 3] if adjacency[k + 3] else 0.0
        count += adjacency[k] + adjacency[k + 1] + adjacency[k + 2] + adjacency[k + 3]
    for k in range(whole, cells):
        s0 += matrix[k] if adjacency[k] else 0.0
        count += adjacency[k]
    return ((s0 + s1) + (s2 + s3)) / count if count else float("nan")
