"""Sweep specs: which world to sweep, which knobs over which values, how to sample them, how many
seeds and years, what to record, and (optionally) the claim to test at every point.

A spec is a TOML file (schema: docs/sweep-schema.md), read and checked by :func:`load_spec` with
the same kind of errors as scenario files: the file, the line of the key, what is allowed.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..limits import LIMITS
from ..model.knobs import Knob, ParameterError, resolve, shown
from ..model.outputs import output_names
from ..scenarios import Scenario, ScenarioError, _flatten_knobs, _knob, load as load_scenario
from ..scenarios import tomlfile
from ..scenarios.lines import dotted, key_line

#: Samplers: full factorial over listed values, Latin hypercube (scipy.stats.qmc), Saltelli's
#: sampling for Sobol indices and Morris trajectories (SALib).
SAMPLERS = ("grid", "lhs", "sobol", "morris")
DISTRIBUTIONS = ("uniform", "log-uniform")
#: Limits checked up front (a sweep beyond them is almost surely a typo).
MAX_POINTS = LIMITS["points"].high
MAX_SEEDS = LIMITS["seeds"].high  # (the same limits as everywhere: limits.py)
MAX_YEARS = LIMITS["years"].high


class SpecError(ScenarioError):
    """A sweep spec is missing, malformed or invalid (file, line, key, what is allowed)."""


@dataclass(frozen=True)
class Factor:
    """One swept knob: a list of values (grid) or a range with a distribution."""

    name: str
    kind: str  # the knob's kind: "float" or "int" (ints are sampled as floats, then rounded)
    values: tuple[float, ...] = ()
    low: float | None = None
    high: float | None = None
    distribution: str = "uniform"

    @property
    def bounds(self) -> tuple[float, float]:
        """The sampled interval (for listed values: their smallest and largest)."""
        if self.values:
            return min(self.values), max(self.values)
        return self.low, self.high


@dataclass(frozen=True)
class Sampler:
    method: str = "lhs"
    samples: int = 64  # lhs: points; sobol: base N (N·(k+2) points); morris: trajectories r
    levels: int = 4  # morris grid levels
    second_order: bool = False  # sobol: also second-order indices (N·(2k+2) points)


@dataclass(frozen=True)
class Outcomes:
    """What each run records: final-year outputs, means over the last ``last_years`` years, totals
    over the run, and the number of years without a war onset."""

    final: tuple[str, ...] = ("welfare", "states_alive", "military_burden", "mean_trust")
    mean_last: tuple[str, ...] = ()
    last_years: int = 20
    total: tuple[str, ...] = ("war_onsets",)
    years_at_peace: bool = True

    def columns(self) -> list[str]:
        """The outcome columns of the store, in order."""
        return ([f"{name}_final" for name in self.final]
                + [f"{name}_mean_last{self.last_years}" for name in self.mean_last]
                + [f"{name}_total" for name in self.total]
                + (["years_at_peace"] if self.years_at_peace else []))


@dataclass(frozen=True)
class Claim:
    """Two or more worlds run at every point on common random numbers (same seeds), and the
    criteria on which the first is compared with the second: outcome column → "higher" or "lower"
    (which is better)."""

    worlds: dict[str, dict[str, Any]]  # name → knob overrides, in order
    criteria: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)  # criterion → plain words ("ends richer")


@dataclass(frozen=True)
class SweepSpec:
    id: str
    title: str
    scenario: Scenario
    factors: tuple[Factor, ...]
    sampler: Sampler
    seeds: int
    years: int
    seed: int  # root entropy of the SeedSequence the replications are spawned from
    outcomes: Outcomes
    claim: Claim | None = None
    path: Path | None = None
    text: str = ""  # the file's text, kept in the store so that a resume can check it

    @property
    def names(self) -> list[str]:
        return [factor.name for factor in self.factors]

    def problem(self) -> dict:
        """The SALib problem: names and bounds of the swept knobs."""
        return {"num_vars": len(self.factors), "names": self.names,
                "bounds": [list(factor.bounds) for factor in self.factors]}

    @property
    def worlds(self) -> list[str]:
        """The worlds run at each point: the claim's, or the scenario alone ("")."""
        return list(self.claim.worlds) if self.claim else [""]

    def digest(self) -> str:
        """What identifies the sweep's runs (a resume must have the same)."""
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]


_TOP = ("schema", "id", "title", "scenario", "years", "seeds", "seed", "knobs", "sweep", "sampler",
        "outcomes", "claim")
_REQUIRED = ("id", "scenario", "years", "seeds", "sweep")
_FACTOR_KEYS = ("values", "range", "distribution")
_SAMPLER_KEYS = ("method", "samples", "levels", "second_order")
_OUTCOME_KEYS = ("final", "mean_last", "last_years", "total", "years_at_peace")
_CLAIM_KEYS = ("worlds", "variants", "criteria", "labels")
_DIRECTIONS = ("higher", "lower")


class _Source:
    """A spec file's path, text and data: errors point at the line of their key."""

    def __init__(self, path: Path):
        self.path = path
        self.text, self.data = tomlfile.read(path, SpecError)

    def error(self, key: tuple, message: str) -> SpecError:
        line = self.line(key) if key else None
        return SpecError(f"{self.path}{f', line {line}' if line else ''}: {message}")

    def line(self, key: tuple) -> int | None:
        """The line of a key; for a table written only as subtables ([claim.worlds.a] and no
        [claim]), the line of its first subtable or key."""
        line, value = key_line(self.text, key), self.get(key)
        while line is None and isinstance(value, dict) and value:
            key = (*key, next(iter(value)))
            line, value = key_line(self.text, key), value[key[-1]]
        return line

    def bad(self, key: tuple, value: Any, allowed: str) -> SpecError:
        return self.error(key, f"key {dotted(key)!r} = {shown(value)} is not allowed: expected {allowed}")

    def unknown(self, key: tuple, allowed) -> SpecError:
        return self.error(key, f"unknown key {dotted(key)!r} (allowed: {', '.join(allowed)})")

    def table(self, key: tuple, allowed) -> dict:
        value = self.get(key, {})
        if not isinstance(value, dict):
            raise self.bad(key, value, "a table")
        for name in value:
            if name not in allowed:
                raise self.unknown((*key, name), allowed)
        return value

    def get(self, key: tuple, default: Any = None) -> Any:
        value = self.data
        for part in key:
            if not isinstance(value, dict) or part not in value:
                return default
            value = value[part]
        return value

    def whole(self, key: tuple, default: int, low: int, high: int) -> int:
        value = self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.bad(key, value, f"a whole number from {low:,} to {high:,}")
        return value

    def names(self, key: tuple, default: tuple, allowed: list[str]) -> tuple[str, ...]:
        value = self.get(key, default)
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise self.bad(key, value, "a list of output names")
        if len(set(value)) != len(value):
            raise self.bad(key, value, "a list of output names, each once")
        for name in value:
            if name not in allowed:
                raise self.error(key, f"key {dotted(key)!r}: unknown output {name!r} (outputs: "
                                      f"{', '.join(allowed)}; `detente outputs` explains them)")
        return tuple(value)


def load_spec(path: str | Path) -> SweepSpec:
    """Read and check a sweep spec file; SpecError (file, line, key, what is allowed) if it is wrong.
    Nothing is run: the swept knobs are checked against their tables, not by building models."""
    path = Path(path)
    if path.suffix != ".toml":
        raise SpecError(f"{path}: a sweep spec is a .toml file")
    if not path.is_file():
        raise SpecError(f"{path}: no such file")
    source = _Source(path)
    data = source.data
    for key in data:
        if key not in _TOP:
            raise source.unknown((key,), _TOP)
    for key in _REQUIRED:
        if key not in data:
            raise source.error((), f"missing required key '{key}' (a spec needs {', '.join(_REQUIRED)})")
    if data.get("schema", 1) != 1:
        raise source.bad(("schema",), data["schema"], "1")
    for key in ("id", "title", "scenario"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            raise source.bad((key,), data[key], "a non-empty string")
    scenario = _base_scenario(source)
    factors = _factors(source)
    sampler = _sampler(source, factors)
    years = source.whole(("years",), 100, 1, MAX_YEARS)
    outcomes = _outcomes(source, years)
    claim = _claim(source, scenario, outcomes, factors)
    spec = SweepSpec(
        id=data["id"], title=data.get("title", data["id"]), scenario=scenario, factors=factors,
        sampler=sampler, seeds=source.whole(("seeds",), 1, 1, MAX_SEEDS),
        years=years, seed=source.whole(("seed",), 0, 0, 2**63 - 1),
        outcomes=outcomes, claim=claim, path=path, text=source.text)
    return spec


def _base_scenario(source: _Source) -> Scenario:
    reference = source.data["scenario"]
    target = source.path.parent / reference if ".toml" in reference else reference
    try:
        scenario = load_scenario(target)
    except ScenarioError as err:
        raise source.error(("scenario",), f"key 'scenario' = {reference!r}: {err}") from None
    overrides = _overrides(source, ("knobs",), "table 'knobs': ")
    if overrides:
        try:
            scenario = scenario.with_knobs(overrides)
        except ScenarioError as err:
            raise source.error(("knobs",), f"table 'knobs': {err}") from None
    return scenario


def _overrides(source: _Source, key: tuple, label: str) -> dict[str, Any]:
    """A table of knob overrides ([knobs] or a claim's world), flattened as scenario files are
    (``zero_sum.relative_gains = 2`` and ``[knobs.zero_sum]`` give "zero_sum.relative_gains"), each
    knob checked against its table; an error points at the knob's own line."""
    table = source.get(key, {})
    if not isinstance(table, dict):
        raise source.bad(key, table, "a table of knobs")
    overrides = _flatten_knobs(table)
    for name, value in overrides.items():
        try:
            resolve({name: value})
        except ParameterError as err:
            raise source.error((*key, *name.split(".")), f"{label}{err}") from None
    return overrides


def _factor_tables(table: dict, prefix: tuple = ()):
    """(knob name, key path, table) of each swept knob; a dotted knob may arrive nested
    ([sweep.zero_sum.relative_gains] is {"zero_sum": {"relative_gains": {...}}})."""
    for name, value in table.items():
        if (isinstance(value, dict) and value and not set(value) & set(_FACTOR_KEYS)
                and _knob(".".join((*prefix, name))) is None):  # a knob's table with a typo is the knob's
            yield from _factor_tables(value, (*prefix, name))
        else:
            yield ".".join((*prefix, name)), ("sweep", *prefix, name), value


def _factors(source: _Source) -> tuple[Factor, ...]:
    table = source.get(("sweep",))
    if not isinstance(table, dict) or not table:
        raise source.bad(("sweep",), table, "a table of knobs to vary, e.g. [sweep.noise] range = [0, 0.2]")
    factors = []
    for name, key, value in _factor_tables(table):
        knob = _knob(name)
        if knob is None:
            raise source.error(key, f"unknown knob {name!r} in 'sweep' (`detente knobs` lists them)")
        if knob.kind not in ("float", "int"):
            raise source.error(key, f"knob {name!r} is {knob.allowed()}: only numeric knobs can be "
                                    "swept (set others under [knobs] or in the claim's worlds)")
        if not isinstance(value, dict):
            raise source.bad(key, value, "a table with values = [...] or range = [low, high]")
        for field_name in value:
            if field_name not in _FACTOR_KEYS:
                raise source.unknown((*key, field_name), _FACTOR_KEYS)
        factors.append(_factor(source, key, name, knob, value))
    return tuple(factors)


def _factor(source: _Source, key: tuple, name: str, knob: Knob, table: dict) -> Factor:
    if ("values" in table) == ("range" in table):
        raise source.error(key, f"knob {name!r} needs either values = [...] (a grid) or "
                                "range = [low, high] (sampled), not both or neither")
    field_name = "values" if "values" in table else "range"
    numbers = table[field_name]
    if (not isinstance(numbers, list) or not numbers
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers)):
        raise source.bad((*key, field_name), numbers, "a list of numbers")
    for number in numbers:
        try:
            knob.check(number, name)
        except ParameterError:
            raise source.bad((*key, field_name), numbers, f"values of {name}: {knob.allowed()}") from None
    distribution = table.get("distribution", "uniform")
    if distribution not in DISTRIBUTIONS:
        raise source.bad((*key, "distribution"), distribution, "one of " + ", ".join(DISTRIBUTIONS))
    if field_name == "values":
        if len(set(numbers)) != len(numbers):
            raise source.bad((*key, "values"), numbers, "different values (each once)")
        return Factor(name, knob.kind, values=tuple(numbers))
    if len(numbers) != 2 or not numbers[0] < numbers[1]:
        raise source.bad((*key, "range"), numbers, "two numbers [low, high] with low < high")
    if distribution == "log-uniform" and numbers[0] <= 0:
        raise source.bad((*key, "range"), numbers, "a range above 0 for a log-uniform distribution")
    return Factor(name, knob.kind, low=numbers[0], high=numbers[1], distribution=distribution)


def _sampler(source: _Source, factors: tuple[Factor, ...]) -> Sampler:
    table = source.table(("sampler",), _SAMPLER_KEYS)
    method = table.get("method", "grid" if all(f.values for f in factors) else "lhs")
    if method not in SAMPLERS:
        raise source.bad(("sampler", "method"), method, "one of " + ", ".join(SAMPLERS))
    if method == "grid":
        ranged = [f.name for f in factors if not f.values]
        if ranged:
            raise source.error(("sweep", *ranged[0].split(".")), f"the grid sampler needs values = "
                               f"[...] for every knob; '{ranged[0]}' has a range")
    elif any(f.values for f in factors):
        listed = next(f.name for f in factors if f.values)
        raise source.error(("sweep", *listed.split(".")), f"the {method} sampler samples ranges: give "
                           f"'{listed}' range = [low, high] (or use method = \"grid\")")
    if method == "sobol" and len(factors) < 2:
        raise source.error(("sweep",), "Sobol indices need at least two swept knobs")
    samples = source.whole(("sampler", "samples"), 64 if method != "morris" else 10, 1, MAX_POINTS)
    if method == "sobol" and samples & (samples - 1):
        raise source.bad(("sampler", "samples"), samples, "a power of two for Sobol (Saltelli's "
                                                          "sample keeps its balance only then): 32, 64, 128 ...")
    levels = source.whole(("sampler", "levels"), 4, 2, 100)
    if method == "morris" and levels % 2:
        raise source.bad(("sampler", "levels"), levels, "an even number of levels for Morris (SALib's "
                                                        "trajectories are biased otherwise): 4, 6, 8 ...")
    second_order = table.get("second_order", False)
    if not isinstance(second_order, bool):
        raise source.bad(("sampler", "second_order"), second_order, "true or false")
    k = len(factors)
    points = {"grid": math.prod(len(f.values) for f in factors), "lhs": samples,
              "sobol": samples * (2 * k + 2 if second_order else k + 2), "morris": samples * (k + 1)}[method]
    if points > MAX_POINTS:
        raise source.error(("sampler", "samples") if "samples" in table else ("sweep",),
                           f"the {method} sampler would make {points:,} points; at most {MAX_POINTS:,}")
    return Sampler(method, samples, levels, second_order)


def _outcomes(source: _Source, years: int) -> Outcomes:
    source.table(("outcomes",), _OUTCOME_KEYS)
    names = output_names()
    default = Outcomes()
    final = source.names(("outcomes", "final"), default.final, names)
    mean_last = source.names(("outcomes", "mean_last"), default.mean_last, names)
    total = source.names(("outcomes", "total"), default.total, names)
    last_years = source.whole(("outcomes", "last_years"), default.last_years, 1, MAX_YEARS)
    if mean_last and last_years > years:
        raise source.bad(("outcomes", "last_years"), last_years, f"at most the {years:,} years a run "
                                                                 "lasts (key 'years')")
    peace = source.get(("outcomes", "years_at_peace"), True)
    if not isinstance(peace, bool):
        raise source.bad(("outcomes", "years_at_peace"), peace, "true or false")
    if not (final or mean_last or total or peace):
        raise source.error(("outcomes",), "no outcome to record: list outputs under final, "
                                          "mean_last or total")
    return Outcomes(final, mean_last, last_years, total, peace)


def _claim(source: _Source, scenario: Scenario, outcomes: Outcomes,
           factors: tuple[Factor, ...]) -> Claim | None:
    if "claim" not in source.data:
        return None
    table = source.table(("claim",), _CLAIM_KEYS)
    if ("worlds" in table) == ("variants" in table):
        raise source.error(("claim",), "a claim needs either [claim.worlds.NAME] tables of knobs or "
                                       "variants = [...] (the scenario's own variants), not both")
    if "variants" in table:
        names = table["variants"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise source.bad(("claim", "variants"), names, "a list of variant names")
        for name in names:
            if name not in scenario.variants:
                raise source.error(("claim", "variants"), f"scenario '{scenario.id}' has no variant "
                                   f"{name!r} (variants: {', '.join(scenario.variants) or 'none'})")
        worlds = {name: dict(scenario.variant(name).knobs) for name in names}
        own = {name: (("claim", "variants"), _flatten_knobs(scenario.variants[name].get("knobs", {})))
               for name in names}
    else:
        worlds, own = {}, {}
        if not isinstance(table["worlds"], dict):
            raise source.bad(("claim", "worlds"), table["worlds"], "tables [claim.worlds.NAME]")
        for name, overrides in table["worlds"].items():
            if not isinstance(overrides, dict):
                raise source.bad(("claim", "worlds", name), overrides, "a table of knobs")
            overrides = _overrides(source, ("claim", "worlds", name), f"world {name!r}: ")
            try:
                scenario.with_knobs(overrides)
            except ScenarioError as err:
                raise source.error(("claim", "worlds", name), f"world {name!r}: {err}") from None
            worlds[name] = overrides
            own[name] = (("claim", "worlds", name), overrides)
    for name, (key, overrides) in own.items():  # a swept value replaces the world's (run.py)
        for knob in overrides:
            swept = next((f.name for f in factors if _same_knob(f.name, knob)), None)
            if swept:
                where = (*key, *knob.split(".")) if key[1] == "worlds" else key
                raise source.error(where, f"world {name!r} sets {knob!r}, which is swept ('{swept}'): "
                                          "the sweep's value would replace the world's at every point")
    if len(worlds) < 2:
        raise source.error(("claim",), f"a claim compares at least two worlds, got {len(worlds)}")
    columns = outcomes.columns()
    default = {c: d for c, d in (("welfare_final", "higher"), ("war_onsets_total", "lower"),
                                 ("states_alive_final", "higher")) if c in columns}
    criteria = table.get("criteria", default)
    if not isinstance(criteria, dict) or not criteria:
        raise source.bad(("claim", "criteria"), criteria, 'a table of outcome = "higher" or "lower"')
    for column, direction in criteria.items():
        if column not in columns:
            raise source.error(("claim", "criteria", column), f"criterion {column!r} is not a "
                               f"recorded outcome (recorded: {', '.join(columns)})")
        if direction not in _DIRECTIONS:
            raise source.bad(("claim", "criteria", column), direction, '"higher" or "lower"')
    labels = table.get("labels", {})
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise source.bad(("claim", "labels"), labels, "a table of criterion = \"plain words\"")
    for column in labels:
        if column not in criteria:
            raise source.error(("claim", "labels", column), f"label for {column!r}, which is not a "
                                                            "criterion")
    return Claim(worlds, dict(criteria), dict(labels))


def _same_knob(a: str, b: str) -> bool:
    """Whether two knob names set the same knob (a bare doctrine knob sets every doctrine's)."""
    return a == b or (("." not in a or "." not in b) and a.rpartition(".")[2] == b.rpartition(".")[2])


#: The sweep specs shipped with detente (``detente sweep ID``).
SPECS = Path(__file__).parent / "specs"


def shipped_spec(name: str) -> Path | None:
    """The path of a shipped spec by id, or None if ``name`` is not one."""
    path = SPECS / f"{name}.toml"
    return path if not name.endswith(".toml") and path.is_file() else None
