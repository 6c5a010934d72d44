"""Helpers shared by the tests (importable: pytest puts tests/ on the path)."""

from detente.model import MECHANISMS


def only(*mechanisms: str) -> dict[str, bool]:
    """Mechanism switches with only the named mechanisms on."""
    return {name: name in mechanisms for name in MECHANISMS}
