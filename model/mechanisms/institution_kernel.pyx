# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The institution mechanism's loop, compiled: community membership. See mechanisms/institution.py."""


include "arrays.pxi"


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
