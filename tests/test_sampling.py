"""Sparse Bernoulli sampling has the law of independent trials."""

import math

import numpy as np
import pytest

from detente.model import kernels
from detente.model.sampling import bernoulli_positions


@pytest.mark.parametrize("m, p", [(10, 0.5), (1000, 0.01), (50_000, 0.002), (7, 0.9)])
def test_each_trial_succeeds_with_probability_p(m, p):
    rng = np.random.default_rng(0)
    hits = np.zeros(m)
    runs = 4000
    for _ in range(runs):
        positions = bernoulli_positions(rng, m, p)
        assert np.all(np.diff(positions) > 0) and (positions.size == 0 or positions[-1] < m)
        hits[positions] += 1
    assert hits.sum() / (runs * m) == pytest.approx(p, rel=0.05)
    assert hits[0] / runs == pytest.approx(p, abs=5 * np.sqrt(p * (1 - p) / runs))
    assert hits[-1] / runs == pytest.approx(p, abs=5 * np.sqrt(p * (1 - p) / runs))


def test_edge_cases():
    rng = np.random.default_rng(0)
    assert bernoulli_positions(rng, 0, 0.5).size == 0
    assert bernoulli_positions(rng, 10, 0.0).size == 0
    assert bernoulli_positions(rng, 10, 1.0).tolist() == list(range(10))


def test_positions_from_gaps_stop_below_m_or_ask_for_more_gaps():
    gaps = np.array([1, 1, 5, 4], dtype=np.int64)  # successes at trials 0, 1, 6, 10
    assert kernels.positions_below(gaps, 7).tolist() == [0, 1, 6]
    assert kernels.positions_below(gaps, 10).tolist() == [0, 1, 6]
    assert kernels.positions_below(gaps, 11) is None  # the gaps end before trial 11: draw more


def _state(rng):
    return rng.bit_generator.state


def test_a_sample_that_cannot_vary_draws_nothing_from_the_generator():
    """No trials (m = 0), p = 0 or p = 1: the outcome is certain, so the generator is left as it was
    and every later draw of the run is the same as without the call."""
    rng = np.random.default_rng(11)
    before = _state(rng)
    assert bernoulli_positions(rng, 0, 0.3).size == 0
    assert bernoulli_positions(rng, -2, 0.3).size == 0
    assert bernoulli_positions(rng, 6, 0.0).size == 0
    assert bernoulli_positions(rng, 6, 1.0).tolist() == [0, 1, 2, 3, 4, 5]
    assert _state(rng) == before


def test_one_chunk_of_gaps_is_drawn_when_it_reaches_past_the_last_trial():
    """m = 400, p = 0.1: m·p = 40 successes expected, so one chunk of ⌊40 + 6·√40 + 16⌋ = 93 gaps
    (six standard deviations above the mean, plus 16) almost always reaches past trial 400; it does
    for this seed, and no more is drawn: the generator stands where 93 geometric draws leave it, and
    the successes are the cumulative sums of those gaps, less one, below 400."""
    rng, reference = np.random.default_rng(5), np.random.default_rng(5)
    positions = bernoulli_positions(rng, 400, 0.1)
    gaps = reference.geometric(0.1, size=int(40 + 6 * math.sqrt(40) + 16))
    assert gaps.size == 93 and gaps.sum() > 400
    assert _state(rng) == _state(reference)
    expected = np.cumsum(gaps) - 1
    assert positions.tolist() == expected[expected < 400].tolist()


class _Gaps:
    """A stand-in generator whose geometric draws are given: ones first, then tens (recording each
    call's probability and size)."""

    def __init__(self):
        self.calls = []

    def geometric(self, p, size):
        self.calls.append((p, size))
        if len(self.calls) > 5:
            raise AssertionError("drew gaps forever")
        return np.full(size, 1 if len(self.calls) == 1 else 10, dtype=np.int64)


def test_when_the_first_chunk_of_gaps_ends_before_the_last_trial_more_gaps_are_drawn_and_appended():
    """m = 100, p = 0.01: one success expected, a chunk of ⌊1 + 6·1 + 16⌋ = 23 gaps. If those gaps are
    all 1 (successes at trials 0 to 22, short of trial 100) a second chunk of 23 gaps at the same p
    is drawn and appended: gaps of 10 put the next successes at 22 + 10 = 32, 42, ..., 92; 102 is
    past the last trial."""
    rng = _Gaps()
    positions = bernoulli_positions(rng, 100, 0.01)
    assert positions.tolist() == list(range(23)) + [32, 42, 52, 62, 72, 82, 92]
    assert rng.calls == [(0.01, 23), (0.01, 23)]
