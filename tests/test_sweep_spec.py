"""Sweep specs (docs/sweep-schema.md): the corpus of malformed specs (tests/malformed/sweeps/*.toml),
each a mistake a user could make with its own clear error (file, line, key, what is allowed; from
the CLI exit status 2, no traceback, no store), the shipped spec, and valid specs with what they
sample.

Every corpus file starts with two comment lines, as the scenario corpus does: ``# expect: TEXT`` (a
fragment the message must contain) and ``# line: N`` (the line the message must point at first),
or ``# line: none`` when no line can hold the mistake (a missing key).
"""

import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import expectation, place

from detente.scenarios import ScenarioError
from detente.sweeps.sample import replication_seed, sample
from detente.sweeps.spec import SPECS, SpecError, load_spec

CORPUS = sorted((Path(__file__).parent / "malformed" / "sweeps").glob("*.toml"))
DETENTE = Path(sys.executable).parent / "detente"  # the installed console script


# -- the corpus ---------------------------------------------------------------------------------

def test_the_corpus_has_at_least_twenty_files_each_with_a_different_expectation():
    assert len(CORPUS) >= 20
    fragments = [expectation(path)[0] for path in CORPUS]
    assert len(set(fragments)) == len(fragments)
    for path, fragment in zip(CORPUS, fragments):
        assert len(fragment) >= 15, f"{path.name}: expect a specific message, not '{fragment}'"


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.stem)
def test_loading_a_malformed_spec_names_file_line_and_what_is_wrong(path):
    fragment, line = expectation(path)
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert isinstance(caught.value, ScenarioError)  # so that cli.main reports it as an error
    message = str(caught.value)
    assert message.startswith(str(path))
    assert fragment in message, message
    assert place(message, path) == line, message


@pytest.mark.parametrize("name", ["range-reversed", "sampler-misspelled", "syntax-missing-equals",
                                  "not-utf8", "claim-world-sets-swept", "missing-scenario"])
def test_the_console_script_reports_without_a_traceback_and_makes_no_store(name, tmp_path):
    path = next(path for path in CORPUS if path.stem == name)
    fragment, line = expectation(path)
    store = tmp_path / "store"
    done = subprocess.run([str(DETENTE), "sweep", str(path), "--store", str(store)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"detente: error: {path}") and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert fragment in done.stderr
    if line is not None:
        assert f"line {line}" in done.stderr
    assert done.stdout == ""
    assert not store.exists()


# -- the shipped spec ---------------------------------------------------------------------------

def test_the_shipped_claim_map_spec_loads():
    spec = load_spec(SPECS / "claim-map.toml")
    assert spec.id == "claim-map"
    assert spec.names == ["offense_dominance", "distinguishability", "noise", "cost_of_war",
                          "dissatisfaction", "n_states"]
    assert all(factor.low is not None and not factor.values for factor in spec.factors)
    assert [factor.kind for factor in spec.factors][-1] == "int"  # n_states
    assert spec.sampler.method == "lhs" and spec.sampler.samples == 256
    assert spec.worlds == ["win_win", "zero_sum"]
    assert spec.claim.worlds == {"win_win": {"doctrine": "win_win"}, "zero_sum": {"doctrine": "zero_sum"}}
    assert spec.outcomes.columns() == ["welfare_final", "states_alive_final", "military_burden_final",
                                       "mean_trust_final", "peace_share_mean_last20",
                                       "war_onsets_total", "years_at_peace"]
    assert set(spec.claim.criteria) <= set(spec.outcomes.columns())
    assert set(spec.claim.labels) == set(spec.claim.criteria)
    assert spec.scenario.knobs["greedy_share"] == 0.3
    assert (spec.years, spec.seeds, spec.seed) == (100, 4, 2026)


# -- valid specs --------------------------------------------------------------------------------

def write(tmp_path: Path, text: str, name: str = "spec.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


HEAD = """id = "test-sweep"
scenario = "security-dilemma"
years = 20
seeds = 3
seed = 7
"""

RANGES = """
[sweep.noise]
range = [0.0, 0.2]
[sweep.n_states]
range = [4, 12]
[sweep.cost_of_war]
range = [0.01, 0.5]
distribution = "log-uniform"
"""


def test_a_grid_over_a_dotted_doctrine_knob(tmp_path):
    spec = load_spec(write(tmp_path, HEAD + """
[sweep.zero_sum.relative_gains]
values = [1, 4]
[sweep.n_states]
values = [6, 9, 12]
"""))
    assert spec.sampler.method == "grid"  # the default when every knob lists values
    assert spec.names == ["zero_sum.relative_gains", "n_states"]
    points = sample(spec)
    assert points.shape == (6, 2)
    assert {tuple(row) for row in points} == {(a, b) for a in (1, 4) for b in (6, 9, 12)}


def test_a_dotted_knob_written_inside_its_doctrine_table(tmp_path):
    spec = load_spec(write(tmp_path, HEAD + """
[sweep.zero_sum]
relative_gains = { values = [0.5, 2.0] }
"""))
    assert spec.names == ["zero_sum.relative_gains"]


def test_knob_overrides_and_claim_worlds_take_dotted_and_bare_doctrine_knobs(tmp_path):
    spec = load_spec(write(tmp_path, HEAD + """
[knobs]
zero_sum.arms_reaction = 0.5
generosity = 0.3

[sweep.noise]
range = [0.0, 0.2]

[claim.worlds.mild]
zero_sum.relative_gains = 0.5
[claim.worlds.harsh.zero_sum]
relative_gains = 4.0
"""))
    assert spec.scenario.knobs["zero_sum.arms_reaction"] == 0.5
    assert spec.scenario.knobs["generosity"] == 0.3
    assert spec.claim.worlds == {"mild": {"zero_sum.relative_gains": 0.5},
                                 "harsh": {"zero_sum.relative_gains": 4.0}}


def test_a_claim_over_the_scenarios_variants(tmp_path):
    spec = load_spec(write(tmp_path, """id = "trap"
scenario = "thucydides-trap"
years = 20
seeds = 2

[sweep.noise]
range = [0.0, 0.2]

[claim]
variants = ["satisfied-challenger", "dissatisfied-challenger"]
criteria = { war_onsets_total = "lower" }
"""))
    assert spec.worlds == ["satisfied-challenger", "dissatisfied-challenger"]
    assert spec.claim.worlds["satisfied-challenger"]["dissatisfaction"] == 0.0
    assert spec.claim.worlds["dissatisfied-challenger"]["dissatisfaction"] == 0.7
    assert spec.claim.criteria == {"war_onsets_total": "lower"}


def test_a_scenario_file_next_to_the_spec(tmp_path):
    write(tmp_path, 'schema = 1\nid = "mine"\ntitle = "Mine"\nsummary = "S"\nextends = "security-dilemma"\n'
                    "[knobs]\nn_states = 6\n", "mine.toml")
    spec = load_spec(write(tmp_path, HEAD.replace('"security-dilemma"', '"mine.toml"') + RANGES))
    assert spec.scenario.id == "mine" and spec.scenario.knobs["n_states"] == 6


def test_defaults(tmp_path):
    spec = load_spec(write(tmp_path, HEAD + RANGES))
    assert spec.title == "test-sweep" and spec.claim is None and spec.worlds == [""]
    assert (spec.sampler.method, spec.sampler.samples, spec.sampler.levels) == ("lhs", 64, 4)
    assert spec.outcomes.columns() == ["welfare_final", "states_alive_final", "military_burden_final",
                                       "mean_trust_final", "war_onsets_total", "years_at_peace"]


@pytest.mark.parametrize("sampler, expected", [
    ('method = "lhs"\nsamples = 50', 50),
    ('method = "sobol"\nsamples = 16', 16 * (3 + 2)),
    ('method = "sobol"\nsamples = 16\nsecond_order = true', 16 * (2 * 3 + 2)),
    ('method = "morris"\nsamples = 6', 6 * (3 + 1)),
    ('method = "morris"\nsamples = 6\nlevels = 6', 6 * (3 + 1)),
])
def test_each_sampler_makes_its_number_of_points_inside_the_bounds(tmp_path, sampler, expected):
    spec = load_spec(write(tmp_path, HEAD + RANGES + f"\n[sampler]\n{sampler}\n"))
    points = sample(spec)
    assert points.shape == (expected, 3)
    for column, factor in enumerate(spec.factors):
        low, high = factor.bounds
        assert np.all(points[:, column] >= low) and np.all(points[:, column] <= high), factor.name
    n_states = points[:, spec.names.index("n_states")]
    assert np.array_equal(n_states, np.rint(n_states))  # an int knob is rounded
    assert np.array_equal(points, sample(spec))  # the same points on every call


def test_the_grid_is_the_product_of_the_values(tmp_path):
    spec = load_spec(write(tmp_path, HEAD + """
[sweep.noise]
values = [0.0, 0.05, 0.1, 0.2]
[sweep.n_states]
values = [4, 8, 16]
[sweep.offense_dominance]
values = [0.5, 2.0]
"""))
    points = sample(spec)
    assert points.shape == (math.prod(len(f.values) for f in spec.factors), 3) == (24, 3)
    assert len({tuple(row) for row in points}) == 24


def test_a_log_uniform_range_spreads_over_orders_of_magnitude(tmp_path):
    spec = load_spec(write(tmp_path, HEAD + RANGES + '\n[sampler]\nmethod = "lhs"\nsamples = 400\n'))
    cost = sample(spec)[:, spec.names.index("cost_of_war")]
    # log-uniform on [0.01, 0.5]: about half the points below the geometric mean, 0.0707
    assert 0.4 < np.mean(cost < math.sqrt(0.01 * 0.5)) < 0.6


def test_replication_seeds_differ_across_points_and_replications_and_are_stable(tmp_path):
    spec = load_spec(write(tmp_path, HEAD + RANGES))
    seeds = {(p, r): replication_seed(spec, p, r) for p in range(20) for r in range(5)}
    assert len(set(seeds.values())) == len(seeds)
    assert all(0 <= seed < 2**63 for seed in seeds.values())
    assert seeds == {(p, r): replication_seed(spec, p, r) for p in range(20) for r in range(5)}
    other = load_spec(write(tmp_path, HEAD.replace("seed = 7", "seed = 8") + RANGES, "other.toml"))
    assert replication_seed(other, 0, 0) != seeds[0, 0]


def test_the_documented_example_loads_and_makes_the_runs_it_says(tmp_path):
    doc = (Path(__file__).parents[1] / "docs" / "sweep-schema.md").read_text()
    example = re.search(r"```toml\n(.*?)```", doc, re.S)[1]
    spec = load_spec(write(tmp_path, example))
    assert spec.names == ["noise", "offense_dominance", "cost_of_war", "zero_sum.relative_gains"]
    points = sample(spec)
    assert len(points) == 64 * (4 + 2) == 384
    assert len(points) * len(spec.worlds) * spec.seeds == 6144
    assert "This spec makes 384 points × 2 worlds × 8 seeds = 6,144 runs" in doc
    assert spec.outcomes.columns() == ["welfare_final", "states_alive_final", "mean_trust_final",
                                       "peace_share_mean_last20", "war_onsets_total", "years_at_peace"]
