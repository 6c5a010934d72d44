"""Economy (switch: ``economy``).

    W' = W · (1 + growth − arms_drag · x'/W) + trade

Each state's growth rate is drawn once from N(growth_rate, growth_spread), so power shifts as some
grow faster than others (Gilpin 1981; Organski 1958). Arms spending x' (this year's, from the arms
mechanism) drags on growth (guns vs butter; Kennedy 1987), and trade gains come from the stage game.
War losses and transfers are applied at settlement whether or not the economy runs.
"""

from __future__ import annotations

from . import economy_kernel
from .base import Mechanism


class Economy(Mechanism):
    """Growth, trade gains and the cost of arms."""

    name = "economy"
    doc = "growth, trade gains and the cost of arms (off: wealth changes only by war)"
    source = "Gilpin 1981; Kennedy 1987; Keohane & Nye 1977"

    def decide(self, model, year):
        played = year.get("game")
        trade = None if played is None else played.trade
        year.wealth, year.growth_gain, year.arms_cost = economy_kernel.grow(
            model.wealth, model.growth, year.military, model.params.arms_drag, trade)
        year.trade = trade
        return year.wealth
