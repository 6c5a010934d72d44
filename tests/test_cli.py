"""The detente command end to end, as a user runs it (subprocess, exit codes, files)."""

import argparse
import subprocess
import sys

import pandas as pd
import pytest

from detente import cli, limits, runs

ROOT = __import__("pathlib").Path(__file__).parent.parent

DETENTE = [sys.executable, "-m", "detente.cli"]


def detente(*args, cwd=None):
    return subprocess.run([*DETENTE, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_run_writes_world_and_state_tables(tmp_path):
    world_file, states_file = tmp_path / "world.csv", tmp_path / "states.parquet"
    done = detente("run", "security-dilemma", "--years", "15", "--seed", "3", "--seeds", "2",
                   "--out", str(world_file), "--agents", str(states_file))
    assert done.returncode == 0, done.stderr
    assert "security-dilemma" in done.stdout and "welfare" in done.stdout
    world = pd.read_csv(world_file)
    assert {"year", "seed", "scenario", "welfare", "wars", "security"} <= set(world.columns)
    assert sorted(world.seed.unique()) == [3, 4] and world.year.max() == 15
    states = pd.read_parquet(states_file)
    assert {"state", "year", "seed", "wealth", "doctrine", "trust_out"} <= set(states.columns)
    assert len(states[(states.seed == 3) & (states.year == 0)]) == 20


def test_same_seed_same_file(tmp_path):
    for name in ("a.csv", "b.csv"):
        assert detente("run", "common-security", "--years", "20", "--seed", "5",
                       "--out", str(tmp_path / name)).returncode == 0
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_set_overrides_knobs_and_switches(tmp_path):
    out = tmp_path / "w.csv"
    done = detente("run", "security-dilemma", "--years", "30", "--set", "war=false",
                   "--set", "zero_sum.arms_reaction=0.1", "--set", "network=ring", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert pd.read_csv(out).wars.sum() == 0


def test_run_accepts_a_scenario_file_by_path(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('schema = 1\nid = "mine"\ntitle = "Mine"\nsummary = "s"\nyears = 5\n'
                    '[knobs]\nn_states = 4\ndoctrine = "win_win"\n')
    done = detente("run", str(path))
    assert done.returncode == 0 and "mine" in done.stdout


@pytest.mark.parametrize("args, message", [
    (("run", "no-such-scenario"), "unknown scenario 'no-such-scenario'"),
    (("run", "security-dilemma", "--set", "nois=0.1"), "unknown knob 'nois'; did you mean 'noise'"),
    (("run", "security-dilemma", "--set", "noise=2"), "knob 'noise' = 2"),
    (("run", "security-dilemma", "--set", "noise"), "expected knob=value"),
    (("run", "security-dilemma", "--years", "2", "--out", "w.xlsx"), "must end in .csv or .parquet"),
    (("run", "security-dilemma", "--years", "2", "--out", "/no/such/dir/w.csv"), "does not exist"),
    (("run", "security-dilemma", "--years", "0"), "must be at least 1"),
    (("run", "missing.toml"), "missing.toml: no such file"),
])
def test_bad_input_exits_2_with_a_clear_message_and_no_traceback(args, message, tmp_path):
    done = detente(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("value", ["[" * 10_000 + "]" * 10_000, "{a = " * 3_000 + "1" + "}" * 3_000,
                                   "[" * 40 + "]" * 40])
def test_a_set_value_nested_too_deeply_is_a_clear_error(value, capsys):
    # found by fuzzing (tests/test_fuzz.py): a RecursionError's traceback, or a value deeper than files allow
    assert cli.main(["run", "security-dilemma", "--years", "1", "--set", f"noise={value}"]) == 2
    out, err = capsys.readouterr()
    assert err.startswith(f"detente: error: knob 'noise' = '{value[:4]}") and err.count("\n") == 1
    assert len(err) < 200 and err.endswith(": values nested more than 32 levels deep (tables and arrays); "
                                           "at most 32 are allowed\n")
    assert out == ""


def test_malformed_scenario_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('schema = 1\nid = "x"\ntitle = "t"\nsummary = "s"\n[knobs]\nnoise = 0.1\nnoise = 2\n')
    done = detente("run", str(path))
    assert done.returncode == 2 and "broken.toml: not valid TOML" in done.stderr and "line 7" in done.stderr
    path.write_text('schema = 1\nid = "x"\ntitle = "t"\nsummary = "s"\ncolour = "red"\n')
    done = detente("run", str(path))
    assert done.returncode == 2 and "unknown key 'colour'" in done.stderr


def test_help_and_knobs_list():
    done = detente("--help")
    assert done.returncode == 0 and "examples:" in done.stdout
    done = detente("knobs")
    assert done.returncode == 0
    assert "offense_dominance" in done.stdout and "zero_sum knobs" in done.stdout
    assert "Jervis 1978" in done.stdout


def test_demo_prints_both_doctrines_side_by_side():
    done = detente("demo", "--seeds", "3", "--years", "40")
    assert done.returncode == 0, done.stderr
    assert "security-dilemma" in done.stdout and "common-security" in done.stdout
    assert "military_burden" in done.stdout and "preemptive_wars" in done.stdout
    # and how the runs got there: the years asked for (those within the run) and the peak
    trajectory = done.stdout.split("How the runs got there")[1]
    assert "year 20" in trajectory and "year 40" in trajectory and "year 50" not in trajectory
    assert "peak year" in trajectory and "community_size" in trajectory
    # no bare NaN: a year without a value (no plays yet in year 0) is marked and the mark explained
    assert "nan" not in done.stdout.lower() and "—: no value that year" in trajectory


def test_a_trajectory_is_the_mean_over_seeds_at_each_year_and_its_peak():
    world = pd.DataFrame({"scenario": ["a"] * 6, "seed": [0, 0, 0, 1, 1, 1], "year": [0, 1, 2] * 2,
                          "wars": [0, 4, 1, 0, 2, 3]})
    table = runs.trajectory(world, ["wars"], (0, 2, 9))
    assert list(table.columns) == ["year 0", "year 2", "peak", "peak year"]
    assert table.loc[("wars", "a")].tolist() == [0, 2, 3, 1]


def test_scenarios_explain_and_validate(tmp_path):
    listing = detente("scenarios")
    assert listing.returncode == 0 and "security-dilemma" in listing.stdout
    explained = detente("explain", "security-dilemma")
    assert explained.returncode == 0 and "The security dilemma" in explained.stdout
    assert detente("validate", str(ROOT / "scenarios" / "common-security.toml")).returncode == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\nid = "b"\ntitle = "t"\nsummary = "s"\n[knobs]\noffense_dominance = 50\n')
    done = detente("validate", str(bad))
    assert done.returncode == 2 and "offense_dominance" in done.stderr and "Traceback" not in done.stderr


def test_compare_uses_common_seeds_and_writes_table_and_plot(tmp_path):
    out, plot = tmp_path / "cmp.parquet", tmp_path / "cmp.png"
    done = detente("compare", "security-dilemma", "common-security", "--seeds", "3", "--years", "20",
                   "--out", str(out), "--plot", str(plot))
    assert done.returncode == 0, done.stderr
    assert "Differences to security-dilemma" in done.stdout
    world = pd.read_parquet(out)
    seeds = world.groupby("scenario").seed.unique()
    assert list(seeds["security-dilemma"]) == list(seeds["common-security"]) == [0, 1, 2]
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 10_000


def test_a_scenario_with_variants_compares_all_of_them(tmp_path):
    out = tmp_path / "jervis.csv"
    done = detente("compare", "jervis-four-worlds", "--seeds", "2", "--years", "10", "--out", str(out))
    assert done.returncode == 0, done.stderr
    variants = {"offense-indistinguishable", "offense-distinguishable", "defense-indistinguishable",
                "defense-distinguishable"}
    assert set(pd.read_csv(out).scenario) == {f"jervis-four-worlds/{v}" for v in variants}
    assert "Differences to jervis-four-worlds/offense-indistinguishable" in done.stdout


def test_variants_are_listed_explained_and_run_by_name():
    listing = detente("scenarios")
    assert "  jervis-four-worlds/defense-distinguishable" in listing.stdout
    explained = detente("explain", "jervis-four-worlds")
    for heading in ("WHAT IS IT?", "HOW IT WORKS", "HOW TO USE IT", "THINGS TO NOTICE", "THINGS TO TRY",
                    "EXTENDING THE MODEL", "DISCUSSION QUESTIONS", "VARIANTS", "COMPARE WITH", "REFERENCES",
                    "FILE\n"):
        assert heading in explained.stdout, heading
    done = detente("run", "jervis-four-worlds/defense-distinguishable", "--years", "5")
    assert done.returncode == 0 and "jervis-four-worlds/defense-distinguishable" in done.stdout
    missing = detente("run", "jervis-four-worlds/defence-distinguishable")
    assert missing.returncode == 2 and "no variant 'defence-distinguishable'" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_a_long_run_says_what_it_will_take_and_shows_progress_even_in_a_log(monkeypatch, capsys):
    """One run of 12,000 years of 100 states (estimated at about 8 s, above LONG_RUN_SECONDS; not
    longer: security-dilemma's wealth, growing about 4 % a year, passes the model's ceiling in year
    16,636 of seed 0): the estimate, then a progress bar counting years, on stderr piped to a file
    as in CI; a short run shows neither."""
    done = subprocess.run([*DETENTE, "run", "security-dilemma", "--years", "12000", "--set", "n_states=100"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "1 run(s) of 12,000 years of 100 states: about" in done.stderr
    assert "security-dilemma:" in done.stderr and "year/s" in done.stderr
    short = subprocess.run([*DETENTE, "run", "security-dilemma", "--years", "20", "--seeds", "3"],
                           capture_output=True, text=True, timeout=300)
    assert short.returncode == 0 and short.stderr == ""


def test_a_run_too_big_for_the_machine_is_refused_before_it_starts(monkeypatch, capsys):
    from detente.cli import main

    monkeypatch.setattr(limits, "available_memory", lambda: 2 * 2**30)  # a 2 GB machine
    started = []
    monkeypatch.setattr("detente.runs._execute", lambda *a, **k: started.append(1))
    assert main(["run", "security-dilemma", "--set", "n_states=5000", "--years", "10"]) == 2
    error = capsys.readouterr().err
    assert "1 run(s) of 10 years of 5,000 states would need about" in error
    assert "3.6 GB of memory, and this machine has 2.0 GB" in error and "fewer states" in error
    assert started == []


COMMANDS = next(action.choices for action in cli.build_parser()._actions
                if isinstance(action, argparse._SubParsersAction))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_help_with_examples(command, capsys):
    with pytest.raises(SystemExit) as leaving:
        cli.main([command, "--help"])
    assert leaving.value.code == 0
    assert f"examples:\n  detente {command}" in capsys.readouterr().out


def test_outputs_lists_every_declared_output_with_its_meaning_and_unit(capsys):
    from detente.cli import main
    from detente.model.outputs import STATE_OUTPUTS, world_outputs

    assert main(["outputs"]) == 0
    listing = capsys.readouterr().out
    for output in world_outputs():
        assert f"  {output.name} " in listing and output.meaning in listing and output.unit in listing
    for name in ("peace_share", "war_onsets", "preemptive_wars", "preventive_wars", *STATE_OUTPUTS):
        assert f"  {name} " in listing


def test_outputs_are_checked_before_any_work_and_limits_match_the_files(tmp_path, capsys):
    """Each case used to run the whole comparison, then fail with a traceback, or to run for ever."""
    cases = {
        ("compare", "security-dilemma", "common-security", "--plot", "/nonexistent/x.png"):
            "--plot /nonexistent/x.png: the folder /nonexistent does not exist",
        ("compare", "security-dilemma", "--plot", str(tmp_path)): "the file must end in .png",
        ("run", "security-dilemma", "--out", str(tmp_path / "no" / "w.csv")): "does not exist",
        ("run", "security-dilemma", "--agents", "/proc/x.csv"): "--agents /proc/x.csv: cannot write there",
        ("run", str(tmp_path)): "a folder; a scenario is a shipped id",
        ("run", str(write(tmp_path / "notes.txt", "hello"))): "not a .toml file",
    }
    for argv, message in cases.items():
        assert cli.main(list(argv)) == 2, argv
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, (argv, err)
    with pytest.raises(SystemExit) as stop:
        cli.main(["run", "security-dilemma", "--years", "10000000"])
    assert stop.value.code == 2
    assert "more than 100,000 years (the same limit as scenario files)" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    # no upper limit on these once ran out of memory or raised an OverflowError (found by fuzzing)
    (["compare", "security-dilemma", "--seeds", "99999999999999999999"],
     "'99999999999999999999' is more than 10,000 seeds (the same limit as scenario files)"),
    (["run", "security-dilemma", "--seeds", "10001"], "'10001' is more than 10,000 seeds"),
    (["demo", "--seeds", "10001"], "'10001' is more than 10,000 seeds"),
    (["sweep", "claim-map", "--workers", "257"], "argument --workers: '257' is more than 256 workers"),
    (["sweep", "claim-map", "--dask-local", "100000"], "argument --dask-local: '100000' is more than 256 workers"),
])
def test_counts_beyond_the_limits_are_refused_before_any_work(argv, message, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert message in err and out == ""


@pytest.mark.parametrize("argv, message", [
    (["jervis-four-worlds", "--set", "perception="], "scenario 'jervis-four-worlds/offense-indistinguishable' "
                                                     "with the settings {'perception': ''}: knob 'perception'"),
    (["security-dilemma", "security-dilemma", "jervis-four-worlds"], "compare: scenario ids must differ"),
])
def test_an_error_comparing_a_scenario_with_variants_is_one_line(argv, message, capsys):
    # the note "comparing its variants" came first, on a line of its own (found by fuzzing)
    assert cli.main(["compare", *argv, "--years", "1", "--seeds", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"detente: error: {message}") and err.count("\n") == 1, err


@pytest.mark.parametrize("argv, message", [
    (["analyze", "runs\nold"], "runs\\nold: not a sweep store"),
    (["validate", "my\tworld.toml"], "my\\tworld.toml: no such file"),
])
def test_a_path_with_a_newline_or_a_tab_is_shown_escaped_on_one_line(argv, message, capsys):
    assert cli.main(argv) == 2  # found by fuzzing: the message was cut in two lines
    err = capsys.readouterr().err
    assert err.startswith(f"detente: error: {message}") and err.count("\n") == 1, err


def test_a_file_of_ones_own_is_named_by_its_path_where_a_command_is_suggested(tmp_path, capsys):
    path = write(tmp_path / "mine.toml", 'schema = 1\nid = "mine"\ntitle = "m"\nsummary = "s"\n'
                 "[variants.a]\nknobs = { noise = 0.1 }\n[variants.b]\nknobs = { noise = 0.2 }\n")
    assert cli.main(["explain", str(path)]) == 0
    assert f"detente compare {path} runs them all" in capsys.readouterr().out
    assert cli.main(["compare", str(path), "--years", "3", "--seeds", "2"]) == 0
    assert f"{path}: comparing its variants (a, b), not its base world" in capsys.readouterr().err


def write(path, text: str):
    path.write_text(text)
    return path


def test_limits_lists_the_one_table_every_reader_checks(capsys, tmp_path):
    assert cli.main(["limits"]) == 0
    shown = capsys.readouterr().out
    for limit in limits.LIMITS.values():
        assert f"{limit.name:8} {limit.low:>9,} to {limit.high:>9,}" in shown
    assert "GB of memory available now" in shown
    # the sweep spec reads the same table: one point beyond it is refused
    spec = write(tmp_path / "big.toml", 'id = "big"\nscenario = "security-dilemma"\nyears = 10\nseeds = 1\n'
                 '[sweep.noise]\n'
                 f'range = [0.0, 0.2]\n[sampler]\nmethod = "lhs"\nsamples = {limits.LIMITS["points"].high + 1}\n')
    assert cli.main(["sweep", str(spec), "--store", str(tmp_path / "store")]) == 2
    assert "1,000,000" in capsys.readouterr().err and not (tmp_path / "store").exists()


def test_outputs_chooses_what_run_and_compare_print_and_plot(tmp_path, capsys):
    """--outputs names the world outputs to show (a lesson's alliance figures, which the main table
    leaves out); a misspelt name is refused before any run, with the likely one."""
    assert cli.main(["run", "chain-gang/neutral", "--years", "20", "--seeds", "2",
                     "--outputs", "allies_came, states_alive"]) == 0
    table = capsys.readouterr().out
    assert "allies_came" in table and "states_alive" in table and "welfare" not in table
    plot = tmp_path / "chosen.png"
    assert cli.main(["compare", "chain-gang", "--years", "20", "--seeds", "2", "--outputs",
                     "allies_came,allies_stayed_out", "--plot", str(plot)]) == 0
    printed = capsys.readouterr().out
    assert "allies_stayed_out" in printed and "military_burden" not in printed
    assert plot.read_bytes()[:4] == b"\x89PNG"
    for given, message in (("allies_cam", "'allies_cam' is not a world output; did you mean 'allies_came'?"),
                           (",", "name at least one world output")):
        assert cli.main(["compare", "chain-gang", "--years", "10000", "--outputs", given]) == 2
        assert message in capsys.readouterr().err
