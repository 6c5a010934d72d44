"""The Sweeps page without a browser: the stores it offers come only from the sweeps folder (no
`..`, absolute path or symbolic link out of it), an empty or missing folder says how to make a
store, a store a sweep is writing is shown as busy and then read, a stopped sweep shows how to
resume it, and the page renders a store's spec, progress, claim map and plots. Real small sweeps
(run in this process) make the stores; the browser test is in tests/dashboard/."""

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

import ipyvuetify as v
import ipywidgets
import pytest
import solara

from detente.cli import build_parser, main
from detente.sweeps import load_spec, store
from detente.sweeps.run import plan, run_chunk, run_sweep
from detente.sweeps.sample import sample
from detente.sweeps.store import Store, StoreError
from detente.viz import assets, sweep_stores
from detente.viz.sweep_stores import (Busy, FolderError, SweepView, folder_message, list_stores, store_path,
                                      sweeps_folder, view, watch)
from detente.viz.sweeps_page import SweepsPage

PNG = b"\x89PNG\r\n\x1a\n"

GRID = """
id = "small-claim"
title = "A small claim sweep"
scenario = "security-dilemma"
years = 12
seeds = 1
[knobs]
n_states = 8
greedy_share = 0.3
[sweep.offense_dominance]
values = [1.0, 2.5]
[sweep.dissatisfaction]
values = [0.0, 0.6]
[claim]
criteria = { welfare_final = "higher", war_onsets_total = "lower" }
labels = { welfare_final = "ends richer", war_onsets_total = "fights fewer wars" }
[claim.worlds.win_win]
doctrine = "win_win"
[claim.worlds.zero_sum]
doctrine = "zero_sum"
"""

SOBOL = """
id = "small-sobol"
scenario = "security-dilemma"
years = 10
seeds = 1
[sweep.n_states]
range = [4, 24]
[sweep.noise]
range = [0.0, 0.2]
[sampler]
method = "sobol"
samples = 4
[outcomes]
final = ["states_alive", "welfare"]
total = []
years_at_peace = false
"""


def _spec(folder: Path, text: str):
    path = folder / "spec.toml"
    path.write_text(text)
    return load_spec(path)


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    """A sweeps folder with a finished claim sweep and a finished Sobol sweep."""
    folder = tmp_path_factory.mktemp("sweeps")
    for name, text in (("small-claim", GRID), ("small-sobol", SOBOL)):
        spec = _spec(tmp_path_factory.mktemp(name), text)
        run_sweep(spec, folder / name, progress=False)
    return folder


def fake_store(path: Path) -> Path:
    """A folder the listing takes for a store (it holds a sweep.duckdb)."""
    path.mkdir(parents=True)
    (path / store.DATABASE).write_bytes(b"")
    return path


def test_the_file_names_are_the_stores():
    assert (sweep_stores.DATABASE, sweep_stores.LOCK, sweep_stores.SERIES) == (store.DATABASE, store.LOCK,
                                                                               store.SERIES)


def test_the_folder_comes_from_the_environment_and_defaults_to_sweeps_out(tmp_path, monkeypatch):
    assert sweeps_folder({sweep_stores.SWEEPS_ENV: str(tmp_path)}) == tmp_path
    monkeypatch.chdir(tmp_path)
    assert sweeps_folder({}) == tmp_path / "sweeps-out"
    assert sweeps_folder({sweep_stores.SWEEPS_ENV: ""}) == tmp_path / "sweeps-out"


def test_the_dashboard_command_hands_the_sweeps_folder_to_the_app(tmp_path, monkeypatch, capsys):
    started = []
    monkeypatch.setattr(assets, "install", lambda: [])
    monkeypatch.setattr(os, "execve", lambda path, command, env: started.append(env))
    monkeypatch.chdir(tmp_path)
    assert build_parser().parse_args(["dashboard"]).sweeps == "sweeps-out"
    main(["dashboard"])
    main(["dashboard", "--sweeps", "runs"])
    assert [env[sweep_stores.SWEEPS_ENV] for env in started] == [str(tmp_path / "sweeps-out"), str(tmp_path / "runs")]
    assert f"sweeps from {tmp_path / 'runs'}" in capsys.readouterr().out


def test_only_stores_inside_the_folder_are_listed(tmp_path):
    folder, outside = tmp_path / "sweeps", fake_store(tmp_path / "outside")
    fake_store(folder / "a")
    (folder / "not-a-store").mkdir()
    (folder / "notes.txt").write_text("a file")
    (folder / "out-link").symlink_to(outside, target_is_directory=True)  # a store, but outside
    (folder / "in-link").symlink_to(folder / "a", target_is_directory=True)  # the same store again
    (folder / "db-link").mkdir()
    (folder / "db-link" / store.DATABASE).symlink_to(outside / store.DATABASE)  # its database outside
    assert list_stores(folder) == ["a", "in-link"]
    assert store_path(folder, "a") == (folder / "a").resolve()


@pytest.mark.parametrize("name", ["..", "../outside", "a/../a", "a/", "/tmp", "", ".", "out-link", "db-link",
                                  "not-a-store", "notes.txt", "missing", "a\\b", "a\0"])
def test_a_name_that_is_not_a_store_of_the_folder_is_refused(tmp_path, name):
    folder, outside = tmp_path / "sweeps", fake_store(tmp_path / "outside")
    fake_store(folder / "a")
    (folder / "not-a-store").mkdir()
    (folder / "notes.txt").write_text("a file")
    (folder / "out-link").symlink_to(outside, target_is_directory=True)
    (folder / "db-link").mkdir()
    (folder / "db-link" / store.DATABASE).symlink_to(outside / store.DATABASE)
    if name == "/tmp":
        name = str(outside)
    with pytest.raises(FolderError):
        store_path(folder, name)
    with pytest.raises(FolderError):
        next(watch(folder, name))


def test_an_empty_or_missing_folder_says_how_to_make_a_store(tmp_path):
    missing = tmp_path / "nothing"
    assert list_stores(missing) == []
    assert "does not exist yet" in folder_message(missing, [])
    assert f"detente sweep claim-map --store {missing / 'claim-map'}" in folder_message(missing, [])
    (tmp_path / "empty").mkdir()
    assert list_stores(tmp_path / "empty") == []
    assert folder_message(tmp_path / "empty", []).startswith(f"No sweep store in {tmp_path / 'empty'} yet")
    (tmp_path / "file").write_text("")
    assert "is not a folder" in folder_message(tmp_path / "file", [])
    assert folder_message(tmp_path, ["a"]) is None


def test_a_claim_store_shows_its_spec_progress_claim_map_and_plots(sweeps):
    assert list_stores(sweeps) == ["small-claim", "small-sobol"]
    (sweep,) = watch(sweeps, "small-claim")  # complete: one view, and the watch ends
    assert (sweep.id, sweep.title, sweep.scenario, sweep.seeds, sweep.years) == (
        "small-claim", "A small claim sweep", "security-dilemma", 1, 12)
    assert sweep.knobs == ("offense_dominance: 1, 2.5", "dissatisfaction: 0, 0.6")
    assert sweep.sampler == "grid (4 points)"
    assert sweep.worlds == ("win_win (doctrine = win_win)", "zero_sum (doctrine = zero_sum)")
    assert (sweep.done, sweep.failed, sweep.planned, sweep.complete) == (8, 0, 8, True)
    assert [claim.criterion for claim in sweep.claims] == ["welfare_final", "war_onsets_total"]
    for claim in sweep.claims:
        assert claim.sentences[0].startswith("Overall, win_win") and "of 4 paired runs" in claim.sentences[0]
        assert len(claim.plots) == 2
        for plot in claim.plots:
            assert plot.png.startswith(PNG) and len(plot.png) > 10_000
            assert "win_win" in plot.caption and "zero_sum" in plot.caption
    assert sweep.sensitivity == () and sweep.notes == ()
    assert view(store_path(sweeps, "small-claim"), "small-claim") is sweep  # read once while unchanged


def test_a_sobol_store_shows_sensitivity_bars(sweeps):
    (sweep,) = watch(sweeps, "small-sobol")
    assert sweep.claims == () and sweep.worlds == ()
    assert sweep.sampler == "sobol (16 points; base N 4)"
    assert [plot.title for plot in sweep.sensitivity] == ["Sensitivity of states_alive_final",
                                                           "Sensitivity of welfare_final"]
    assert all(plot.png.startswith(PNG) and "ST (blue)" in plot.caption for plot in sweep.sensitivity)


HOLD = """
import sys
from detente.sweeps import load_spec
from detente.sweeps.sample import sample
from detente.sweeps.store import Store
spec = load_spec(sys.argv[1])
writer = Store(sys.argv[2], spec, sample(spec), resume=True)  # what `detente sweep --resume` holds
print("holding", flush=True)
sys.stdin.readline()
writer.close()
"""


def test_a_store_a_sweep_writes_is_busy_until_the_sweep_lets_it_go(tmp_path):
    """A sweep (another process) holds its store, its lock and DuckDB's one writer: the watch says
    busy, with the runs already written, and reads the store once the sweep has closed it."""
    folder = tmp_path / "sweeps"
    spec = _spec(tmp_path, GRID)
    run_sweep(spec, folder / "small-claim", progress=False)
    writer = subprocess.Popen([sys.executable, "-c", HOLD, str(spec.path), str(folder / "small-claim")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "holding\n"
        with pytest.raises(StoreError, match="while a sweep writes it"):
            store.load(folder / "small-claim")
        states = watch(folder, "small-claim", poll=0.05)
        assert next(states) == Busy("small-claim", written=8)
        writer.stdin.write("done\n")
        writer.stdin.flush()
        sweep = next(states)
        assert isinstance(sweep, SweepView) and sweep.complete and sweep.done == 8
        assert list(states) == []
    finally:
        writer.kill()
        writer.wait(timeout=30)


def test_a_stopped_sweep_shows_the_runs_so_far_and_how_to_resume(tmp_path):
    folder = tmp_path / "sweeps"
    spec = _spec(tmp_path, GRID)
    points = sample(spec)
    writer = Store(folder / "stopped", spec, points)
    writer.write(run_chunk(spec, plan(spec, points)[:4]))  # the first two points, then stopped
    writer.close()
    looks = itertools.count()  # it keeps looking (for a resume) as long as it is asked to
    (sweep,) = watch(folder, "stopped", keep_going=lambda: next(looks) < 40, poll=0.01)
    assert next(looks) > 40
    assert (sweep.done, sweep.planned, sweep.complete) == (4, 8, False)
    assert sweep.resume == f"detente sweep {tmp_path / 'spec.toml'} --store {(folder / 'stopped').resolve()} --resume"
    assert len(sweep.claims) == 2 and all("of 2 paired runs" in claim.sentences[0] for claim in sweep.claims)


def test_a_store_that_cannot_be_read_is_an_error_not_a_busy_store(tmp_path):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / store.DATABASE).write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError):
        next(watch(tmp_path, "broken"))


def with_class(rc, widget_type, name):
    return [w for w in rc.find(widget_type).widgets if name in (w.class_ or "").split()]


def html_lists(rc, name):
    """The inner HTML of the page's lists (solara.HTML widgets) that carry a CSS class."""
    return [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets
            if name in (w.attributes or {}).get("class", "").split()]


def wait_until(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_page_lists_the_folders_stores_and_shows_the_chosen_one(sweeps, monkeypatch):
    monkeypatch.setenv(sweep_stores.SWEEPS_ENV, str(sweeps))
    _, rc = solara.render(SweepsPage(), handle_error=False)
    select = rc.find(v.Select, label="store").widget
    assert select.items == ["small-claim", "small-sobol"] and select.v_model == "small-claim"
    wait_until(lambda: html_lists(rc, "claim-sentences"))
    sentences = html_lists(rc, "claim-sentences")
    assert len(sentences) == 2 and sentences[0].startswith("<p>Overall, win_win ends richer than zero_sum")
    assert "swept knobs: offense_dominance: 1, 2.5; dissatisfaction: 0, 0.6" in html_lists(rc, "sweep-spec-items")[0]
    assert len(rc.find(ipywidgets.Image).widgets) == 4  # heatmap and regions of each criterion
    assert "dashed boxes" in str(with_class(rc, v.Html, "sweep-plot-caption")[0].children).lower()
    (progress,) = with_class(rc, v.Html, "sweep-progress-text")
    assert progress.children == ["8 of 8 runs in the store (8 done, 0 failed)"]
    select.v_model = "small-sobol"
    wait_until(lambda: with_class(rc, v.Card, "sensitivity-plot"))
    assert not html_lists(rc, "claim-sentences")


def test_the_page_says_how_to_make_a_store_when_the_folder_is_empty(tmp_path, monkeypatch):
    monkeypatch.setenv(sweep_stores.SWEEPS_ENV, str(tmp_path / "sweeps-out"))
    _, rc = solara.render(SweepsPage(), handle_error=False)
    alert = rc.find(v.Alert).widget
    assert f"detente sweep claim-map --store {tmp_path / 'sweeps-out' / 'claim-map'}" in str(alert.children)
    assert not rc.find(v.Select, label="store")
    fake = tmp_path / "sweeps-out" / "later"
    fake.mkdir(parents=True)
    (fake / store.DATABASE).write_bytes(b"")
    rc.find(v.Btn, children=["refresh"]).widget.click()  # a store made meanwhile appears
    assert rc.find(v.Select, label="store").widget.items == ["later"]


def test_the_page_says_the_sweep_is_writing_and_shows_the_store_once_it_is_done(tmp_path, monkeypatch):
    folder = tmp_path / "sweeps"
    spec = _spec(tmp_path, GRID)
    run_sweep(spec, folder / "running", progress=False)
    writer = subprocess.Popen([sys.executable, "-c", HOLD, str(spec.path), str(folder / "running")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    monkeypatch.setattr(sweep_stores, "POLL_SECONDS", 0.1)
    try:
        assert writer.stdout.readline() == "holding\n"
        monkeypatch.setenv(sweep_stores.SWEEPS_ENV, str(folder))
        _, rc = solara.render(SweepsPage(), handle_error=False)
        rc.find(v.Alert, children=["The sweep is writing; refreshing… (8 runs written so far)"]).wait_for(timeout=30)
        assert not html_lists(rc, "claim-sentences")
        writer.stdin.write("done\n")
        writer.stdin.flush()
        wait_until(lambda: html_lists(rc, "claim-sentences"))
        assert not rc.find(v.Alert, children=["The sweep is writing; refreshing… (8 runs written so far)"])
    finally:
        writer.kill()
        writer.wait(timeout=30)
