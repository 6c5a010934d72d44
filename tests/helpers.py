"""Helpers shared by the tests (importable: pytest puts tests/ on the path)."""

import re
import threading
import time
from pathlib import Path

from hypothesis import settings

from detente.model import MECHANISMS


def examples(units: int) -> int:
    """``units`` times the hypothesis profile's unit of examples (tests/conftest.py: 20 in CI, 400 in
    ``make soak``): a property or fuzz test asks for its share, and the soak profile scales it."""
    return units * settings.default.max_examples


def only(*mechanisms: str) -> dict[str, bool]:
    """Mechanism switches with only the named mechanisms on."""
    return {name: name in mechanisms for name in MECHANISMS}


def expectation(path: Path) -> tuple[str, int | None]:
    """What a malformed-file corpus file (tests/malformed/) must give: its two header lines,
    ``# expect: TEXT`` (a fragment of the message) and ``# line: N`` (the line the message points at
    first; ``none`` when no line can hold the mistake)."""
    # bytes, not text: some corpus files are deliberately not UTF-8 (after their two ASCII header lines)
    head = path.read_bytes().decode("utf-8", errors="replace").splitlines()[:2]
    found = dict(re.fullmatch(r"# (expect|line): (.+)", line).groups() for line in head)
    return found["expect"], None if found["line"] == "none" else int(found["line"])


def place(message: str, path: Path) -> int | None:
    """The line a message points at first: ``PATH, line N: …`` or ``PATH: not valid TOML at line N, …``
    (None for ``PATH: …``); fails unless it is a clear error about the file: one line, starting with
    the file."""
    assert "\n" not in message, f"the message is not one line: {message!r}"
    found = re.match(rf"{re.escape(str(path))}(?:, line (\d+))?: (?:not valid TOML at line (\d+))?", message)
    assert found, f"the message does not start with the file {path}: {message}"
    number = found[1] or found[2]
    return int(number) if number else None


def _parents() -> dict[int, int]:
    """Each running process's parent, read from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def descendants(pid: int, depth: int | None = None) -> set[int]:
    """The processes below ``pid`` (children, grandchildren...), or only those exactly ``depth``
    levels below it (2: a pool's workers under its fork server)."""
    parents = _parents()
    found, frontier, level = set(), {pid}, 0
    while frontier and (depth is None or level < depth):
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        level += 1
        found |= frontier if depth is None or level == depth else set()
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()
            and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:1]}


#: Six runs of 400 common-security states for 20,000 years: about a minute each on this machine
#: (3 ms a year; no state is conquered, so none ends early), long enough for a test to act on the
#: comparison while every run is still under way
LONG_STATES, LONG_YEARS, LONG_RUNS = 400, 20_000, 6


def long_compare_under_way(**options) -> tuple[threading.Thread, dict[str, Exception], list[int]]:
    """Start a long two-worker ``runs.compare`` (``options`` passed on, e.g. ``cancel``) in a
    thread, wait until both worker processes have started on it and return the thread, a dict that
    receives the exception the call ends with (``"raised"``) and the workers' pids."""
    from detente import runs
    from detente.scenarios import load

    long = [load("common-security").with_knobs({"n_states": LONG_STATES})]
    outcome: dict[str, Exception] = {}

    def call() -> None:
        try:
            runs.compare(long, range(LONG_RUNS), LONG_YEARS, workers=2, **options)
        except Exception as raised:  # noqa: BLE001 - handed to the test to assert on
            outcome["raised"] = raised

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 30
    while not (2 in runs._pools and len(runs._pools[2]._processes or {}) == 2):
        assert time.monotonic() < deadline, "the worker processes did not start within 30 s"
        time.sleep(0.1)
    time.sleep(1.0)  # the runs are under way in both workers
    return caller, outcome, list(runs._pools[2]._processes)
