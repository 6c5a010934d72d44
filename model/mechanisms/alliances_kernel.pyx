# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The alliance mechanism's loops, compiled: choosing partners and counting what they commit.
Formulas and sources: mechanisms/alliances.py."""

include "arrays.pxi"

cpdef enum Alignment:  # how a pair came to be allied (the ``alignment`` matrix; mechanisms/alliances.py)
    NOT_ALLIED = 0
    BALANCING = 1
    BANDWAGONING = 2


def align(alignment_, adjacency_, reach_, power_, trust_, hostile_, balancer_, double bandwagon_below):
    """This year's new alignments: each balancer (a state whose doctrine seeks allies) facing a
    threat stronger than itself and its allies either balances with the strongest neighbour that
    also borders the threat and fears it more than it fears the balancer, or, if it is weaker than
    ``bandwagon_below`` times the threat, bandwagons with the threat. At most one new alliance per
    state a year. Returns the new alignment matrix (symmetric) and each state's threat (-1: none)."""
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef double* reach = doubles(reach_)
    cdef double* power = doubles(power_)
    cdef double* trust = doubles(trust_)
    cdef unsigned char* hostile = flags(hostile_)
    cdef unsigned char* balancer = flags(balancer_)
    cdef Py_ssize_t i, j, k, n = size(power_), threat, partner
    cdef double score, best, coalition
    int8s(alignment_)  # (checked)
    cdef cnp.ndarray updated_out = alignment_.copy()
    cdef signed char* updated = int8s(updated_out)
    cdef cnp.ndarray threat_out = new(n, cnp.NPY_INT64)
    cdef int64_t* threats = int64s(threat_out)
    cdef cnp.ndarray joined_out = new(n, cnp.NPY_BOOL)  # made an alliance this year already
    cdef unsigned char* joined = flags(joined_out)
    for i in range(n):
        threats[i] = -1
        if not balancer[i]:
            continue
        # the most threatening neighbour (Walt 1987): power, nearness and offensive reach, and
        # intentions (mistrust), among those it is not allied with
        best, threat, coalition = 0.0, -1, power[i]
        for k in range(n):
            if not adjacency[i * n + k]:
                continue
            if updated[i * n + k] != NOT_ALLIED:
                coalition += power[k]
                continue
            score = reach[i * n + k] * power[k] * (1 - trust[i * n + k])
            if score > best:
                best, threat = score, k
        threats[i] = threat
        if threat < 0 or joined[i] or coalition >= power[threat]:
            continue
        if power[i] < bandwagon_below * power[threat]:
            if not joined[threat]:  # too weak to balance: join the threat (Walt 1987; Schweller 1994)
                updated[i * n + threat] = updated[threat * n + i] = BANDWAGONING
                joined[i] = joined[threat] = True
            continue
        best, partner = 0.0, -1
        for j in range(n):  # a partner that borders the threat and fears it more than it fears i
            if (j == threat or not adjacency[i * n + j] or not adjacency[j * n + threat] or joined[j]
                    or updated[i * n + j] != NOT_ALLIED or hostile[i * n + j]
                    or updated[j * n + threat] != NOT_ALLIED or trust[j * n + threat] >= trust[j * n + i]):
                continue
            if power[j] > best:
                best, partner = power[j], j
        if partner >= 0:
            updated[i * n + partner] = updated[partner * n + i] = BALANCING
            joined[i] = joined[partner] = True
    return updated_out, threat_out


def backing(partners_, power_, double reliability):
    """The power committed to each state: ``reliability`` times the summed power of its partners
    (``partners[i, j]``: i counts on j), summed in a fixed order."""
    cdef unsigned char* partners = flags(partners_)
    cdef double* power = doubles(power_)
    cdef Py_ssize_t i, j, n = size(power_)
    cdef double total
    cdef cnp.ndarray out = new(n, cnp.NPY_DOUBLE)
    cdef double* committed = doubles(out)
    for i in range(n):
        total = 0.0
        for j in range(n):
            if partners[i * n + j]:
                total += power[j]
        committed[i] = reliability * total
    return out


cdef Py_ssize_t _root(int64_t* parent, Py_ssize_t i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]  # path halving
        i = parent[i]
    return i


def blocs(alignment_):
    """Each state's alliance bloc (the smallest member's slot among the states it is allied with,
    directly or through others; -1 if it has no ally), the number of blocs, the allied pairs and
    how many of them formed by balancing."""
    cdef signed char* alignment = int8s(alignment_)
    cdef Py_ssize_t i, j, a, b, n = cnp.PyArray_DIM(<cnp.ndarray>alignment_, 0)
    cdef Py_ssize_t pairs = 0, balancing = 0, count = 0
    cdef cnp.ndarray parent_out = new(n, cnp.NPY_INT64)
    cdef int64_t* parent = int64s(parent_out)
    cdef cnp.ndarray allied_out = new(n, cnp.NPY_BOOL)
    cdef unsigned char* allied = flags(allied_out)
    for i in range(n):
        parent[i] = i
    for i in range(n):
        for j in range(i + 1, n):
            if alignment[i * n + j] != NOT_ALLIED:
                pairs += 1
                balancing += alignment[i * n + j] == BALANCING
                allied[i] = allied[j] = True
                a, b = _root(parent, i), _root(parent, j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    for i in range(n):
        if allied[i]:
            parent[i] = _root(parent, i)
            count += parent[i] == i
        else:
            parent[i] = -1
    return parent_out, count, pairs, balancing
