"""Helpers shared by the tests (importable: pytest puts tests/ on the path)."""

from pathlib import Path

from detente.model import MECHANISMS


def only(*mechanisms: str) -> dict[str, bool]:
    """Mechanism switches with only the named mechanisms on."""
    return {name: name in mechanisms for name in MECHANISMS}


def descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (children, grandchildren...), read from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()
            and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:1]}
