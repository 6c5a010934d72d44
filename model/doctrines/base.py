"""The interface every doctrine implements.

A doctrine is how a state reads others and counts gains; it is not its motive (what it wants:
``dissatisfaction``), which is set per state (Glaser 2010; Kydd 2005). Crises are bargained over by
the war mechanism, the same for every doctrine: a doctrine shapes war only through what it sees
(threat, trust), whether it resists, and, when wars escalate, the force it fields against its
enemy's (``overmatch``).

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


def overmatch_knob(overmatch: float, doc: str, source: str) -> Knob:
    """The force a doctrine's states field at war against their enemy's (when wars escalate)."""
    return Knob("overmatch", overmatch, "float", "force a state at war fields, as a multiple of the "
                "force its strongest enemy fielded the year before, when wars escalate (escalation): "
                + doc, source, low=0.0, high=10.0)


def belief_knobs(prior: float, empathy: float, source: str) -> tuple[Knob, ...]:
    """How a doctrine's states start to believe others are security seekers, and whether they see
    their own arms as a threat to others."""
    return (
        Knob("prior_trust", prior, "float", "prior belief that a neighbour is a security seeker "
             "(the start of trust, and what trust returns to without evidence)", source,
             low=0.01, high=0.99),
        Knob("empathy", empathy, "float", "how far a state counts its own arms in the threat a "
             "neighbour faces when it judges that neighbour's arming (0: it believes its arms "
             "threaten no one)", "Jervis 1976 ch. 3; Booth & Wheeler 2008", low=0.0, high=1.0),
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

    def resists(self) -> bool:
        """Whether a state of this doctrine uses force at all: fights when attacked, and may demand
        or strike in a crisis (otherwise it pays tribute when pressed)."""
        raise NotImplementedError

    def overmatch(self) -> float:
        """The force these states field at war, as a multiple of the force their enemy fielded the
        year before (knob ``escalation`` of the war mechanism: ``fronts.answer``); 1, matching it,
        for a doctrine without the knob ``overmatch``."""
        return getattr(self.k, "overmatch", 1.0)

    def arms_ceiling(self, threat: np.ndarray) -> np.ndarray | float:
        """Most arms these states want, given their threat (defensive sufficiency); inf if none."""
        return np.inf

    def arms_floor(self) -> float:
        """Least arms these states keep, as a share of their wealth (a minimum defensive force)."""
        return 0.0

    #: Whether community members are left out of the threat this doctrine arms against.
    trusts_community: ClassVar[bool] = False

    #: How its states align when the alliance mechanism is on: "balance" (seek allies against the
    #: most threatening neighbour, or bandwagon with it), "collective" (collective security with
    #: every neighbour that practises it) or "alone".
    alignment: ClassVar[str] = "alone"
