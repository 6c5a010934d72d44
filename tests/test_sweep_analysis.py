"""Sweep analysis on synthetic stores: sensitivity indices against analytic values, the paired
advantage's signs, the claim map recovering a planted region, and the plots' files."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from detente.sweeps.analyze import (ClaimMap, Region, claim_map, claim_maps, paired_advantage,
                                    point_means, sensitivity)
from detente.sweeps.plots import DPI, distributions, heatmap, sensitivity_bars
from detente.sweeps.spec import Claim, Factor, Outcomes, Sampler, SweepSpec

PNG = b"\x89PNG\r\n\x1a\n"


def make_spec(bounds: dict, method: str, samples: int = 64, claim: Claim | None = None, **sampler):
    factors = tuple(Factor(name, "float", low=low, high=high) for name, (low, high) in bounds.items())
    return SweepSpec(id="test", title="test", scenario=None, factors=factors,
                     sampler=Sampler(method, samples, **sampler), seeds=2, years=10, seed=0,
                     outcomes=Outcomes(), claim=claim)


def make_store(spec: SweepSpec, knobs: np.ndarray, outcomes: dict, replications: int = 2):
    """The store's ``points`` and ``runs`` tables: ``outcomes`` maps world → column → values
    (points, or points × replications)."""
    points = pd.DataFrame(knobs, columns=spec.names)
    points.insert(0, "point", np.arange(len(knobs)))
    frames = []
    for world, columns in outcomes.items():
        for replication in range(replications):
            frame = points.copy()
            frame.insert(1, "world", world)
            frame.insert(2, "replication", replication)
            frame.insert(3, "status", "done")
            for column, values in columns.items():
                values = np.asarray(values, dtype=float)
                frame[column] = values if values.ndim == 1 else values[:, replication]
            frames.append(frame)
    runs = pd.concat(frames, ignore_index=True)
    runs.insert(0, "run", np.arange(len(runs)))
    return points, runs


def fail(runs: pd.DataFrame, mask) -> pd.DataFrame:
    """The runs with those rows marked failed (no outcome), as the store keeps them."""
    runs = runs.copy()
    outcomes = [c for c in runs.columns if c.endswith(("_final", "_total"))]
    runs.loc[mask, "status"] = "failed"
    runs.loc[mask, outcomes] = np.nan
    return runs


def ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


ISHIGAMI = {name: (-np.pi, np.pi) for name in ("zero_sum.relative_gains", "noise", "offense_dominance")}
# Analytic indices of the Ishigami function with a = 7, b = 0.1 (Saltelli et al. 2008, ch. 4)
ISHIGAMI_S1 = [0.3139, 0.4424, 0.0]
ISHIGAMI_ST = [0.5576, 0.4424, 0.2437]


def test_point_means_average_the_finished_replications_in_point_order():
    spec = make_spec({"a": (0, 1), "b": (0, 1)}, "lhs")
    _, runs = make_store(spec, np.zeros((3, 2)), {"": {"welfare_final": [[1, 3], [5, 7], [2, 2]]}})
    runs = fail(runs, (runs["point"] == 1) & (runs["replication"] == 0))
    runs = fail(runs, runs["point"] == 2)
    np.testing.assert_array_equal(point_means(runs, "welfare_final"), [2, 7, np.nan])
    np.testing.assert_array_equal(point_means(runs, "welfare_final", n_points=4), [2, 7, np.nan, np.nan])


def test_sobol_ranks_the_dominant_knob_first_with_indices_near_the_analytic_values():
    spec = make_spec(ISHIGAMI, "sobol", samples=1024)
    knobs = sobol_sample.sample(spec.problem(), 1024, calc_second_order=False, seed=1)
    points, runs = make_store(spec, knobs, {"": {"welfare_final": ishigami(knobs)}})
    runs = fail(runs, runs["run"] == 5)  # the other replication still gives the point its mean
    table = sensitivity(spec, points, runs, "welfare_final")
    assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    assert table["ST"].idxmax() == "zero_sum.relative_gains"
    # tolerance: 0.05 absolute, a few bootstrap half-widths at N = 1024
    np.testing.assert_allclose(table["ST"], ISHIGAMI_ST, atol=0.05)
    np.testing.assert_allclose(table["S1"], ISHIGAMI_S1, atol=0.05)
    assert (table["ST_conf"] > 0).all() and (table["ST_conf"] < 0.1).all()
    assert table.attrs["left_out"] == 1 and table.attrs["method"] == "sobol"
    pd.testing.assert_frame_equal(table, sensitivity(spec, points, runs, "welfare_final"))  # seeded bootstrap


def test_second_order_sobol_finds_the_one_interaction():
    spec = make_spec(ISHIGAMI, "sobol", samples=1024, second_order=True)
    knobs = sobol_sample.sample(spec.problem(), 1024, calc_second_order=True, seed=1)
    points, runs = make_store(spec, knobs, {"": {"welfare_final": ishigami(knobs)}})
    pairs = sensitivity(spec, points, runs, "welfare_final").attrs["S2"]
    # analytic S13 = ST1 - S1 = 0.2437, the others 0; tolerance 0.1 (S2 estimates are noisier)
    assert pairs.loc["zero_sum.relative_gains", "offense_dominance"] == pytest.approx(0.2437, abs=0.1)
    assert abs(pairs.loc["zero_sum.relative_gains", "noise"]) < 0.1


def test_sobol_refuses_points_without_a_finished_run():
    spec = make_spec(ISHIGAMI, "sobol", samples=64)
    knobs = sobol_sample.sample(spec.problem(), 64, calc_second_order=False, seed=1)
    points, runs = make_store(spec, knobs, {"": {"welfare_final": ishigami(knobs)}})
    runs = fail(runs, runs["point"].isin([3, 10]))
    with pytest.raises(ValueError, match="2 of 320 points have no finished run"):
        sensitivity(spec, points, runs, "welfare_final")


def test_morris_gives_the_dominant_knob_the_largest_mu_star():
    spec = make_spec({"a": (0, 2), "b": (0, 1), "c": (0, 1)}, "morris", samples=20, levels=4)
    knobs = morris_sample.sample(spec.problem(), 20, num_levels=4, seed=2)
    welfare = 5 * knobs[:, 0] + knobs[:, 1] ** 2 + 0.1 * knobs[:, 2]
    points, runs = make_store(spec, knobs, {"": {"welfare_final": welfare}})
    table = sensitivity(spec, points, runs, "welfare_final")
    assert list(table.columns) == ["mu_star", "mu_star_conf", "sigma"]
    assert table["mu_star"].idxmax() == "a"
    # a linear term: every elementary effect is the slope times the range, 5 × 2 (rounding only)
    assert table.loc["a", "mu_star"] == pytest.approx(10, abs=1e-9)
    assert table.loc["a", "sigma"] == pytest.approx(0, abs=1e-9)
    assert table.loc["c", "mu_star"] == pytest.approx(0.1, abs=1e-9)
    pd.testing.assert_frame_equal(table, sensitivity(spec, points, runs, "welfare_final"))  # seeded bootstrap


@pytest.mark.parametrize("method", ["grid", "lhs"])
def test_sensitivity_needs_a_sobol_or_morris_sample(method):
    spec = make_spec({"a": (0, 1), "b": (0, 1)}, method)
    points, runs = make_store(spec, np.random.default_rng(0).random((8, 2)), {"": {"welfare_final": np.ones(8)}})
    with pytest.raises(ValueError, match='sobol or morris sample.*method = "sobol"'):
        sensitivity(spec, points, runs, "welfare_final")


CLAIM = Claim(worlds={"win_win": {}, "zero_sum": {}},
              criteria={"welfare_final": "higher", "war_onsets_total": "lower"},
              labels={"welfare_final": "ends richer"})


def test_paired_advantage_is_positive_when_the_first_world_does_better():
    spec = make_spec({"a": (0, 1), "b": (0, 1)}, "lhs", claim=CLAIM)
    _, runs = make_store(spec, np.array([[0.1, 0.2], [0.3, 0.4]]), {
        "win_win": {"welfare_final": [5, 1], "war_onsets_total": [1, 0]},
        "zero_sum": {"welfare_final": [3, 2], "war_onsets_total": [4, 0]}}, replications=1)
    runs = fail(runs, (runs["world"] == "zero_sum") & (runs["point"] == 1))
    advantage = paired_advantage(spec, runs)
    assert advantage.to_dict("records") == [{
        "point": 0, "replication": 0, "a": 0.1, "b": 0.2,
        "advantage_welfare_final": 2.0,  # higher is better: 5 - 3
        "advantage_war_onsets_total": 3.0}]  # lower is better: 4 - 1
    assert advantage.attrs == {"worlds": ("win_win", "zero_sum"), "left_out": 1}


def test_paired_advantage_needs_a_claim():
    spec = make_spec({"a": (0, 1), "b": (0, 1)}, "lhs")
    _, runs = make_store(spec, np.zeros((2, 2)), {"": {"welfare_final": [1, 2]}})
    with pytest.raises(ValueError, match="needs a claim with at least two worlds"):
        paired_advantage(spec, runs)


@pytest.fixture(scope="module")
def planted():
    """A claim sweep where win_win ends richer exactly when a < 0.4 (elsewhere 30 % of the time),
    and has fewer wars exactly when b ≥ 0.5 (elsewhere both have none: a tie)."""
    rng = np.random.default_rng(7)
    spec = make_spec({"a": (0, 1), "b": (0, 1)}, "lhs", claim=CLAIM)
    knobs = rng.random((1000, 2))
    base = rng.normal(10, 1, size=(1000, 2))
    lucky = np.where(knobs[:, [0]] < 0.4, 1.0, np.where(rng.random((1000, 2)) < 0.3, 1.0, -1.0))
    wars = np.where(knobs[:, [1]] >= 0.5, 1.0, 0.0) * np.ones((1, 2))
    _, runs = make_store(spec, knobs, {
        "win_win": {"welfare_final": base + lucky * rng.uniform(0.1, 1, (1000, 2)), "war_onsets_total": 0 * wars},
        "zero_sum": {"welfare_final": base, "war_onsets_total": wars}})
    return spec, fail(runs, runs["run"].isin([0, 2500]))  # one failed run in each world


def test_claim_map_recovers_the_planted_region(planted):
    spec, runs = planted
    richer = claim_map(spec, runs, "welfare_final")
    best = richer.regions[0]
    assert best.box["a"][0] is None and best.box["a"][1] == pytest.approx(0.4, abs=0.05)
    assert best.density >= 0.9 and best.coverage == pytest.approx(0.4, abs=0.05)
    assert sum(region.coverage for region in richer.regions) == pytest.approx(1)
    assert sum(region.runs for region in richer.regions) == richer.runs == 1998
    assert richer.left_out == 2
    assert richer.share == pytest.approx(0.4 + 0.6 * 0.3, abs=0.05)
    sentences = richer.sentences()
    assert sentences[0].startswith("Overall, win_win ends richer than zero_sum in")
    assert "(2 pairs with a failed or missing run left out)" in sentences[0]
    assert "win_win ends richer than zero_sum in" in sentences[1] and "where a < 0.4" in sentences[1]
    assert f"{100 * best.density:.0f} %" in sentences[1]
    assert f"({100 * best.coverage:.0f} % of all runs)" in sentences[1]
    # where a ≥ 0.4 zero_sum wins 70 % of the time: the reverse sentence
    assert any(s.startswith("zero_sum ends richer than win_win") and "a ≥ 0.4" in s for s in sentences)


def test_claim_maps_count_ties_apart_and_word_criteria_without_a_label(planted):
    spec, runs = planted
    maps = claim_maps(spec, runs)
    assert list(maps) == ["welfare_final", "war_onsets_total"]
    wars = maps["war_onsets_total"]
    peaceful = next(region for region in wars.regions if region.box.get("b", (None, None))[1])
    assert peaceful.density == 0 and peaceful.density_b == 0  # both worlds at peace: ties
    assert wars.regions[0].density == 1 and wars.regions[0].box["b"][0] == pytest.approx(0.5, abs=0.05)
    sentences = wars.sentences()
    assert "win_win does better on war_onsets_total than zero_sum" in sentences[0]
    assert ", tied in" in sentences[0]
    assert "win_win and zero_sum tie on war_onsets_total in 100 % of runs where b < 0.5 (50 % of all runs)." \
        in sentences


def check_png(path, size):
    data = path.read_bytes()
    assert data.startswith(PNG) and len(data) > 10_000
    height, width = imread(path).shape[:2]
    assert (width, height) == (round(size[0] * DPI), round(size[1] * DPI))


def test_plots_write_png_files(planted, tmp_path):
    spec, runs = planted
    advantage = paired_advantage(spec, runs)
    richer = claim_map(spec, runs, "welfare_final")
    check_png(heatmap(advantage, "a", "b", "advantage_welfare_final", tmp_path / "advantage.png",
                      regions=richer), (7, 5.5))
    check_png(heatmap(runs[runs["world"] == "zero_sum"], "a", "b", "welfare_final", tmp_path / "welfare.png",
                      bins=4), (7, 5.5))
    check_png(distributions(advantage, richer, tmp_path / "regions.png"), (7, 1.5 + 0.7 * len(richer.regions)))
    sobol = pd.DataFrame({"S1": [0.3, 0.4, 0.0], "S1_conf": [0.02] * 3, "ST": [0.55, 0.45, 0.25],
                          "ST_conf": [0.03] * 3}, index=list(ISHIGAMI))
    check_png(sensitivity_bars(sobol, tmp_path / "sobol.png", "welfare_final"), (7, 1.5 + 0.45 * 3))
    morris = pd.DataFrame({"mu_star": [10, 1, 0.1], "mu_star_conf": [0.5, 0.2, 0.0], "sigma": [0, 0.6, 0]},
                          index=["a", "b", "c"])
    check_png(sensitivity_bars(morris, tmp_path / "morris.png", "welfare_final"), (7, 1.5 + 0.45 * 3))


def test_sentences_word_boxes_compactly_and_say_when_no_world_wins_most_runs():
    close = Region(box={"a": (0.2, 0.4), "years": (1234.5, None)}, coverage=0.125, density=0.4,
                   density_b=0.35, runs=250, mean_advantage=0.01)
    assert close.condition() == "0.2 ≤ a < 0.4 and years ≥ 1,230"
    assert close.condition(short=True) == "0.2≤a<0.4, years≥1,230"
    whole = ClaimMap("welfare_final", "win_win", "zero_sum", "ends richer", share=0.4, share_b=0.35,
                     runs=2000, left_out=0, regions=(close,))
    assert whole.sentences() == [
        "Overall, win_win ends richer than zero_sum in 40 % of 2,000 paired runs, zero_sum in 35 %, tied in 25 %.",
        "Neither world does better in most runs where 0.2 ≤ a < 0.4 and years ≥ 1,230 (12 % of all runs): "
        "win_win ends richer than zero_sum in 40 %, zero_sum in 35 %, tied in 25 %."]


def test_a_share_above_nothing_or_below_all_never_reads_as_0_or_100_percent():
    from detente.sweeps.analyze import _percent

    assert [_percent(x) for x in (0.0, 0.002, 0.4, 0.998, 1.0)] == [
        "0 %", "under 1 %", "40 %", "over 99 %", "100 %"]
