"""Trust (switch: ``trust``): each state's belief that a neighbour is a security seeker (Kydd 2005).

Trust is a probability, updated in log-odds the way a Bayesian observer weighs evidence: each piece
of evidence adds its log-likelihood ratio (how much likelier it is from a security seeker than from
a greedy state), scaled by ``trust_rate``:

    ℓ_ij ← ℓ0_i + trust_memory · (ℓ_ij − ℓ0_i) + trust_rate · e_ij,      trust_ij = 1 / (1 + e^(−ℓ_ij))

(ℓ is kept as the model's ``belief`` matrix; ``trust`` is derived from it each year, so a change of
belief is made to ``belief``.)

ℓ0_i is the logit of the prior of i's doctrine (``prior_trust``: zero-sum states hold a worst-case
prior). The pull back toward the prior (``trust_memory`` < 1) is what an exact Bayesian does when a
state's type can change, as governments change: old evidence loses weight, so trust recovers after
restraint and decays without evidence. Each year's evidence e_ij about neighbour j is the sum of

- its stage-game move, as i saw it: cooperation is weak evidence (``EVIDENCE['cooperation']``: a
  greedy state also trades when trade pays), defection strong (``EVIDENCE['defection']``); a move
  made while the two were in conflict (``hostile``, see the stage game) tells nothing new;
- its arms against what a security seeker in j's position would need,
  ``need_ij = max((k_j · exposure_ij + g_j · W_j) / a_j, floor_j · W_j)``, Richardson's equilibrium
  of a security seeker facing j's threat (k, a, g: j's doctrine's coefficients; floor: its minimum
  force), so that a mutual race at that level alarms no one and size alone is not read as intent:
  ``−EVIDENCE['arms'] · clip(x_j/need_ij − 1, 0, 1) · (1 − visible_ij)`` for arming beyond need, as
  far as i cannot see the arms are defensive (``visible = distinguishability · posture_j``, 1 inside a
  security community), and ``+EVIDENCE['arms'] · clip(1 − x_j/need_ij, 0, 1) · exposed_j`` for
  restraint below need: a costly signal of reassurance, credible as far as it leaves j exposed
  (``exposed_j = threat_j / (threat_j + power_j)``; Kydd 2005 ch. 7). ``exposure_ij`` is the threat
  j faces (its neighbours' arms, discounted only by visibly defensive postures) less the part of i's
  own arms that i does not see as threatening: a state with ``empathy`` 0 believes its own arms
  threaten no one, so it reads a neighbour's reaction to them as arming beyond need — the root of the
  spiral (Jervis 1976 ch. 3; Booth & Wheeler 2008 on "security dilemma sensibility");
- conflict: a crisis between them (``crisis``), j coercing i (``coercion``), j attacking i
  (``attack``: strong evidence, whatever the cause), or j attacking a third state i borders
  (``witnessed_attack``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from . import trust_kernel
from ..knobs import Knob, knob_table
from ..outputs import Output
from .base import Mechanism

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel

#: Log-likelihood-ratio weights of each kind of evidence, in units of one year's stage-game move.
#: An attack outweighs four years of cooperation; a crisis half of one.
EVIDENCE = MappingProxyType({"cooperation": 0.25, "defection": 1.0, "arms": 0.5, "crisis": 0.5, "coercion": 2.0, "attack": 4.0,
                             "witnessed_attack": 1.0})
_WEIGHTS = np.array(list(EVIDENCE.values()))
_NO_CRISES = np.empty(0, dtype=np.int64)


def prior(model: "DiplomacyModel", observers: np.ndarray) -> np.ndarray:
    """The prior trust of each observer (its doctrine's ``prior_trust``)."""
    return model.prior_by_code[model.code[observers]]


def prior_belief(model: "DiplomacyModel", observers: np.ndarray) -> np.ndarray:
    """The prior of each observer in log-odds, ℓ0."""
    return model.prior_belief_by_code[model.code[observers]]


class Trust(Mechanism):
    """Belief about each neighbour's type, learned from moves, arms and conflict."""

    name = "trust"
    doc = "trust learning from moves, arms and conflict (off: trust stays at the doctrines' priors)"
    source = "Kydd 2005; Jervis 1976"
    knobs = knob_table(
        Knob("trust_rate", 0.3, "float", "weight of one year's evidence in the log-odds of trust",
             "Kydd 2005", low=0.0, high=5.0),
        Knob("trust_memory", 0.9, "float", "share of last year's belief (in log-odds, beyond the prior) "
             "kept each year: below 1, old evidence fades as if a state's type could change",
             "Kydd 2005", low=0.0, high=1.0),
    )
    # belief: trust in log-odds, the state the update works on; trust: the probability, which the
    # other mechanisms read (both kept, so that no one takes a logarithm per dyad each year)
    dyad_arrays = {"trust": prior, "belief": prior_belief}
    outputs = (Output("mean_trust", "mean belief of states that their neighbours are security "
                      "seekers", "probability", "level", 0.0, 1.0),)

    def setup(self, model):
        everyone = np.arange(model.n)
        model.trust = np.repeat(prior(model, everyone)[:, None], model.n, axis=1)
        model.belief = np.repeat(prior_belief(model, everyone)[:, None], model.n, axis=1)

    def decide(self, model, year):
        params = model.params
        played, conflict = year.get("game"), year.get("war")
        crises = (_NO_CRISES,) * 5 if conflict is None else (
            conflict.i, conflict.j, conflict.kind, conflict.actor, conflict.target)
        return trust_kernel.trust_update(
            model.belief, model.code, model.prior_belief_by_code,
            None if played is None else played.seen, model.hostile, model.adjacency,
            model.degree_at_least_one, model.military, model.military_prev, model.wealth,
            model.wealth_prev, model.power, model.posture, model.community, model.empathy_by_code,
            model.richardson_by_code, model.arms_floor_by_code, model.reach, *crises, _WEIGHTS,
            params.distinguishability, params.trust_rate, params.trust_memory)

    def apply(self, model, year):
        model.belief, model.trust = year.get(self.name)

    def report(self, model, year):
        return {"mean_trust": trust_kernel.mean_over_edges(model.trust, model.adjacency)}
