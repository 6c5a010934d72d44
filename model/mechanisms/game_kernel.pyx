# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The stage game's loop, compiled: moves, payoffs and trade gains. Formulas: mechanisms/game.py."""


include "arrays.pxi"


def play(chosen_, adjacency_, payoff_table_, wealth_, degree_, double trade_scale):
    """The moves played (the chosen ones on the network; off it, none); each state's summed payoff
    (``payoff_table`` is looked up by 2·own move + partner's move) and trade gain; the number of
    directed dyads in mutual cooperation."""
    cdef unsigned char* chosen = flags(chosen_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef double* payoff_table = doubles(payoff_table_)
    cdef double* wealth = doubles(wealth_)
    cdef int64_t* degree = int64s(degree_)
    cdef Py_ssize_t i, j, n = size(wealth_), mutual = 0
    cdef double value, total_payoff, total_trade
    shape_is(chosen_, n, n, "the doctrines' moves (cooperate)")
    cdef cnp.ndarray moves_out = new_matrix(n, cnp.NPY_BOOL)
    cdef cnp.ndarray payoff_out = new(n, cnp.NPY_DOUBLE), trade_out = new(n, cnp.NPY_DOUBLE)
    cdef unsigned char* moves = flags(moves_out)
    cdef double* payoff = doubles(payoff_out)
    cdef double* trade = doubles(trade_out)
    for i in range(n * n):
        moves[i] = chosen[i] & adjacency[i]
    for i in range(n):
        # summed in locals: a store through a pointer would be reloaded every step (char data,
        # such as the moves, may alias it)
        total_payoff = total_trade = 0.0
        for j in range(n):
            if adjacency[i * n + j]:
                value = payoff_table[2 * moves[i * n + j] + moves[j * n + i]]
                total_payoff += value
                total_trade += value * min(wealth[i], wealth[j])  # limited by the smaller economy
                mutual += moves[i * n + j] & moves[j * n + i]
        payoff[i] = total_payoff
        trade[i] = total_trade * trade_scale / degree[i]
    return moves_out, payoff_out, trade_out, mutual
