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
- Trust: a neutral prior (``prior_trust`` 0.5) and empathy: a win-win state counts its own arms in
  the threat its neighbours face ("security dilemma sensibility", Booth & Wheeler 2008), so a
  neighbour's reaction to them is not read as hostility.
- Stage game: absolute gains. With ``retaliation`` on, generous tit-for-tat (Axelrod 1984; Nowak &
  Sigmund 1992): cooperate first, then repeat the partner's last move, forgiving a defection with
  probability ``generosity``. With ``retaliation`` off, always cooperate (the unconditional idealist).
- Crisis: bargains like every state (mechanisms/war.py); a security seeker never fights for gain,
  but like anyone it defends, and may strike first out of fear where offence dominates and it
  distrusts a neighbour. With ``retaliation`` off it never uses force and pays what is demanded.
- Arms: Richardson dynamics with a ceiling of ``sufficiency`` × threat (defensive sufficiency), but
  never below a minimum defensive force of ``minimum_force`` × wealth: it does not disarm.
- War effort (when wars escalate): fights to deny its enemy victory, not to win it, fielding
  ``overmatch`` (1) times its enemy's force of the year before (defensive sufficiency, Palme
  Commission 1982; non-offensive defence, Møller 1992): two win-win enemies never escalate.
"""

from __future__ import annotations

import numpy as np

from ..knobs import Knob, knob_table
from .base import Doctrine, belief_knobs, overmatch_knob, richardson_knobs


class WinWin(Doctrine):
    """Common security: absolute gains, reciprocity, defensive sufficiency, institutions."""

    name = "win_win"
    classifier = {
        "gains": "absolute (Keohane 1984)",
        "threat": "capabilities discounted by observed intentions",
        "trust": "neutral prior, empathy (Booth & Wheeler 2008)",
        "stage game": "generous tit-for-tat (Axelrod 1984; Nowak & Sigmund 1992), or always cooperate",
        "crisis": "bargains; defends (Palme Commission 1982), or never uses force without retaliation",
        "arms": "Richardson, between a minimum force and defensive sufficiency; community excluded",
        "war effort": "matches the enemy's force (when wars escalate)",
    }
    knobs = knob_table(
        *richardson_knobs(reaction=0.15, fatigue=0.4, grievance=0.004),
        *belief_knobs(prior=0.5, empathy=1.0, source="Kydd 2005; Booth & Wheeler 2008"),
        Knob("generosity", 0.25, "float", "chance of forgiving a defection", "Nowak & Sigmund 1992",
             low=0.0, high=1.0),
        Knob("retaliation", True, "bool", "reciprocate defections and use force in defence "
             "(off: the unconditional idealist, who never uses force)", "Axelrod 1984; Kydd 2005"),
        Knob("sufficiency", 1.0, "float", "defensive sufficiency: arms held at most this multiple of "
             "the perceived threat", "Palme Commission 1982", low=0.0, high=1000.0),
        Knob("minimum_force", 0.01, "float", "least arms kept whatever the threat, as a share of "
             "wealth (1 % is about the lowest burden of states that keep armed forces, SIPRI)",
             "SIPRI Military Expenditure Database; Palme Commission 1982", low=0.0, high=1.0),
        overmatch_knob(1.0, "1, defensive sufficiency: a state that fights to deny its enemy "
                       "victory fields as much force as the enemy, no more",
                       "Palme Commission 1982; Møller 1992"),
    )

    trusts_community = True
    alignment = "collective"  # collective security against any aggressor (Claude 1962; Kupchan & Kupchan 1991)

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

    def resists(self):
        return self.k.retaliation

    def arms_ceiling(self, threat):
        return np.maximum(self.k.sufficiency * threat, 0.0)

    def arms_floor(self):
        return self.k.minimum_force
