# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The war mechanism's loops, compiled: crisis thinning, bargaining, war outcomes, conquest and
the odds of a strike. Formulas and sources: mechanisms/war.py."""

from libc.math cimport exp

include "arrays.pxi"
include "war_terms.pxi"


def thin_crises(edges_, candidates_, draws_, double most, double scale, edge_share_, trust_, arms_,
                arms_before_, wealth_, wealth_before_, power_, power_before_, dissatisfaction_,
                reach_, posture_, double distinguishability, community_, engaged_,
                double race_scale, double parity_exponent):
    """(i, j) of the candidate edges kept: those whose thinning draw, ``draws`` (uniform on [0, 1))
    times ``most``, falls below their crisis probability 1 − exp(−h). ``engaged``: states at war,
    whose dyads add the opportunity term (1) to their hazard."""
    cdef int64_t* edges = int64s(edges_)
    cdef int64_t* candidates = int64s(candidates_)
    cdef double* draws = doubles(draws_)
    cdef double* edge_share = doubles(edge_share_)
    cdef HazardWorld world = hazard_world(trust_, arms_, arms_before_, wealth_, wealth_before_, power_,
                                          power_before_, dissatisfaction_, reach_, posture_,
                                          distinguishability, race_scale, parity_exponent)
    cdef unsigned char* community = flags(community_)
    cdef unsigned char* engaged = flags(engaged_)
    cdef Py_ssize_t c, a, b, kept = 0, count = size(candidates_)
    cdef double hazard
    cdef cnp.ndarray i_out = new(count, cnp.NPY_INT64), j_out = new(count, cnp.NPY_INT64)
    cdef int64_t* i = int64s(i_out)
    cdef int64_t* j = int64s(j_out)
    for c in range(count):
        a, b = edges[2 * candidates[c]], edges[2 * candidates[c] + 1]
        if community[a] and community[b]:
            continue  # no crises inside a security community
        hazard = scale * edge_share[candidates[c]] * (_hazard_terms(a, b, &world)
                                                      + (1.0 if engaged[a] or engaged[b] else 0.0))
        if draws[c] * most < 1 - exp(-hazard):
            i[kept], j[kept] = a, b
            kept += 1
    return i_out[:kept], j_out[:kept]


def bargain(i_, j_, power_, backing_, wealth_, wealth_before_, dissatisfaction_, trust_, posture_,
            resists_, misread_, positions_, double offense_dominance, double distinguishability,
            double distance_decay, double spoils, double cost, double annexable, double foresight):
    """Each crisis (i, j) as a bargaining problem (Fearon 1995); see mechanisms/war.py for the
    formulas. Returns, per crisis: kind (SETTLED, COERCED, WAR), the side that demands or strikes
    (``actor``) and the other (``target``), whether the actor strikes first (``first_strike``), the
    cause of a war (DEMAND, PREEMPTION, PREVENTION) and the tribute of a coercion. ``misread``:
    2 × crises relative errors, i's reading of j's power then j's reading of i's. ``backing``: the
    power others have committed to each state (alliances; zeros without them), which counts with
    its own in the odds but does not grow with its economy."""
    cdef int64_t* i = int64s(i_)
    cdef int64_t* j = int64s(j_)
    cdef double* power = doubles(power_)
    cdef double* backing = doubles(backing_)
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
    cdef double seen, seen_own, reading, strength, p_first, p_second, p_now, p_later, gain, loss, war_cost, first, second, fear
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
            reading = max(1 + misread[side * count + c], 0.0)  # s's reading of o's power
            seen_own = power[o] * reading
            seen = seen_own + backing[o] * reading
            strength = power[s] + backing[s]
            p_first = _odds(_strike(strength, s, o, True, offense_dominance, distinguishability,
                                    posture, positions, distance_decay), seen)
            # (as s's odds, not 1 − o's: where neither side has an edge the two are equal to the bit)
            p_second = _odds(strength, _strike(seen, o, s, True, offense_dominance, distinguishability,
                                               posture, positions, distance_decay))
            # what s loses if it loses (conquest included), and what it takes if it wins
            loss = _at_stake(wealth[s], wealth[o], spoils, cost, annexable)
            gain = _at_stake(wealth[o], wealth[s], spoils, cost, annexable)
            war_cost = cost * wealth[s]
            appetite = appetites[side] = _appetite(greed[s])
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
            p_now = _odds(_strike(strength, s, o, False, offense_dominance, distinguishability,
                                  posture, positions, distance_decay), seen)
            # each power projected at the growth of its economy (power shifts with differential
            # growth, Organski 1958; Gilpin 1981); allies' power is not projected
            p_later = _odds(_strike(power[s] * pow(_ratio(wealth[s], wealth_before[s]), foresight)
                                    + backing[s], s, o, False, offense_dominance, distinguishability,
                                    posture, positions, distance_decay),
                            seen_own * pow(_ratio(wealth[o], wealth_before[o]), foresight)
                            + backing[o] * reading)
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


def tally(kind_, cause_):
    """The number of crises that came to each (kind, cause), as a list indexed by
    kind · len(Cause) + cause."""
    cdef int64_t* kind = int64s(kind_)
    cdef int64_t* cause = int64s(cause_)
    cdef Py_ssize_t c, causes = PREVENTION + 1  # the last Cause
    cdef list counts = [0] * ((WAR + 1) * causes)  # WAR: the last Outcome
    for c in range(size(kind_)):
        counts[kind[c] * causes + cause[c]] += 1
    return counts


def in_conflict(i_, j_, Py_ssize_t n):
    """The n × n flags of the dyads (i, j) and (j, i) given."""
    cdef int64_t* i = int64s(i_)
    cdef int64_t* j = int64s(j_)
    cdef Py_ssize_t c
    cdef cnp.ndarray hostile_out = new_matrix(n, cnp.NPY_BOOL)
    cdef unsigned char* hostile = flags(hostile_out)
    for c in range(size(i_)):
        hostile[i[c] * n + j[c]] = hostile[j[c] * n + i[c]] = True
    return hostile_out


cdef double MAX_APPETITE = 100.0  # the value of gains to a state of dissatisfaction 1 (≈ 100/101)


cdef inline double _appetite(double greed):
    """a = d / (1 − d): the weight a state of dissatisfaction d puts on gains (war.py)."""
    return min(greed / max(1 - greed, 1e-12), MAX_APPETITE)


def appetites(greed_):
    """Each state's appetite for gains, a = d / (1 − d) (at most MAX_APPETITE), as bargaining weighs it."""
    cdef double* greed = doubles(greed_)
    cdef Py_ssize_t s, n = size(greed_)
    cdef cnp.ndarray out = new(n, cnp.NPY_DOUBLE)
    cdef double* appetite = doubles(out)
    for s in range(n):
        appetite[s] = _appetite(greed[s])
    return out


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
                 double spoils_share, attacker_costs_, defender_costs_):
    """Winners and losers of the wars, each state's change of wealth (tribute paid and received, war
    costs, spoils) and arms lost, the wealth destroyed, and the change's terms per state for the
    accounts (``Accounts``): net tribute, wealth lost to war, net spoils, and the spoils of each war.
    ``attacker_costs``, ``defender_costs``: the share of its wealth and arms each side of each war
    loses in its campaign (cost_of_war, times the side's effort when wars escalate: fronts.py). Each
    state's changes are summed in the order tribute, costs, spoils."""
    cdef int64_t* payer = int64s(payer_)
    cdef int64_t* payee = int64s(payee_)
    cdef double* tribute = doubles(tribute_)
    cdef int64_t* attacker = int64s(attacker_)
    cdef int64_t* defender = int64s(defender_)
    cdef unsigned char* attacker_wins = flags(attacker_wins_)
    cdef double* wealth = doubles(wealth_)
    cdef double* arms = doubles(arms_)
    cdef double* attacker_costs = doubles(attacker_costs_)
    cdef double* defender_costs = doubles(defender_costs_)
    cdef Py_ssize_t k, wars = size(attacker_), paid = size(payer_), n = size(wealth_)
    cdef double destroyed_by_winners = 0.0, destroyed_by_losers = 0.0, taken
    cdef cnp.ndarray winner_out = new(wars, cnp.NPY_INT64), loser_out = new(wars, cnp.NPY_INT64)
    cdef cnp.ndarray change_out = new(n, cnp.NPY_DOUBLE), arms_lost_out = new(n, cnp.NPY_DOUBLE)
    cdef cnp.ndarray tribute_net_out = new(n, cnp.NPY_DOUBLE), lost_out = new(n, cnp.NPY_DOUBLE)
    cdef cnp.ndarray spoils_net_out = new(n, cnp.NPY_DOUBLE), taken_out = new(wars, cnp.NPY_DOUBLE)
    cdef int64_t* winner = int64s(winner_out)
    cdef int64_t* loser = int64s(loser_out)
    cdef double* change = doubles(change_out)
    cdef double* arms_lost = doubles(arms_lost_out)
    cdef double* tribute_net = doubles(tribute_net_out)
    cdef double* lost = doubles(lost_out)
    cdef double* spoils_net = doubles(spoils_net_out)
    cdef double* taken_by_war = doubles(taken_out)
    cdef cnp.ndarray winner_cost_out = new(wars, cnp.NPY_DOUBLE), loser_cost_out = new(wars, cnp.NPY_DOUBLE)
    cdef double* winner_cost = doubles(winner_cost_out)
    cdef double* loser_cost = doubles(loser_cost_out)
    for k in range(wars):
        winner[k] = attacker[k] if attacker_wins[k] else defender[k]
        loser[k] = defender[k] if attacker_wins[k] else attacker[k]
        winner_cost[k] = attacker_costs[k] if attacker_wins[k] else defender_costs[k]
        loser_cost[k] = defender_costs[k] if attacker_wins[k] else attacker_costs[k]
    for k in range(paid):
        change[payer[k]] -= tribute[k]
        change[payee[k]] += tribute[k]
        tribute_net[payer[k]] -= tribute[k]
        tribute_net[payee[k]] += tribute[k]
    for k in range(wars):
        change[winner[k]] -= winner_cost[k] * wealth[winner[k]]
        lost[winner[k]] += winner_cost[k] * wealth[winner[k]]
        destroyed_by_winners += winner_cost[k] * wealth[winner[k]]
    for k in range(wars):
        change[loser[k]] -= loser_cost[k] * wealth[loser[k]]
        lost[loser[k]] += loser_cost[k] * wealth[loser[k]]
        destroyed_by_losers += loser_cost[k] * wealth[loser[k]]
    for k in range(wars):
        taken = _tribute((1 - loser_cost[k]) * wealth[loser[k]], (1 - winner_cost[k]) * wealth[winner[k]],
                         spoils_share)
        change[loser[k]] -= taken
        spoils_net[loser[k]] -= taken
        taken_by_war[k] = taken
    for k in range(wars):  # a second pass keeps each state's sum in the documented order
        change[winner[k]] += taken_by_war[k]
        spoils_net[winner[k]] += taken_by_war[k]
    for k in range(wars):
        arms_lost[winner[k]] += winner_cost[k] * arms[winner[k]]
    for k in range(wars):
        arms_lost[loser[k]] += loser_cost[k] * arms[loser[k]]
    destroyed = destroyed_by_winners + destroyed_by_losers
    return (winner_out, loser_out, change_out, arms_lost_out, destroyed, tribute_net_out, lost_out,
            spoils_net_out, taken_out)


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




def worth_coming(states_, partners_, opponents_, attacking_, edge_, power_, wealth_,
                 double offense_dominance, double distinguishability, posture_, positions_,
                 double distance_decay, double spoils, double cost, double annexable,
                 bint by_reach=True):
    """Whether each partner of a state at war judges coming worth its cost. What the state would
    lose if it fought its opponent alone this year, ``(1 − p_alone) · L_state`` (``_at_stake``:
    tribute, or all of it if conquered), is what the opponent would gain, and the partner weighs
    that gain as it weighs any power, by the threat it makes: times the opponent's reach toward it,
    ``offense_dominance / (1 + distance_decay · distance)`` (as in perception). It comes if that
    exceeds what fighting costs it, ``cost · W_partner``. A partner whose ally can hold, or whose
    enemy's gains would not reach it, passes the buck; one whose ally would fall to a power that
    could then strike it comes at once (Christensen & Snyder 1990; Jervis 1978). ``by_reach`` False:
    the gain is weighed by its size alone (reach 1), the test of whether the pattern rests on it."""
    cdef int64_t* states = int64s(states_)
    cdef int64_t* partners = int64s(partners_)
    cdef int64_t* opponents = int64s(opponents_)
    cdef unsigned char* attacking = flags(attacking_)
    cdef unsigned char* edge = flags(edge_)
    cdef double* power = doubles(power_)
    cdef double* wealth = doubles(wealth_)
    cdef double* posture = doubles(posture_)
    cdef double* positions = doubles(positions_)
    cdef Py_ssize_t k, s, j, o, count = size(states_)
    cdef double alone, reach
    cdef cnp.ndarray worth_out = new(count, cnp.NPY_BOOL)
    cdef unsigned char* worth = flags(worth_out)
    for k in range(count):
        s, j, o = states[k], partners[k], opponents[k]
        if attacking[k]:
            alone = _odds(_strike(power[s], s, o, edge[k], offense_dominance, distinguishability,
                                  posture, positions, distance_decay), power[o])
        else:
            alone = 1 - _odds(_strike(power[o], o, s, edge[k], offense_dominance, distinguishability,
                                      posture, positions, distance_decay), power[s])
        reach = 1.0
        if by_reach:
            reach = offense_dominance / (1 + distance_decay * sqrt(
                (positions[2 * o] - positions[2 * j]) ** 2 + (positions[2 * o + 1] - positions[2 * j + 1]) ** 2))
        worth[k] = (1 - alone) * _at_stake(wealth[s], wealth[o], spoils, cost, annexable) * reach >= cost * wealth[j]
    return worth_out
