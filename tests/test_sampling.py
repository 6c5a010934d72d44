"""Sparse Bernoulli sampling has the law of independent trials."""

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
