"""Scenario files: TOML worlds with their knobs, and the loader that validates them.

The schema (version 1) is documented in ``docs/scenario-schema.md``. In short::

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

Loading checks every key and value; any problem raises :class:`ScenarioError` with one message
naming the file, the line of the offending key (when it can be found in the text), the key and what
is allowed: ``my.toml, line 12: knob 'noise' = 0.9 is not allowed (out of range): expected a number
from 0 to 0.5``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..model import DOCTRINES, STATE_FIELDS, WORLD_KNOBS, DiplomacyModel, Knob, ParameterError
from ..limits import LIMITS
from ..model.diplomacy import check_world
from ..model.knobs import resolve, shown
from . import tomlfile
from .lines import dotted, key_line

HERE = Path(__file__).parent
SCHEMA = 1
#: Letters, digits, '-' and '_': what a scenario id or a variant name may hold (``ID/VARIANT``).
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _strings(value: list) -> bool:
    return all(isinstance(item, str) for item in value)


#: Top-level keys: their TOML type, a check of their value, and what is allowed (for the message).
#: The most years a run may last and seeds it may have, in a scenario file as everywhere (limits.py).
MAX_YEARS = LIMITS["years"].high
MAX_SEEDS = LIMITS["seeds"].high

_TOP_KEYS: dict[str, tuple[type, Any, str]] = {
    "schema": (int, lambda v: v == SCHEMA, f"{SCHEMA} (the schema this detente reads)"),
    "id": (str, _NAME.fullmatch, "a name of letters, digits, '-' and '_'"),
    "title": (str, str.strip, "a non-empty string"),
    "summary": (str, str.strip, "a non-empty string"),
    "theory": (str, None, "a string"),
    "references": (list, _strings, "a list of strings"),
    "extends": (str, None, "a shipped scenario id or the path of a .toml file"),
    "compare_with": (list, _strings, "a list of shipped scenario ids or .toml paths"),
    "years": (int, lambda v: 1 <= v <= MAX_YEARS, f"a whole number from 1 to {MAX_YEARS}"),
    "seeds": (int, lambda v: 1 <= v <= MAX_SEEDS, f"a whole number from 1 to {MAX_SEEDS}"),
    "knobs": (dict, None, "a [knobs] table (see `detente knobs`)"),
    "states": (list, lambda v: len(v) >= 2, "two or more [[states]] tables, one per named state"),
    "lesson": (dict, None, "a [lesson] table"),
    "variants": (dict, None, "[variants.NAME] tables"),
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
#: Knob kinds whose value in a file is a number, a boolean or a list, never text: a quoted "0.1"
#: is a typing mistake there (the command line's --set passes text, and knobs accept it from it).
_NOT_TEXT = {"float", "int", "bool", "payoffs"}
#: The suggested order for teaching (docs/teaching.md walks it): the dilemma and its way out first,
#: then the conditions that sharpen or soften it, then power shifts, then the seed paper's case,
#: history's baseline and its law of war sizes, and last the claim map: where each doctrine does
#: better over many worlds.
TEACHING_PATH = (
    "security-dilemma", "common-security", "jervis-four-worlds", "relative-gains", "cost-of-war",
    "evolution-of-cooperation", "exploited-idealist", "thucydides-trap", "peaceful-transition",
    "great-power-tragedy", "realpolitik", "balance-of-power", "chain-gang", "shanghai-community",
    "sino-russian-partnership", "historical-baseline", "war-sizes", "claim-map",
)


def short_labels(ids: list[str]) -> dict[str, str]:
    """Labels for tables and charts: the variants of one scenario (all ids 'base/variant') are
    labelled by their variant names alone, so that four of them fit a terminal or a projector."""
    bases = {name.partition("/")[0] for name in ids}
    if len(bases) == 1 and all("/" in name for name in ids):
        base = bases.pop()
        return {name: name.removeprefix(f"{base}/") for name in ids}
    return {name: name for name in ids}


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
        copy = self._unchecked_variant(name)
        copy.validate()
        return copy

    def _unchecked_variant(self, name: str) -> "Scenario":
        if name not in self.variants:
            raise ScenarioError(f"{self.path or self.id}: no variant {name!r}"
                                f"{_did_you_mean(name, self.variants)} (variants: "
                                f"{', '.join(self.variants) or 'none'})")
        spec = self.variants[name]
        siblings = [f"{self.id}/{other}" for other in self.variants if other != name]
        return replace(self, id=f"{self.id}/{name}", title=spec.get("title", f"{self.title}: {name}"),
                       summary=spec.get("summary", self.summary), variants={},
                       knobs={**self.knobs, **_flatten_knobs(spec.get("knobs", {}))},
                       compare_with=siblings or self.compare_with)

    def expand(self) -> list["Scenario"]:
        """The worlds this scenario stands for: its variants if it has any, else itself."""
        return [self.variant(name) for name in self.variants] or [self]

    def with_knobs(self, overrides: dict[str, Any]) -> "Scenario":
        """A copy of this scenario with some knobs overridden (validated). The file was checked when it
        was loaded, so a problem now is the overrides': the message names them, not the file."""
        copy = replace(self, knobs={**self.knobs, **overrides})
        problem = copy._problem()
        if problem:
            raise ScenarioError(f"scenario '{self.id}' with the settings {overrides}: {problem}")
        return copy

    def model(self, seed: int | None = None, cls: type[DiplomacyModel] = DiplomacyModel,
              **extra) -> DiplomacyModel:
        """A fresh model of this world, of ``cls`` (DiplomacyModel or a subclass of it)."""
        return cls(rng=seed, states=self.states, **{**self.knobs, **extra})

    def validate(self) -> None:
        """Check every knob and state field against its table (without building the world)."""
        problem = self._problem()
        if problem:
            raise ScenarioError(f"{self.path or self.id}: {problem}")

    def _problem(self) -> ParameterError | None:
        """The first problem the model finds in this world, if any."""
        try:
            check_world(self.states, **self.knobs)
        except ParameterError as err:
            return err
        return None


def available() -> list[str]:
    """Ids of the scenarios shipped with detente, in teaching order (then any others by name)."""
    shipped = {path.stem for path in HERE.glob("*.toml")}
    return [name for name in TEACHING_PATH if name in shipped] + sorted(shipped - set(TEACHING_PATH))


def load(name_or_path: str | Path, _chain: tuple[Path, ...] = ()) -> Scenario:
    """Load a shipped scenario by id, or a scenario file by path; ``NAME/VARIANT`` (or
    ``FILE.toml/VARIANT``) loads one of its variants."""
    target, variant = _split_variant(name_or_path)
    path = _locate(target)
    source = _read(path)
    parent = None
    if isinstance(source.data.get("extends"), str):  # another type is reported by _parse
        parent = _load_parent(source, (*_chain, path.resolve()))
    scenario = _parse(source, parent)
    return scenario.variant(variant) if variant else scenario


@dataclass(frozen=True)
class _Source:
    """A scenario file's path, text and parsed data: errors point at the line of their key."""

    path: Path
    text: str
    data: dict[str, Any]

    def error(self, key: tuple[str | int, ...], message: str) -> ScenarioError:
        line = key_line(self.text, key)
        return ScenarioError(f"{self.path}{f', line {line}' if line else ''}: {message}")


def _not_allowed(key: tuple[str | int, ...], value: Any, allowed: str) -> str:
    return f"key {dotted(key)!r} = {shown(value)} is not allowed: expected {allowed}"


def _did_you_mean(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _unknown(key: tuple[str | int, ...], options) -> str:
    return (f"unknown key {dotted(key)!r}{_did_you_mean(str(key[-1]), options)} "
            f"(allowed: {', '.join(options)})")


def _split_variant(name_or_path: str | Path) -> tuple[str | Path, str]:
    """``NAME/VARIANT`` or ``FILE.toml/VARIANT`` → (NAME or FILE.toml, VARIANT); else (it, "")."""
    head, _, variant = str(name_or_path).rpartition("/")
    if head and not variant.endswith(".toml") and (head.endswith(".toml") or "/" not in head):
        return head, variant
    return name_or_path, ""


def _relative(reference: str | Path, path: Path) -> str | Path:
    """A scenario referenced from a file: a shipped id, or a .toml path relative to that file."""
    return path.parent / reference if str(reference).endswith(".toml") else reference


def _locate(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix != ".toml" and path.exists():  # a file or folder of the user's, not an id
        what = "a folder" if path.is_dir() else "not a .toml file"
        raise ScenarioError(f"{path}: {what}; a scenario is a shipped id (`detente scenarios` lists "
                            "them) or a .toml file")
    if path.suffix != ".toml":
        shipped = HERE / f"{name_or_path}.toml"
        if not shipped.exists():
            known = ", ".join(available())
            hint = _did_you_mean(str(name_or_path), available())
            raise ScenarioError(f"unknown scenario {str(name_or_path)!r}{hint} (shipped scenarios: {known}; "
                                "or give the path of a .toml file)")
        path = shipped
    if not path.exists():
        raise ScenarioError(f"{path}: no such file")
    return path


def _read(path: Path) -> _Source:
    text, data = tomlfile.read(path, ScenarioError)
    if not data:
        raise ScenarioError(f"{path}: the file sets no keys; a scenario needs at least "
                            f"{', '.join(_REQUIRED)}")
    return _Source(path, text, data)


def _load_parent(source: _Source, chain: tuple[Path, ...]) -> Scenario:
    """The scenario a file's ``extends`` names: a shipped id (or ID/VARIANT) or a relative .toml path."""
    reference = source.data["extends"]
    target, variant = _split_variant(reference)
    try:
        path = _locate(_relative(target, source.path))
    except ScenarioError as err:
        raise source.error(("extends",), f"key 'extends' = {reference!r} names a missing scenario: "
                                         f"{err}") from None
    if path.resolve() in chain:
        cycle = " -> ".join(p.name for p in (*chain, path.resolve()))
        raise source.error(("extends",), f"key 'extends' = {reference!r} makes a cycle: {cycle}")
    try:
        parent = load(path, chain)
        return parent.variant(variant) if variant else parent
    except ScenarioError as err:
        raise source.error(("extends",), f"key 'extends' = {reference!r}: {err}") from None


def _parse(source: _Source, parent: Scenario | None = None) -> Scenario:
    data, path = source.data, source.path
    for key in sorted(data, key=lambda k: k != "schema"):  # a newer schema explains the rest
        if key not in _TOP_KEYS:
            raise source.error((key,), _unknown((key,), _TOP_KEYS))
        kind, check, allowed = _TOP_KEYS[key]
        value = data[key]
        if not isinstance(value, kind) or isinstance(value, bool) or (check and not check(value)):
            raise source.error((key,), _not_allowed((key,), value, allowed))
    for key in _REQUIRED:
        if key not in data and not (parent and key not in ("id", "schema")):
            raise source.error((), f"missing required key '{key}'")
    _check_lesson(source)
    _check_state_types(source)
    base = parent or Scenario(id="", title="", summary="")
    scenario = Scenario(
        id=data["id"], title=data.get("title", base.title), summary=data.get("summary", base.summary),
        knobs={**base.knobs, **_checked_knobs(data.get("knobs", {}), source, ("knobs",))},
        states=data.get("states", base.states), years=data.get("years", base.years),
        seeds=data.get("seeds", base.seeds), path=path, theory=data.get("theory", base.theory),
        references=data.get("references", base.references),
        compare_with=data.get("compare_with", base.compare_with),
        lesson={**base.lesson, **data.get("lesson", {})},
        variants={**base.variants, **_checked_variants(source)},
    )
    _check_worlds(scenario, source)
    for other in data.get("compare_with", []):
        try:
            _locate(_relative(_split_variant(other)[0], path))
        except ScenarioError as err:
            raise source.error(("compare_with",), f"key 'compare_with' names a missing scenario: "
                                                  f"{err}") from None
    return scenario


def _check_lesson(source: _Source) -> None:
    for section, text in source.data.get("lesson", {}).items():
        key = ("lesson", section)
        if section == "questions":
            if not isinstance(text, list) or not _strings(text):
                raise source.error(key, _not_allowed(key, text, "a list of strings"))
        elif section not in LESSON_SECTIONS:
            raise source.error(key, _unknown(key, [*LESSON_SECTIONS, "questions"]))
        elif not isinstance(text, str):
            raise source.error(key, _not_allowed(key, text, "a string"))


def _checked_variants(source: _Source) -> dict[str, dict[str, Any]]:
    variants = source.data.get("variants", {})
    for name, spec in variants.items():
        key = ("variants", name)
        if not _NAME.fullmatch(name):
            raise source.error(key, f"variant name {name!r} is not allowed: expected a name of "
                                    "letters, digits, '-' and '_' (it is addressed as ID/NAME)")
        if not isinstance(spec, dict):
            raise source.error(key, _not_allowed(key, spec, f"a [variants.{name}] table with "
                                                            f"{', '.join(_VARIANT_KEYS)}"))
        for item, value in spec.items():
            if item not in _VARIANT_KEYS:
                raise source.error((*key, item), _unknown((*key, item), _VARIANT_KEYS))
            if not isinstance(value, _VARIANT_KEYS[item]):
                raise source.error((*key, item), _not_allowed(
                    (*key, item), value, "a table of knobs" if item == "knobs" else "a string"))
        _checked_knobs(spec.get("knobs", {}), source, (*key, "knobs"))
    return variants


def _checked_knobs(table: dict[str, Any], source: _Source, where: tuple[str, ...]) -> dict[str, Any]:
    """Check each knob of a table on its own, so that an error points at its line; return them flat.
    The model checks them again, together, when the world is built (see _check_worlds)."""
    flat = _flatten_knobs(table)
    scope = f"variant {where[1]!r}: " if where[0] == "variants" else ""
    for name, value in flat.items():
        key = (*where, *name.split("."))
        knob = _knob(name)
        if knob and knob.kind in _NOT_TEXT and isinstance(value, str):
            raise source.error(key, f"{scope}{_quoted(f'knob {name!r}', value, knob)}")
        try:
            resolve({name: value})
        except ParameterError as err:
            raise source.error(key, f"{scope}{err}") from None
    return flat


def _quoted(label: str, value: str, knob: Knob) -> str:
    return (f"{label} = {value!r} is text, not allowed: expected {knob.allowed()}, "
            "written without quotes")


def _check_state_types(source: _Source) -> None:
    """Named states' numbers must be numbers in the file, as knobs must (see _NOT_TEXT)."""
    for index, spec in enumerate(source.data.get("states", [])):
        for name, value in spec.items() if isinstance(spec, dict) else ():
            field_spec = STATE_FIELDS.get(name)
            if field_spec and field_spec.kind in _NOT_TEXT and isinstance(value, str):
                raise source.error(("states", index, name),
                                   _quoted(f"states[{index}].{name}", value, field_spec))


def _knob(name: str) -> Knob | None:
    """The knob a (possibly dotted) knob name sets; for a bare doctrine knob, its first owner's."""
    if name in WORLD_KNOBS:
        return WORLD_KNOBS[name]
    doctrine, _, bare = name.rpartition(".")
    tables = [cls.knobs for label, cls in DOCTRINES.items() if doctrine in ("", label)]
    return next((table[bare] for table in tables if bare in table), None)


def _check_worlds(scenario: Scenario, source: _Source) -> None:
    """Check the scenario's world and each variant's as a whole, for what no single key shows: named
    states, and knobs that depend on each other (an edge list beyond the number of states)."""
    worlds = [(scenario, ())] + [(scenario._unchecked_variant(name), ("variants", name))
                                 for name in scenario.variants]
    for world, where in worlds:
        problem = world._problem()
        if problem is None:
            continue
        key = _model_key(str(problem), world.states or [])
        own = _flatten_knobs(scenario.variants[where[1]].get("knobs", {})) if where else {}
        if key[:1] == ("knobs",) and ".".join(key[1:]) in own:
            key = (*where, *key)
        raise source.error(key, f"{f'variant {where[1]!r}: ' if where else ''}{problem}")


_MODEL_LABEL = re.compile(r"knob '(?!states\[)([^']+)'"  # a knob (a state field's label is its own)
                          r"|states\[(\d+)\](?:\.(\w+)|: unknown field '(\w+)')?"
                          r"|the name (.*) is used twice")  # the name's repr


def _model_key(message: str, states: list) -> tuple[str | int, ...]:
    """The key path a model error is about, from the label the model puts in its message."""
    found = _MODEL_LABEL.search(message)
    if not found:
        return ()
    knob, index, field_name, unknown_field, twice = found.groups()
    if knob:
        return ("knobs", *knob.split("."))
    if twice is not None:
        names = [repr(state.get("name")) for state in states]
        return ("states", names.index(twice, names.index(twice) + 1), "name")
    return ("states", int(index), *filter(None, [field_name or unknown_field]))


def _flatten_knobs(table: dict[str, Any]) -> dict[str, Any]:
    """TOML dotted keys (zero_sum.arms_reaction = 0.3) arrive as nested tables; flatten them, except
    the value of a knob that is itself a table (doctrine shares: doctrine = {zero_sum = 0.5, ...})."""
    flat = {}
    for key, value in table.items():
        takes_a_table = key in WORLD_KNOBS and WORLD_KNOBS[key].kind == "doctrine"
        if isinstance(value, dict) and not takes_a_table:
            flat.update({f"{key}.{sub}": v for sub, v in value.items()})
        else:
            flat[key] = value
    return flat
