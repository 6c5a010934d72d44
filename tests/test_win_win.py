"""The win-win doctrine: generous tit-for-tat, unconditional cooperation, negotiation, sufficiency."""

import numpy as np
import pytest

from detente.model import DiplomacyModel
from detente.model.mechanisms import perception

from helpers import only


def _win_win(n=30, **knobs):
    model = DiplomacyModel(rng=0, n_states=n, doctrine="win_win", **only("game"), **knobs)
    return model, model.doctrine_list[1]


def test_reciprocates_defection_and_forgives_at_the_generosity_rate():
    model, doctrine = _win_win(generosity=0.3)
    model.seen[:] = False  # every neighbour defected last year
    moves = doctrine.cooperate(model, slice(None))[model.adjacency]
    assert moves.mean() == pytest.approx(0.3, abs=0.03)  # 870 dyads: 3 s.e. ≈ 0.047
    model.seen[:] = True
    assert doctrine.cooperate(model, slice(None))[model.adjacency].all()


def test_without_retaliation_always_cooperates_and_never_resists():
    model, doctrine = _win_win(**{"win_win.retaliation": False})
    model.seen[:] = False
    assert doctrine.cooperate(model, slice(None))[model.adjacency].all()
    assert not doctrine.resists()


def test_never_initiates_force():
    model, doctrine = _win_win(n=4)
    model.military[0] = 100.0
    view = perception.perceive(model)
    assert not doctrine.initiates(model, view, np.array([0, 0, 0]), np.array([1, 2, 3])).any()
