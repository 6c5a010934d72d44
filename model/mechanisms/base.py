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
        # the terms of the year's wealth change, per state, for the accounts (None: zero); the
        # economy writes the first three, the war mechanism the rest (its wealth_change summed)
        self.growth_gain: np.ndarray | None = None
        self.trade: np.ndarray | None = None
        self.arms_cost: np.ndarray | None = None
        self.tribute: np.ndarray | None = None
        self.war_losses: np.ndarray | None = None
        self.spoils: np.ndarray | None = None
        self.payments: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # (payer, payee, amount)
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


class Accounts:
    """The wealth accounts of the year just simulated (``DiplomacyModel.accounts``), one entry per
    state alive at the start of the year, in ``names`` order:

        wealth at the end = wealth at the start + growth + trade − arms − war_losses + spoils
                            + tribute + defaulted + floor + conquest

    up to float rounding. ``growth`` is W·growth, ``arms`` the growth lost to arms spending
    (arms_drag·x'), ``war_losses`` the wealth a state's wars destroyed (cost_of_war of its wealth per
    war, as a side or an ally), ``spoils`` and ``tribute`` net (taken less paid) as they were set,
    ``defaulted`` what of them a state could not pay (kernels.settle: positive for the payer,
    negative for its payee), ``floor`` what the floor at 0 forgave a state whose costs took more
    than it had (its arms, war losses or shrinking economy; never its payments), ``conquest`` the
    wealth of the states it absorbed (an absorbed state's own wealth, negative: it ends at 0 and
    leaves). ``conquests`` are the (conqueror, conquered) names. Kept so that the accounting can be
    checked (tests/test_properties.py) without redoing the model's arithmetic."""

    TERMS = ("growth", "trade", "arms", "war_losses", "spoils", "tribute", "defaulted", "floor", "conquest")

    def __init__(self, states: list, year: Year, defaulted: np.ndarray, floor: np.ndarray,
                 conquest: np.ndarray, conquests: list[tuple[str, str]]):
        self._states = states  # the agents as the year began (compaction builds a new list)
        zero = np.zeros(len(states))
        self.growth = zero if year.growth_gain is None else year.growth_gain
        self.trade = zero if year.trade is None else year.trade
        self.arms = zero if year.arms_cost is None else year.arms_cost
        self.war_losses = zero if year.war_losses is None else year.war_losses
        self.spoils = zero if year.spoils is None else year.spoils
        self.tribute = zero if year.tribute is None else year.tribute
        self.defaulted = defaulted
        self.floor = floor
        self.conquest = conquest
        self.conquests = conquests

    @property
    def names(self) -> list[str]:
        return [state.name for state in self._states]

    def change(self) -> np.ndarray:
        """Each state's wealth change over the year, as the sum of its terms."""
        return (self.growth + self.trade - self.arms - self.war_losses + self.spoils + self.tribute
                + self.defaulted + self.floor + self.conquest)


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
