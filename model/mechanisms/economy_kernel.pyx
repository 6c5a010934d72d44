# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The economy mechanism's step, compiled: growth, drag of arms and trade. See mechanisms/economy.py."""


include "arrays.pxi"


def grow(wealth_, growth_, arms_, double drag, trade_):
    """Next year's wealth before war; ``trade`` may be None (no stage game)."""
    cdef double* wealth = doubles(wealth_)
    cdef double* growth = doubles(growth_)
    cdef double* arms = doubles(arms_)
    cdef double* trade = NULL if trade_ is None else doubles(trade_)
    cdef Py_ssize_t s, n = size(wealth_)
    cdef double burden
    cdef cnp.ndarray grown_out = new(n, cnp.NPY_DOUBLE)
    cdef double* grown = doubles(grown_out)
    for s in range(n):
        burden = arms[s] / wealth[s] if wealth[s] > 0 else 0.0
        grown[s] = wealth[s] * (1 + growth[s] - drag * burden)
        if trade != NULL:
            grown[s] += trade[s]
    return grown_out
