# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The mechanisms' loops over states and dyads, compiled (Cython).

A world of tens of states is small: each NumPy call over its 30 × 30 dyads costs about a microsecond
of interpreter overhead and a few nanoseconds of arithmetic, and a year made of a few hundred such
calls spent most of its time in overhead. So each mechanism's arithmetic is written here once, as
plain loops, and a mechanism is one call, not dozens. The formulas, their sources and their
switches are documented in the mechanism modules that call these functions (``mechanisms/*.py``).

Random numbers are never drawn here: the mechanisms draw them from the model's NumPy generator and
pass them in, always in the same order, so a seed gives the same numbers in every process.
Arithmetic is plain IEEE double arithmetic, as in NumPy: x/0 gives inf or nan, not an error
(``cdivision``). Index arrays are int64, flags are NumPy bool arrays, all C-contiguous.
"""

import numpy as np

from libc.math cimport exp, sqrt
from libc.stdint cimport int64_t

ctypedef const unsigned char[::1] flags
ctypedef const unsigned char[:, ::1] flag_matrix
ctypedef const double[::1] values
ctypedef const double[:, ::1] matrix
ctypedef const int64_t[::1] indices

# --- crises and war (mechanisms/war.py) ---------------------------------------------------------

cdef inline double _growth(double now, double before):
    """Relative change over the year (0 where there was nothing to grow from)."""
    return now / before - 1 if before > 0 else 0.0


cdef inline double _fear(int64_t a, int64_t b, matrix reach, values posture, double distinguishability,
                         values arms, values power):
    """Half the share of a's security that b's arms threaten, as a reads them: arms scaled by reach
    and not discounted as defensive, against a's own power (Jervis 1978's security dilemma)."""
    cdef double threat = reach[a, b] * (1 - distinguishability * posture[b]) * arms[b]
    return 0.5 * threat / max(threat + power[a], 1e-12)


def thin_crises(const int64_t[:, ::1] edges, indices candidates, values chance, double scale,
                values edge_share, matrix trust, values arms, values arms_before, values power,
                values power_before, values dissatisfaction, matrix reach, values posture,
                double distinguishability, flags community, double race_scale, double parity_exponent):
    """(i, j) of the candidate edges kept: those whose thinning draw ``chance`` (uniform on
    [0, most)) falls below their crisis probability 1 − exp(−h)."""
    cdef Py_ssize_t c, kept = 0
    cdef int64_t a, b, riser
    cdef double mistrust, race, parity, transition, fear, hazard
    i_out = np.empty(candidates.shape[0], dtype=np.int64)
    j_out = np.empty(candidates.shape[0], dtype=np.int64)
    cdef int64_t[::1] i = i_out, j = j_out
    for c in range(candidates.shape[0]):
        a, b = edges[candidates[c], 0], edges[candidates[c], 1]
        if community[a] and community[b]:
            continue  # no crises inside a security community
        mistrust = 1 - (trust[a, b] + trust[b, a]) / 2
        race = min(max(min(_growth(arms[a], arms_before[a]), _growth(arms[b], arms_before[b]))
                       / race_scale, 0.0), 1.0)
        parity = min(power[a], power[b]) / max(max(power[a], power[b]), 1e-12)
        riser = a if _growth(power[a], power_before[a]) >= _growth(power[b], power_before[b]) else b
        transition = parity ** parity_exponent * dissatisfaction[riser]
        fear = (_fear(a, b, reach, posture, distinguishability, arms, power)
                + _fear(b, a, reach, posture, distinguishability, arms, power))
        hazard = scale * edge_share[candidates[c]] * (mistrust + race + transition + fear)
        if chance[c] < 1 - exp(-hazard):
            i[kept], j[kept] = a, b
            kept += 1
    return i_out[:kept], j_out[:kept]


def confrontations(indices i, indices j, flags i_force, flags j_force, flags yields):
    """What each crisis (i, j) in which force was threatened comes to. Coercion: one side threatens
    force and the other, whose doctrine does not resist, pays tribute (payer, payee: first those
    coerced by i, then those coerced by j). War: force meets resistance (attacker, defender); the
    side that struck first attacks, and has the attacker's edge (``first_strike``) unless both did."""
    cdef Py_ssize_t c, n = i.shape[0], paid = 0, fought = 0
    payer_out, payee_out = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    attacker_out, defender_out = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    first_strike_out = np.empty(n, dtype=np.bool_)
    cdef int64_t[::1] payer = payer_out, payee = payee_out, attacker = attacker_out, defender = defender_out
    cdef unsigned char[::1] first_strike = first_strike_out
    for c in range(n):  # coerced by i
        if i_force[c] and not j_force[c] and yields[j[c]]:
            payer[paid], payee[paid] = j[c], i[c]
            paid += 1
    for c in range(n):  # coerced by j
        if j_force[c] and not i_force[c] and yields[i[c]]:
            payer[paid], payee[paid] = i[c], j[c]
            paid += 1
    for c in range(n):
        if not (i_force[c] or j_force[c]):
            continue
        if (i_force[c] and not j_force[c] and yields[j[c]]) or (j_force[c] and not i_force[c] and yields[i[c]]):
            continue  # coerced
        if j_force[c] and not i_force[c]:
            attacker[fought], defender[fought] = j[c], i[c]
        else:
            attacker[fought], defender[fought] = i[c], j[c]
        first_strike[fought] = i_force[c] != j_force[c]
        fought += 1
    return (payer_out[:paid], payee_out[:paid], attacker_out[:fought], defender_out[:fought],
            first_strike_out[:fought])


def war_outcomes(indices payer, indices payee, indices attacker, indices defender, flags attacker_wins,
                 values wealth, values arms, double spoils_share, double cost):
    """Winners and losers of the wars, each state's change of wealth (tribute paid and received, war
    costs, spoils) and arms lost, and the wealth destroyed. Each state's changes are summed in the
    order tribute, costs, spoils."""
    cdef Py_ssize_t k, wars = attacker.shape[0]
    cdef double destroyed_by_winners = 0.0, destroyed_by_losers = 0.0
    winner_out, loser_out = np.empty(wars, dtype=np.int64), np.empty(wars, dtype=np.int64)
    change_out, arms_lost_out = np.zeros(wealth.shape[0]), np.zeros(wealth.shape[0])
    cdef int64_t[::1] winner = winner_out, loser = loser_out
    cdef double[::1] change = change_out, arms_lost = arms_lost_out
    for k in range(wars):
        winner[k] = attacker[k] if attacker_wins[k] else defender[k]
        loser[k] = defender[k] if attacker_wins[k] else attacker[k]
    for k in range(payer.shape[0]):
        change[payer[k]] -= spoils_share * wealth[payer[k]]
    for k in range(payee.shape[0]):
        change[payee[k]] += spoils_share * wealth[payer[k]]
    for k in range(wars):
        change[winner[k]] -= cost * wealth[winner[k]]
        destroyed_by_winners += wealth[winner[k]]
    for k in range(wars):
        change[loser[k]] -= cost * wealth[loser[k]]
        destroyed_by_losers += wealth[loser[k]]
    for k in range(wars):
        change[loser[k]] -= spoils_share * (1 - cost) * wealth[loser[k]]
    for k in range(wars):
        change[winner[k]] += spoils_share * (1 - cost) * wealth[loser[k]]
    for k in range(wars):
        arms_lost[winner[k]] += cost * arms[winner[k]]
    for k in range(wars):
        arms_lost[loser[k]] += cost * arms[loser[k]]
    return winner_out, loser_out, change_out, arms_lost_out, cost * (destroyed_by_winners + destroyed_by_losers)


def absorbed(indices winners, indices losers, values wealth, double floor):
    """(conquerors, conquered), in the order of the conquered states' slots: losers below ``floor``,
    each taken by the first state that beat it this year, unless that state is itself absorbed."""
    cdef Py_ssize_t k, s, n = wealth.shape[0], count = 0
    cdef int64_t[::1] taken_by = np.full(n, -1, dtype=np.int64)
    for k in range(losers.shape[0]):
        if wealth[losers[k]] < floor and taken_by[losers[k]] < 0:
            taken_by[losers[k]] = winners[k]
    conquerors_out, conquered_out = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    cdef int64_t[::1] conquerors = conquerors_out, conquered = conquered_out
    for s in range(n):
        if taken_by[s] >= 0 and taken_by[taken_by[s]] < 0:
            conquerors[count], conquered[count] = taken_by[s], s
            count += 1
    return conquerors_out[:count], conquered_out[:count]


def attack_odds(indices attackers, indices defenders, values power, const double[::1] misread,
                flags edge, double offense_dominance, double distinguishability, values posture,
                matrix positions, double distance_decay):
    """See ``DiplomacyModel.attack_odds``; ``misread`` may be None (perfect perception)."""
    cdef Py_ssize_t k
    cdef int64_t a, d
    cdef double strength, defence, defensive, gap
    odds_out = np.empty(attackers.shape[0])
    cdef double[::1] odds = odds_out
    for k in range(attackers.shape[0]):
        a, d = attackers[k], defenders[k]
        strength = power[a]
        defence = power[d] if misread is None else power[d] * max(1 + misread[k], 0.0)
        if edge[k]:
            defensive = distinguishability * posture[a]  # share of the arms visibly defensive
            strength *= offense_dominance - defensive * max(offense_dominance - 1.0, 0.0)
        if distance_decay:
            gap = sqrt((positions[a, 0] - positions[d, 0]) ** 2 + (positions[a, 1] - positions[d, 1]) ** 2)
            strength /= 1 + distance_decay * gap
        odds[k] = strength / max(strength + defence, 1e-12)
    return odds_out


# --- the stage game and perception (mechanisms/game.py, mechanisms/perception.py) --------------

def play(flag_matrix chosen, flag_matrix adjacency, values payoff_table, values wealth, indices degree,
         double trade_scale):
    """The moves played (the chosen ones on the network; off it, none); each state's summed payoff
    (``payoff_table`` is looked up by 2·own move + partner's move) and trade gain; the number of
    directed dyads in mutual cooperation."""
    cdef Py_ssize_t i, j, n = wealth.shape[0], mutual = 0
    cdef double value
    moves_out, payoff_out, trade_out = np.zeros((n, n), dtype=np.bool_), np.zeros(n), np.zeros(n)
    cdef unsigned char[:, ::1] moves = moves_out
    cdef double[::1] payoff = payoff_out, trade = trade_out
    for i in range(n):
        for j in range(n):
            moves[i, j] = chosen[i, j] and adjacency[i, j]
    for i in range(n):
        for j in range(n):
            if adjacency[i, j]:
                value = payoff_table[2 * moves[i, j] + moves[j, i]]
                payoff[i] += value
                trade[i] += value * min(wealth[i], wealth[j])  # limited by the smaller economy
                mutual += moves[i, j] and moves[j, i]
        trade[i] = trade[i] * trade_scale / degree[i]
    return moves_out, payoff_out, trade_out, mutual


def seen_moves(flag_matrix moves, indices misread):
    """The transpose of ``moves``, with the entries at the flat positions ``misread`` flipped."""
    cdef Py_ssize_t i, j, k, n = moves.shape[0]
    seen_out = np.empty((n, n), dtype=np.bool_)
    cdef unsigned char[:, ::1] seen = seen_out
    for i in range(n):
        for j in range(n):
            seen[i, j] = moves[j, i]
    for k in range(misread.shape[0]):
        i, j = misread[k] // n, misread[k] % n
        seen[i, j] = not seen[i, j]
    return seen_out


def sum_threats(indices rows, matrix reach, matrix discount, values arms, flags members,
                bint trusts_community, double[::1] threat, double[::1] spread):
    """For each state i of ``rows``: Σ_j reach_ij · discount_ij · x_j into ``threat`` and the square
    root of the sum of the squared terms into ``spread``. ``discount`` has a row per state of
    ``rows``, or one row for all of them. With ``trusts_community``, members leave out members."""
    cdef Py_ssize_t r, i, j, row
    cdef double total, squares, seen
    for r in range(rows.shape[0]):
        i = rows[r]
        row = 0 if discount.shape[0] == 1 else r
        total = squares = 0.0
        for j in range(arms.shape[0]):
            if trusts_community and members[i] and members[j]:
                continue
            seen = reach[i, j] * discount[row, j] * arms[j]
            total += seen
            squares += seen * seen
        threat[i] = total
        spread[i] = sqrt(squares)


def misread_sums(double[::1] threat, values spread, values errors):
    """Each state's summed threat plus its reading error (``errors``: noise · standard normal
    draws, one per state), never below zero."""
    cdef Py_ssize_t i
    for i in range(threat.shape[0]):
        threat[i] = max(threat[i] + spread[i] * errors[i], 0.0)


# --- trust, institutions, arms, economy (mechanisms/trust.py, institution.py, arms.py, economy.py)

def trust_update(matrix trust, const unsigned char[:, ::1] seen, flag_matrix adjacency, values arms,
                 values posture, flags community, double distinguishability, double rate):
    """Next year's trust matrix; ``seen`` may be None (the stage game is off: every signal counts)."""
    cdef Py_ssize_t i, j, k, n = arms.shape[0], neighbours
    cdef double need, excess, signal, from_outsider, from_member
    updated_out = np.empty((n, n))
    cdef double[:, ::1] updated = updated_out
    for j in range(n):
        need, neighbours = 0.0, 0  # the mean arms of j's neighbours
        for k in range(n):
            if adjacency[j, k]:
                need += arms[k]
                neighbours += 1
        need /= max(neighbours, 1)
        excess = min(max((arms[j] / need if need > 0 else 2.0) - 1, 0.0), 1.0)
        # as far as i cannot see that the arms are defensive; fully inside a security community
        from_outsider = 1 - excess * (1 - distinguishability * posture[j])
        from_member = 1 - excess * (1 - posture[j])
        for i in range(n):
            signal = from_member if community[i] and community[j] else from_outsider
            if seen is not None and not seen[i, j]:
                signal = 0.0
            updated[i, j] = trust[i, j] * (1 - rate) + rate * signal
    return updated_out


def community_members(flags eligible, matrix trust, flag_matrix adjacency, double threshold):
    """Eligible states with at least one eligible neighbour whose trust with them is mutual and at
    least ``threshold``."""
    cdef Py_ssize_t i, j, n = eligible.shape[0]
    member_out = np.zeros(n, dtype=np.bool_)
    cdef unsigned char[::1] member = member_out
    for i in range(n):
        if eligible[i]:
            for j in range(n):
                if eligible[j] and adjacency[i, j] and trust[i, j] >= threshold and trust[j, i] >= threshold:
                    member[i] = True
                    break
    return member_out


def richardson(values arms, values threat, values wealth, values dissatisfaction, indices code,
               matrix coefficients, values ceiling, double max_burden):
    """Next year's arms: Richardson's step with each state's doctrine's (reaction, fatigue,
    grievance), at most its doctrine's ceiling and ``max_burden`` of its wealth, never below 0."""
    cdef Py_ssize_t s
    cdef double target
    new_out = np.empty(arms.shape[0])
    cdef double[::1] new = new_out
    for s in range(arms.shape[0]):
        target = (arms[s] + coefficients[code[s], 0] * threat[s] - coefficients[code[s], 1] * arms[s]
                  + coefficients[code[s], 2] * wealth[s] * (1 + dissatisfaction[s]))
        new[s] = min(max(min(target, ceiling[s]), 0.0), max_burden * wealth[s])
    return new_out


def grow(values wealth, values growth, values arms, double drag, const double[::1] trade):
    """Next year's wealth before war; ``trade`` may be None (no stage game)."""
    cdef Py_ssize_t s
    cdef double burden
    grown_out = np.empty(wealth.shape[0])
    cdef double[::1] grown = grown_out
    for s in range(wealth.shape[0]):
        burden = arms[s] / wealth[s] if wealth[s] > 0 else 0.0
        grown[s] = wealth[s] * (1 + growth[s] - drag * burden)
        if trade is not None:
            grown[s] += trade[s]
    return grown_out


def settle(values wealth, values arms, const double[::1] war_wealth, const double[::1] war_arms,
           double max_burden):
    """End-of-year wealth and arms after the war's transfers and losses (None: no war mechanism):
    never negative, arms at most ``max_burden`` of wealth."""
    cdef Py_ssize_t s
    cdef double w, x
    wealth_out, arms_out = np.empty(wealth.shape[0]), np.empty(wealth.shape[0])
    cdef double[::1] settled_wealth = wealth_out, settled_arms = arms_out
    for s in range(wealth.shape[0]):
        w, x = wealth[s], arms[s]
        if war_wealth is not None:
            w += war_wealth[s]
            x -= war_arms[s]
        settled_wealth[s] = max(w, 0.0)
        settled_arms[s] = min(max(x, 0.0), max_burden * settled_wealth[s])
    return wealth_out, arms_out


# --- sampling (sampling.py) and the yearly outputs (metrics.py) --------------------------------

def positions_below(indices gaps, int64_t m):
    """The positions (0-based) of the successes whose gaps are ``gaps`` that fall below ``m``, or
    None if the gaps do not reach past ``m``."""
    cdef Py_ssize_t k, count = 0
    cdef int64_t position = -1
    positions_out = np.empty(gaps.shape[0], dtype=np.int64)
    cdef int64_t[::1] positions = positions_out
    for k in range(gaps.shape[0]):
        position += gaps[k]
        if position >= m:
            return positions_out[:count]
        positions[count] = position
        count += 1
    return None


def gini(values values):
    """Gini coefficient of non-negative values (0: equal, → 1: one holds all)."""
    cdef Py_ssize_t rank, n = values.shape[0]
    cdef double total = 0.0, weighted = 0.0
    cdef const double[::1] ordered = np.sort(values)
    for rank in range(n):
        total += ordered[rank]
        weighted += (2 * rank + 1 - n) * ordered[rank]
    return weighted / (n * total) if total > 0 else 0.0


def tallies(values wealth, values military, values power, values threat, indices code, flags alive,
            flags community, matrix trust, flag_matrix adjacency, Py_ssize_t doctrines):
    """The world outputs that are sums over the living states and the neighbouring dyads: welfare,
    welfare by doctrine, military burden, the sum of trust between neighbours, power concentration
    (Herfindahl index of power shares), the top share, states alive, Gini of wealth, holders of each
    doctrine, community members, security (1 − mean exposure to threat)."""
    cdef Py_ssize_t s, i, j, n = 0, members = 0
    cdef double welfare = 0.0, arms = 0.0, total_power = 0.0, top_power = 0.0, power_squares = 0.0
    cdef double exposure = 0.0, trust_sum = 0.0, scale
    welfare_by_out = np.zeros(doctrines)
    holders_out = np.zeros(doctrines, dtype=np.int64)
    living_wealth_out = np.empty(wealth.shape[0])
    cdef double[::1] welfare_by = welfare_by_out, living_wealth = living_wealth_out
    cdef int64_t[::1] holders = holders_out
    for s in range(wealth.shape[0]):
        members += community[s]
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
        holders[code[s]] += 1
        exposure += threat[s] / max(threat[s] + power[s], 1e-12)
    scale = 1 / total_power if total_power > 0 else 1.0
    for i in range(adjacency.shape[0]):
        for j in range(adjacency.shape[1]):
            if adjacency[i, j]:
                trust_sum += trust[i, j]
    return (welfare, welfare_by_out, arms / welfare if welfare > 0 else 0.0, trust_sum,
            power_squares * scale * scale, top_power * scale, n, gini(living_wealth_out[:n]),
            holders_out, members, 1 - exposure / n)
