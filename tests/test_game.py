"""Mechanism 2: the stage game, payoffs and trade gains."""

import numpy as np
import pytest

from detente.model import DiplomacyModel
from detente.model.mechanisms import game

from helpers import only


def test_payoffs_and_trade_follow_the_moves(two_states):
    model = two_states("win_win", "zero_sum", **only("game"), noise=0.0, generosity=0.0,
                       relative_gains=50.0, trade_gain=0.1, payoffs=[5, 3, 1, 0])
    model.wealth[:] = [2.0, 1.0]
    play = game.play(model)
    assert play.moves[0, 1] and not play.moves[1, 0]  # tit-for-tat opens nicely; zero-sum defects
    assert play.payoff.tolist() == [0.0, 5.0]
    # trade = trade_gain * payoff / R * min(W_i, W_j) / degree
    assert play.trade.tolist() == pytest.approx([0.0, 0.1 * 5 / 3 * 1.0])
    assert play.cooperation_rate == 0.0


def test_mutual_cooperation_pays_trade_gain_of_the_smaller_wealth(two_states):
    model = two_states("win_win", "win_win", **only("game"), noise=0.0, trade_gain=0.05)
    model.wealth[:] = [3.0, 1.0]
    play = game.play(model)
    assert play.trade.tolist() == pytest.approx([0.05, 0.05])
    assert play.cooperation_rate == 1.0


def test_game_off_means_no_moves_and_no_score():
    model = DiplomacyModel(rng=0, n_states=5, game=False)
    model.run_for(10)
    assert np.all(model.score == 0)
    assert np.isnan(model.outputs["cooperation_rate"])
