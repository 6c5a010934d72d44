"""Each war is a record (mechanisms.fronts.WarRecord): the table agrees with the yearly outputs, and
`detente run --wars FILE` writes it."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from detente import runs
from detente.scenarios import load


def test_the_war_table_agrees_with_the_yearly_outputs():
    model = load("realpolitik").model(1, collect_states=False)
    model.run_for(200)
    table, world = model.war_table(), model.datacollector.world_columns()
    assert len(table) == sum(world["war_onsets"]) > 3
    # each war in the year it was fought (year 0 is the world as it starts)
    years = [year for year, wars in enumerate(world["war_onsets"]) for _ in range(int(wars))]
    assert sorted(table.year) == years
    np.testing.assert_allclose(table.groupby("year").severity.sum().to_numpy(),
                               [world["war_losses"][year] for year in sorted(set(years))], rtol=1e-12)
    assert [world["largest_war"][year] for year in sorted(set(years))] == list(table.groupby("year").severity.max())
    assert table.conquered.sum() == 20 - world["states_alive"][-1]  # states leave only by conquest
    assert set(table.cause) <= {"demand", "preemption", "prevention"}
    assert (table.winner == table.attacker).sum() + (table.winner == table.defender).sum() == len(table)
    assert (world["states_at_war"][years[0]] >= 2) and max(world["states_at_war"]) <= 20


def test_wars_are_the_same_from_worker_processes_and_written_by_detente_run(tmp_path):
    scenario = load("realpolitik")
    _, _, serial = runs.tables(scenario, range(4), 150, collect_wars=True, workers=1)
    _, _, pooled = runs.tables(scenario, range(4), 150, collect_wars=True, workers=2)
    pd.testing.assert_frame_equal(serial, pooled)
    out = tmp_path / "wars.csv"
    result = subprocess.run([str(Path(sys.executable).parent / "detente"), "run", "realpolitik", "--seeds", "4",
                             "--years", "150", "--wars", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    written = pd.read_csv(out)
    assert list(written.columns[:3]) == ["scenario", "seed", "year"] and len(written) == len(serial)
    np.testing.assert_allclose(written.severity, serial.severity, rtol=1e-12)


def test_a_run_without_wars_gives_a_typed_table_that_keeps_an_ensembles_columns_numeric():
    """Found measuring war sizes: one seed without a war gave an empty table of object columns, and
    the ensemble's concatenated severity became objects that numpy could not take the log of."""
    calm = load("common-security").model(0)
    calm.run_for(3)
    empty = calm.war_table()
    assert empty.empty
    assert empty.severity.dtype == "float64" and empty.year.dtype == "int64" and empty.states.dtype == "int64"
    fighting = load("realpolitik").with_knobs({"protracted_wars": True}).model(0)
    fighting.run_for(30)
    both = pd.concat([empty, fighting.war_table()], ignore_index=True)
    assert len(both) > 0
    assert both.severity.dtype == "float64" and both.end_year.dtype == "int64"
