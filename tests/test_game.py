"""Mechanism 2: the stage game, payoffs and trade gains."""

import copy

import numpy as np
import pytest

from detente.model import DOCTRINES, DiplomacyModel, Doctrine
from detente.model.doctrines.base import belief_knobs, richardson_knobs
from detente.model.knobs import knob_table
from detente.model.mechanisms import game
from detente.model.mechanisms.base import Year

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


def test_greedy_states_probe_with_their_own_draws_as_often_as_they_are_dissatisfied():
    """Four win-win states that all cooperate (they saw cooperation, no noise); B and D are greedy
    (dissatisfaction 0.5 and 0.8), A and C satisfied. Only the greedy probe: the world draws a row
    of four uniforms per greedy state, B's first, then D's, and each defects toward j where its
    draw u_j falls below its dissatisfaction. The satisfied states' moves are untouched."""
    model = DiplomacyModel(rng=11, n_states=4, doctrine="win_win", **only("game"), noise=0.0)
    model.dissatisfaction[:] = [0.0, 0.5, 0.0, 0.8]
    draws = copy.deepcopy(model.rng).random((2, 4))
    expected = model.adjacency.copy()
    expected[1] &= ~(draws[0] < 0.5)
    expected[3] &= ~(draws[1] < 0.8)
    play = game.play(model)
    assert (play.moves == expected).all()
    assert not expected[[1, 3]][model.adjacency[[1, 3]]].all()  # some probe did defect


def test_the_cooperation_rate_output_is_the_share_of_dyads_in_mutual_cooperation():
    """Three win-win states, no noise, no probing: every dyad cooperates, so the year's
    cooperation_rate is 1; then everyone is made to have seen C defect, and C everyone (tit-for-tat
    without generosity answers in kind): of the 6 directed dyads, the 2 between A and B remain
    mutual, 2/6 = 1/3. Before any year (year None) there is no rate (NaN)."""
    model = DiplomacyModel(rng=0, n_states=3, doctrine="win_win", **only("game"), noise=0.0,
                           generosity=0.0)
    mechanism = next(m for m in model.mechanisms if m.name == "game")
    assert np.isnan(mechanism.report(model, None)["cooperation_rate"])
    model.step()
    assert model.outputs["cooperation_rate"] == 1.0
    year = Year(model)
    model.seen[:, 2] = False  # everyone saw C defect: tit-for-tat answers with defection
    model.seen[2, :] = False  # and C saw everyone defect
    year.decided["game"] = game.play(model)
    assert mechanism.report(model, year)["cooperation_rate"] == pytest.approx(1 / 3)


class Dove(Doctrine):
    """A test doctrine that always cooperates, and gives its moves as whole numbers (1)."""

    name = "dove"
    classifier = {"gains": "absolute", "threat": "none"}
    knobs = knob_table(*richardson_knobs(reaction=0.1, fatigue=0.3, grievance=0.0),
                       *belief_knobs(prior=0.5, empathy=1.0, source="a test"))

    def benign(self, model, rows):
        return np.ones((1, model.n))

    def cooperate(self, model, rows):
        return np.ones(model.seen[rows].shape, dtype=np.int64)

    def resists(self):
        return False


def test_a_doctrine_may_give_its_moves_as_whole_numbers(monkeypatch):
    """A world of doves (one doctrine: its moves are the world's): cooperate() answers 1 for every
    state, read as True; on the complete network of three every dyad cooperates, each state earns
    R = 3 from each of its two neighbours."""
    monkeypatch.setitem(DOCTRINES, "dove", Dove)
    model = DiplomacyModel(rng=0, n_states=3, doctrine="dove", **only("game"), noise=0.0,
                           payoffs=[5, 3, 1, 0])
    play = game.play(model)
    assert (play.moves == model.adjacency).all() and play.moves.dtype == bool
    assert play.payoff.tolist() == [6.0, 6.0, 6.0] and play.cooperation_rate == 1.0
