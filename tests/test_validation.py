"""The stylised facts of docs/validation.md, measured on the historical-baseline scenario over its
own 20 seeds and 100 years. The targets are history's ranges; the test fails when the model leaves
them. (The knobs greedy_share and network_radius of the scenario were chosen so that it falls in
them: this is a calibration check, not an out-of-sample test; see docs/validation.md.)"""

from functools import cache

import numpy as np

from detente.scenarios import load


@cache
def baseline() -> dict[str, float]:
    """War onsets per neighbouring dyad-year, share of states lost per century, mean burden."""
    scenario = load("historical-baseline")
    onsets = dyad_years = 0
    lost, burden = [], []
    for seed in range(scenario.seeds):
        model = scenario.model(seed, collect_states=False)
        start = model.n
        for _ in range(scenario.years):
            dyad_years += model.edges.shape[0]  # neighbouring dyads alive at the start of the year
            model.step()
            onsets += model.outputs["war_onsets"]
            burden.append(model.outputs["military_burden"])
        lost.append(1 - model.n / start)
    return {"onsets": onsets / dyad_years, "lost_per_century": np.mean(lost) * 100 / scenario.years,
            "burden": float(np.mean(burden))}


def test_war_onsets_per_neighbouring_dyad_year_are_in_the_correlates_of_war_range():
    """Target 1e-4 to 1e-3 (Correlates of War, contiguous dyads); measured 2.2e-4."""
    assert 1e-4 <= baseline()["onsets"] <= 1e-3


def test_states_lost_per_century_are_in_fazals_range():
    """Target 5 % to 25 % of states per century (Fazal 2007); measured 5.7 % (the low end)."""
    assert 0.05 <= baseline()["lost_per_century"] <= 0.25


def test_military_burden_is_in_the_sipri_range():
    """Target 1 % to 5 % of wealth (SIPRI, most states); measured 2.7 % (mean over years and seeds)."""
    assert 0.01 <= baseline()["burden"] <= 0.05
