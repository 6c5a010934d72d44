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
    "schema": int, "id": str, "title": str, "summary": str, "theory": str, "references": list,
    "extends": str, "compare_with": list, "years": int, "seeds": int, "knobs": dict, "states": list,
    "lesson": dict, "variants": dict,
}
#: Keys a variant may set; the rest it takes from its scenario.
_VARIANT_KEYS = {"title": str, "summary": str, "knobs": dict}
#: The lesson's sections, after NetLogo's Info tab, plus discussion questions.
LESSON_SECTIONS = {
    "what_is_it": "WHAT IS IT?", "how_it_works": "HOW IT WORKS", "how_to_use_it": "HOW TO USE IT",
    "things_to_notice": "THINGS TO NOTICE", "things_to_try": "THINGS TO TRY",
    "extending_the_model": "EXTENDING THE MODEL",
}
_REQUIRED = ("schema", "id", "title", "summary")
#: The suggested order for teaching (docs/teaching.md walks it): the dilemma and its way out first,
#: then the conditions that sharpen or soften it, then power shifts, then the seed paper's case.
TEACHING_PATH = (
    "security-dilemma", "common-security", "jervis-four-worlds", "relative-gains", "cost-of-war",
    "evolution-of-cooperation", "exploited-idealist", "thucydides-trap", "peaceful-transition",
    "great-power-tragedy", "realpolitik", "shanghai-community", "sino-russian-partnership",
)


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
    theory: str = ""
    references: list[str] = field(default_factory=list)
    compare_with: list[str] = field(default_factory=list)
    lesson: dict[str, Any] = field(default_factory=dict)
    #: Named variants of this world (``[variants.NAME]``): each is a knob override, loadable as
    #: ``ID/NAME``; comparing a scenario that has variants compares all of them.
    variants: dict[str, dict[str, Any]] = field(default_factory=dict)

    def variant(self, name: str) -> "Scenario":
        """This world with one of its variants applied; its id is ``ID/NAME``."""
        from dataclasses import replace

        if name not in self.variants:
            raise ScenarioError(f"{self.path or self.id}: no variant '{name}'; variants: "
                                f"{', '.join(self.variants) or 'none'}")
        spec = self.variants[name]
        siblings = [f"{self.id}/{other}" for other in self.variants if other != name]
        copy = replace(self, id=f"{self.id}/{name}", title=spec.get("title", f"{self.title}: {name}"),
                       summary=spec.get("summary", self.summary), variants={},
                       knobs={**self.knobs, **_flatten_knobs(spec.get("knobs", {}))},
                       compare_with=siblings or self.compare_with)
        copy.validate()
        return copy

    def expand(self) -> list["Scenario"]:
        """The worlds this scenario stands for: its variants if it has any, else itself."""
        return [self.variant(name) for name in self.variants] or [self]

    def with_knobs(self, overrides: dict[str, Any]) -> "Scenario":
        """A copy of this scenario with some knobs overridden (validated)."""
        from dataclasses import replace

        copy = replace(self, knobs={**self.knobs, **overrides})
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
    """Ids of the scenarios shipped with detente, in teaching order (then any others by name)."""
    shipped = {path.stem for path in HERE.glob("*.toml")}
    return [name for name in TEACHING_PATH if name in shipped] + sorted(shipped - set(TEACHING_PATH))


def load(name_or_path: str | Path, _chain: tuple[Path, ...] = ()) -> Scenario:
    """Load a shipped scenario by id, or a scenario file by path; ``NAME/VARIANT`` (or
    ``FILE.toml/VARIANT``) loads one of its variants."""
    head, _, variant = str(name_or_path).rpartition("/")
    if head and not variant.endswith(".toml") and (head.endswith(".toml") or "/" not in head):
        return load(head, _chain).variant(variant)
    path = _locate(name_or_path)
    if path.resolve() in _chain:
        cycle = " -> ".join(p.name for p in (*_chain, path.resolve()))
        raise ScenarioError(f"{path}: key 'extends' makes a cycle: {cycle}")
    data = _read(path)
    parent = None
    if isinstance(data.get("extends"), str):
        try:
            parent = load(_relative(data["extends"], path), (*_chain, path.resolve()))
        except ScenarioError as err:
            raise ScenarioError(f"{path}: key 'extends' = {data['extends']!r}: {err}") from None
    return _parse(data, path, parent)


def _relative(reference: str, path: Path) -> str | Path:
    """A scenario referenced from a file: a shipped id, or a .toml path relative to that file."""
    return path.parent / reference if reference.endswith(".toml") else reference


def _locate(name_or_path: str | Path) -> Path:
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
    return path


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{path}: not valid TOML: {err}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not a UTF-8 text file") from None


def _parse(data: dict[str, Any], path: Path, parent: Scenario | None = None) -> Scenario:
    for key, value in data.items():
        if key not in _TOP_KEYS:
            raise ScenarioError(f"{path}: unknown key '{key}'; allowed: {', '.join(_TOP_KEYS)}")
        expected = _TOP_KEYS[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ScenarioError(
                f"{path}: key '{key}' must be {expected.__name__}, got {type(value).__name__} {value!r}"
            )
    for key in _REQUIRED:
        if key not in data and not (parent and key not in ("id", "schema")):
            raise ScenarioError(f"{path}: missing required key '{key}'")
    for key in ("references", "compare_with"):
        for item in data.get(key, []):
            if not isinstance(item, str):
                raise ScenarioError(f"{path}: key '{key}' must be a list of strings, got {item!r}")
    for section, text in data.get("lesson", {}).items():
        if section == "questions":
            if not isinstance(text, list) or not all(isinstance(q, str) for q in text):
                raise ScenarioError(f"{path}: key 'lesson.questions' must be a list of strings")
        elif section not in LESSON_SECTIONS:
            raise ScenarioError(f"{path}: unknown key 'lesson.{section}'; allowed: "
                                f"{', '.join([*LESSON_SECTIONS, 'questions'])}")
        elif not isinstance(text, str):
            raise ScenarioError(f"{path}: key 'lesson.{section}' must be a string")
    if data["schema"] != SCHEMA:
        raise ScenarioError(f"{path}: key 'schema' = {data['schema']}: this detente reads schema {SCHEMA}")
    for key, low, high in (("years", 1, 100_000), ("seeds", 1, 10_000)):
        if key in data and not low <= data[key] <= high:
            raise ScenarioError(f"{path}: key '{key}' = {data[key]} is out of range {low}..{high}")
    base = parent or Scenario(id="", title="", summary="")
    scenario = Scenario(
        id=data["id"], title=data.get("title", base.title), summary=data.get("summary", base.summary),
        knobs={**base.knobs, **_flatten_knobs(data.get("knobs", {}))},
        states=data.get("states", base.states), years=data.get("years", base.years),
        seeds=data.get("seeds", base.seeds), path=path, theory=data.get("theory", base.theory),
        references=data.get("references", base.references),
        compare_with=data.get("compare_with", base.compare_with),
        lesson={**base.lesson, **data.get("lesson", {})},
        variants={**base.variants, **_check_variants(data.get("variants", {}), path)},
    )
    scenario.validate()
    for name in scenario.variants:
        scenario.variant(name)
    for other in scenario.compare_with:
        try:
            _locate(_relative(other, path))
        except ScenarioError as err:
            raise ScenarioError(f"{path}: key 'compare_with' names a missing scenario: {err}") from None
    return scenario


def _check_variants(variants: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    for name, spec in variants.items():
        if not isinstance(spec, dict):
            raise ScenarioError(f"{path}: key 'variants.{name}' must be a table with "
                                f"{', '.join(_VARIANT_KEYS)}")
        for key, value in spec.items():
            if key not in _VARIANT_KEYS:
                raise ScenarioError(f"{path}: unknown key 'variants.{name}.{key}'; allowed: "
                                    f"{', '.join(_VARIANT_KEYS)}")
            if not isinstance(value, _VARIANT_KEYS[key]):
                raise ScenarioError(f"{path}: key 'variants.{name}.{key}' must be "
                                    f"{_VARIANT_KEYS[key].__name__}, got {type(value).__name__} {value!r}")
    return variants


def _flatten_knobs(table: dict[str, Any]) -> dict[str, Any]:
    """TOML dotted keys (zero_sum.arms_reaction = 0.3) arrive as nested tables; flatten them."""
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{sub}": v for sub, v in value.items()})
        else:
            flat[key] = value
    return flat
