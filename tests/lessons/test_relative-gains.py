"""THINGS TO NOTICE of relative-gains, each claim over the scenario's default seeds and years."""

from functools import cache

from lesson_support import ensemble, final

from detente import runs
from detente.scenarios import load


def _name(world):
    return f"relative-gains/{world}"


def _cooperation(world):
    """Each seed's stage-game cooperation averaged over the run."""
    return ensemble(_name(world))[0].groupby("seed").cooperation_rate.mean()


@cache
def _cooperation_with(n_states):
    """Mean cooperation over the run and seeds of bipolar-relative's states, n_states of them."""
    scenario = load(_name("bipolar-relative")).with_knobs({"n_states": n_states})
    world, _ = runs.ensemble(scenario, range(scenario.seeds), scenario.years)
    return world.groupby("seed").cooperation_rate.mean().mean()


def test_two_states_that_weigh_relative_gains_never_cooperate_and_end_poorer():
    """bipolar-relative: cooperation over the run below 2 % in every seed (measured 0); final mean
    trust below 0.05 (measured about 0.02, from 0.3); the absolute-gains pair's final wealth 1.8 to
    3.5 times theirs (ratio of means; measured about 2.6: 74 against 28)."""
    assert (_cooperation("bipolar-relative") < 0.02).all()
    relative, absolute = final(_name("bipolar-relative")), final(_name("bipolar-absolute"))
    assert relative.mean_trust.mean() < 0.05
    assert 1.8 < absolute.welfare.mean() / relative.welfare.mean() < 3.5


def test_the_absolute_gains_pair_cooperates_most_of_the_time():
    """bipolar-absolute: cooperation over the run between 0.85 and 0.97 on average (measured 0.92),
    above 0.8 in every seed."""
    cooperation = _cooperation("bipolar-absolute")
    assert 0.85 < cooperation.mean() < 0.97 and (cooperation > 0.8).all()


def test_ten_states_with_the_same_concern_cooperate_almost_always():
    """multipolar-relative: cooperation over the run above 0.97 on average (measured 0.99)."""
    assert _cooperation("multipolar-relative").mean() > 0.97


def test_the_dilution_is_gradual_in_the_number_of_states():
    """The bipolar-relative states, three of them: mean cooperation over the run between 0.25 and 0.75
    (measured 0.48); four: between 0.75 and 0.95 (measured 0.87); rising from two to three to four
    to ten."""
    three, four = _cooperation_with(3), _cooperation_with(4)
    assert 0.25 < three < 0.75 and 0.75 < four < 0.95
    assert (_cooperation("bipolar-relative").mean() < three < four
            < _cooperation("multipolar-relative").mean())


def test_no_war_is_fought_and_the_pairs_crises_are_settled():
    """No war in any seed of any world; each pair has 4 to 14 crises a century on average (measured
    about 8 for the absolute-gains pair, 11 for the relative-gains pair)."""
    for world in ("bipolar-absolute", "bipolar-relative", "multipolar-relative"):
        assert (final(_name(world)).wars == 0).all()
    for world in ("bipolar-absolute", "bipolar-relative"):
        assert 4 <= final(_name(world)).crises.mean() <= 14
