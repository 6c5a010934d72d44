# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The institution mechanism's loop, compiled: community membership. See mechanisms/institution.py."""


include "arrays.pxi"


def community_members(alive_, code_, joins_by_code_, trust_, adjacency_, double threshold):
    """Eligible states (alive, of a doctrine that joins communities: ``joins_by_code``) with at
    least one eligible neighbour whose trust with them is mutual and at least ``threshold``."""
    cdef unsigned char* alive = flags(alive_)
    cdef int64_t* code = int64s(code_)
    cdef unsigned char* joins = flags(joins_by_code_)
    cdef double* trust = doubles(trust_)
    cdef unsigned char* adjacency = flags(adjacency_)
    cdef Py_ssize_t i, j, n = size(alive_)
    cdef cnp.ndarray member_out = new(n, cnp.NPY_BOOL)
    cdef unsigned char* member = flags(member_out)
    cdef cnp.ndarray eligible_out = new(n, cnp.NPY_BOOL)
    cdef unsigned char* eligible = flags(eligible_out)
    for i in range(n):
        eligible[i] = alive[i] and joins[code[i]]
    for i in range(n):
        if eligible[i]:
            for j in range(n):
                if (eligible[j] and adjacency[i * n + j] and trust[i * n + j] >= threshold
                        and trust[j * n + i] >= threshold):
                    member[i] = True
                    break
    return member_out
