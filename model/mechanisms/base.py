"""The interface every mechanism implements, and the year it works in.

A year runs in two phases (simultaneous activation, DESIGN.md): every switched-on mechanism
*decides* on the world as it stood at the start of the year, in registry order, each able to read
what the mechanisms before it decided; then the model settles wealth and arms, and every mechanism
*applies* its decision to the arrays it owns. A mechanism also declares the knobs it adds, the
per-state and per-dyad arrays it owns (so that conquest and compaction handle them without being
told) and the outputs it reports. A new mechanism is one module with a subclass of
:class:`Mechanism` and one line in ``model/mechanisms/__init__.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..knobs import knob_table

if TYPE_CHECKING:  # pragma: no cover
    from ..diplomacy import DiplomacyModel
    from ..outputs import Output


class Year:
    """What the mechanisms decided this year, by mechanism name, and the world's next wealth and
    arms before settlement (which the arms, economy and war mechanisms write)."""

    def __init__(self, model: "DiplomacyModel"):
        self.decided: dict[str, Any] = {}
        self.wealth = model.wealth  # next year's wealth before war; replaced, never written in place
        self.military = model.military
        self.wealth_change: np.ndarray | None = None  # transfers and losses of war, per state
        self.arms_lost: np.ndarray | None = None
        self.conquests: list[tuple[int, int]] = []  # (conqueror, conquered) slots, applied last
        # commitments (alliances, collective security): partners[i, j], i counts on j this year,
        # which j honours with probability ``reliability``; ``backing``, the power i counts on
        # (reliability · Σ_j partners_ij · power_j). The war mechanism reads them (None: nobody's).
        self.partners: np.ndarray | None = None
        self.reliability = 0.0
        self.weighs: np.ndarray | None = None  # per state: comes to a partner only if it pays
        self.backing: np.ndarray | None = None

    def get(self, name: str) -> Any:
        """What the mechanism ``name`` decided this year (None if it is switched off)."""
        return self.decided.get(name)


#: A per-dyad array's value on a border a conquest creates: a constant, or a function of the model
#: and the observing states (rows) giving one value per observer.
BorderFill = float | bool | Callable[["DiplomacyModel", np.ndarray], np.ndarray]


class Mechanism:
    """One mechanism of the year, switched by the boolean knob of its name."""

    #: Registry name: the switch knob's name and the key of its decision in :class:`Year`.
    name: ClassVar[str]
    #: What the switch turns on (the ``detente knobs`` listing).
    doc: ClassVar[str]
    #: Where the mechanism comes from.
    source: ClassVar[str] = ""
    #: The world knobs this mechanism adds.
    knobs: ClassVar[MappingProxyType] = knob_table()
    #: Per-state arrays it owns, by name, with their dtype (created by :meth:`setup`).
    state_arrays: ClassVar[dict[str, Any]] = {}
    #: Per-dyad arrays it owns, by name, with the value each starts with and takes on a border that
    #: conquest creates (a function of the model and the observers, for a value that depends on
    #: them; such an array is created by :meth:`setup`).
    dyad_arrays: ClassVar[dict[str, BorderFill]] = {}
    #: The yearly outputs it reports (see ``model.outputs``).
    outputs: ClassVar[tuple["Output", ...]] = ()
    #: Whether it still decides when switched off (perception: off means without noise).
    decides_when_off: ClassVar[bool] = False
    #: Whether its switch is on by default (a mechanism that changes every world once on, such as
    #: alliances, starts off so that worlds written before it keep their numbers).
    on_by_default: ClassVar[bool] = True

    def setup(self, model: "DiplomacyModel") -> None:
        """Create the arrays this mechanism owns (called once, whether or not it is switched on)."""

    def decide(self, model: "DiplomacyModel", year: Year) -> Any:
        """What the mechanism decides this year, from the start-of-year world."""
        return None

    def apply(self, model: "DiplomacyModel", year: Year) -> None:
        """Write this year's decision into the arrays the mechanism owns (after settlement)."""

    def report(self, model: "DiplomacyModel", year: Year | None) -> dict[str, Any]:
        """This year's outputs (``year`` is None at year 0; the decision is None when switched off)."""
        return {}
