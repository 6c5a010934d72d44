"""Institutions (switch: ``institution``).

Win-win neighbours whose mutual trust reaches ``community_threshold`` (each trusts the other at
least that much) form or join a security community (Deutsch 1957; the Shanghai Cooperation
Organisation of 2001 in the seed paper): a state belongs while it has at least one such partner.
Members settle their crises without war, see each other's postures fully (distinguishability 1
inside the community) and, if their doctrine trusts its community, do not count each other as
threats. Membership is recomputed from the end-of-year trust.
"""

from __future__ import annotations

import numpy as np

from . import institution_kernel
from ..outputs import Output
from .base import Mechanism


class Institution(Mechanism):
    """Security communities of win-win neighbours with mutual trust."""

    name = "institution"
    doc = "win-win neighbours with mutual trust form a security community"
    source = "Deutsch 1957; Adler & Barnett 1998"
    state_arrays = {"community": bool}
    outputs = (Output("community_size", "states that belong to a security community", "states",
                      "level"),)

    def apply(self, model, year):
        model.community = institution_kernel.community_members(
            model.alive, model.code, model.trusts_community_by_code, model.trust, model.adjacency,
            model.params.community_threshold)

    def report(self, model, year):
        return {"community_size": np.count_nonzero(model.community)}
