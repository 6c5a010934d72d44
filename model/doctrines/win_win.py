"""Win-win: common security.

History and sources
-------------------
The Palme Commission (1982) argued that in the nuclear age no state can be secure at its
neighbours' expense: security is common, arms should be held at "defensive sufficiency", and
disputes settled by negotiation. Liberal institutionalism (Keohane 1984) and Axelrod's (1984)
tournaments showed how reciprocity sustains cooperation between egoists; Deutsch (1957) described
security communities whose members no longer expect war among themselves. China's "new security
concept" and the Shanghai Cooperation Organisation (2001), the subject of the seed paper, claim this
lineage.

How the doctrine acts here
--------------------------
- Threat: from capabilities *and* observed intentions. A neighbour's arms are discounted by the
  belief that it is benign (its posture or the state's trust in it), as far as distinguishability
  allows; members of the state's security community are not counted at all.
- Stage game: absolute gains. With ``retaliation`` on, generous tit-for-tat (Axelrod 1984; Nowak &
  Sigmund 1992): cooperate first, then repeat the partner's last move, forgiving a defection with
  probability ``generosity``. With ``retaliation`` off, always cooperate (the unconditional idealist).
- Crisis: never initiates force; negotiates. Fights back when attacked if ``retaliation`` is on,
  otherwise pays tribute.
- Arms: Richardson dynamics with a ceiling of ``sufficiency`` × threat (defensive sufficiency).
"""

from __future__ import annotations

import numpy as np

from ..knobs import Knob, knob_table
from .base import Doctrine, richardson_knobs


class WinWin(Doctrine):
    """Common security: absolute gains, reciprocity, defensive sufficiency, institutions."""

    name = "win_win"
    classifier = {
        "gains": "absolute (Keohane 1984)",
        "threat": "capabilities discounted by observed intentions",
        "stage game": "generous tit-for-tat (Axelrod 1984; Nowak & Sigmund 1992), or always cooperate",
        "crisis": "negotiates; fights back only in defence (Palme Commission 1982)",
        "arms": "Richardson, capped at defensive sufficiency; community members excluded",
    }
    knobs = knob_table(
        *richardson_knobs(reaction=0.15, fatigue=0.4, grievance=0.004),
        Knob("generosity", 0.25, "float", "chance of forgiving a defection", "Nowak & Sigmund 1992",
             low=0.0, high=1.0),
        Knob("retaliation", True, "bool", "reciprocate defections and fight back when attacked "
             "(off: the unconditional idealist)", "Axelrod 1984; Kydd 2005"),
        Knob("sufficiency", 1.0, "float", "defensive sufficiency: arms held at most this multiple of "
             "the perceived threat", "Palme Commission 1982", low=0.0, high=1000.0),
    )

    trusts_community = True

    def benign(self, model, rows):
        reassured_by_posture = model.posture[None, :]
        return 1.0 - (1.0 - reassured_by_posture) * (1.0 - model.trust[rows])

    def cooperate(self, model, rows):
        seen = model.seen[rows]
        if not self.k.retaliation:
            return np.ones_like(seen)
        moves = seen.copy()
        defections = np.flatnonzero(~moves & model.adjacency[rows])
        forgiven = defections[model.rng.random(defections.size) < self.k.generosity]
        moves.reshape(-1)[forgiven] = True  # a view of the copy: cheaper than .flat
        return moves

    def initiates(self, model, view, attackers, targets):
        return np.zeros(attackers.shape, dtype=bool)

    def resists(self):
        return self.k.retaliation

    def arms_ceiling(self, threat):
        return self.k.sufficiency * threat
