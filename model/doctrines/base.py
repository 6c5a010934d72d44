"""The interface every doctrine implements.

A doctrine decides for *all* of its states at once: each method receives the model and ``rows``
(the states that hold this doctrine: an index array, or ``slice(None)`` when every living state
holds it) and returns arrays over those rows. Doctrines are stateless apart from their knobs; the
state of the world lives in the model's arrays. A new doctrine is one new file with a subclass of
:class:`Doctrine` and one line in ``model/doctrines/__init__.py``.
"""

from __future__ import annotations

from types import MappingProxyType, SimpleNamespace
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ..knobs import Knob

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel
    from ..mechanisms.perception import View



def richardson_knobs(reaction: float, fatigue: float, grievance: float) -> tuple[Knob, ...]:
    """The three Richardson (1960) coefficients every doctrine has, with this doctrine's defaults."""
    return (
        Knob("arms_reaction", reaction, "float", "k: arms added per unit of perceived threat",
             "Richardson 1960", low=0.0, high=10.0),
        Knob("arms_fatigue", fatigue, "float", "a: share of its own arms a state lets go each year",
             "Richardson 1960", low=0.0, high=1.0),
        Knob("arms_grievance", grievance, "float", "g: arms added each year whatever the threat, "
             "as a share of own wealth (scaled up by dissatisfaction)", "Richardson 1960",
             low=0.0, high=1.0),
    )


class Doctrine:
    """A way of seeing and acting in international politics, applied to a group of states."""

    #: Registry name, used in scenarios, knobs (``<name>.<knob>``) and outputs (``welfare_<name>``).
    name: ClassVar[str]
    #: Properties of the doctrine, in the style of axelrod's strategy classifiers.
    classifier: ClassVar[dict[str, str]]
    #: This doctrine's own knobs.
    knobs: ClassVar[MappingProxyType]

    def __init__(self, knobs: SimpleNamespace):
        self.k = knobs

    def benign(self, model: "DiplomacyModel", rows) -> np.ndarray:
        """How far each of these states reads a neighbour's arms as not aimed at it (0..1): a row
        per state of ``rows`` and a column per state, or one row that holds for all of them.

        The perception mechanism discounts threat by this, times distinguishability.
        """
        raise NotImplementedError

    def cooperate(self, model: "DiplomacyModel", rows) -> np.ndarray:
        """This year's stage-game move of each of these states toward each state (True = cooperate)."""
        raise NotImplementedError

    def initiates(self, model: "DiplomacyModel", view: "View", attackers: np.ndarray,
                  targets: np.ndarray) -> np.ndarray:
        """In a crisis, whether each attacker (of this doctrine) uses force against its target."""
        raise NotImplementedError

    def resists(self) -> bool:
        """Whether a state of this doctrine fights back when attacked (otherwise it pays tribute)."""
        raise NotImplementedError

    def arms_ceiling(self, threat: np.ndarray) -> np.ndarray | float:
        """Most arms these states want, given their threat (defensive sufficiency); inf if none."""
        return np.inf

    #: Whether community members are left out of the threat this doctrine arms against.
    trusts_community: ClassVar[bool] = False
