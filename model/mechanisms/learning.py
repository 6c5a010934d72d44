"""Learning (switch: ``learning``; rate: ``learning_rate``).

Each year, each state with probability ``learning_rate`` looks at one neighbour chosen at random and
adopts its doctrine if that neighbour's wealth grew faster over the past year (imitate-if-better,
the standard update of evolutionary game theory on networks: Nowak & May 1992; Axelrod 1984 ch. 8).
The comparison uses the start-of-year world; adoption takes effect at the end of the year. Either
doctrine spreads where it pays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .base import Mechanism

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel


class Learning(Mechanism):
    """Imitation of a more successful neighbour's doctrine."""

    name = "learning"
    doc = "states imitate a more successful neighbour's doctrine, at learning_rate"
    source = "Nowak & May 1992; Axelrod 1984"

    def decide(self, model, year):
        return choose(model) if model.params.learning_rate > 0 else None

    def apply(self, model, year):
        switching = year.get(self.name)
        if switching is not None:
            who, adopted = switching
            model.code[who] = adopted


def choose(model: "DiplomacyModel") -> tuple[np.ndarray, np.ndarray]:
    """(states that switch, the doctrine code each adopts)."""
    rate = model.params.learning_rate
    looking = np.flatnonzero(model.alive & (model.degree > 0) & (model.rng.random(model.n) < rate))
    if looking.size == 0:
        return looking, looking
    neighbour = np.argmax(model.adjacency[looking] * model.rng.random((looking.size, model.n)), axis=1)
    better = (model.growth_since_last_year("wealth", neighbour)
              > model.growth_since_last_year("wealth", looking)) & (model.code[neighbour] != model.code[looking])
    return looking[better], model.code[neighbour[better]]
