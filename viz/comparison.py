"""What a comparison is (two to four scenario worlds, each with some knobs changed, a number of seeds
and years), written to and read from the page's URL query so a link reproduces it, and run.

Query format: ``?scenario=security-dilemma&scenario=common-security;noise=0.05&seeds=10&years=200``;
each ``scenario`` value is a scenario id (a variant as ``ID/NAME``) followed by ``;knob=value``
overrides, values read as in the command line's ``--set``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlencode

import pandas as pd

from .. import limits, runs
from ..model.knobs import ParameterError, SettingError, parse_setting, shown
from ..scenarios import Scenario, ScenarioError, available, load, short_labels

#: Knobs the compare page lets a user change per scenario (dissatisfaction: the motive of every
#: state that does not set its own).
KEY_KNOBS = ("doctrine", "dissatisfaction", "n_states", "noise", "offense_dominance",
             "distinguishability", "cost_of_war", "learning_rate")
MAX_SCENARIOS = 4
#: The command line's limits (limits.LIMITS); what a comparison would take is checked against the
#: machine before it runs (Comparison.estimate)
LIMITS = {key: (limits.LIMITS[key].low, limits.LIMITS[key].high) for key in ("seeds", "years")}


@cache
def worlds() -> tuple[str, ...]:
    """Every world one can pick: each shipped scenario in teaching order, a scenario with variants
    standing for each of its variants."""
    return tuple(world.id for name in available() for world in load(name).expand())


def scenario_names() -> list[str]:
    """The scenarios one can pick, in teaching order (each world's id before any '/')."""
    return list(dict.fromkeys(world.split("/")[0] for world in worlds()))


def variants(scenario: str) -> list[str]:
    """The variants of a scenario one can pick (empty if it has none)."""
    return [world.split("/", 1)[1] for world in worlds() if world.startswith(f"{scenario}/")]


@dataclass(frozen=True)
class Entry:
    """One scenario world of a comparison and the knobs changed from its file."""

    scenario: str
    knobs: tuple[tuple[str, Any], ...] = ()

    def world(self) -> Scenario:
        return load(self.scenario).with_knobs(dict(self.knobs))

    def label(self) -> str:
        changes = ", ".join(f"{k}={v}" for k, v in self.knobs)
        return f"{self.scenario} [{changes}]" if changes else self.scenario

    def encode(self) -> str:
        return ";".join([self.scenario, *(f"{k}={_toml(v)}" for k, v in self.knobs)])

    @classmethod
    def decode(cls, text: str) -> "Entry":
        """An entry from its URL form; ScenarioError unless it names a world one can pick (a URL
        must not make the server read other files) with ``knob=value`` settings."""
        name, *settings = text.split(";")
        if name not in worlds():
            raise ScenarioError(f"URL: parameter 'scenario': unknown scenario {shown(name)}; "
                                f"allowed: {', '.join(worlds())}")
        knobs = []
        for setting in filter(None, settings):
            try:
                knobs.append(parse_setting(setting))
            except SettingError:
                raise ScenarioError(f"URL: parameter 'scenario' = {shown(text)}: {shown(setting)} is not "
                                    "knob=value (e.g. scenario=security-dilemma;noise=0.05)") from None
            except ParameterError as err:
                raise ScenarioError(f"URL: parameter 'scenario': {err}") from None
        return cls(name, tuple(knobs))


@dataclass(frozen=True)
class Comparison:
    """Scenario worlds to run side by side on the same seeds 0..seeds-1 for some years."""

    entries: tuple[Entry, ...]
    seeds: int = 10
    years: int = 200
    labels: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        if not 1 <= len(self.entries) <= MAX_SCENARIOS:
            raise ScenarioError(f"a comparison takes 1 to {MAX_SCENARIOS} scenarios, got {len(self.entries)}")
        for key, (low, high) in LIMITS.items():
            if not low <= getattr(self, key) <= high:
                raise ScenarioError(f"{key} = {getattr(self, key)} is out of range {low}..{high}")
        labels = [entry.label() for entry in self.entries]
        # the same world twice with the same knobs still needs two names
        object.__setattr__(self, "labels", tuple(
            f"{label} #{labels[:n].count(label) + 1}" if labels.count(label) > 1 else label
            for n, label in enumerate(labels)))

    @property
    def short_labels(self) -> tuple[str, ...]:
        """The labels as the command line shows them: variants of one scenario by variant name
        (with their knob changes), so that four worlds fit a page or a projector."""
        short = short_labels([entry.scenario for entry in self.entries])
        return tuple(label.replace(entry.scenario, short[entry.scenario], 1)
                     for entry, label in zip(self.entries, self.labels))

    def estimate(self) -> limits.Estimate:
        """What running it would take on this machine's cores (time, peak memory)."""
        states = max(limits.states_of(entry.world()) for entry in self.entries)
        total = len(self.entries) * self.seeds
        return limits.estimate(states, self.years, total, min(runs.available_cores(), total))

    def query(self) -> str:
        pairs = [("scenario", entry.encode()) for entry in self.entries]
        return urlencode(pairs + [("seeds", self.seeds), ("years", self.years)], safe=";/=[],")

    @classmethod
    def from_query(cls, query: str) -> "Comparison":
        """The comparison a URL query describes; ScenarioError naming what is wrong otherwise."""
        values = parse_qs(query.lstrip("?"), keep_blank_values=True)
        unknown = sorted(set(values) - {"scenario", "seeds", "years"})
        if unknown:
            raise ScenarioError(f"URL: unknown parameter {shown(unknown[0])}; allowed: scenario, seeds, years")
        try:
            numbers = {key: int(values[key][-1]) for key in LIMITS if key in values}
        except ValueError:
            raise ScenarioError("URL: seeds and years must be whole numbers") from None
        return cls(tuple(Entry.decode(text) for text in values.get("scenario", [])), **numbers)

    @classmethod
    def suggested(cls, scenario_id: str) -> "Comparison":
        """A scenario with the comparison its lesson suggests (``compare_with``), its own seeds and
        years; a scenario with variants brings all of them."""
        scenario = load(scenario_id)
        ids = [w.id for name in [scenario_id, *scenario.compare_with] for w in load(name).expand()]
        ids = list(dict.fromkeys(ids))[:MAX_SCENARIOS]
        return cls(tuple(Entry(i) for i in ids), seeds=min(scenario.seeds, LIMITS["seeds"][1]),
                   years=min(scenario.years, LIMITS["years"][1]))

    def run(self, progress: Callable[[float], None] = lambda done: None,
            cancel: threading.Event | None = None) -> pd.DataFrame:
        """The world table of every scenario on seeds 0..seeds-1 (common random numbers, seeds in
        parallel where that pays), its ``scenario`` column holding each entry's label;
        ``progress`` gets the share of runs done after each run; setting ``cancel`` stops it
        (runs.Cancelled)."""
        return runs.compare([entry.world() for entry in self.entries], range(self.seeds), self.years,
                            labels=self.labels, progress=progress, cancel=cancel)


def _toml(value: Any) -> str:
    """A knob value as the command line's --set reads it back."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return repr(value) if isinstance(value, list) else str(value)
