# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""How the compiled kernels read and make NumPy arrays (included by every kernel module).

A world of tens of states is small: each NumPy call over its 30 × 30 dyads costs about a microsecond
of interpreter overhead and a few nanoseconds of arithmetic, so each mechanism's loops are compiled,
in a ``*_kernel.pyx`` beside the mechanism's module, and a mechanism is one call a year, not dozens.
Random numbers are never drawn in a kernel: the mechanisms draw them from the model's NumPy generator
and pass them in, always in the same order, so a seed gives the same numbers in every process.
Arithmetic is plain IEEE double arithmetic, as in NumPy: x/0 gives inf or nan, not an error
(``cdivision``).

Arrays come in as NumPy arrays and are read through their data pointers (a typed memoryview per
argument cost ~0.2 µs, a tenth of a year's cost over all calls): each is checked to be C-contiguous
and of the expected type (float64, int64 or bool), or a TypeError is raised. An n × n matrix is read
row by row: ``m[i * n + j]``.
"""

import numpy as np

from libc.stdlib cimport qsort

include "arrays.pxi"


# --- the start and settlement of the year (diplomacy.py) ---------------------------------------

#: Rounds of cutting payments at settlement (each round cuts those of the states the last round's
#: cuts left short); a chain of payers ends in as many rounds as it has links, a cycle shrinks by each
DEFAULT_ROUNDS = 64


def settle(wealth_, arms_, war_wealth_, war_arms_, double max_burden, double ceiling, payer_=None,
           payee_=None, amount_=None):
    """End-of-year wealth and arms after the war's transfers and losses (None: no war mechanism):
    never negative, arms at most ``max_burden`` of wealth. Also returns, per state, the payments
    it defaulted on (positive for the payer, negative for the payee) and the wealth the floor at 0
    forgave (what its costs took beyond what it had), and the first state whose wealth, before the
    floor, is beyond ±``ceiling`` or not a number (−1: none).

    The transfers (``amount[k]`` of tribute or spoils from ``payer[k]`` to ``payee[k]``) were set
    on start-of-year wealth; a state that cannot pay them all out of what it has at the end of the
    year (its receipts included) pays what it has, each payment cut in the same proportion, and its
    payees receive only that, which may leave them short in turn (the next round cuts theirs):
    before, the floor at 0 made the unpaid part out of nothing (found by the property tests)."""
    cdef double* wealth = doubles(wealth_)
    cdef double* arms = doubles(arms_)
    cdef double* war_wealth = NULL if war_wealth_ is None else doubles(war_wealth_)
    cdef double* war_arms = NULL if war_arms_ is None else doubles(war_arms_)
    cdef Py_ssize_t s, k, round_, n = size(wealth_), payments = 0 if payer_ is None else size(payer_)
    cdef int64_t* payer = NULL if payer_ is None else int64s(payer_)
    cdef int64_t* payee = NULL if payee_ is None else int64s(payee_)
    cdef double* amount = NULL if amount_ is None else doubles(amount_)
    cdef double x, more, owed
    cdef bint short
    cdef Py_ssize_t beyond = -1
    cdef cnp.ndarray wealth_out = new(n, cnp.NPY_DOUBLE), arms_out = new(n, cnp.NPY_DOUBLE)
    cdef cnp.ndarray defaulted_out = new(n, cnp.NPY_DOUBLE), floor_out = new(n, cnp.NPY_DOUBLE)
    cdef cnp.ndarray due_out = new(n, cnp.NPY_DOUBLE), cut_out = new(n, cnp.NPY_DOUBLE)
    cdef cnp.ndarray unpaid_out = new(payments, cnp.NPY_DOUBLE)
    cdef double* settled_wealth = doubles(wealth_out)
    cdef double* settled_arms = doubles(arms_out)
    cdef double* defaulted = doubles(defaulted_out)
    cdef double* floor = doubles(floor_out)
    cdef double* due = doubles(due_out)  # what each state still pays
    cdef double* cut = doubles(cut_out)  # the share of that it cannot meet this round
    cdef double* unpaid = doubles(unpaid_out)
    for s in range(n):
        settled_wealth[s] = wealth[s] + war_wealth[s] if war_wealth != NULL else wealth[s]
    for k in range(payments):
        due[payer[k]] += amount[k]
    for round_ in range(DEFAULT_ROUNDS if payments else 0):
        short = False
        for s in range(n):
            owed = settled_wealth[s] + defaulted[s]
            cut[s] = min(1.0, -owed / due[s]) if owed < 0 and due[s] > 0 else 0.0
            short = short or cut[s] > 0
        if not short:
            break
        for k in range(payments):
            more = (amount[k] - unpaid[k]) * cut[payer[k]]
            unpaid[k] += more
            due[payer[k]] -= more
            defaulted[payer[k]] += more
            defaulted[payee[k]] -= more
    for s in range(n):
        x = arms[s] - war_arms[s] if war_arms != NULL else arms[s]
        if defaulted[s] != 0:
            settled_wealth[s] += defaulted[s]
        if beyond < 0 and not (-ceiling <= settled_wealth[s] <= ceiling):  # (before the floor hides a NaN)
            beyond = s
        floor[s] = max(-settled_wealth[s], 0.0)
        settled_wealth[s] = max(settled_wealth[s], 0.0)
        settled_arms[s] = min(max(x, 0.0), max_burden * settled_wealth[s])
    return wealth_out, arms_out, defaulted_out, floor_out, beyond


def start_of_year(military_, wealth_, dissatisfaction_, double latent_power, double defensive):
    """Each state's power, ``military + latent_power · wealth``, and posture,
    ``(1 − dissatisfaction) · defensive`` (``defensive``: min(1, 1/offense_dominance))."""
    cdef double* military = doubles(military_)
    cdef double* wealth = doubles(wealth_)
    cdef double* dissatisfaction = doubles(dissatisfaction_)
    cdef Py_ssize_t s, n = size(military_)
    cdef cnp.ndarray power_out = new(n, cnp.NPY_DOUBLE), posture_out = new(n, cnp.NPY_DOUBLE)
    cdef double* power = doubles(power_out)
    cdef double* posture = doubles(posture_out)
    for s in range(n):
        power[s] = military[s] + latent_power * wealth[s]
        posture[s] = (1 - dissatisfaction[s]) * defensive
    return power_out, posture_out


# --- sampling (sampling.py) and the yearly outputs (metrics.py) --------------------------------

def positions_below(gaps_, int64_t m):
    """The positions (0-based) of the successes whose gaps are ``gaps`` that fall below ``m``, or
    None if the gaps do not reach past ``m``."""
    cdef int64_t* gaps = int64s(gaps_)
    cdef Py_ssize_t k, count = 0, n = size(gaps_)
    cdef int64_t position = -1
    cdef cnp.ndarray positions_out = new(n, cnp.NPY_INT64)
    cdef int64_t* positions = int64s(positions_out)
    for k in range(n):
        position += gaps[k]
        if position >= m:
            return positions_out[:count]
        positions[count] = position
        count += 1
    return None


cdef int _ascending(const void* a, const void* b) noexcept nogil:
    cdef double x = (<const double*> a)[0], y = (<const double*> b)[0]
    return (x > y) - (x < y)


#: Below the first or above the second top power, power shares are computed relative to the top
#: one (see tallies): their squares, or 1/total², would leave the range of doubles
cdef double TINY_POWER = 1e-100, HUGE_POWER = 1e150


cdef double _gini(double* values, Py_ssize_t n):
    """Gini coefficient of non-negative values, sorting them in place; within [0, 1] (rounding made
    equal values' −1e-17, found by the property tests)."""
    cdef Py_ssize_t rank
    cdef double total = 0.0, weighted = 0.0
    qsort(values, n, sizeof(double), _ascending)
    for rank in range(n):
        total += values[rank]
        weighted += (2 * rank + 1 - n) * values[rank]
    return min(max(weighted / (n * total), 0.0), 1.0) if total > 0 else 0.0


def gini(values):
    """Gini coefficient of non-negative values (0: equal, → 1: one holds all)."""
    ordered = np.array(values, dtype=np.float64)  # a copy: sorted in place
    return _gini(doubles(ordered), size(ordered))


def tallies(wealth_, military_, power_, threat_, code_, alive_, welfare_names, share_names):
    """The world outputs that are sums over the living states, as a dict in the order of the outputs
    table: welfare, welfare by doctrine (``welfare_names``, one per doctrine code), military burden,
    power concentration (Herfindahl index of power shares), the top share, states alive, Gini of
    wealth, security (1 − mean exposure to threat), the share of living states holding each
    doctrine (``share_names``)."""
    cdef double* wealth = doubles(wealth_)
    cdef double* military = doubles(military_)
    cdef double* power = doubles(power_)
    cdef double* threat = doubles(threat_)
    cdef int64_t* code = int64s(code_)
    cdef unsigned char* alive = flags(alive_)
    cdef Py_ssize_t s, states = size(wealth_), n = 0, doctrines = len(welfare_names)
    cdef double welfare = 0.0, arms = 0.0, total_power = 0.0, top_power = 0.0, power_squares = 0.0
    cdef double exposure = 0.0, scale
    # one scratch array: welfare by doctrine, count by doctrine, the living states' wealth
    cdef cnp.ndarray scratch = new(2 * doctrines + states, cnp.NPY_DOUBLE)
    cdef double* welfare_by = doubles(scratch)
    cdef double* shares = welfare_by + doctrines
    cdef double* living_wealth = shares + doctrines
    for s in range(states):
        if not alive[s]:
            continue
        living_wealth[n] = wealth[s]
        n += 1
        welfare += wealth[s]
        arms += military[s]
        total_power += power[s]
        power_squares += power[s] * power[s]
        top_power = max(top_power, power[s])
        welfare_by[code[s]] += wealth[s]
        shares[code[s]] += 1
        exposure += threat[s] / max(threat[s] + power[s], 1e-12)
    if (top_power < TINY_POWER or top_power > HUGE_POWER) and total_power > 0:
        # powers so small or so large that their squares (or 1/total²) would leave the range of
        # doubles, giving a wrong index or NaN (found by the property tests): the same shares,
        # relative to the top one
        total_power = power_squares = 0.0
        for s in range(states):
            if alive[s]:
                total_power += power[s] / top_power
                power_squares += (power[s] / top_power) * (power[s] / top_power)
        top_power = 1.0
    scale = 1 / total_power if total_power > 0 else 1.0
    cdef dict out = {"welfare": welfare}
    for s in range(doctrines):
        out[welfare_names[s]] = welfare_by[s]
    out["military_burden"] = arms / welfare if welfare > 0 else 0.0
    # shares of a whole are at most 1: rounding made a lone state's 1.0000000000000002 (property tests)
    out["power_concentration"] = min(power_squares * scale * scale, 1.0)
    out["top_share"] = min(top_power * scale, 1.0)
    out["states_alive"] = n
    out["gini"] = _gini(living_wealth, n)
    out["security"] = 1 - exposure / n
    for s in range(doctrines):
        out[share_names[s]] = shares[s] / n
    return out
