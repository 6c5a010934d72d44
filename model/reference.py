"""The knob reference (docs/knobs.md): every knob a user can set — the world's, each doctrine's and
the fields of a named state — with its default, allowed values, meaning and source, and the
attributes of a state agent, written from the knob tables and the agent class themselves, so that
the page says what the code does (``detente knobs --markdown`` prints it; tests/test_knobs.py
checks the page against it)."""

from __future__ import annotations

from .diplomacy import STATE_FIELDS
from .doctrines import DOCTRINES
from .knobs import WORLD_KNOBS, Knob
from .state import State


def _rows(knobs, prefix: str = "") -> list[str]:
    return [f"| `{prefix}{knob.name}` | {_default(knob)} | {_allowed(knob)} | {knob.doc} | "
            f"{knob.source or '—'} |" for knob in knobs]


#: What a named state's own kinds of field allow (the model checks them in diplomacy._check_state).
_STATE_KINDS = {"str": "a non-empty text", "position": "[x, y], each from 0 to 1"}


def _allowed(knob: Knob) -> str:
    return _STATE_KINDS.get(knob.kind) or knob.allowed()


def _default(knob: Knob) -> str:
    return "—" if knob.default in (None, "") else f"`{knob.default}`"


HEADER = "| knob | default | allowed | meaning | source |\n|---|---|---|---|---|"


def markdown() -> str:
    """The reference page, as markdown."""
    parts = ["# Knob reference", "",
             "Every knob of detente, written from the code's knob tables by `detente knobs --markdown` "
             "(a test checks that this page is what it prints). Set a world knob with "
             "`--set name=value` or in a scenario's `[knobs]`; a doctrine's with "
             "`--set doctrine.name=value` or in `[knobs.doctrine]` (`[knobs.zero_sum]`, say).", "",
             "## World knobs", "", HEADER, *_rows(WORLD_KNOBS.values())]
    for name, doctrine in DOCTRINES.items():
        parts += ["", f"## `{name}` knobs", "", HEADER, *_rows(doctrine.knobs.values(), f"{name}.")]
    parts += ["", "## Fields of a named state (a scenario's `[[states]]`)", "", HEADER,
              *_rows(STATE_FIELDS.values())]
    parts += ["", "## A state's attributes (the agents of `model.agents`, read-only)", "",
              "| attribute | meaning |", "|---|---|",
              *(f"| `{name}` | {' '.join(attribute.__doc__.split())} |"
                for name, attribute in vars(State).items() if isinstance(attribute, property))]
    return "\n".join(parts) + "\n"
