"""Arms (switch: ``arms``).

Richardson (1960) dynamics for every state at once, with its doctrine's coefficients:

    x' = x + k·threat − a·x + g·W·(1 + dissatisfaction)

(k = arms_reaction, a = arms_fatigue, g = arms_grievance as a share of own wealth W, so that the
equilibrium burden does not melt away as economies grow; a greedy state arms more). Spending is
capped by ``max_burden``·W and bounded by the doctrine's ceiling and floor: win-win states hold arms
at most at defensive sufficiency (``sufficiency``·threat, Palme Commission 1982), but never below a
minimum defensive force (``win_win.minimum_force``·W), and their threat leaves out community
members (perception). For two states with fixed threat readings this is Richardson's system, whose
equilibrium is ((k·h + b·g)/(a·b − k·l), …) when a·b > k·l and which runs away when a·b < k·l.

The spiral comes out of the threat term: threat is neighbours' arms scaled by offense dominance and
not discounted where postures cannot be told apart (perception), so where offence dominates and
postures look alike the effective reaction k·od·(1 − distinguishability·posture) can exceed the
fatigue a, and security seekers' arms feed each other until the spending cap (Jervis 1978).
"""

from __future__ import annotations

import numpy as np

from . import arms_kernel
from .base import Mechanism


class Arms(Mechanism):
    """Richardson arms dynamics, within each doctrine's ceiling and floor."""

    name = "arms"
    doc = "Richardson arms dynamics (off: arms stay at their initial level)"
    source = "Richardson 1960; Palme Commission 1982"

    def decide(self, model, year):
        view = year.get("perception")
        ceiling = np.full(model.n, np.inf)
        for doctrine, rows in model.doctrine_rows():
            ceiling[rows] = doctrine.arms_ceiling(view.threat[rows])
        year.military = arms_kernel.richardson(
            model.military, view.threat, model.wealth, model.dissatisfaction, model.code,
            model.richardson_by_code, ceiling, model.arms_floor_by_code, model.params.max_burden)
        return year.military
