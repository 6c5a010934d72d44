"""Where a key is in a TOML file: errors in a scenario name the line of the key they are about.

tomllib gives values but not their lines, so this reads the text itself, just enough for keys as
scenario files write them: ``key = value``, dotted keys, ``[table]`` and ``[[array of tables]]``
headers, inline tables, quoted keys, and multi-line strings (skipped).
"""

from __future__ import annotations

import re
import tomllib

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_TABLE_HEADER = re.compile(rf"\s*(\[\[?)\s*({_DOTTED_KEY})\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(rf"\s*({_DOTTED_KEY})\s*=")


def key_line(text: str, key: tuple[str | int, ...]) -> int | None:
    """The line (from 1) of a key path in TOML text, such as ``("knobs", "noise")`` or
    ``("states", 2, "wealth")`` (the third ``[[states]]`` table): the line that sets the key, or else
    the line of the innermost table, dotted key or inline value that holds it; None if none does."""
    best, depth = None, 0
    table: tuple[str | int, ...] = ()
    tables_seen: dict[tuple, int] = {}
    open_string = None  # the delimiter of a multi-line string being skipped
    for number, line in enumerate(text.splitlines(), 1):
        if open_string:
            open_string = None if open_string in line else open_string
            continue
        found = []
        if header := _TABLE_HEADER.match(line):
            table = _key_parts(header[2])
            found = [table]
            if header[1] == "[[":  # an array of tables: the Nth header is element N - 1
                tables_seen[table] = tables_seen.get(table, -1) + 1
                table = (*table, tables_seen[table])
                found.append(table)
        elif assignment := _ASSIGNMENT.match(line):
            found = [(*table, *_key_parts(assignment[1]))]
        for path in found:
            if path == key[:len(path)] and len(path) > depth:
                best, depth = number, len(path)
        open_string = next((q for q in ('"""', "'''") if line.count(q) % 2), None)
    return best


def _key_parts(text: str) -> tuple[str, ...]:
    return tuple(_unquoted(part) for part in re.findall(_KEY_PART, text))


def _unquoted(part: str) -> str:
    """A key part as TOML reads it: without its quotes, a basic string's escapes (\\n, \\u00e9)
    decoded, so that a key with a newline or a tab is found too."""
    if not part.startswith('"'):
        return part.strip("'")
    try:
        return next(iter(tomllib.loads(f"{part} = 0")))
    except tomllib.TOMLDecodeError:
        return part.strip('"')


def dotted(key: tuple[str | int, ...]) -> str:
    """A key path as messages write it: ``("states", 2, "wealth")`` → ``states[2].wealth``."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in key).lstrip(".")
