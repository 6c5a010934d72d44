# The war mechanism's terms of the crisis hazard and of the odds of a strike (mechanisms/war.py),
# included by the kernels that weigh them: the war mechanism's, the trust mechanism's (the race in
# burden, the crises' outcomes) and the zero-sum doctrine's (the chance of conflict with a partner).

from libc.math cimport pow, sqrt


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


cdef struct HazardWorld:
    # what the crisis hazard reads of the world: per state, and per dyad (n × n, row by row)
    Py_ssize_t n
    double* trust
    double* arms
    double* arms_before
    double* wealth
    double* wealth_before
    double* power
    double* power_before
    double* dissatisfaction
    double* reach
    double* posture
    double distinguishability
    double race_scale
    double parity_exponent


cdef inline HazardWorld hazard_world(trust_, arms_, arms_before_, wealth_, wealth_before_, power_,
                                     power_before_, dissatisfaction_, reach_, posture_,
                                     double distinguishability, double race_scale,
                                     double parity_exponent) except *:
    """The arrays the crisis hazard reads, checked once."""
    cdef HazardWorld world
    world.n = size(arms_)
    world.trust, world.arms, world.arms_before = doubles(trust_), doubles(arms_), doubles(arms_before_)
    world.wealth, world.wealth_before = doubles(wealth_), doubles(wealth_before_)
    world.power, world.power_before = doubles(power_), doubles(power_before_)
    world.dissatisfaction, world.reach = doubles(dissatisfaction_), doubles(reach_)
    world.posture = doubles(posture_)
    world.distinguishability, world.race_scale = distinguishability, race_scale
    world.parity_exponent = parity_exponent
    return world


cdef inline double _hazard_terms(Py_ssize_t a, Py_ssize_t b, HazardWorld* w):
    """mistrust + race + transition + fear of the dyad (a, b): the sum the crisis hazard scales."""
    cdef Py_ssize_t riser, n = w.n
    cdef double mistrust, race, parity, transition, fear
    mistrust = 1 - (w.trust[a * n + b] + w.trust[b * n + a]) / 2
    race = min(max(min(_burden_change(w.arms[a], w.arms_before[a], w.wealth[a], w.wealth_before[a]),
                       _burden_change(w.arms[b], w.arms_before[b], w.wealth[b], w.wealth_before[b]))
                   / w.race_scale, 0.0), 1.0)
    parity = min(w.power[a], w.power[b]) / max(max(w.power[a], w.power[b]), 1e-12)
    riser = a if _growth(w.power[a], w.power_before[a]) >= _growth(w.power[b], w.power_before[b]) else b
    transition = (w.dissatisfaction[riser] * pow(parity, w.parity_exponent)
                  if w.dissatisfaction[riser] else 0.0)
    fear = (_fear(a, b, n, w.reach, w.posture, w.distinguishability, w.arms, w.power)
            + _fear(b, a, n, w.reach, w.posture, w.distinguishability, w.arms, w.power))
    return mistrust + race + transition + fear


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
