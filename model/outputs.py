"""The outputs table: every yearly output declared once (name, meaning, unit, count or level, range).

The model's core outputs are declared here; each mechanism declares the outputs it reports
(``Mechanism.outputs``), and each doctrine adds ``welfare_<doctrine>`` and ``<doctrine>_share``.
:func:`world_outputs` puts them together in one table, which the CLI (``detente outputs``), the
dashboard and the docs read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """One yearly output.

    ``kind`` is ``count`` (events of the year: summed over a run, e.g. wars) or ``level`` (the state
    of the world at the end of the year: read at the end of a run, e.g. welfare). ``low``/``high``
    bound its natural range (None: unbounded).
    """

    name: str
    meaning: str
    unit: str
    kind: str
    low: float | None = 0.0
    high: float | None = None

    @property
    def axis_label(self) -> str:
        """The unit as a chart's axis says it: a count is per year."""
        return self.unit + (" per year" if self.kind == "count" else "")

    def range_text(self) -> str:
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        return f"{low}..{high}"


#: Outputs of the model itself (from its arrays, whatever mechanisms run).
CORE_OUTPUTS = (
    Output("welfare", "total wealth of the living states", "wealth units (a state starts near 1)",
           "level"),
    Output("military_burden", "arms spending as a share of wealth, over all living states",
           "share of wealth", "level", 0.0, 1.0),
    Output("power_concentration", "Herfindahl index of power shares (1/N: all equal; 1: one "
           "hegemon)", "index", "level", 0.0, 1.0),
    Output("top_share", "the strongest state's share of all power", "share", "level", 0.0, 1.0),
    Output("states_alive", "states not yet conquered", "states", "level"),
    Output("gini", "Gini coefficient of wealth among the living states", "index", "level", 0.0, 1.0),
    Output("security", "1 − mean exposure to threat (threat / (threat + own power))", "index",
           "level", 0.0, 1.0),
)


def doctrine_outputs(doctrine_names) -> tuple[Output, ...]:
    """``welfare_<doctrine>`` and ``<doctrine>_share`` for each doctrine."""
    return (*(Output(f"welfare_{d}", f"total wealth of the living {d} states", "wealth units",
                     "level") for d in doctrine_names),
            *(Output(f"{d}_share", f"share of the living states that follow {d}", "share", "level",
                     0.0, 1.0) for d in doctrine_names))


def world_outputs(doctrine_names=None) -> tuple[Output, ...]:
    """Every yearly world output, in the order of the world table's columns."""
    from .doctrines import DOCTRINES
    from .mechanisms import MECHANISMS

    names = tuple(DOCTRINES) if doctrine_names is None else tuple(doctrine_names)
    per_doctrine = doctrine_outputs(names)
    welfare, shares = per_doctrine[:len(names)], per_doctrine[len(names):]
    return (CORE_OUTPUTS[0], *welfare, *CORE_OUTPUTS[1:], *shares,
            *(output for mechanism in MECHANISMS.values() for output in mechanism.outputs))


def output_names(doctrine_names=None) -> list[str]:
    """Names of the yearly world outputs, in a stable order."""
    return [output.name for output in world_outputs(doctrine_names)]


def totals(doctrine_names=None) -> set[str]:
    """The outputs that are counts of the year's events (summed over a run)."""
    return {output.name for output in world_outputs(doctrine_names) if output.kind == "count"}


#: The outputs the CLI's tables and the dashboard's outcomes show, and those they plot over time.
MAIN_OUTPUTS = ("welfare", "military_burden", "wars", "demand_wars", "preemptive_wars",
                "preventive_wars", "coercions", "peace_share", "cooperation_rate", "mean_trust",
                "power_concentration", "states_alive", "security")
PLOTTED_OUTPUTS = ("welfare", "military_burden", "wars", "peace_share", "cooperation_rate",
                   "mean_trust", "power_concentration")


def describe(name: str) -> Output | None:
    """The declaration of a world output (None for an unknown name)."""
    return next((output for output in world_outputs() if output.name == name), None)


#: Per-state outputs (Mesa agent reporters: State attributes), with their meaning.
STATE_OUTPUTS = {
    "wealth": "economic wealth",
    "military": "yearly arms spending",
    "power": "arms + latent_power × wealth",
    "doctrine": "the doctrine it follows this year",
    "motive": "security seeker (dissatisfaction 0) or greedy (dissatisfaction > 0)",
    "threat": "perceived threat this year (mean over neighbours)",
    "trust_out": "mean trust it has in its neighbours",
    "alive": "whether it still exists",
    "community": "whether it belongs to a security community",
    "alliance": "the alliance bloc it belongs to, named after its first member (empty if none)",
}
