"""Shared fixtures for the test suite."""

import pytest

from detente.model import DiplomacyModel


@pytest.fixture
def two_states():
    """Two named neighbouring states of the given doctrines."""
    def make(first="zero_sum", second="zero_sum", **knobs):
        states = [dict(name="A", doctrine=first), dict(name="B", doctrine=second)]
        return DiplomacyModel(rng=knobs.pop("rng", 0), states=states, **knobs)
    return make
