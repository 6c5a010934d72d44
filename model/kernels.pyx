# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The mechanisms' loops over states and dyads, compiled (Cython).

A world of tens of states is small: each NumPy call over its 30 × 30 dyads costs about a microsecond
of interpreter overhead and a few nanoseconds of arithmetic, and a year made of a few hundred such
calls spent most of its time in overhead. So each mechanism's arithmetic is written here once, as
plain loops, and a mechanism is one call, not dozens. The formulas, their sources and their
switches are documented in the mechanism modules that call these functions (``mechanisms/*.py``).

Random numbers are never drawn here: the mechanisms draw them from the model's NumPy generator and
pass them in, always in the same order, so a seed gives the same numbers in every process.
Arithmetic is plain IEEE double arithmetic, as in NumPy: x/0 gives inf or nan, not an error
(``cdivision``).

Arrays come in as NumPy arrays and are read through their data pointers (a typed memoryview per
argument cost ~0.2 µs, a tenth of a year's cost over all calls): each is checked to be
C-contiguous and of the expected type (float64, int64 or bool), or a TypeError is raised. An n × n
matrix is read row by row: ``m[i * n + j]``.
"""

import numpy as np

cimport numpy as cnp
from libc.math cimport exp, log, pow, sqrt
from libc.stdint cimport int64_t
from libc.stdlib cimport qsort

cnp.import_array()


cdef inline void* _data(object array, int kind, str name) except NULL:
    if not (cnp.PyArray_Check(array) and cnp.PyArray_TYPE(<cnp.ndarray>array) == kind
            and cnp.PyArray_IS_C_CONTIGUOUS(<cnp.ndarray>array)):
        raise TypeError(f"kernels: expected a C-contiguous {name} array, got {array!r:.80}")
    return cnp.PyArray_DATA(<cnp.ndarray>array)


cdef inline double* doubles(object array) except NULL:
    return <double*> _data(array, cnp.NPY_DOUBLE, "float64")


cdef inline int64_t* int64s(object array) except NULL:
    return <int64_t*> _data(array, cnp.NPY_INT64, "int64")


cdef inline unsigned char* flags(object array) except NULL:
    return <unsigned char*> _data(array, cnp.NPY_BOOL, "bool")


cdef inline Py_ssize_t size(object array):
    return cnp.PyArray_SIZE(<cnp.ndarray>array)


cdef inline int shape_is(object array, Py_ssize_t rows, Py_ssize_t columns, str what) except -1:
    """Checks an array a doctrine returned (its shape decides how far the loops read)."""
    if cnp.PyArray_NDIM(<cnp.ndarray>array) != 2 or cnp.PyArray_DIM(<cnp.ndarray>array, 0) != rows \
            or cnp.PyArray_DIM(<cnp.ndarray>array, 1) != columns:
        raise ValueError(f"{what} must be {rows} × {columns}, got shape {array.shape}")
    return 0


cdef inline cnp.ndarray new(Py_ssize_t n, int kind):
    """A new 1-d array of zeros."""
    cdef cnp.npy_intp length = n
    return cnp.PyArray_ZEROS(1, &length, kind, 0)


cdef inline cnp.ndarray new_matrix(Py_ssize_t n, int kind):
    """A new n × n array of zeros."""
    cdef cnp.npy_intp shape[2]
    shape[0] = shape[1] = n
    return cnp.PyArray_ZEROS(2, shape, kind, 0)


# --- crises and war (mechanisms/war.py) ---------------------------------------------------------

cdef inline double _fear(Py_ssize_t a, Py_ssize_t b, Py_ssize_t n, double* reach, double* posture,
                         double distinguishability, double* arms, double* power):
    """Half the share of a's security that b's arms threaten, as a reads them: arms scaled by reach
    and not discounted as defensive, against a's own power (Jervis 1978's security dilemma)."""
    cdef double threat = reach[a * n + b] * (1 - distinguishability * posture[b]) * arms[b]
    return 0.5 * threat / max(threat + power[a], 1e-12)


cdef inline double _burden_change(double arms, double arms_before, double wealth, double wealth_before):
    """Change of military burden (arms / wealth) over the year."""
    cdef double now = arms / wealth if wealth > 0 else 0.0
    cdef double before = arms_before / wealth_before if wealth_before > 0 else now
    return now - before


cdef inline double _growth(double now, double before):
    """Relative change over the year (0 where there was nothing to grow from)."""
    return now / before - 1 if before > 0 else 0.0


cdef inline double _hazard_terms(Py_ssize_t a, Py_ssize_t b, Py_ssize_t n, double* trust, double* arms,
                                 double* arms_before, double* wealth, double* wealth_before,
                                 double* power, double* power_before, double* dissatisfaction,
                                 double* reach, double* posture, double distinguishability,
                                 double race_scale, double parity_exponent):
    """mistrust + race + transition + fear of the dyad (a, b): the sum the crisis hazard scales."""
    cdef Py_ssize_t riser
    cdef double mistrust, race, parity, transition, fear
    mistrust = 1 - (trust[a * n + b] + trust[b * n + a]) / 2
    race = min(max(min(_burden_change(arms[a], arms_before[a], wealth[a], wealth_before[a]),
                       _burden_change(arms[b], arms_before[b], wealth[b], wealth_before[b]))
                   / race_scale, 0.0), 1.0)
    parity = min(power[a], power[b]) / max(max(power[a], power[b]), 1e-12)
    riser = a if _growth(power[a], power_before[a]) >= _growth(power[b], power_before[b]) else b
    transition = dissatisfaction[riser] * pow(parity, parity_exponent) if dissatisfaction[riser] else 0.0
    fear = (_fear(a, b, n, reach, posture, distinguishability, arms, power)
            + _fear(b, a, n, reach, posture, distinguishability, arms, power))
    return mistrust + race + transition + fear


def thin_crises(edges_, candidates_, chance_, double scale, edge_share_, trust_, arms_, arms_before_,
                wealth_, wealth_before_, power_, power_before_, dissatisfaction_, reach_, posture_,
                double distinguishability, community_, double race_scale, double parity_exponent):
    """(i, j) of the candidate edges kept: those whose thinning draw ``chance`` (uniform on
    [0, most)) falls below their crisis probability 1 − exp(−h)."""
    cdef int64_t* edges = int64s(edges_)
    cdef int64_t* candidates = int64s(candidates_)
    cdef double* chance = doubles(chance_)
    cdef double* edge_share = doubles(edge_share_)
    cdef double* trust = doubles(trust_)
    cdef double* arms = doubles(arms_)
    cdef double* arms_before = doubles(arms_before_)
    cdef double* wealth = doubles(wealth_)
    cdef double* wealth_before = doubles(wealth_before_)
    cdef double* power = doubles(power_)
    cdef double* power_before = doubles(power_before_)
    cdef double* dissatisfaction = doubles(dissatisfaction_)
    cdef double* reach = doubles(reach_)
    cdef double* posture = doubles(posture_)
    cdef unsigned char* community = flags(community_)
    cdef Py_ssize_t c, a, b, n = size(arms_), kept = 0, count = size(candidates_)
    cdef double hazard
    cdef cnp.ndarray i_out = new(count, cnp.NPY_INT64), j_out = new(count, cnp.NPY_INT64)
    cdef int64_t* i = int64s(i_out)
    cdef int64_t* j = int64s(j_out)
    for c in range(count):
        a, b = edges[2 * candidates[c]], edges[2 * candidates[c] + 1]
        if community[a] and community[b]:
            continue  # no crises inside a security community
        hazard = scale * edge_share[candidates[c]] * _hazard_terms(
            a, b, n, trust, arms, arms_before, wealth, wealth_before, power, power_before,
            dissatisfaction, reach, posture, distinguishability, race_scale, parity_exponent)
        if chance[c] < 1 - exp(-hazard):
            i[kept], j[kept] = a, b
            kept += 1
    return i_out[:kept], j_out[:kept]


cdef inline double _strike(double strength, Py_ssize_t a, Py_ssize_t d, bint edge, double offense_dominance,
                           double distinguishability, double* posture, double* positions,
                           double distance_decay):
    """The strength an attacker a brings against d: with the first-strike edge, offense dominance
    multiplies it, except for the share of its arms that is visibly defensive (Jervis 1978);
    distance divides it (loss-of-strength gradient, Boulding 1962)."""
    cdef double defensive, gap
    if edge:
        defensive = distinguishability * posture[a]  # share of the arms visibly defensive
        strength *= offense_dominance - defensive * max(offense_dominance - 1.0, 0.0)
    if distance_decay:
        gap = sqrt((positions[2 * a] - positions[2 * d]) ** 2
                   + (positions[2 * a + 1] - positions[2 * d + 1]) ** 2)
        strength /= 1 + distance_decay * gap
    return strength


cdef inline double _odds(double attack, double defence):
    return attack / max(attack + defence, 1e-12)


cpdef enum Outcome:  # of a crisis (bargain's ``kind``)
    SETTLED = 0
    COERCED = 1
    WAR = 2


cpdef enum Cause:  # of a war (bargain's ``cause``)
    NO_WAR = 0
    DEMAND = 1  # a demand refused: bargaining failed under private information (Fearon 1995)
    PREEMPTION = 2  # first-strike advantage (Fearon 1995; Jervis 1978)
    PREVENTION = 3  # a commitment problem: a closing window of power (Powell 2006)


def bargain(i_, j_, power_, wealth_, wealth_before_, dissatisfaction_, trust_, posture_, resists_,
            misread_, positions_, double offense_dominance, double distinguishability,
            double distance_decay, double spoils, double cost, double annexable, double foresight):
    """Each crisis (i, j) as a bargaining problem (Fearon 1995); see mechanisms/war.py for the
    formulas. Returns, per crisis: kind (SETTLED, COERCED, WAR), the side that demands or strikes
    (``actor``) and the other (``target``), whether the actor strikes first (``first_strike``), the
    cause of a war (DEMAND, PREEMPTION, PREVENTION) and the tribute of a coercion. ``misread``:
    2 × crises relative errors, i's reading of j's power then j's reading of i's."""
    cdef int64_t* i = int64s(i_)
    cdef int64_t* j = int64s(j_)
    cdef double* power = doubles(power_)
    cdef double* wealth = doubles(wealth_)
    cdef double* wealth_before = doubles(wealth_before_)
    cdef double* greed = doubles(dissatisfaction_)
    cdef double* trust = doubles(trust_)
    cdef double* posture = doubles(posture_)
    cdef unsigned char* resists = flags(resists_)
    cdef double* misread = doubles(misread_)
    cdef double* positions = doubles(positions_)
    cdef Py_ssize_t c, side, s, o, n = size(wealth_), count = size(i_)
    if size(j_) != count or size(misread_) != 2 * count:
        raise ValueError("bargain: i, j and misread must describe the same crises")
    cdef double seen, p_first, p_second, p_now, p_later, gain, loss, war_cost, first, second, fear
    cdef double value[2]
    cdef double appetites[2]
    cdef double reservation[2]  # what each side would concede rather than fight, as it sees it
    cdef double expected[2]  # what each side believes the other would concede
    cdef int strikes[2]  # 0: no, or the cause (PREEMPTION, PREVENTION)
    cdef bint demands[2]
    cdef cnp.ndarray kind_out = new(count, cnp.NPY_INT64), actor_out = new(count, cnp.NPY_INT64)
    cdef cnp.ndarray target_out = new(count, cnp.NPY_INT64), cause_out = new(count, cnp.NPY_INT64)
    cdef cnp.ndarray first_out = new(count, cnp.NPY_BOOL), tribute_out = new(count, cnp.NPY_DOUBLE)
    cdef int64_t* kind = int64s(kind_out)
    cdef int64_t* actor = int64s(actor_out)
    cdef int64_t* target = int64s(target_out)
    cdef int64_t* cause = int64s(cause_out)
    cdef unsigned char* first_strike = flags(first_out)
    cdef double* tribute = doubles(tribute_out)
    for c in range(count):
        for side in range(2):
            s, o = (i[c], j[c]) if side == 0 else (j[c], i[c])
            seen = power[o] * max(1 + misread[side * count + c], 0.0)  # s's reading of o's power
            p_first = _odds(_strike(power[s], s, o, True, offense_dominance, distinguishability,
                                    posture, positions, distance_decay), seen)
            # (as s's odds, not 1 − o's: where neither side has an edge the two are equal to the bit)
            p_second = _odds(power[s], _strike(seen, o, s, True, offense_dominance, distinguishability,
                                               posture, positions, distance_decay))
            # what s loses if it loses (conquest included), and what it takes if it wins
            loss = _at_stake(wealth[s], wealth[o], spoils, cost, annexable)
            gain = _at_stake(wealth[o], wealth[s], spoils, cost, annexable)
            war_cost = cost * wealth[s]
            appetite = appetites[side] = min(greed[s] / max(1 - greed[s], 1e-12), MAX_APPETITE)
            first = appetite * p_first * gain - (1 - p_first) * loss - war_cost
            second = appetite * p_second * gain - (1 - p_second) * loss - war_cost
            value[side] = first
            reservation[side] = -second if resists[s] else _tribute(wealth[s], wealth[o], spoils)
            # s's estimate of what o would concede when s demands: o's loss from being struck, as
            # s sees the odds, assuming o greedless (s cannot see o's resolve)
            expected[side] = p_first * gain + cost * wealth[o] if resists[o] else _tribute(
                wealth[o], wealth[s], spoils)
            demands[side] = resists[s] and greed[s] > 0 and (first > 0 or not resists[o])
            strikes[side] = 0
            if not resists[s] or demands[side]:
                continue
            fear = (1 - trust[s * n + o]) * (1 - distinguishability * posture[o])
            if first > fear * second:  # better to strike than to wait and perhaps be struck
                strikes[side] = PREEMPTION
                continue
            p_now = _odds(_strike(power[s], s, o, False, offense_dominance, distinguishability,
                                  posture, positions, distance_decay), seen)
            # each power projected at the growth of its economy (power shifts with differential
            # growth, Organski 1958; Gilpin 1981)
            p_later = _odds(_strike(power[s] * pow(_ratio(wealth[s], wealth_before[s]), foresight), s, o,
                                    False, offense_dominance, distinguishability, posture, positions,
                                    distance_decay),
                            seen * pow(_ratio(wealth[o], wealth_before[o]), foresight))
            # the window's cost: a future crisis' stake lost to the shift, if o is greedy
            if (1 - trust[s * n + o]) * (p_now - p_later) * (loss + appetite * gain) > -first:
                strikes[side] = PREVENTION  # a window closing: fight now rather than later (Powell 2006)
        kind[c], cause[c], tribute[c], first_strike[c] = SETTLED, NO_WAR, 0.0, False
        actor[c], target[c] = i[c], j[c]
        if strikes[0] or strikes[1]:
            kind[c] = WAR
            side = 0 if strikes[0] else 1
            actor[c], target[c] = (i[c], j[c]) if side == 0 else (j[c], i[c])
            cause[c] = strikes[side]
            first_strike[c] = not (strikes[0] and strikes[1])
        elif demands[0] or demands[1]:
            side = 0 if demands[0] and (not demands[1] or value[0] >= value[1]) else 1
            actor[c], target[c] = (i[c], j[c]) if side == 0 else (j[c], i[c])
            tribute[c] = min(expected[side], _tribute(wealth[target[c]], wealth[actor[c]], spoils))
            if value[side] > appetites[side] * tribute[c]:
                # no tribute is worth as much to it as taking the whole state by war (an indivisible
                # stake, Fearon 1995): it attacks
                kind[c], cause[c], first_strike[c], tribute[c] = WAR, DEMAND, True, 0.0
            elif tribute[c] <= reservation[1 - side]:
                kind[c] = COERCED  # the target concedes rather than fight
            else:
                kind[c], cause[c], first_strike[c], tribute[c] = WAR, DEMAND, True, 0.0
        if kind[c] == WAR and not resists[target[c]]:
            kind[c], cause[c] = COERCED, NO_WAR  # it pays rather than fight
            tribute[c] = _tribute(wealth[target[c]], wealth[actor[c]], spoils)
    return kind_out, actor_out, target_out, first_out, cause_out, tribute_out


cdef double MAX_APPETITE = 100.0  # the value of gains to a state of dissatisfaction 1 (≈ 100/101)


cdef inline double _tribute(double payer, double payee, double spoils):
    """What a state pays: war_spoils of its wealth, but no more than that share of its taker's own
    wealth: a victor extracts no more than it can occupy and administer (Liberman 1996)."""
    return spoils * min(payer, payee)


cdef inline double _at_stake(double loser, double winner, double spoils, double cost, double annexable):
    """What a state of wealth ``loser`` loses if it loses a war to one of wealth ``winner``: the
    tribute from what is left, or all of it if the rest would be less than ``annexable`` times what
    the victor then has (conquest)."""
    cdef double taken = _tribute((1 - cost) * loser, (1 - cost) * winner, spoils)
    if (1 - cost) * loser - taken < annexable * ((1 - cost) * winner + taken):
        return (1 - cost) * loser
    return taken


cdef inline double _ratio(double now, double before):
    """This year's growth factor, within [0.8, 1.25] (a conquest or a lost war can change wealth by
    far more in a year; that is not a trend to extrapolate)."""
    return min(max(now / before, 0.8), 1.25) if before > 0 else 1.0


def war_outcomes(payer_, payee_, tribute_, attacker_, defender_, attacker_wins_, wealth_, arms_,
                 double spoils_share, double cost):
    """Winners and losers of the wars, each state's change of wealth (tribute paid and received, war
    costs, spoils) and arms lost, and the wealth destroyed. Each state's changes are summed in the
    order tribute, costs, spoils."""
    cdef int64_t* payer = int64s(payer_)
    cdef int64_t* payee = int64s(payee_)
    cdef double* tribute = doubles(tribute_)
    cdef int64_t* attacker = int64s(attacker_)
    cdef int64_t* defender = int64s(defender_)
    cdef unsigned char* attacker_wins = flags(attacker_wins_)
    cdef double* wealth = doubles(wealth_)
    cdef double* arms = doubles(arms_)
    cdef Py_ssize_t k, wars = size(attacker_), paid = size(payer_), n = size(wealth_)
    cdef double destroyed_by_winners = 0.0, destroyed_by_losers = 0.0
    cdef cnp.ndarray winner_out = new(wars, cnp.NPY_INT64), loser_out = new(wars, cnp.NPY_INT64)
    cdef cnp.ndarray change_out = new(n, cnp.NPY_DOUBLE), arms_lost_out = new(n, cnp.NPY_DOUBLE)
    cdef int64_t* winner = int64s(winner_out)
    cdef int64_t* loser = int64s(loser_out)
    cdef double* change = doubles(change_out)
    cdef double* arms_lost = doubles(arms_lost_out)
    for k in range(wars):
        winner[k] = attacker[k] if attacker_wins[k] else defender[k]
        loser[k] = defender[k] if attacker_wins[k] else attacker[k]
    for k in range(paid):
        change[payer[k]] -= tribute[k]
        change[payee[k]] += tribute[k]
    for k in range(wars):
        change[winner[k]] -= cost * wealth[winner[k]]
        destroyed_by_winners += wealth[winner[k]]
    for k in range(wars):
        change[loser[k]] -= cost * wealth[loser[k]]
        destroyed_by_losers += wealth[loser[k]]
    for k in range(wars):
        change[loser[k]] -= _tribute((1 - cost) * wealth[loser[k]], (1 - cost) * wealth[winner[k]],
                                     spoils_share)
    for k in range(wars):
        change[winner[k]] += _tribute((1 - cost) * wealth[loser[k]], (1 - cost) * wealth[winner[k]],
                                      spoils_share)
    for k in range(wars):
        arms_lost[winner[k]] += cost * arms[winner[k]]
    for k in range(wars):
        arms_lost[loser[k]] += cost * arms[loser[k]]
    destroyed = cost * (destroyed_by_winners + destroyed_by_losers)
    return winner_out, loser_out, change_out, arms_lost_out, destroyed


def absorbed(winners_, losers_, wealth_, double annexable):
    """(conquerors, conquered), in the order of the conquered states' slots: losers left with less
    than ``annexable`` times the wealth of the first state that beat them this year, each taken by
    that state, unless it is itself absorbed."""
    cdef int64_t* winners = int64s(winners_)
    cdef int64_t* losers = int64s(losers_)
    cdef double* wealth = doubles(wealth_)
    cdef Py_ssize_t k, s, n = size(wealth_), count = 0
    cdef cnp.ndarray taken_by_out = new(n, cnp.NPY_INT64)
    cdef int64_t* taken_by = int64s(taken_by_out)
    for s in range(n):
        taken_by[s] = -1
    for k in range(size(losers_)):
        if wealth[losers[k]] < annexable * wealth[winners[k]] and taken_by[losers[k]] < 0:
            taken_by[losers[k]] = winners[k]
    cdef cnp.ndarray conquerors_out = new(n, cnp.NPY_INT64), conquered_out = new(n, cnp.NPY_INT64)
    cdef int64_t* conquerors = int64s(conquerors_out)
    cdef int64_t* conquered = int64s(conquered_out)
    for s in range(n):
        if taken_by[s] >= 0 and taken_by[taken_by[s]] < 0:
            conquerors[count], conquered[count] = taken_by[s], s
            count += 1
    return conquerors_out[:count], conquered_out[:count]


def attack_odds(attackers_, defenders_, power_, edge_, double offense_dominance,
                double distinguishability, posture_, positions_, double distance_decay):
    """Chance that each attacker beats its defender: its strike (``_strike``) against the defender's
    power."""
    cdef int64_t* attackers = int64s(attackers_)
    cdef int64_t* defenders = int64s(defenders_)
    cdef double* power = doubles(power_)
    cdef unsigned char* edge = flags(edge_)
    cdef double* posture = doubles(posture_)
    cdef double* positions = doubles(positions_)  # n × 2
    cdef Py_ssize_t k, a, d, count = size(attackers_)
    cdef cnp.ndarray odds_out = new(count, cnp.NPY_DOUBLE)
    cdef double* odds = doubles(odds_out)
    for k in range(count):
        a, d = attackers[k], defenders[k]
        odds[k] = _odds(_strike(power[a], a, d, edge[k], offense_dominance, distinguishability, posture,
                                positions, distance_decay), power[d])
    return odds_out


# --- the stage game and perception (mechanisms/game.py, mechanisms/perception.py) --------------

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
    cdef double value
    shape_is(chosen_, n, n, "the doctrines' moves (cooperate)")
    cdef cnp.ndarray moves_out = new_matrix(n, cnp.NPY_BOOL)
    cdef cnp.ndarray payoff_out = new(n, cnp.NPY_DOUBLE), trade_out = new(n, cnp.NPY_DOUBLE)
    cdef unsigned char* moves = flags(moves_out)
    cdef double* payoff = doubles(payoff_out)
    cdef double* trade = doubles(trade_out)
    for i in range(n * n):
        moves[i] = chosen[i] and adjacency[i]
    for i in range(n):
        for j in range(n):
            if adjacency[i * n + j]:
                value = payoff_table[2 * moves[i * n + j] + moves[j * n + i]]
                payoff[i] += value
                trade[i] += value * min(wealth[i], wealth[j])  # limited by the smaller economy
                mutual += moves[i * n + j] and moves[j * n + i]
        trade[i] = trade[i] * trade_scale / degree[i]
    return moves_out, payoff_out, trade_out, mutual


def relative_gains_moves(rows_, trust_, adjacency_, degree_, arms_, arms_before_, wealth_,
                         wealth_before_, power_, power_before_, dissatisfaction_, reach_, posture_,
                         positions_, double reciprocated, double unreciprocated, double temptation,
                         double relative_gains, double shadow, double crisis_rate,
                         double distinguishability, double offense_dominance, double distance_decay,
                         double race_scale, double parity_exponent, double spoils, double cost,
                         double latent):
    """The zero-sum stage-game choice of each state of ``rows`` toward each state (see
    doctrines/zero_sum.py): cooperate iff p·reciprocated + (1 − p)·unreciprocated > ρ_ij·temptation,
    p being trust in the partner and ρ_ij the weight its relative gain gets from the use of force."""
    cdef int64_t* rows = int64s(rows_)
    cdef double* trust = doubles(trust_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef int64_t* degree = int64s(degree_)
    cdef double* arms = doubles(arms_)
    cdef double* arms_before = doubles(arms_before_)
    cdef double* wealth = doubles(wealth_)
    cdef double* wealth_before = doubles(wealth_before_)
    cdef double* power = doubles(power_)
    cdef double* power_before = doubles(power_before_)
    cdef double* dissatisfaction = doubles(dissatisfaction_)
    cdef double* reach = doubles(reach_)
    cdef double* posture = doubles(posture_)
    cdef double* positions = doubles(positions_)
    cdef Py_ssize_t r, i, j, n = size(wealth_), count = size(rows_)
    cdef double p, value, share, odds, exposure, usability, leverage, weight
    cdef cnp.npy_intp shape[2]
    shape[0], shape[1] = count, n
    cdef cnp.ndarray moves_out = cnp.PyArray_ZEROS(2, shape, cnp.NPY_BOOL, 0)
    cdef unsigned char* moves = flags(moves_out)
    for r in range(count):
        i = rows[r]
        for j in range(n):
            if not adjacency[i * n + j]:
                continue
            p = trust[i * n + j]
            value = p * reciprocated + (1 - p) * unreciprocated  # of cooperating, before the concern
            if value <= 0:
                continue  # defect whatever the concern
            share = 2.0 / (degree[i] + degree[j])
            # exposure, usability and leverage are each at most 1, and exposure at most its hazard
            # exponent, whose four terms are each at most 1: a cheap bound settles most dyads of a
            # large world without the hazard's arithmetic
            if value > relative_gains * (1 - p) * temptation * min(4 * crisis_rate * share / (1 - shadow), 1.0):
                moves[r * n + j] = True
                continue
            # the chance of a crisis with j within the shadow of the future, at the war mechanism's
            # hazard (shared among neighbours: it falls with their number, Snidal 1991)
            exposure = 1 - exp(-crisis_rate * share / (1 - shadow) * _hazard_terms(
                i, j, n, trust, arms, arms_before, wealth, wealth_before, power, power_before,
                dissatisfaction, reach, posture, distinguishability, race_scale, parity_exponent))
            # j's chance against i striking first, and how close that war comes to paying for j
            # (Powell 1991: relative gains matter as far as force is usable)
            odds = _odds(_strike(power[j], j, i, True, offense_dominance, distinguishability, posture,
                                 positions, distance_decay), power[i])
            usability = min(max(odds * spoils * (1 - cost) * wealth[i]
                                / max(cost * wealth[j] + (1 - odds) * spoils * (1 - cost) * wealth[j],
                                      1e-12), 0.0), 1.0)
            # how far a gain of wealth shifts their odds (most at parity)
            leverage = 4 * odds * (1 - odds) * latent * wealth[j] / max(power[j], 1e-12)
            weight = relative_gains * (1 - p) * exposure * usability * leverage
            moves[r * n + j] = value > weight * temptation
    return moves_out


def seen_moves(moves_, misread_):
    """The transpose of ``moves``, with the entries at the flat positions ``misread`` flipped."""
    cdef unsigned char* moves = flags(moves_)
    cdef int64_t* misread = int64s(misread_)
    cdef Py_ssize_t i, j, k, n = cnp.PyArray_DIM(<cnp.ndarray>moves_, 0)
    cdef cnp.ndarray seen_out = new_matrix(n, cnp.NPY_BOOL)
    cdef unsigned char* seen = flags(seen_out)
    for i in range(n):
        for j in range(n):
            seen[i * n + j] = moves[j * n + i]
    for k in range(size(misread_)):
        seen[misread[k]] = not seen[misread[k]]
    return seen_out


def sum_threats(rows_, reach_, discount_, arms_, members_, bint trusts_community, threat_, spread_):
    """For each state i of ``rows``: Σ_j reach_ij · discount_ij · x_j into ``threat`` and the square
    root of the sum of the squared terms into ``spread``. ``discount`` has a row per state of
    ``rows``, or one row for all of them. With ``trusts_community``, members leave out members."""
    cdef int64_t* rows = int64s(rows_)
    cdef double* reach = doubles(reach_)
    cdef double* discount = doubles(discount_)
    cdef double* arms = doubles(arms_)
    cdef unsigned char* members = flags(members_)
    cdef double* threat = doubles(threat_)
    cdef double* spread = doubles(spread_)
    cdef Py_ssize_t r, i, j, row, n = size(arms_)
    cdef bint one_row = (cnp.PyArray_NDIM(<cnp.ndarray>discount_) == 2
                         and cnp.PyArray_DIM(<cnp.ndarray>discount_, 0) == 1)
    shape_is(discount_, 1 if one_row else size(rows_), n, "a doctrine's benign() reading")
    cdef double total, squares, seen
    for r in range(size(rows_)):
        i = rows[r]
        row = 0 if one_row else r
        total = squares = 0.0
        for j in range(n):
            if trusts_community and members[i] and members[j]:
                continue
            seen = reach[i * n + j] * discount[row * n + j] * arms[j]
            total += seen
            squares += seen * seen
        threat[i] = total
        spread[i] = sqrt(squares)


def misread_sums(threat_, spread_, errors_):
    """Each state's summed threat plus its reading error (``errors``: noise · standard normal
    draws, one per state), never below zero."""
    cdef double* threat = doubles(threat_)
    cdef double* spread = doubles(spread_)
    cdef double* errors = doubles(errors_)
    cdef Py_ssize_t i
    for i in range(size(threat_)):
        threat[i] = max(threat[i] + spread[i] * errors[i], 0.0)


# --- trust, institutions, arms, economy (mechanisms/trust.py, institution.py, arms.py, economy.py)

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


def community_members(eligible_, trust_, adjacency_, double threshold):
    """Eligible states with at least one eligible neighbour whose trust with them is mutual and at
    least ``threshold``."""
    cdef unsigned char* eligible = flags(eligible_)
    cdef double* trust = doubles(trust_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef Py_ssize_t i, j, n = size(eligible_)
    cdef cnp.ndarray member_out = new(n, cnp.NPY_BOOL)
    cdef unsigned char* member = flags(member_out)
    for i in range(n):
        if eligible[i]:
            for j in range(n):
                if (eligible[j] and adjacency[i * n + j] and trust[i * n + j] >= threshold
                        and trust[j * n + i] >= threshold):
                    member[i] = True
                    break
    return member_out


def richardson(arms_, threat_, wealth_, dissatisfaction_, code_, coefficients_, ceiling_, floor_,
               double max_burden):
    """Next year's arms: Richardson's step with each state's doctrine's (reaction, fatigue,
    grievance), at most its doctrine's ceiling, at least its floor (a share of its wealth), and at
    most ``max_burden`` of its wealth."""
    cdef double* arms = doubles(arms_)
    cdef double* threat = doubles(threat_)
    cdef double* wealth = doubles(wealth_)
    cdef double* dissatisfaction = doubles(dissatisfaction_)
    cdef int64_t* code = int64s(code_)
    cdef double* coefficients = doubles(coefficients_)  # doctrines × 3
    cdef double* ceiling = doubles(ceiling_)
    cdef double* floor = doubles(floor_)
    cdef Py_ssize_t s, n = size(arms_)
    cdef double target
    cdef cnp.ndarray new_out = new(n, cnp.NPY_DOUBLE)
    cdef double* updated = doubles(new_out)
    for s in range(n):
        target = (arms[s] + coefficients[3 * code[s]] * threat[s] - coefficients[3 * code[s] + 1] * arms[s]
                  + coefficients[3 * code[s] + 2] * wealth[s] * (1 + dissatisfaction[s]))
        updated[s] = min(max(min(target, ceiling[s]), floor[s] * wealth[s], 0.0), max_burden * wealth[s])
    return new_out


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


def settle(wealth_, arms_, war_wealth_, war_arms_, double max_burden):
    """End-of-year wealth and arms after the war's transfers and losses (None: no war mechanism):
    never negative, arms at most ``max_burden`` of wealth."""
    cdef double* wealth = doubles(wealth_)
    cdef double* arms = doubles(arms_)
    cdef double* war_wealth = NULL if war_wealth_ is None else doubles(war_wealth_)
    cdef double* war_arms = NULL if war_arms_ is None else doubles(war_arms_)
    cdef Py_ssize_t s, n = size(wealth_)
    cdef double w, x
    cdef cnp.ndarray wealth_out = new(n, cnp.NPY_DOUBLE), arms_out = new(n, cnp.NPY_DOUBLE)
    cdef double* settled_wealth = doubles(wealth_out)
    cdef double* settled_arms = doubles(arms_out)
    for s in range(n):
        w, x = wealth[s], arms[s]
        if war_wealth != NULL:
            w += war_wealth[s]
            x -= war_arms[s]
        settled_wealth[s] = max(w, 0.0)
        settled_arms[s] = min(max(x, 0.0), max_burden * settled_wealth[s])
    return wealth_out, arms_out


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


cdef double _gini(double* values, Py_ssize_t n):
    """Gini coefficient of non-negative values, sorting them in place."""
    cdef Py_ssize_t rank
    cdef double total = 0.0, weighted = 0.0
    qsort(values, n, sizeof(double), _ascending)
    for rank in range(n):
        total += values[rank]
        weighted += (2 * rank + 1 - n) * values[rank]
    return weighted / (n * total) if total > 0 else 0.0


def gini(values):
    """Gini coefficient of non-negative values (0: equal, → 1: one holds all)."""
    ordered = np.array(values, dtype=np.float64)  # a copy: sorted in place
    return _gini(doubles(ordered), size(ordered))


def tallies(wealth_, military_, power_, threat_, code_, alive_, Py_ssize_t doctrines):
    """The world outputs that are sums over the living states: welfare, welfare by doctrine, military
    burden, power concentration (Herfindahl index of power shares), the top share, states alive, Gini
    of wealth, the share of living states holding each doctrine, security (1 − mean exposure to
    threat)."""
    cdef double* wealth = doubles(wealth_)
    cdef double* military = doubles(military_)
    cdef double* power = doubles(power_)
    cdef double* threat = doubles(threat_)
    cdef int64_t* code = int64s(code_)
    cdef unsigned char* alive = flags(alive_)
    cdef Py_ssize_t s, states = size(wealth_), n = 0
    cdef double welfare = 0.0, arms = 0.0, total_power = 0.0, top_power = 0.0, power_squares = 0.0
    cdef double exposure = 0.0, scale
    cdef cnp.ndarray welfare_by_out = new(doctrines, cnp.NPY_DOUBLE)
    cdef cnp.ndarray shares_out = new(doctrines, cnp.NPY_DOUBLE)
    cdef cnp.ndarray living_wealth_out = new(states, cnp.NPY_DOUBLE)
    cdef double* welfare_by = doubles(welfare_by_out)
    cdef double* shares = doubles(shares_out)
    cdef double* living_wealth = doubles(living_wealth_out)
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
    for s in range(doctrines):
        shares[s] /= n
    scale = 1 / total_power if total_power > 0 else 1.0
    return (welfare, welfare_by_out.tolist(), arms / welfare if welfare > 0 else 0.0,
            power_squares * scale * scale, top_power * scale, n, _gini(living_wealth, n),
            shares_out.tolist(), 1 - exposure / n)
