"""The year's record (mechanisms.base.Year) and the wealth accounts it leaves
(mechanisms.base.Accounts): each state's wealth change as the sum of its terms."""

from types import SimpleNamespace

import numpy as np
import pytest

from detente.model import DiplomacyModel
from detente.model.mechanisms.base import Accounts, Year

from helpers import only


def _world(n=3):
    return SimpleNamespace(wealth=np.ones(n), military=np.full(n, 0.1))


_STATES = [SimpleNamespace(name=name) for name in ("Aria", "Boros", "Cyan")]


def test_a_new_year_has_decided_nothing_and_every_term_unset():
    """Before any mechanism decides, the year holds the world's wealth and arms, no decisions, no
    terms of the accounts (None: zero), no payments, conquests or commitments, and reliability 0
    (no partner honours anything)."""
    world = _world()
    year = Year(world)
    assert year.decided == {} and year.get("war") is None
    assert year.wealth is world.wealth and year.military is world.military
    for term in ("wealth_change", "arms_lost", "growth_gain", "trade", "arms_cost", "tribute",
                 "war_losses", "spoils", "payments", "partners", "weighs", "backing"):
        assert getattr(year, term) is None, term
    assert year.conquests == []
    assert year.reliability == 0.0 and type(year.reliability) is float


def test_the_accounts_of_a_quiet_year_are_zero_for_every_term_the_year_left_unset():
    """A year where no mechanism wrote a term (growth, trade, arms, war losses, spoils, tribute)
    accounts it as zero for each of the three states; the settlement's terms are kept as given."""
    defaulted, floor, conquest = np.array([0.5, -0.5, 0.0]), np.array([0.0, 0.0, 0.25]), np.zeros(3)
    accounts = Accounts(_STATES, Year(_world()), defaulted, floor, conquest, [])
    assert accounts.names == ["Aria", "Boros", "Cyan"]
    for term in ("growth", "trade", "arms", "war_losses", "spoils", "tribute"):
        value = getattr(accounts, term)
        assert isinstance(value, np.ndarray) and value.tolist() == [0.0, 0.0, 0.0], term
    assert accounts.defaulted is defaulted and accounts.floor is floor and accounts.conquest is conquest
    assert accounts.conquests == []
    # change = defaulted + floor = 0.5, −0.5, 0.25
    assert accounts.change().tolist() == [0.5, -0.5, 0.25]


def test_the_accounts_take_each_term_the_year_set_and_sum_them_with_their_signs():
    """Every term set, with a different power of two per term (so that a wrong sign on any one term
    changes the sum), for state 0; state 1 has each term 1, state 2 each term 0 but conquest −1:

        change = growth + trade − arms − war_losses + spoils + tribute + defaulted + floor + conquest
        state 0: 1 + 2 − 4 − 8 + 16 + 32 + 64 + 128 + 256 = 487
        state 1: 1 + 1 − 1 − 1 + 1 + 1 + 1 + 1 + 1 = 5
        state 2: −1 (absorbed: its own wealth, leaving)."""
    year = Year(_world())
    terms = {name: np.array([2.0 ** k, 1.0, 0.0]) for k, name in enumerate(
        ("growth_gain", "trade", "arms_cost", "war_losses", "spoils", "tribute"))}
    for name, value in terms.items():
        setattr(year, name, value)
    defaulted, floor, conquest = np.array([64.0, 1.0, 0.0]), np.array([128.0, 1.0, 0.0]), np.array([256.0, 1.0, -1.0])
    accounts = Accounts(_STATES, year, defaulted, floor, conquest, [("Aria", "Cyan")])
    assert accounts.growth is terms["growth_gain"] and accounts.trade is terms["trade"]
    assert accounts.arms is terms["arms_cost"] and accounts.war_losses is terms["war_losses"]
    assert accounts.spoils is terms["spoils"] and accounts.tribute is terms["tribute"]
    assert accounts.conquests == [("Aria", "Cyan")]
    assert accounts.change().tolist() == [487.0, 5.0, -1.0]


def test_a_years_accounts_add_up_to_each_states_wealth_change():
    """One year of growth, arms and trade (two win-win states that cooperate, no noise): the accounts
    say what happened, and their change is the wealth change. Growth W·g = 2·0.05 = 0.1 and 0;
    arms W·drag·x/W = 0.5·0.2 = 0.1 and 0.5·0.1 = 0.05; trade = trade_gain · min(W) = 0.04·1 each."""
    states = [dict(name="A", wealth=2.0, growth=0.05, arms=0.2, doctrine="win_win"),
              dict(name="B", wealth=1.0, growth=0.0, arms=0.1, doctrine="win_win")]
    model = DiplomacyModel(rng=0, states=states, **only("economy", "game"), noise=0.0, trade_gain=0.04,
                           arms_drag=0.5)
    before = model.wealth.copy()
    model.step()
    accounts = model.accounts
    assert accounts.names == ["A", "B"]
    assert accounts.growth.tolist() == pytest.approx([0.1, 0.0])
    assert accounts.arms.tolist() == pytest.approx([0.1, 0.05])
    assert accounts.trade.tolist() == pytest.approx([0.04, 0.04])
    assert accounts.change().tolist() == pytest.approx((model.wealth - before).tolist())
    assert model.wealth.tolist() == pytest.approx([2.04, 0.99])
