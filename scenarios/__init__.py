"""Scenario files: TOML worlds with their knobs, and the loader that validates them.

A scenario file (schema 1) looks like::

    schema = 1
    id = "security-dilemma"
    title = "The security dilemma"
    summary = "Twenty security seekers, all zero-sum."
    years = 200
    seeds = 10

    [knobs]                 # any knob of the DESIGN vocabulary (see `detente knobs`)
    n_states = 20
    doctrine = "zero_sum"
    zero_sum.arms_reaction = 0.3

    [[states]]              # optional: named states instead of n_states generated ones
    name = "A"
    doctrine = "win_win"

Loading checks every key and value; any problem raises :class:`ScenarioError` naming the file,
the key and what is allowed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import DiplomacyModel, ParameterError

HERE = Path(__file__).parent
SCHEMA = 1
_TOP_KEYS = {
    "schema": int, "id": str, "title": str, "summary": str, "years": int, "seeds": int,
    "knobs": dict, "states": list,
}
_REQUIRED = ("schema", "id", "title", "summary")


class ScenarioError(ValueError):
    """A scenario file is missing, malformed or invalid."""


@dataclass
class Scenario:
    """A validated scenario: a world (knobs and optional named states) and run defaults."""

    id: str
    title: str
    summary: str
    knobs: dict[str, Any] = field(default_factory=dict)
    states: list[dict[str, Any]] | None = None
    years: int = 200
    seeds: int = 10
    path: Path | None = None

    def with_knobs(self, overrides: dict[str, Any]) -> "Scenario":
        """A copy of this scenario with some knobs overridden (validated)."""
        merged = {**self.knobs, **overrides}
        copy = Scenario(self.id, self.title, self.summary, merged, self.states, self.years, self.seeds,
                        self.path)
        try:
            copy.validate()
        except ScenarioError as err:
            raise ScenarioError(f"{err} (with the settings {overrides})") from None
        return copy

    def model(self, seed: int | None = None, **extra) -> DiplomacyModel:
        """A fresh model of this world."""
        return DiplomacyModel(rng=seed, states=self.states, **{**self.knobs, **extra})

    def validate(self) -> None:
        """Build a model once, so that every knob and state field is checked against its table."""
        where = self.path or self.id
        try:
            DiplomacyModel(rng=0, states=self.states, **{**self.knobs, "collect_states": False})
        except ParameterError as err:
            raise ScenarioError(f"{where}: {err}") from None


def available() -> list[str]:
    """Ids of the scenarios shipped with detente."""
    return sorted(path.stem for path in HERE.glob("*.toml"))


def load(name_or_path: str | Path) -> Scenario:
    """Load a shipped scenario by id, or a scenario file by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        shipped = HERE / f"{name_or_path}.toml"
        if not shipped.exists():
            known = ", ".join(available())
            raise ScenarioError(f"unknown scenario '{name_or_path}'; shipped scenarios: {known} "
                                "(or give the path of a .toml file)")
        path = shipped
    if not path.exists():
        raise ScenarioError(f"{path}: no such file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{path}: not valid TOML: {err}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not a UTF-8 text file") from None
    return _parse(data, path)


def _parse(data: dict[str, Any], path: Path) -> Scenario:
    for key, value in data.items():
        if key not in _TOP_KEYS:
            raise ScenarioError(f"{path}: unknown key '{key}'; allowed: {', '.join(_TOP_KEYS)}")
        expected = _TOP_KEYS[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ScenarioError(
                f"{path}: key '{key}' must be {expected.__name__}, got {type(value).__name__} {value!r}"
            )
    for key in _REQUIRED:
        if key not in data:
            raise ScenarioError(f"{path}: missing required key '{key}'")
    if data["schema"] != SCHEMA:
        raise ScenarioError(f"{path}: key 'schema' = {data['schema']}: this detente reads schema {SCHEMA}")
    for key, low, high in (("years", 1, 100_000), ("seeds", 1, 10_000)):
        if key in data and not low <= data[key] <= high:
            raise ScenarioError(f"{path}: key '{key}' = {data[key]} is out of range {low}..{high}")
    scenario = Scenario(
        id=data["id"], title=data["title"], summary=data["summary"],
        knobs=_flatten_knobs(data.get("knobs", {})), states=data.get("states"),
        years=data.get("years", 200), seeds=data.get("seeds", 10), path=path,
    )
    scenario.validate()
    return scenario


def _flatten_knobs(table: dict[str, Any]) -> dict[str, Any]:
    """TOML dotted keys (zero_sum.arms_reaction = 0.3) arrive as nested tables; flatten them."""
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{sub}": v for sub, v in value.items()})
        else:
            flat[key] = value
    return flat
