"""Every scenario's lesson, checked: what its THINGS TO NOTICE says happens over the scenario's own
default seeds and years. Each test states its tolerance; the numbers quoted in the lessons are
ensemble means, the assertions leave room around them so that a claim fails only when it is wrong."""

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from detente import runs
from detente.scenarios import TEACHING_PATH, available, load


@cache
def ensemble(name: str, collect_states: bool = False):
    """World (and per-state) tables of a scenario over its default seeds and years."""
    scenario = load(name)
    return runs.ensemble(scenario, range(scenario.seeds), scenario.years, collect_states)


def final(name: str) -> pd.DataFrame:
    """Per seed: outputs in the final year, event counts summed over the run."""
    world, _ = ensemble(name)
    return runs.per_seed_outcomes(world, [c for c in world.columns if c not in ("scenario", "seed", "year")])[name]


def survival(name: str) -> pd.DataFrame:
    """Per seed and state: its doctrine at the start and whether it is alive at the end."""
    _, states = ensemble(name, collect_states=True)
    start = states[states.year == 0][["seed", "state", "doctrine"]]
    end = states[states.year == states.year.max()][["seed", "state", "alive"]]
    merged = start.merge(end, on=["seed", "state"], how="left")
    return merged.assign(alive=merged.alive.astype("boolean").fillna(False).astype(bool))


def series(name: str, state: str, column: str) -> pd.DataFrame:
    """One state's output per year (rows) and seed (columns); NaN once it is gone."""
    _, states = ensemble(name, collect_states=True)
    return states[states.state == state].pivot(index="year", columns="seed", values=column)


@cache
def wars(name: str) -> pd.DataFrame:
    """Every war of a scenario over its default seeds and years: seed, year, winner, loser (names)."""
    scenario = load(name)
    rows = []
    for seed in range(scenario.seeds):
        model = scenario.model(seed, collect_states=False)
        for year in range(1, scenario.years + 1):
            model.step()
            rows += [(seed, year, winner, loser) for winner, loser in model.wars_fought]
    return pd.DataFrame(rows, columns=["seed", "year", "winner", "loser"])


def test_every_shipped_scenario_is_on_the_teaching_path_and_has_a_full_lesson():
    assert set(available()) == set(TEACHING_PATH)
    for name in available():
        scenario = load(name)
        for section in ("what_is_it", "how_it_works", "how_to_use_it", "things_to_notice",
                        "things_to_try", "extending_the_model", "questions"):
            assert scenario.lesson.get(section), (name, section)
        assert scenario.compare_with and scenario.references and scenario.theory, name


def test_the_teaching_guide_walks_the_teaching_path_in_order():
    guide = (Path(__file__).parents[1] / "docs" / "teaching.md").read_text(encoding="utf-8")
    positions = [guide.find(f"**`{name}`**") for name in TEACHING_PATH]
    assert -1 not in positions and positions == sorted(positions), dict(zip(TEACHING_PATH, positions))


def test_security_dilemma_arms_at_a_few_percent_and_conquers_half_the_states():
    """Burden about 3.5 % (0.025..0.045); wars in every seed; between 6 and 14 of 20 states left."""
    outcome = final("security-dilemma")
    assert 0.025 < outcome.military_burden.mean() < 0.045
    assert (outcome.wars > 0).all()
    assert 6 <= outcome.states_alive.mean() <= 14
    assert outcome.cooperation_rate.mean() > 0.9


def test_common_security_disarms_fights_no_war_and_grows_far_richer():
    """Community of all 20 by year 20 in every seed, burden below 0.1 %, no war, welfare at least
    ten times the security dilemma's on the same seeds, stage-game cooperation below it."""
    world, _ = ensemble("common-security")
    assert (world[world.year == 20].community_size == 20).all()
    outcome, dilemma = final("common-security"), final("security-dilemma")
    assert (outcome.military_burden < 0.001).all() and (outcome.wars == 0).all()
    assert outcome.welfare.mean() > 10 * dilemma.welfare.mean()
    assert outcome.cooperation_rate.mean() < dilemma.cooperation_rate.mean()


def test_jervis_four_worlds_order_war_and_arms():
    """Wars and burden (means over seeds): highest with offense dominant and postures alike, lowest
    with defense dominant and postures distinguishable, where almost no war is fought (< 1 a run)."""
    worlds = {name: final(f"jervis-four-worlds/{name}") for name in (
        "offense-indistinguishable", "offense-distinguishable", "defense-indistinguishable",
        "defense-distinguishable")}
    for measure in ("wars", "military_burden"):
        means = {name: outcome[measure].mean() for name, outcome in worlds.items()}
        assert max(means, key=means.get) == "offense-indistinguishable", means
        assert min(means, key=means.get) == "defense-distinguishable", means
    assert worlds["defense-distinguishable"].wars.mean() < 1


def test_relative_gains_kill_cooperation_between_two_not_among_ten():
    """Mean cooperation over the run: bipolar-relative below 5 % in every seed, with final trust below
    0.1 and 8 to 14 wars a run (mean); bipolar-absolute and multipolar-relative above 95 % on
    average; the absolute-gains pair ends at least twice as rich."""
    cooperation = {name: ensemble(f"relative-gains/{name}")[0].groupby("seed").cooperation_rate.mean()
                   for name in ("bipolar-absolute", "bipolar-relative", "multipolar-relative")}
    assert (cooperation["bipolar-relative"] < 0.05).all()
    relative = final("relative-gains/bipolar-relative")
    assert relative.mean_trust.mean() < 0.1 and 8 <= relative.wars.mean() <= 14
    assert cooperation["bipolar-absolute"].mean() > 0.95
    assert cooperation["multipolar-relative"].mean() > 0.95
    assert final("relative-gains/bipolar-absolute").welfare.mean() > 2 * final(
        "relative-gains/bipolar-relative").welfare.mean()


def test_costly_war_makes_zero_sum_rivals_cooperate():
    """Cheap war: cooperation below 5 % in every seed, 8 to 15 wars a run and final trust below 0.1
    (means); costly war:
    cooperation above 95 %, fewer than 0.5 wars a run, at least twice the welfare (means)."""
    cheap, costly = (ensemble(f"cost-of-war/{name}")[0] for name in ("cheap-war", "costly-war"))
    assert (cheap.groupby("seed").cooperation_rate.mean() < 0.05).all()
    assert costly.groupby("seed").cooperation_rate.mean().mean() > 0.95
    cheap_outcome = final("cost-of-war/cheap-war")
    assert 8 <= cheap_outcome.wars.mean() <= 15 and cheap_outcome.mean_trust.mean() < 0.1
    assert final("cost-of-war/costly-war").wars.mean() < 0.5
    assert final("cost-of-war/costly-war").welfare.mean() > 2 * final("cost-of-war/cheap-war").welfare.mean()


def test_win_win_spreads_where_conquest_is_costly_and_stalls_where_it_is_cheap():
    """Costly conquest: final win-win share from 0.8 to 1 in every seed (mean above 0.85). Cheap
    conquest: mean share from 0.3 to 0.7, at least one seed all zero-sum and one all win-win, and most
    of the 30 states absorbed (fewer than 15 left on average)."""
    costly = final("evolution-of-cooperation/costly-conquest").win_win_share
    cheap = final("evolution-of-cooperation/cheap-conquest").win_win_share
    assert (costly >= 0.8 - 1e-12).all() and costly.mean() > 0.85
    assert 0.3 < cheap.mean() < 0.7
    assert final("evolution-of-cooperation/cheap-conquest").states_alive.mean() < 15
    assert (cheap == 0).any() and (cheap == 1).any()


def _revisionist_and_idealists(variant: str) -> tuple[np.ndarray, np.ndarray]:
    """Final wealth of the revisionist and mean final wealth of the surviving idealists, per seed."""
    wealth = ensemble(f"exploited-idealist/{variant}", collect_states=True)[1]
    last = wealth[wealth.year == wealth.year.max()]
    revisionist = last[last.state == "Revisionist"].set_index("seed").wealth
    idealists = last[last.state != "Revisionist"].groupby("seed").wealth.mean()
    seeds = range(load("exploited-idealist").seeds)
    return revisionist.reindex(seeds, fill_value=0).to_numpy(), idealists.reindex(seeds, fill_value=0).to_numpy()


def test_unconditional_idealists_are_exploited():
    """Without retaliation the revisionist ends richer in every seed, on average more than three
    times the idealists' mean wealth (Jervis's deterrence model; Kydd 2005)."""
    revisionist, idealists = _revisionist_and_idealists("unconditional")
    assert np.all(revisionist > idealists)
    assert revisionist.mean() > 3 * idealists.mean()


def test_reciprocity_protects_the_idealists():
    """With reciprocity the idealists end richer in at least 12 of 20 seeds, on average more than
    twice as rich, and the revisionist is absorbed (wealth 0 here) in at least 2 seeds."""
    revisionist, idealists = _revisionist_and_idealists("reciprocal")
    assert np.sum(idealists > revisionist) >= 12
    assert idealists.mean() > 2 * revisionist.mean()
    assert np.sum(revisionist == 0) >= 2


def test_thucydides_trap_springs_early_and_the_peaceful_transition_lets_power_pass():
    """Trap: war in every seed, 8 to 14 wars a run (mean), one side absorbed in at least 12 seeds;
    the first war within 25 years in every seed and within 8 years in half of them, and in at least
    three quarters of the seeds while the challenger has less than 0.8 of the dominant power's power.
    Peaceful transition: no war in any seed, arms spending below 0.1 %, the challenger ends stronger in
    every seed and reaches 0.8 of the dominant's power between years 20 and 30 (median), trust ends
    between 0.25 and 0.45 with no community left, welfare ten times the trap's."""
    world, _ = ensemble("thucydides-trap")
    ratio = series("thucydides-trap", "Challenger", "power") / series("thucydides-trap", "Dominant", "power")
    first_war = {seed: runs_.year[runs_.wars > 0].min() for seed, runs_ in world.groupby("seed")
                 if runs_.wars.sum() > 0}
    trap = final("thucydides-trap")
    assert len(first_war) == load("thucydides-trap").seeds
    assert 8 <= trap.wars.mean() <= 14 and (trap.states_alive < 2).sum() >= 12
    assert max(first_war.values()) <= 25 and np.median(list(first_war.values())) <= 8
    early = sum(ratio.loc[year - 1, seed] < 0.8 for seed, year in first_war.items())
    assert early >= 0.75 * len(first_war)
    peaceful = final("peaceful-transition")
    assert (peaceful.wars == 0).all() and (peaceful.military_burden < 0.001).all()
    assert (peaceful.community_size == 0).all() and 0.25 <= peaceful.mean_trust.mean() <= 0.45
    power_ratio = series("peaceful-transition", "Challenger", "power") / series(
        "peaceful-transition", "Dominant", "power")
    assert (power_ratio.iloc[-1] > 1).all()
    assert 20 <= (power_ratio >= 0.8).idxmax().median() <= 30
    assert peaceful.welfare.mean() > 10 * final("thucydides-trap").welfare.mean()


def test_great_power_tragedy_concentrates_power_often_but_not_always():
    """Offense dominant: mean power concentration at the end at least 2.5 times the start; a state
    holds over half of all power in between 3 and 10 of 12 seeds; 2 to 4 states and 45 to 70 wars a
    run (means). Defense dominant: fewer than 15 wars, more surviving states, lower concentration and
    fewer hegemons."""
    world, _ = ensemble("great-power-tragedy/offense-dominant")
    offense, defense = final("great-power-tragedy/offense-dominant"), final("great-power-tragedy/defense-dominant")
    assert offense.power_concentration.mean() > 2.5 * world[world.year == 0].power_concentration.mean()
    assert 3 <= (offense.top_share > 0.5).sum() <= 10
    assert 2 <= offense.states_alive.mean() <= 4 and 45 <= offense.wars.mean() <= 70
    assert defense.wars.mean() < 15
    assert defense.states_alive.mean() > offense.states_alive.mean()
    assert defense.power_concentration.mean() < offense.power_concentration.mean()
    assert (defense.top_share > 0.5).sum() < (offense.top_share > 0.5).sum()


def test_realpolitik_loses_states_and_collective_security_keeps_them():
    """Balance of power keeps at most 70 % of its 20 states (mean); collective security all of them in
    every seed; in the mixed system at least 90 % of win-win states survive, at most 60 % of
    zero-sum ones (pooled over seeds), and more than half of the wars zero-sum states lose they lose to
    win-win states (which never strike first, so the zero-sum side attacked)."""
    assert final("realpolitik/balance-of-power").states_alive.mean() <= 14
    assert (final("realpolitik/collective-security").states_alive == 20).all()
    survived = survival("realpolitik/mixed").groupby("doctrine").alive.mean()
    assert survived["win_win"] >= 0.9 and survived["zero_sum"] <= 0.6
    doctrine = survival("realpolitik/mixed").set_index(["seed", "state"]).doctrine
    fought = wars("realpolitik/mixed")
    winner = doctrine.loc[list(zip(fought.seed, fought.winner))].to_numpy()
    loser = doctrine.loc[list(zip(fought.seed, fought.loser))].to_numpy()
    assert np.mean(winner[loser == "zero_sum"] == "win_win") > 0.5


SHANGHAI_FIVE = ["China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"]


def test_shanghai_community_forms_early_and_its_members_survive():
    """The five are all community members by year 10 in every seed; none is ever absorbed; fewer than
    80 % of the outsiders survive (pooled); the region fights 30 to 55 wars a run (mean); without the
    institution there is no community and the win-win states end poorer (mean welfare)."""
    _, states = ensemble("shanghai-community/community", collect_states=True)
    year_ten = states[(states.year == 10) & states.state.isin(SHANGHAI_FIVE)]
    assert year_ten.community.all() and len(year_ten) == 5 * load("shanghai-community").seeds
    alive = survival("shanghai-community/community")
    assert alive[alive.state.isin(SHANGHAI_FIVE)].alive.all()
    assert alive[~alive.state.isin(SHANGHAI_FIVE)].alive.mean() < 0.8
    assert (ensemble("shanghai-community/no-institution")[0].community_size == 0).all()
    community, alone = final("shanghai-community/community"), final("shanghai-community/no-institution")
    assert 30 <= community.wars.mean() <= 55
    assert community.welfare_win_win.mean() > alone.welfare_win_win.mean()


def test_sino_russian_partnership_escapes_the_dilemma_and_the_rivalry_does_not():
    """Partnership: Russia and China are community members from year 5 to the end in every seed, end
    with a burden below 1 % while the distant great power keeps above 1.5 % (means), and never fight
    each other. Rivalry: they never form a community, Russia's final burden averages above 3 %, and
    one of the two is gone in at least 3 of 20 seeds."""
    name = "sino-russian-partnership/partnership"
    for state in ("Russia", "China"):
        assert series(name, state, "community").loc[5:].astype(bool).all().all()
    burden = {state: (series(name, state, "military") / series(name, state, "wealth")).iloc[-1].mean()
              for state in ("Russia", "China", "Distant great power")}
    assert burden["Russia"] < 0.01 and burden["China"] < 0.01 and burden["Distant great power"] > 0.015
    rival = "sino-russian-partnership/rivalry"
    assert not series(rival, "Russia", "community").fillna(False).astype(bool).any().any()
    assert (series(rival, "Russia", "military") / series(rival, "Russia", "wealth")).iloc[-1].mean() > 0.03
    both = {variant: survival(f"sino-russian-partnership/{variant}").query("state in ['Russia', 'China']")
            .groupby("seed").alive.all().sum() for variant in ("partnership", "rivalry")}
    assert both["rivalry"] <= load(name).seeds - 3 and both["partnership"] == load(name).seeds
    pair = {"Russia", "China"}
    assert not any({w, l} == pair for w, l in zip(wars(name).winner, wars(name).loser))


@pytest.mark.parametrize("name", TEACHING_PATH)
def test_each_scenario_runs_from_the_command_line(name, capsys):
    from detente.cli import main

    assert main(["run", name, "--years", "3"]) == 0
    assert name in capsys.readouterr().out
