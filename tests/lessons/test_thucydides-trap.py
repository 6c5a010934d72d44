"""What the thucydides-trap lesson's THINGS TO NOTICE claims, over the scenario's 20 seeds and 100
years (both variants: a dissatisfied challenger, dissatisfaction 0.7, and a satisfied one, 0)."""

import numpy as np
import pandas as pd

from lesson_support import ensemble, final, series, wars

DISSATISFIED = "thucydides-trap/dissatisfied-challenger"
SATISFIED = "thucydides-trap/satisfied-challenger"


def _ratio(name: str) -> pd.DataFrame:
    """The Challenger's power over the Dominant's, per year (rows) and seed (columns)."""
    return series(name, "Challenger", "power") / series(name, "Dominant", "power")


def _first_wars(name: str) -> dict[int, int]:
    """Per seed with a war: the year of its first war."""
    world, _ = ensemble(name)
    return {seed: int(run.year[run.wars > 0].min()) for seed, run in world.groupby("seed")
            if run.wars.sum() > 0}


def test_a_dissatisfied_challenger_brings_war_and_a_satisfied_one_none():
    """Dissatisfied: war in 7 to 17 of the 20 seeds (measured 12), 0.8 to 2.5 wars a run (mean;
    measured 1.6), at least 80 % of them wars by demand (measured 31 of 32). Satisfied: no war in any
    seed. In both, final trust below 0.1 (mean; measured about 0.01 and 0.02) and stage-game
    cooperation below 5 % over the run (measured 0)."""
    dissatisfied, satisfied = final(DISSATISFIED), final(SATISFIED)
    assert 7 <= (dissatisfied.wars > 0).sum() <= 17
    assert 0.8 <= dissatisfied.wars.mean() <= 2.5
    assert dissatisfied.demand_wars.sum() >= 0.8 * dissatisfied.wars.sum()
    assert (satisfied.wars == 0).all()
    for name in (DISSATISFIED, SATISFIED):
        assert final(name).mean_trust.mean() < 0.1
        assert ensemble(name)[0].groupby("seed").cooperation_rate.mean().mean() < 0.05


def test_the_first_war_comes_early_far_from_parity():
    """Of the seeds with a war, at least two thirds have their first war within the first ten years
    (measured 10 of 12) and at least two thirds while the challenger's power is below half the
    dominant power's (measured 11 of 12, at 0.25 to 0.45)."""
    first, ratio = _first_wars(DISSATISFIED), _ratio(DISSATISFIED)
    assert sum(year <= 10 for year in first.values()) >= 2 / 3 * len(first)
    assert sum(ratio.loc[year - 1, seed] < 0.5 for seed, year in first.items()) >= 2 / 3 * len(first)


def test_war_is_no_likelier_near_parity_and_stops_once_the_challenger_is_ahead():
    """Wars per year by the power ratio at the start of the year: near parity (0.8 to 1.25) at most
    1.5 times the rate while the challenger is behind (below 0.8) (measured 0.042 against 0.065: no
    clustering at parity), and below 0.01 once it is more than a quarter ahead (measured 0 in about
    1450 years)."""
    world, _ = ensemble(DISSATISFIED)
    start = _ratio(DISSATISFIED).shift(1).stack().rename("ratio").reset_index()
    years = world[["seed", "year", "wars"]].merge(start, on=["seed", "year"])
    phase = pd.cut(years.ratio, [0, 0.8, 1.25, np.inf], labels=["behind", "parity", "ahead"])
    rate = years.groupby(phase, observed=False).wars.mean()
    assert rate["parity"] <= 1.5 * rate["behind"], rate
    assert rate["ahead"] < 0.01, rate


def test_the_dominant_power_wins_most_wars_and_still_declines():
    """The Dominant wins more than half of all wars (measured 19 of 32); no state is absorbed in any
    seed. In year 100 (medians over seeds): with a dissatisfied challenger its burden is above 25 %
    (measured 30 %, the ceiling) and its wealth below 1 (measured 0.12, from 4); with a satisfied
    challenger its burden is above 10 % (measured 19 %) and its wealth at most 1.2 times its
    wealth in year 60 (measured 9.1 against 9.2)."""
    fought = wars(DISSATISFIED)
    assert (fought.winner == "Dominant").mean() > 0.5
    for name in (DISSATISFIED, SATISFIED):
        assert (final(name).states_alive == 2).all()
    for name, least_burden in ((DISSATISFIED, 0.25), (SATISFIED, 0.10)):
        wealth, arms = series(name, "Dominant", "wealth"), series(name, "Dominant", "military")
        assert (arms.loc[100] / wealth.loc[100]).median() > least_burden
    assert series(DISSATISFIED, "Dominant", "wealth").loc[100].median() < 1
    wealth = series(SATISFIED, "Dominant", "wealth")
    assert wealth.loc[100].median() <= 1.2 * wealth.loc[60].median()
