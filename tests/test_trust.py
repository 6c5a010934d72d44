"""Mechanism: trust as the belief that a neighbour is a security seeker (Kydd 2005), in log-odds."""

import math
from types import SimpleNamespace

import numpy as np
import pytest

from detente.model import DiplomacyModel
from detente.model.mechanisms import trust_kernel
from detente.model.mechanisms.base import Year
from detente.model.mechanisms.trust import EVIDENCE

from helpers import only


def logit(p):
    return math.log(p / (1 - p))


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def test_cooperation_is_weak_evidence_and_defection_strong(two_states):
    """No arms (no arms evidence), no war: a win-win state (prior 0.5) sees the zero-sum state
    defect (its relative-gains weight is huge): ℓ = 0 + 0.3 · (−1). The zero-sum state (prior 0.3)
    sees cooperation: ℓ = logit(0.3) + 0.3 · 0.25."""
    model = two_states("win_win", "zero_sum", **only("game", "trust"), noise=0.0, generosity=0.0,
                       relative_gains=100.0, trust_rate=0.3, initial_burden=0.0)
    model.step()
    assert model.moves[1, 0] == False and model.moves[0, 1] == True  # noqa: E712
    assert model.trust[0, 1] == pytest.approx(sigmoid(0.3 * -EVIDENCE["defection"]))
    assert model.trust[1, 0] == pytest.approx(sigmoid(logit(0.3) + 0.3 * EVIDENCE["cooperation"]))


def test_without_evidence_trust_returns_toward_the_prior():
    """trust_memory 0.5: each year half of the belief beyond the prior (in log-odds) is forgotten."""
    model = DiplomacyModel(rng=0, n_states=2, **only("trust"), initial_burden=0.0, trust_memory=0.5)
    model.belief[0, 1] = logit(0.9)
    model.step()
    assert model.trust[0, 1] == pytest.approx(sigmoid(logit(0.3) + 0.5 * (logit(0.9) - logit(0.3))))


@pytest.mark.parametrize("distinguishability", [0.0, 0.6])
def test_arming_beyond_a_security_seekers_need_alarms_as_far_as_it_cannot_be_seen_as_defence(
        distinguishability):
    """Two zero-sum states (empathy 0: A does not count its own arms in the threat B faces, so B's
    need is its grievance alone, g·W/a = 0.01 · 10 / 0.4 = 0.25). B holds 0.3: excess 0.2, seen as
    defensive as far as distinguishability · posture (posture 1). A (0.1) holds less than its need
    and did not raise its burden: restraint, credible as far as A is exposed, T/(T + P)."""
    states = [dict(name="A", arms=0.1, wealth=10), dict(name="B", arms=0.3, wealth=10)]
    model = DiplomacyModel(rng=0, states=states, **only("trust"), trust_rate=0.3,
                           distinguishability=distinguishability)
    model.step()
    prior, weight = logit(0.3), EVIDENCE["arms"]
    alarm = (0.3 / 0.25 - 1) * (1 - distinguishability)
    assert model.trust[0, 1] == pytest.approx(sigmoid(prior - 0.3 * weight * alarm))
    exposed = (1 - distinguishability) * 0.3 / ((1 - distinguishability) * 0.3 + 0.1 + 0.1 * 10)
    reassurance = (1 - 0.1 / 0.25) * exposed
    assert model.trust[1, 0] == pytest.approx(sigmoid(prior + 0.3 * weight * reassurance))


def test_a_state_that_sees_its_own_arms_as_a_threat_reads_a_neighbours_reaction_as_need():
    """The same arms, read by an empathic observer (empathy 1): B's need counts A's arms,
    (0.3 · 0.1 + 0.01 · 10) / 0.4 = 0.325 > 0.3, so B's arms alarm it not at all."""
    states = [dict(name="A", arms=0.1, wealth=10), dict(name="B", arms=0.3, wealth=10)]
    model = DiplomacyModel(rng=0, states=states, **only("trust"), distinguishability=0.0,
                           zero_sum=dict(empathy=1.0))
    model.step()
    assert model.trust[0, 1] >= 0.3


def test_an_attack_is_strong_evidence_and_trust_recovers_after_restraint():
    """Kydd 2005: an attack takes 4 (attack) + 0.5 (crisis) off the log-odds at once; then years
    of cooperation without conflict bring trust back above where it stood before."""
    n = 2
    f = np.array
    # one doctrine (code 0): its prior in log-odds
    common = dict(anchor=f([0.0]), adjacency=~np.eye(n, dtype=bool), arms=np.zeros(n))

    def update(belief, seen, attack):
        i, j = (f([0]), f([1])) if attack else (np.empty(0, int), np.empty(0, int))
        kind = f([2]) if attack else np.empty(0, int)
        return trust_kernel.trust_update(
            belief, np.zeros(n, np.int64), common["anchor"], seen, np.zeros((n, n), bool),
            common["adjacency"], np.ones(n, np.int64),
            np.zeros(n),
            np.zeros(n), np.ones(n), np.ones(n), np.full(n, 0.1), np.ones(n), np.zeros(n, bool),
            np.zeros(1), f([[0.3, 0.4, 0.01]]), np.zeros(1), np.zeros((n, n)), i, j, kind,
            f([1]) if attack else kind, f([0]) if attack else kind, f(list(EVIDENCE.values())),
            0.5, 0.3, 0.9)

    cooperating = ~np.eye(n, dtype=bool)
    belief, trust = update(np.full((n, n), logit(0.6)), cooperating, attack=True)
    assert belief[0, 1] == pytest.approx(0.9 * logit(0.6) + 0.3 * (0.25 - 0.5 - 4.0))
    assert trust[0, 1] == pytest.approx(sigmoid(belief[0, 1])) and trust[0, 1] < 0.35
    for _ in range(30):
        belief, trust = update(belief, cooperating, attack=False)
    assert trust[0, 1] > 0.6


def test_trust_off_keeps_the_priors():
    model = DiplomacyModel(rng=0, n_states=6, trust=False, doctrine={"zero_sum": 0.5, "win_win": 0.5})
    model.run_for(20)
    priors = np.where(np.array(model.agents.get("doctrine")) == "zero_sum", 0.3, 0.5)
    assert np.all(model.trust == priors[:, None])


def test_the_years_crises_and_coercions_are_evidence_in_the_trust_update():
    """Two zero-sum states (prior 0.3), no arms, no game: the only evidence is the war mechanism's
    record of the year, here one crisis between A and B in which B coerced A (kind 1). A crisis
    costs both beliefs EVIDENCE['crisis'] = 0.5; the coercion costs A's belief about B another
    EVIDENCE['coercion'] = 2:  ℓ_AB = logit(0.3) + 0.3 · (−0.5 − 2),  ℓ_BA = logit(0.3) + 0.3 · (−0.5).
    Without the record, neither belief moves."""
    model = DiplomacyModel(rng=0, n_states=2, doctrine="zero_sum", **only("trust"), trust_rate=0.3,
                           initial_burden=0.0)
    mechanism = next(m for m in model.mechanisms if m.name == "trust")
    one = np.array([0], dtype=np.int64)
    crisis = SimpleNamespace(i=one, j=one + 1, kind=one + 1, actor=one + 1, target=one)
    year = Year(model)
    year.decided["war"] = crisis
    belief, trust = mechanism.decide(model, year)
    assert belief[0, 1] == pytest.approx(logit(0.3) + 0.3 * (-0.5 - 2.0))
    assert belief[1, 0] == pytest.approx(logit(0.3) + 0.3 * -0.5)
    assert trust[0, 1] == pytest.approx(sigmoid(belief[0, 1]))
    quiet, _ = mechanism.decide(model, Year(model))
    assert quiet[0, 1] == pytest.approx(logit(0.3)) and quiet[1, 0] == pytest.approx(logit(0.3))
