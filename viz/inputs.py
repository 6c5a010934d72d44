"""The dashboard's inputs: text fields checked against their allowed range before their value is
used, and a world's key knobs built from them (the compare and explore pages share them)."""

from __future__ import annotations

from dataclasses import replace

import solara

from ..model.doctrines import DOCTRINES
from ..model.knobs import WORLD_KNOBS, ParameterError
from ..scenarios import load
from .comparison import KEY_KNOBS, LIMITS, Entry

AS_IN_SCENARIO = "as in the scenario"


def check_count(key: str, text: str) -> int:
    """``seeds`` or ``years`` from a field's text; ValueError with the allowed range otherwise."""
    low, high = LIMITS[key]
    try:
        value = int(text)
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        raise ValueError(f"{key}: '{text}' is not allowed: a whole number from {low} to {high}")
    return value


def check_knob(name: str, text: str, where: str = ""):
    """A knob's value from a field's text, checked against the knob's range; ValueError otherwise
    (its message starts with ``where``: which world)."""
    try:
        return WORLD_KNOBS[name].check(text)
    except ParameterError as err:
        raise ValueError(f"{where}{err}") from None


@solara.component
def CheckedInput(label: str, value, check, on_value, errors: solara.Reactive[dict], key: str,
                 allowed: str):
    """A text field, with what it allows below it, whose value is used only once ``check`` accepts
    it; until then the field shows what is wrong, and ``errors[key]`` holds it (nothing runs while
    any field is wrong)."""
    text, set_text = solara.use_state(str(value))  # what was typed (shown while it is wrong)
    problem = errors.value.get(key)

    def accept(typed: str):
        set_text(typed)
        try:
            checked = check(typed)
        except ValueError as err:
            errors.set({**errors.value, key: str(err)})
            return
        errors.set({k: v for k, v in errors.value.items() if k != key})
        on_value(checked)

    solara.InputText(label, value=text if problem else str(value), on_value=accept,
                     error=problem or False, message=allowed, classes=["checked-input"])


@solara.component
def KnobInputs(entry: Entry, on_entry, errors: solara.Reactive[dict] | None = None, where: str = ""):
    """The key knobs of one world (``where``: which, in the messages), each checked against its
    range; a value equal to the scenario's own is not an override."""
    scenario = load(entry.scenario)
    overrides = dict(entry.knobs)
    local_errors = solara.use_reactive({})
    errors = errors if errors is not None else local_errors

    def set_knob(name, value):
        base = scenario.knobs.get(name, WORLD_KNOBS[name].default)
        changed = {**overrides, name: value}
        if value == base or value == AS_IN_SCENARIO:
            changed.pop(name)
        on_entry(replace(entry, knobs=tuple(changed.items())))

    for name in KEY_KNOBS:
        if scenario.states and name in ("doctrine", "n_states"):
            continue  # a world of named states sets these per state
        knob = WORLD_KNOBS[name]
        value = overrides.get(name, scenario.knobs.get(name, knob.default))
        if knob.kind == "doctrine":
            solara.Select(name, values=[AS_IN_SCENARIO, *DOCTRINES],
                          value=overrides.get(name, AS_IN_SCENARIO),
                          on_value=lambda v, n=name: set_knob(n, v))
        else:
            CheckedInput(name, value, lambda text, n=name: check_knob(n, text, where),
                         lambda v, n=name: set_knob(n, v), errors, key=f"{where}{name}",
                         allowed=knob.allowed())
