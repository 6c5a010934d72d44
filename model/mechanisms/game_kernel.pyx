# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The stage game's loop, compiled: moves, payoffs and trade gains. Formulas: mechanisms/game.py."""


include "arrays.pxi"


def play(chosen_, probing_, draws_, dissatisfaction_, hostile_, adjacency_, payoff_table_, wealth_,
         degree_, double trade_scale):
    """The moves played: the chosen ones on the network, but not toward a state it is in conflict
    with (``hostile``) nor where a probing state defects (``probing``: the greedy states; ``draws``:
    a uniform draw per probing state and state, defecting where it falls below the prober's
    ``dissatisfaction``); off the network, none. Each state's
    summed payoff (``payoff_table`` is looked up by 2·own move + partner's move) and trade gain; the
    number of directed dyads in mutual cooperation."""
    cdef unsigned char* chosen = flags(chosen_)
    cdef int64_t* probing = int64s(probing_)
    cdef double* draws = NULL if draws_ is None else doubles(draws_)
    cdef double* dissatisfaction = doubles(dissatisfaction_)
    cdef unsigned char* hostile = flags(hostile_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef double* payoff_table = doubles(payoff_table_)
    cdef double* wealth = doubles(wealth_)
    cdef int64_t* degree = int64s(degree_)
    cdef Py_ssize_t i, j, r, n = size(wealth_), mutual = 0, probers = size(probing_)
    cdef double total_trade
    cdef Py_ssize_t row_mutual
    shape_is(chosen_, n, n, "the doctrines' moves (cooperate)")
    cdef cnp.ndarray moves_out = unset_matrix(n, cnp.NPY_BOOL)
    cdef cnp.ndarray payoff_out = new(n, cnp.NPY_DOUBLE), trade_out = new(n, cnp.NPY_DOUBLE)
    cdef unsigned char* moves = flags(moves_out)
    cdef double* payoff = doubles(payoff_out)
    cdef double* trade = doubles(trade_out)
    for i in range(n * n):
        moves[i] = chosen[i] & adjacency[i] & (not hostile[i])
    if probers and (draws == NULL or size(draws_) != probers * n):
        raise ValueError("play: draws must hold a row of n draws per probing state")
    for r in range(probers):
        i = probing[r]
        for j in range(n):
            if draws[r * n + j] < dissatisfaction[i]:
                moves[i * n + j] = False
    for i in range(n):
        payoff[i], total_trade, row_mutual = _row_gains(moves + i * n, moves, adjacency + i * n,
                                                        payoff_table, wealth, i, n)
        trade[i] = total_trade * trade_scale / degree[i]
        mutual += row_mutual
    return moves_out, payoff_out, trade_out, mutual


cdef inline (double, double, Py_ssize_t) _row_gains(
        const unsigned char* own, const unsigned char* moves, const unsigned char* adjacency,
        const double* payoff_table, const double* wealth, Py_ssize_t i, Py_ssize_t n) noexcept:
    """(Σ_j payoff, Σ_j payoff · min(W_i, W_j), mutual cooperations) of state i's row: the payoff
    looked up by 2·own move + partner's move, trade limited by the smaller economy, 0 off the
    network (where no move is played, so no mutual cooperation either). In two interleaved partial
    sums each (as dot() in arrays.pxi: with one running sum each addition waits for the one
    before), held in locals (char data, such as the moves, may alias a store through a pointer,
    which would then be reloaded at every step)."""
    cdef double p0 = 0.0, p1 = 0.0, t0 = 0.0, t1 = 0.0, a, b
    cdef Py_ssize_t j, whole = n - n % 2, mutual = 0
    for j in range(0, whole, 2):
        mutual += (own[j] & moves[j * n + i]) + (own[j + 1] & moves[(j + 1) * n + i])
        a = payoff_table[2 * own[j] + moves[j * n + i]] if adjacency[j] else 0.0
        b = payoff_table[2 * own[j + 1] + moves[(j + 1) * n + i]] if adjacency[j + 1] else 0.0
        p0 += a
        p1 += b
        t0 += a * min(wealth[i], wealth[j])
        t1 += b * min(wealth[i], wealth[j + 1])
    for j in range(whole, n):
        mutual += own[j] & moves[j * n + i]
        a = payoff_table[2 * own[j] + moves[j * n + i]] if adjacency[j] else 0.0
        p0 += a
        t0 += a * min(wealth[i], wealth[j])
    return p0 + p1, t0 + t1, mutual
