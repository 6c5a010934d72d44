# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The economy mechanism's step, compiled: growth, drag of arms and trade. See mechanisms/economy.py."""


include "arrays.pxi"


def grow(wealth_, growth_, arms_, double drag, trade_):
    """Next year's wealth before war, and its terms for the accounts (``Accounts``): the growth
    gain W·growth and the cost of arms drag·x' (the wealth lost to guns over butter); ``trade`` may
    be None (no stage game)."""
    cdef double* wealth = doubles(wealth_)
    cdef double* growth = doubles(growth_)
    cdef double* arms = doubles(arms_)
    cdef double* trade = NULL if trade_ is None else doubles(trade_)
    cdef Py_ssize_t s, n = size(wealth_)
    cdef double burden
    cdef cnp.ndarray grown_out = new(n, cnp.NPY_DOUBLE)
    cdef cnp.ndarray gain_out = new(n, cnp.NPY_DOUBLE), cost_out = new(n, cnp.NPY_DOUBLE)
    cdef double* grown = doubles(grown_out)
    cdef double* gain = doubles(gain_out)
    cdef double* cost = doubles(cost_out)
    for s in range(n):
        burden = arms[s] / wealth[s] if wealth[s] > 0 else 0.0
        grown[s] = wealth[s] * (1 + growth[s] - drag * burden)
        gain[s] = wealth[s] * growth[s]
        cost[s] = wealth[s] * drag * burden
        if trade != NULL:
            grown[s] += trade[s]
    return grown_out, gain_out, cost_out
