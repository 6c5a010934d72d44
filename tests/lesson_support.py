"""What the lesson tests share: ensembles of a scenario over its own default seeds and years, run
once per test session (each scenario's claims are tested in tests/lessons/test_<scenario>.py)."""

from functools import cache

import pandas as pd

from detente import runs
from detente.scenarios import load


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
    fought = crises(name)
    fought = fought[fought.outcome == "war"]
    loser = fought.target.where(fought.winner == fought.actor, fought.actor)
    return pd.DataFrame({"seed": fought.seed, "year": fought.year, "winner": fought.winner,
                         "loser": loser}).reset_index(drop=True)


@cache
def crises(name: str, seeds: int | None = None) -> pd.DataFrame:
    """What every crisis of a scenario came to over its default years and its default seeds (or
    ``seeds`` of them): seed, year, then the fields of ``model.crisis_outcomes`` (outcome, actor,
    target, cause, actor_weaker, winner)."""
    scenario = load(name)
    rows = []
    for seed in range(scenario.seeds if seeds is None else seeds):
        model = scenario.model(seed, collect_states=False)
        for year in range(1, scenario.years + 1):
            model.step()
            rows += [(seed, year, *outcome) for outcome in model.crisis_outcomes]
    return pd.DataFrame(rows, columns=["seed", "year", "outcome", "actor", "target", "cause",
                                       "actor_weaker", "winner"])


