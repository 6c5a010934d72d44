"""A comparison: its URL query, its checks, its suggested form, and its run."""

from pathlib import Path

import pytest

from detente import runs
from detente.model.outputs import describe
from detente.scenarios import ScenarioError, load
from detente.viz.compare_page import parse
from detente.viz.comparison import Comparison, Entry
from detente.viz import tables


def test_the_url_query_round_trips_with_knobs():
    comparison = Comparison((Entry("security-dilemma"),
                             Entry("security-dilemma", (("noise", 0.05), ("doctrine", "win_win"),
                                                        ("war", False)))), seeds=4, years=30)
    query = comparison.query()
    assert query == ("scenario=security-dilemma&scenario=security-dilemma;noise=0.05;doctrine=win_win;"
                     "war=false&seeds=4&years=30")
    assert Comparison.from_query(query) == comparison
    assert Comparison.from_query("?" + query) == comparison


@pytest.mark.parametrize("query, message", [
    ("scenario=security-dilemma&colour=red", "unknown parameter 'colour'"),
    ("scenario=security-dilemma&seeds=0", "seeds = 0 is out of range 1..10000"),
    ("scenario=security-dilemma&years=100001", "years = 100001 is out of range 1..100000"),
    ("scenario=security-dilemma&years=ten", "seeds and years must be whole numbers"),
    ("seeds=3", "1 to 4 scenarios, got 0"),
    ("&".join(["scenario=security-dilemma"] * 5), "1 to 4 scenarios, got 5"),
    ("scenario=no-such-world", "unknown scenario 'no-such-world'"),
    ("scenario=security-dilemma;noise=3", "noise"),
    ("scenario=security-dilemma;noise", "parameter 'scenario' = 'security-dilemma;noise': 'noise' is not "
                                        "knob=value"),
    ("scenario=security-dilemma;=0.1", "'=0.1' is not knob=value"),
    # newlines and tabs are shown escaped, so that the message stays one line (found by fuzzing)
    ("scenario=security-dilemma&colo%0Aur=red", "unknown parameter 'colo\\nur'"),
    ("scenario=no-such%0Aworld", "unknown scenario 'no-such\\nworld'"),
    ("scenario=security-dilemma;no%09ise=0.1", "unknown knob 'no\\tise'"),
    # a value too deep for the TOML reader, and a long name, cut in the message
    ("scenario=security-dilemma;noise=" + "[" * 10_000, "knob 'noise' = '[[[[[["),
    ("scenario=" + "x" * 10_000, "unknown scenario 'xxxxxx"),
])
def test_a_bad_query_gives_one_clear_error(query, message):
    comparison, error = parse(query)
    assert comparison is None and message in error
    assert "\n" not in error and len(error) < 2_000
    assert "--set" not in error  # the page's user wrote a URL, not a command line


PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


@pytest.mark.parametrize("name", [str(PYPROJECT), "../pyproject.toml", "security-dilemma.toml",
                                  str(PYPROJECT.parent / "scenarios" / "security-dilemma.toml"),
                                  f"{PYPROJECT}/variant", "jervis-four-worlds"])
def test_a_url_names_only_worlds_one_can_pick_never_a_file(name):
    """Not a path (the server would read any .toml file and show parts of it in the error), and not a
    scenario with variants (it stands for its variants)."""
    comparison, error = parse(f"scenario={name}&seeds=2")
    assert comparison is None
    assert error.startswith(f"URL: parameter 'scenario': unknown scenario '{name}'; "
                            "allowed: security-dilemma, ")
    lines = {line.strip() for line in PYPROJECT.read_text().splitlines() if len(line.strip()) > 4}
    assert not [line for line in lines if line in error]
    with pytest.raises(ScenarioError, match="unknown scenario"):
        Entry.decode(f"{name};noise=0.1")


def test_an_empty_query_is_no_comparison_and_no_error():
    assert parse("") == (None, None)


def test_the_same_world_twice_gets_two_names():
    twice = Comparison((Entry("common-security"), Entry("common-security")))
    assert twice.labels == ("common-security #1", "common-security #2")
    changed = Comparison((Entry("common-security"), Entry("common-security", (("noise", 0.1),))))
    assert changed.labels == ("common-security", "common-security [noise=0.1]")


def test_suggested_comparisons_follow_compare_with_and_expand_variants():
    pair = Comparison.suggested("security-dilemma")
    assert [e.scenario for e in pair.entries] == ["security-dilemma", "common-security"]
    scenario = load("security-dilemma")
    assert (pair.seeds, pair.years) == (scenario.seeds, scenario.years)
    four = Comparison.suggested("jervis-four-worlds")
    assert [e.scenario for e in four.entries] == [w.id for w in load("jervis-four-worlds").expand()]


def test_a_run_uses_the_same_seeds_for_every_world_and_reports_progress():
    comparison = Comparison((Entry("security-dilemma"), Entry("security-dilemma", (("noise", 0.1),))),
                            seeds=3, years=15)
    done = []
    world = comparison.run(done.append)
    assert done[-1] == 1.0 and len(done) == 6 and done == sorted(done)
    assert list(world.scenario.unique()) == list(comparison.labels)
    assert len(world) == 2 * 3 * 16
    plain, _ = runs.ensemble(load("security-dilemma"), range(3), 15)
    first = world[world.scenario == "security-dilemma"].reset_index(drop=True)
    assert first.drop(columns="scenario").equals(plain.drop(columns="scenario"))  # same seed, same numbers


def test_the_final_table_has_a_column_per_world_and_per_difference():
    comparison = Comparison((Entry("security-dilemma"), Entry("common-security")), seeds=3, years=20)
    table = tables.final_table(comparison.run(), ["welfare", "wars"])
    assert list(table.columns) == ["security-dilemma", "common-security",
                                   "common-security - security-dilemma"]
    assert list(table.index) == ["welfare", "wars"]
    assert table.loc["wars", "common-security"] == "0 [0, 0]"


def test_the_pages_table_letters_the_worlds_and_puts_each_interval_under_its_mean():
    comparison = Comparison((Entry("security-dilemma"), Entry("common-security")), seeds=3, years=20)
    world = comparison.run()
    text = tables.final_table(world, ["welfare", "wars"])
    html = tables.html(world, ["welfare", "wars"], ("#111111", "#222222"))
    assert '<b style="color:#111111">A</b>: security-dilemma · <b style="color:#222222">B</b>: common-security' in html
    assert "<th>output</th><th style=\"color:#111111\">A</th><th style=\"color:#222222\">B</th>" \
           "<th style=\"color:inherit\">B − A</th>" in html
    welfare = text.loc["welfare", "security-dilemma"]  # "mean [low, high]"
    mean, interval = welfare.split(" ", 1)
    assert f'<span class="value">{mean}</span><br><span class="interval">{interval}</span>' in html
    assert f'title="{describe("wars").meaning}"' in html


def test_seeds_and_years_are_bounded():
    with pytest.raises(ScenarioError, match="years = 0"):
        Comparison((Entry("security-dilemma"),), years=0)
