"""claim-map: the lesson reads the shipped sweep (sweeps/specs/claim-map.toml). Its world is the
sweep's base and its variants the claim's worlds; a small version of the sweep (24 points, 2 seeds,
a few seconds) checks what holds at any size, namely that the sentences name the swept knobs and
that win-win ends richer in nearly every paired run; the full shipped sweep (2,048 runs, about 30 s
on two cores) checks the figures THINGS TO NOTICE quotes; the lesson's own point runs its ten seeds."""

import re

import numpy as np
import pytest

from detente.scenarios import load
from detente.sweeps import analyze, load as load_runs, load_spec
from detente.sweeps.run import executor_for, run_sweep
from detente.sweeps.spec import shipped_spec
from lesson_support import final

NAME = "claim-map"


def _maps(spec, store):
    return analyze.claim_maps(spec, load_runs(store))


def _ties(claim) -> float:
    return 1 - claim.share - claim.share_b


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The shipped spec at 24 points and 2 seeds: 96 runs."""
    folder = tmp_path_factory.mktemp("small-claim-map")
    text = shipped_spec(NAME).read_text()
    text = re.sub(r"^samples = \d+", "samples = 24", text, flags=re.M)
    text = re.sub(r"^seeds = \d+", "seeds = 2", text, flags=re.M)
    (folder / "spec.toml").write_text(text)
    spec = load_spec(folder / "spec.toml")
    run_sweep(spec, folder / "store", progress=False)
    return spec, _maps(spec, folder / "store")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped sweep itself, on two local processes."""
    spec = load_spec(shipped_spec(NAME))
    store = tmp_path_factory.mktemp("claim-map") / "store"
    with executor_for(2) as (executor, workers):
        run_sweep(spec, store, executor, workers, progress=False)
    return spec, _maps(spec, store)


def test_the_world_is_the_sweeps_base_and_its_variants_the_claims_worlds():
    spec = load_spec(shipped_spec(NAME))
    scenario = load(NAME)
    assert spec.scenario.id == "security-dilemma"
    assert scenario.knobs == {**load("security-dilemma").knobs, "greedy_share": 0.3}
    assert scenario.knobs == spec.scenario.knobs | {"greedy_share": 0.3}
    assert {name: load(f"{NAME}/{name}").knobs["doctrine"] for name in scenario.variants} == {
        name: knobs["doctrine"] for name, knobs in spec.claim.worlds.items()}
    assert (spec.years, spec.seeds, spec.sampler.samples, len(spec.factors)) == (100, 4, 256, 6)


def test_a_small_sweep_names_the_swept_knobs_and_win_win_ends_richer_in_nearly_every_pair(small):
    spec, maps = small
    assert list(maps) == ["welfare_final", "war_onsets_total", "states_alive_final"]
    for claim in maps.values():
        sentences = claim.sentences()
        assert sentences[0].startswith(f"Overall, win_win {claim.label} than zero_sum in ")
        assert "of 48 paired runs" in sentences[0]
        for region, sentence in zip(claim.regions, sentences[1:]):
            assert set(region.box) <= set(spec.names)
            assert all(name in sentence for name in region.box)  # the box in words: its knobs
    assert maps["welfare_final"].share >= 0.95
    wars = maps["war_onsets_total"]
    assert wars.share > 2 * wars.share_b and _ties(wars) > 0.1  # fewer wars far more often; ties
    assert max(region.density for region in wars.regions) > 0.7
    # things to try: a small sweep cuts small boxes, and one of them seems to favour zero-sum
    assert any(r.density_b > 0.5 and r.coverage <= 0.1 for claim in maps.values() for r in claim.regions)


def test_the_shipped_sweep_says_what_the_lesson_quotes(shipped):
    spec, maps = shipped
    richer, wars, alive = maps["welfare_final"], maps["war_onsets_total"], maps["states_alive_final"]
    assert richer.runs == 1024
    assert 1018 <= round(richer.share * richer.runs) < 1024  # "1,023 of the 1,024 paired runs"
    for region in richer.regions:  # the exceptions: many dissatisfied states
        if region.density_b > 0:
            assert region.box["dissatisfaction"][0] == pytest.approx(0.85, abs=0.1)
    assert richer.sentences()[0].startswith("Overall, win_win ends richer than zero_sum in over 99 % of 1,024")
    assert wars.share == pytest.approx(0.56, abs=0.03)
    assert _ties(wars) == pytest.approx(0.27, abs=0.03)
    assert wars.share_b == pytest.approx(0.18, abs=0.03)
    best = wars.regions[0]
    assert set(best.box) == {"offense_dominance", "dissatisfaction"}
    assert best.box["offense_dominance"][0] == pytest.approx(1.34, abs=0.1)
    assert best.box["dissatisfaction"][1] == pytest.approx(0.51, abs=0.1)
    assert best.density == pytest.approx(0.89, abs=0.04) and best.coverage == pytest.approx(0.36, abs=0.05)
    (costly,) = [r for r in wars.regions if r.box.get("cost_of_war", (None, None))[0] is not None]
    assert costly.box["offense_dominance"][1] == pytest.approx(1.34, abs=0.1)
    assert costly.box["cost_of_war"][0] == pytest.approx(0.14, abs=0.05)
    assert 1 - costly.density - costly.density_b == pytest.approx(0.84, abs=0.05)  # tied
    (greedy,) = [r for r in wars.regions if r.box.get("dissatisfaction", (None, None))[0] is not None]
    assert greedy.density == pytest.approx(0.53, abs=0.05) and greedy.density_b == pytest.approx(0.43, abs=0.05)
    assert (alive.share, alive.share_b) == (pytest.approx(0.51, abs=0.03), pytest.approx(0.11, abs=0.03))
    for claim in maps.values():  # zero-sum wins a majority in no region
        assert all(region.density_b <= 0.5 for region in claim.regions), claim.criterion


def test_at_the_lessons_own_point_win_win_is_richer_on_every_seed_but_not_always_more_peaceful():
    win_win, zero_sum = final(f"{NAME}/win_win"), final(f"{NAME}/zero_sum")
    ratio = win_win.welfare / zero_sum.welfare
    assert (ratio > 10).all() and ratio.min() == pytest.approx(15, rel=0.3) and ratio.max() == pytest.approx(85, rel=0.3)
    fewer = int((win_win.wars < zero_sum.wars).sum())
    assert 6 <= fewer <= 8 and (win_win.wars > zero_sum.wars).any()
    assert win_win.wars.mean() == pytest.approx(45, abs=5) and zero_sum.wars.mean() == pytest.approx(49, abs=5)
    assert np.all(win_win.wars > 20) and np.all(zero_sum.wars > 20)  # both fight: 34 to 70 a run
