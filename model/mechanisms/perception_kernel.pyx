# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The perception mechanism's loops, compiled: threat sums, misread threat and misread moves.
Formulas and sources: mechanisms/perception.py."""

from libc.math cimport sqrt

include "arrays.pxi"


def seen_moves(moves_, dyads_, misread_):
    """The transpose of ``moves``, with the entries of the misread dyads flipped: ``dyads`` holds
    the flat positions of the directed dyads, ``misread`` the indices of those misread."""
    cdef unsigned char* moves = flags(moves_)
    cdef int64_t* dyads = int64s(dyads_)
    cdef int64_t* misread = int64s(misread_)
    cdef Py_ssize_t i, j, k, n = cnp.PyArray_DIM(<cnp.ndarray>moves_, 0)
    cdef cnp.ndarray seen_out = new_matrix(n, cnp.NPY_BOOL)
    cdef unsigned char* seen = flags(seen_out)
    for i in range(n):
        for j in range(n):
            seen[i * n + j] = moves[j * n + i]
    for k in range(size(misread_)):
        seen[dyads[misread[k]]] = not seen[dyads[misread[k]]]
    return seen_out


def sum_threats(rows_, reach_, benign_, double distinguishability, arms_, members_,
                bint trusts_community, threat_, spread_):
    """For each state i of ``rows``: Σ_j reach_ij · discount_ij · x_j into ``threat`` and the square
    root of the sum of the squared terms into ``spread``, where discount = 1 − distinguishability ·
    benign. ``benign`` (a doctrine's reading) has a row per state of ``rows``, or one row for all of
    them. With ``trusts_community``, members leave out members."""
    cdef int64_t* rows = int64s(rows_)
    cdef double* reach = doubles(reach_)
    cdef double* benign = doubles(benign_)
    cdef double* arms = doubles(arms_)
    cdef unsigned char* members = flags(members_)
    cdef double* threat = doubles(threat_)
    cdef double* spread = doubles(spread_)
    cdef Py_ssize_t r, i, k, row, n = size(arms_)
    cdef bint one_row = (cnp.PyArray_NDIM(<cnp.ndarray>benign_) == 2
                         and cnp.PyArray_DIM(<cnp.ndarray>benign_, 0) == 1)
    shape_is(benign_, 1 if one_row else size(rows_), n, "a doctrine's benign() reading")
    cdef double total, squares
    # each row's discount, worked out once (one row is read by every state when it holds for all)
    cdef cnp.ndarray discount_out = new(n if one_row else size(rows_) * n, cnp.NPY_DOUBLE)
    cdef double* discount = doubles(discount_out)
    for k in range(size(discount_out)):
        discount[k] = 1.0 - distinguishability * benign[k]
    for r in range(size(rows_)):
        i = rows[r]
        row = 0 if one_row else r
        total, squares = _threat_terms(reach + i * n, discount + row * n, arms,
                                       members if trusts_community and members[i] else NULL, n)
        threat[i] = total
        spread[i] = sqrt(squares)


cdef inline (double, double) _threat_terms(const double* reach, const double* discount,
                                           const double* arms, const unsigned char* left_out,
                                           Py_ssize_t n) noexcept:
    """(Σ_j t_j, Σ_j t_j²) of the terms t_j = reach_j · discount_j · arms_j, but 0 where
    ``left_out`` (if given) is set; in four interleaved partial sums each, as dot() in arrays.pxi."""
    cdef double t0 = 0.0, t1 = 0.0, t2 = 0.0, t3 = 0.0, q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
    cdef double a, b, c, d
    cdef Py_ssize_t k, whole = n - n % 4
    for k in range(0, whole, 4):
        a = _term(reach, discount, arms, left_out, k)
        b = _term(reach, discount, arms, left_out, k + 1)
        c = _term(reach, discount, arms, left_out, k + 2)
        d = _term(reach, discount, arms, left_out, k + 3)
        t0 += a
        t1 += b
        t2 += c
        t3 += d
        q0 += a * a
        q1 += b * b
        q2 += c * c
        q3 += d * d
    for k in range(whole, n):
        a = _term(reach, discount, arms, left_out, k)
        t0 += a
        q0 += a * a
    return (t0 + t1) + (t2 + t3), (q0 + q1) + (q2 + q3)


cdef inline double _term(const double* reach, const double* discount, const double* arms,
                         const unsigned char* left_out, Py_ssize_t k) noexcept:
    return 0.0 if left_out != NULL and left_out[k] else reach[k] * discount[k] * arms[k]


def mean_threats(threat_, spread_, draws_, double noise, degree_):
    """Each state's threat as it reads it: its summed threat plus its reading error
    ``spread · noise · draw`` (``draws``: a standard normal draw per state; None: no noise), never
    below zero, divided by its degree (at least 1). A new array."""
    cdef double* threat = doubles(threat_)
    cdef double* spread = doubles(spread_)
    cdef double* draws = NULL if draws_ is None else doubles(draws_)
    cdef int64_t* degree = int64s(degree_)
    cdef Py_ssize_t i, n = size(threat_)
    cdef cnp.ndarray mean_out = new(n, cnp.NPY_DOUBLE)
    cdef double* mean = doubles(mean_out)
    cdef double total
    for i in range(n):
        total = threat[i]
        if draws != NULL:
            total = max(total + spread[i] * (noise * draws[i]), 0.0)
        mean[i] = total / <double> degree[i]
    return mean_out
