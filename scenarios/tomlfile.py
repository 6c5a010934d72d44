"""TOML from users, read in one place: scenario files and sweep specs (:func:`read`), and the
values of the command line's ``--set`` and of dashboard URLs (:func:`loads`).

Every mistake becomes one message with the file and the line: bytes that are not UTF-8, text that
is not TOML, and values nested deeper than :data:`MAX_NESTING`. tomllib reads nested arrays and
inline tables by recursion, so ``a = [[[[...]]]]`` a few hundred deep ran out of Python's stack (a
RecursionError); a dotted key thousands of parts long is read without recursion but makes tables
as deep, which a message's repr() of them then cannot print.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .lines import key_line

#: The deepest nesting of tables and arrays a file may have (the schemas need five at most:
#: variants.NAME.knobs.zero_sum.arms_reaction, or an edge list's edges in [knobs])
MAX_NESTING = 32


TOO_DEEP = (f"values nested more than {MAX_NESTING} levels deep (tables and arrays); at most "
            f"{MAX_NESTING} are allowed")


class TomlError(ValueError):
    """Text that is not TOML that detente reads; ``line`` (from 1) and ``column`` if known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line, self.column = line, column


class TooDeep(TomlError):
    """Values nested deeper than :data:`MAX_NESTING`."""


def loads(text: str) -> dict[str, Any]:
    """The data of TOML text; TomlError (TooDeep for values nested too deeply) otherwise."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # tomllib ends its message with "(at line L, column C)"
        message, line, column = re.fullmatch(
            r"(.*?)(?: \(at line (\d+), column (\d+)\))?", str(err), re.S).groups()
        raise TomlError(message, line and int(line), column and int(column)) from None
    except RecursionError:
        raise TooDeep(TOO_DEEP, _deepest_line(text)) from None
    key = _too_deep(data)
    if key is not None:
        raise TooDeep(TOO_DEEP, key_line(text, key))
    return data


def read(path: Path, error: type[Exception]) -> tuple[str, dict[str, Any]]:
    """The text and data of a TOML file; ``error`` with one message naming the file (and the line)
    if it cannot be read, is not UTF-8 or is not TOML that detente reads."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise error(f"{path}: cannot read: {err.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows editors) is not a mistake
    except UnicodeDecodeError as err:
        line = err.object[:err.start].count(b"\n") + 1
        raise error(f"{path}, line {line}: not UTF-8 text (byte 0x{err.object[err.start]:02x}); "
                    "save the file as UTF-8") from None
    try:
        return text, loads(text)
    except TooDeep as err:
        raise error(f"{path}{f', line {err.line}' if err.line else ''}: {err}") from None
    except TomlError as err:
        where = f" at line {err.line}, column {err.column}" if err.line else ""
        raise error(f"{path}: not valid TOML{where}: {err}") from None


def _too_deep(data: dict[str, Any]) -> tuple[str | int, ...] | None:
    """The whole key path down to a value nested deeper than MAX_NESTING (a table or an array is a
    level; the whole path, as a dotted key of the file spells it), or None; without recursion, for
    tables nested as deep as a dotted key is long."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        key, value = stack.pop()
        if len(key) >= MAX_NESTING:
            path = list(key)
            while isinstance(value, (dict, list)) and value:  # down to a value, deepest first
                part, value = next(_containers(value), None) or next(iter(_items(value)))
                path.append(part)
            return tuple(path)
        stack += [((*key, part), inner) for part, inner in _containers(value)]
    return None


def _items(value: dict | list):
    return value.items() if isinstance(value, dict) else enumerate(value)


def _containers(value: dict | list):
    """(key or index, value) of the tables and arrays in a table or an array."""
    return ((part, inner) for part, inner in _items(value) if isinstance(inner, (dict, list)))


def _deepest_line(text: str) -> int:
    """The line where the brackets and braces opened so far are most (the line of a value too
    deeply nested for tomllib; brackets in strings and comments are counted too, which matters
    little in a file that deep)."""
    depth, deepest, where = 0, 0, 1
    for number, line in enumerate(text.splitlines(), 1):
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth > deepest:
                deepest, where = depth, number
    return where
