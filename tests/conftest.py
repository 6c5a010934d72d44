"""Shared fixtures for the test suite, and the hypothesis profiles of the property tests."""

import os

import pytest
from hypothesis import settings

from detente.model import DiplomacyModel

# ci (the default): reproducible (the same examples every run), no deadline (a world's run time
# varies with its size and the machine's load), the blob that replays a failure printed.
# ``max_examples`` is one unit: each property test asks for a multiple of it (helpers.examples).
settings.register_profile("ci", max_examples=20, deadline=None, derandomize=True, print_blob=True)
# soak (``make soak``): twenty times the examples, drawn afresh each time, to find what CI's fixed
# examples do not reach
settings.register_profile("soak", settings.get_profile("ci"), max_examples=20 * 20, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def two_states():
    """Two named neighbouring states of the given doctrines."""
    def make(first="zero_sum", second="zero_sum", **knobs):
        states = [dict(name="A", doctrine=first), dict(name="B", doctrine=second)]
        return DiplomacyModel(rng=knobs.pop("rng", 0), states=states, **knobs)
    return make
