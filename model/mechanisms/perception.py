"""Perception: threat and misperception (switch: ``perception``).

Threat to state i is the mean over its neighbours j of their arms x_j, scaled by offense_dominance
and the loss-of-strength gradient, and discounted by how benign i believes j to be only as far as
distinguishability lets i tell a defensive posture from an offensive one (Jervis 1978):

    threat_i = (1/deg_i) · Σ_j reach_ij · (1 − distinguishability · benign_ij) · x̃_ij

``benign_ij`` is the doctrine's reading (zero-sum: the posture j shows; win-win: posture or trust).
A state's posture is defensive as far as it is satisfied with the status quo and defence is not at a
disadvantage: ``posture_j = (1 − dissatisfaction_j) · min(1, 1/offense_dominance)`` (Jervis 1978:
when offence dominates, even status-quo states buy offensive arms). Members of a security community
are not counted as threats by doctrines that trust their community (Deutsch 1957).

Misperception (Jervis 1976; Cusack & Stoll 1990): each observer sees each neighbour's arms with
relative error ``noise`` (x̃_ij = x_j·(1 + noise·ε_ij), ε standard normal). The sum over neighbours
of such errors is normal, so it is drawn once per state with the exact variance. Moves are misread
with probability ``noise`` (see ``observe``); power in a crisis is misjudged with the war
mechanism's ``misjudgement``. With ``perception`` off every state sees the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import perception_kernel
from ..sampling import bernoulli_positions
from .base import Mechanism

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel


class Perception(Mechanism):
    """Threat read from neighbours' arms, with misperception."""

    name = "perception"
    doc = "noisy perception of arms, power and moves (off: every state sees the truth)"
    source = "Jervis 1976; Jervis 1978; Cusack & Stoll 1990"
    state_arrays = {"threat": float}
    decides_when_off = True  # off, it still reads threat, without noise

    def decide(self, model, year):
        return perceive(model)

    def apply(self, model, year):
        model.threat = year.get(self.name).threat


@dataclass
class View:
    """What the states perceive at the start of a year."""

    threat: np.ndarray


def perceive(model: "DiplomacyModel") -> View:
    """Each state's threat this year, as its doctrine reads its neighbours' arms (with the noise of
    perception only when the perception mechanism is on)."""
    params = model.params
    noise = params.noise if params.perception else 0.0
    threat = np.zeros(model.n)
    spread = np.zeros(model.n)  # standard deviation of the summed reading errors, per unit of noise
    members = model.community
    for doctrine, rows in model.doctrine_rows():
        if doctrine.trusts_community and np.count_nonzero(members) == model.n:
            continue  # one security community holds every state: no neighbour counts as a threat
        benign = np.ascontiguousarray(doctrine.benign(model, rows), dtype=float)  # as the kernel reads it
        perception_kernel.sum_threats(model.row_indices(rows), model.reach, benign,
                                      params.distinguishability, model.military, members,
                                      doctrine.trusts_community, threat, spread)
    draws = model.rng.standard_normal(model.n) if noise else None
    return View(perception_kernel.mean_threats(threat, spread, draws, noise,
                                               model.degree_at_least_one))


def observe(model: "DiplomacyModel", moves: np.ndarray) -> np.ndarray:
    """What each state saw its neighbours do this year: ``seen[i, j]`` is j's move toward i,
    misread with probability ``noise`` when perception is on."""
    params = model.params
    dyads = model.directed_dyads
    misread = _NO_MISREADS
    if params.perception and params.noise:
        misread = bernoulli_positions(model.rng, dyads.size, params.noise)
    return perception_kernel.seen_moves(moves, dyads, misread)


_NO_MISREADS = np.empty(0, dtype=np.int64)
