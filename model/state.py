"""A state: one Mesa agent per state, a window onto its row of the model's arrays.

The numbers live in NumPy arrays owned by the model (so each doctrine can decide for all of its
states at once); the agent gives each state an identity that Mesa's AgentSet and DataCollector can
read (``model.agents.get("wealth")``, ``model.agents.select(lambda s: s.doctrine == "win_win")``), and
is removed from the model when its state is conquered.
"""

from __future__ import annotations

import mesa
import numpy as np


def _column(array_name: str, doc: str):
    def read(self) -> float:
        return float(getattr(self.model, array_name)[self.slot])

    return property(read, doc=doc)


class State(mesa.Agent):
    """A sovereign state. Read-only attributes mirror the model's arrays for its slot."""

    def __init__(self, model, slot: int, name: str):
        super().__init__(model)
        self.slot = slot
        self.name = name

    wealth = _column("wealth", "economic wealth (welfare)")
    military = _column("military", "yearly arms spending")
    power = _column("power", "arms + latent_power × wealth")
    threat = _column("threat", "perceived threat this year (mean over neighbours)")
    dissatisfaction = _column("dissatisfaction", "motive: 0 a security seeker, above 0 greedy (0..1)")

    @property
    def doctrine(self) -> str:
        """Name of the doctrine this state follows now."""
        return self.model.doctrine_list[self.model.code[self.slot]].name

    @property
    def motive(self) -> str:
        """``security seeker`` (dissatisfaction 0: wants only to keep what it has) or ``greedy``."""
        return "greedy" if self.model.dissatisfaction[self.slot] > 0 else "security seeker"

    @property
    def trust_out(self) -> float:
        """Mean trust this state has in its neighbours."""
        neighbours = self.model.adjacency[self.slot]
        return float(self.model.trust[self.slot, neighbours].mean()) if neighbours.any() else float("nan")

    @property
    def alive(self) -> bool:
        """True while the state exists (a conquered state's agent is removed)."""
        return bool(self.model.alive[self.slot])

    @property
    def alliance(self) -> str:
        """The alliance bloc it belongs to, named after its first member ("" if it has no ally)."""
        from .mechanisms.alliances import bloc_name

        return bloc_name(self.model, self.slot)

    @property
    def community(self) -> bool:
        """Whether the state belongs to a security community."""
        return bool(self.model.community[self.slot])

    @property
    def neighbours(self) -> list["State"]:
        """The living states this one borders."""
        return [self.model.states[j] for j in np.flatnonzero(self.model.adjacency[self.slot])]
