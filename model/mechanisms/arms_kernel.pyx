# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The arms mechanism's step, compiled: Richardson's equation within ceilings and floors.
Formulas and sources: mechanisms/arms.py."""


include "arrays.pxi"


def richardson(arms_, threat_, wealth_, dissatisfaction_, code_, coefficients_, ceiling_,
               floor_by_code_, double max_burden):
    """Next year's arms: Richardson's step with each state's doctrine's (reaction, fatigue,
    grievance), at most its doctrine's ceiling, at least its doctrine's floor (a share of its
    wealth, ``floor_by_code``), and at most ``max_burden`` of its wealth."""
    cdef double* arms = doubles(arms_)
    cdef double* threat = doubles(threat_)
    cdef double* wealth = doubles(wealth_)
    cdef double* dissatisfaction = doubles(dissatisfaction_)
    cdef int64_t* code = int64s(code_)
    cdef double* coefficients = doubles(coefficients_)  # doctrines × 3
    cdef double* ceiling = doubles(ceiling_)
    cdef double* floor = doubles(floor_by_code_)
    cdef Py_ssize_t s, n = size(arms_)
    cdef double target
    cdef cnp.ndarray new_out = new(n, cnp.NPY_DOUBLE)
    cdef double* updated = doubles(new_out)
    for s in range(n):
        target = (arms[s] + coefficients[3 * code[s]] * threat[s] - coefficients[3 * code[s] + 1] * arms[s]
                  + coefficients[3 * code[s] + 2] * wealth[s] * (1 + dissatisfaction[s]))
        updated[s] = min(max(min(target, ceiling[s]), floor[code[s]] * wealth[s], 0.0),
                         max_burden * wealth[s])
    return new_out
