"""What the peaceful-transition lesson's THINGS TO NOTICE claims, over the scenario's 20 seeds and
100 years: both states win-win, the challenger satisfied (the plain id) or dissatisfied (0.7),
compared with the zero-sum thucydides-trap on the same seeds."""

from lesson_support import ensemble, final, series, wars

PEACEFUL = "peaceful-transition"
DISSATISFIED = "peaceful-transition/dissatisfied-challenger"


def _ratio(name: str):
    """The Challenger's power over the Dominant's, per year (rows) and seed (columns)."""
    return series(name, "Challenger", "power") / series(name, "Dominant", "power")


def test_a_satisfied_challenger_overtakes_without_war():
    """No war in any seed; the challenger's power passes the dominant power's between years 25 and
    37 (median; measured 31, from 30 to 33) and ends at least four times as large in every seed
    (measured 6.1 to 8.1)."""
    assert (final(PEACEFUL).wars == 0).all()
    ratio = _ratio(PEACEFUL)
    assert 25 <= (ratio >= 1).idxmax().median() <= 37
    assert (ratio.iloc[-1] > 4).all()


def test_the_satisfied_win_win_pair_keeps_trust_trades_and_barely_arms():
    """Mean trust over the run from 0.4 to 0.6 (measured 0.51); stage-game cooperation over the run
    from 0.5 to 0.9 (measured 0.70); a security community forms at some time in 5 to 18 seeds
    (measured 12) but is there in year 100 in at most 4 (measured 1); final burden below 2 % (mean;
    measured 1.1 %)."""
    world, _ = ensemble(PEACEFUL)
    runs = world[world.year > 0].groupby("seed")
    assert 0.4 <= runs.mean_trust.mean().mean() <= 0.6
    assert 0.5 <= runs.cooperation_rate.mean().mean() <= 0.9
    assert 5 <= (runs.community_size.max() > 0).sum() <= 18
    assert (final(PEACEFUL).community_size > 0).sum() <= 4
    assert final(PEACEFUL).military_burden.mean() < 0.02


def test_the_satisfied_win_win_world_is_richer_than_the_zero_sum_one():
    """Welfare at least three times the zero-sum pair's with the same satisfied challenger (means;
    measured 775 against 184), and the dominant power's median wealth in year 100 at least five
    times as large (measured 90 against 9)."""
    zero_sum = "thucydides-trap/satisfied-challenger"
    assert final(PEACEFUL).welfare.mean() > 3 * final(zero_sum).welfare.mean()
    dominant = {name: series(name, "Dominant", "wealth").loc[100].median() for name in (PEACEFUL, zero_sum)}
    assert dominant[PEACEFUL] > 5 * dominant[zero_sum]


def test_win_win_does_not_stop_a_dissatisfied_challenger():
    """Dissatisfied challenger, both win-win: war in 13 to 20 of 20 seeds (measured 19), 0.8 to 2.5
    wars a run (mean; measured 1.55), at least as many seeds with war as the zero-sum trap has minus
    three (measured 19 against 18), at least 80 % of wars by demand (measured all), final trust below
    0.2 (mean over the seeds where both are alive; measured 0.11)."""
    outcome, trap = final(DISSATISFIED), final("thucydides-trap/dissatisfied-challenger")
    assert 13 <= (outcome.wars > 0).sum() <= 20
    assert 0.8 <= outcome.wars.mean() <= 2.5
    assert (outcome.wars > 0).sum() >= (trap.wars > 0).sum() - 3
    assert outcome.demand_wars.sum() >= 0.8 * outcome.wars.sum()
    assert outcome.mean_trust.mean() < 0.2


def test_the_win_win_dominant_power_is_annexed_more_often_than_the_zero_sum_one():
    """Dissatisfied challenger: the win-win Dominant is annexed in at least 13 of 20 seeds (measured
    18), in at least 5 more seeds than the zero-sum Dominant of the trap (measured 9), always by the
    Challenger and when the Challenger was at least four times as rich (measured 5.2 to 13.5); the
    win-win Dominant wins at most a third of its wars (measured 6 of 31)."""
    outcome, trap = final(DISSATISFIED), final("thucydides-trap/dissatisfied-challenger")
    annexed = outcome.index[outcome.states_alive == 1]
    assert len(annexed) >= 13
    assert len(annexed) >= (trap.states_alive == 1).sum() + 5
    fought = wars(DISSATISFIED)
    richer = series(DISSATISFIED, "Challenger", "wealth") / series(DISSATISFIED, "Dominant", "wealth")
    for seed in annexed:
        last = fought[fought.seed == seed].iloc[-1]
        assert (last.winner, last.loser) == ("Challenger", "Dominant")
        assert richer.loc[last.year - 1, seed] > 4
    assert (fought.winner == "Dominant").mean() <= 1 / 3


def test_the_peace_dividend_holds_even_with_war():
    """Dissatisfied challenger: welfare of the win-win world at least twice the zero-sum trap's
    (means; measured 529 against 95)."""
    assert final(DISSATISFIED).welfare.mean() > 2 * final("thucydides-trap/dissatisfied-challenger").welfare.mean()
